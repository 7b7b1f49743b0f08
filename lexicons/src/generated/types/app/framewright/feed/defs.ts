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
import type * as AppFramewrightVideoDefs from '../video/defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.feed.defs'

export interface FeedItem {
  $type?: 'app.framewright.feed.defs#feedItem'
  video: AppFramewrightVideoDefs.VideoView
  /** Why the feed generator put this item here, as it said. */
  feedContext?: string
}

const hashFeedItem = 'feedItem'

export function isFeedItem<V>(v: V) {
  return is$typed(v, id, hashFeedItem)
}

export function validateFeedItem<V>(v: V) {
  return validate<FeedItem & V>(v, id, hashFeedItem)
}

/** Why a feed ended for this viewer, when the feed generator said: the viewer's daily limit (one count across the generator's feeds), or a personal feed that needs a signed-in viewer. */
export interface FeedEnd {
  $type?: 'app.framewright.feed.defs#feedEnd'
  reason: 'dailyLimit' | 'authRequired' | (string & {})
  /** Videos this viewer was served today, across the generator's feeds. */
  servedToday?: number
  dailyLimit?: number
  /** When the count starts again (midnight UTC). */
  resetsAt?: string
}

const hashFeedEnd = 'feedEnd'

export function isFeedEnd<V>(v: V) {
  return is$typed(v, id, hashFeedEnd)
}

export function validateFeedEnd<V>(v: V) {
  return validate<FeedEnd & V>(v, id, hashFeedEnd)
}

export interface GeneratorView {
  $type?: 'app.framewright.feed.defs#generatorView'
  uri: string
  cid: string
  /** The feed generator service's DID. */
  did: string
  creator: AppFramewrightVideoDefs.ActorView
  displayName: string
  description?: string
  contentMode?: string
  acceptsInteractions?: boolean
  /** Where the feed generator service answers (its #bsky_fg endpoint), for clients that call it directly, e.g. sendInteractions. */
  endpoint?: string
  indexedAt: string
}

const hashGeneratorView = 'generatorView'

export function isGeneratorView<V>(v: V) {
  return is$typed(v, id, hashGeneratorView)
}

export function validateGeneratorView<V>(v: V) {
  return validate<GeneratorView & V>(v, id, hashGeneratorView)
}
