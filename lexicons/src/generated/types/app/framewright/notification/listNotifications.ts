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
const id = 'app.framewright.notification.listNotifications'

export type QueryParams = {
  limit: number
  cursor?: string
}
export type InputSchema = undefined

export interface OutputSchema {
  /** Absent on the last page. */
  cursor?: string
  notifications: Notification[]
  seenAt?: string
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
  error?: 'BadCursor'
}

export type HandlerOutput = HandlerError | HandlerSuccess

export interface Notification {
  $type?: 'app.framewright.notification.listNotifications#notification'
  /** The record that caused it: the video, the reply, the follow. */
  uri: string
  author: AppFramewrightVideoDefs.ActorView
  reason: 'depicted' | 'remixed' | 'replied' | 'followed' | (string & {})
  /** The viewer's video it is about (remixed, replied). */
  reasonSubject?: string
  /** A reply's text, or the video's caption. */
  text?: string
  isRead: boolean
  indexedAt: string
}

const hashNotification = 'notification'

export function isNotification<V>(v: V) {
  return is$typed(v, id, hashNotification)
}

export function validateNotification<V>(v: V) {
  return validate<Notification & V>(v, id, hashNotification)
}
