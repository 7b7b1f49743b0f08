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
const id = 'app.framewright.labeler.getScanStats'

export type QueryParams = {}
export type InputSchema = undefined

export interface OutputSchema {
  /** Videos offered for scanning. */
  seen: number
  scanned: number
  /** Videos not scanned because the queue was full. */
  skippedQueueFull: number
  /** Scans that gave up (blob unavailable, too large, not a video). */
  failed: number
  queued: number
  inFlight: number
  /** Scanned as a percentage of seen. */
  coverage?: number
  /** Frames analysed per second over the last minute. */
  framesPerSecond?: number
  /** People enrolled (a count only). */
  enrolled: number
  /** Since when these counts run. */
  since: string
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
}

export type HandlerOutput = HandlerError | HandlerSuccess
