/**
 * GENERATED CODE - DO NOT MODIFY
 */
import { type ValidationResult, BlobRef } from '@atproto/lexicon'
import { CID } from 'multiformats/cid'
import { validate as _validate } from '../../../../lexicons'
import {
  type $Typed,
  is$typed as _is$typed,
  type OmitKey,
} from '../../../../util'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.feed.prefs'

export interface Main {
  $type: 'app.framewright.feed.prefs'
  /** Natural-language steering, e.g. 'more animation, less politics'. */
  instruction?: string
  weights?: Weights
  /** Videos per day; after it the feed ends. */
  dailyLimit?: number
  breakReminderMinutes?: number
  mutedTags?: string[]
  createdAt: string
  [k: string]: unknown
}

const hashMain = 'main'

export function isMain<V>(v: V) {
  return is$typed(v, id, hashMain)
}

export function validateMain<V>(v: V) {
  return validate<Main & V>(v, id, hashMain, true)
}

export {
  type Main as Record,
  isMain as isRecord,
  validateMain as validateRecord,
}

/** Relative weights of ranking signals, in basis points (0-10000). */
export interface Weights {
  $type?: 'app.framewright.feed.prefs#weights'
  remixes?: number
  newCreators?: number
  following?: number
  freshness?: number
}

const hashWeights = 'weights'

export function isWeights<V>(v: V) {
  return is$typed(v, id, hashWeights)
}

export function validateWeights<V>(v: V) {
  return validate<Weights & V>(v, id, hashWeights)
}
