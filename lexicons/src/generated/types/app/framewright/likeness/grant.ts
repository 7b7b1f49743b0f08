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
const id = 'app.framewright.likeness.grant'

export interface Main {
  $type: 'app.framewright.likeness.grant'
  /** self: nobody else; approved: only the DIDs in 'approved'; mutuals: people who follow me and whom I follow; everyone: anyone. */
  audience: 'self' | 'approved' | 'mutuals' | 'everyone' | (string & {})
  approved?: string[]
  /** Free-text conditions, e.g. 'no political content'. */
  restrictions?: string
  /** A clip or image providers may use to render this person. */
  reference?: BlobRef
  expiresAt?: string
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
