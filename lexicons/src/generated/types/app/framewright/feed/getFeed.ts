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
import type * as AppFramewrightFeedDefs from './defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.feed.getFeed'

export type QueryParams = {
  feed: string
  limit: number
  cursor?: string
}
export type InputSchema = undefined

export interface OutputSchema {
  /** Absent when the feed has ended. */
  cursor?: string
  feed: AppFramewrightFeedDefs.FeedItem[]
  /** For a signed-in viewer: the CID of their app.framewright.feed.prefs record the feed generator ranked this page by, or 'none'. A client that just saved new prefs reloads until it matches. */
  viewerPrefs?: string
  end?: AppFramewrightFeedDefs.FeedEnd
}

export type HandlerInput = void

export interface HandlerSuccess {
  encoding: 'application/json'
  body: OutputSchema
  headers?: { [key: string]: string }
}

export interface HandlerError {
  status: number
  message?: string
  error?: 'UnknownFeed' | 'FeedUnavailable' | 'BadFeedAuth'
}

export type HandlerOutput = HandlerError | HandlerSuccess
