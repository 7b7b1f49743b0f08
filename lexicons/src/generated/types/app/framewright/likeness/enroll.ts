/**
 * GENERATED CODE - DO NOT MODIFY
 */
import stream from 'node:stream'
import { type ValidationResult, BlobRef } from '@atproto/lexicon'
import { CID } from 'multiformats/cid'
import { validate as _validate } from '../../../../lexicons'
import {
  type $Typed,
  is$typed as _is$typed,
  type OmitKey,
} from '../../../../util'
import type * as AppFramewrightLikenessDefs from './defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.likeness.enroll'

export type QueryParams = {}
export type InputSchema = string | Uint8Array | Blob
export type OutputSchema = AppFramewrightLikenessDefs.Enrollment

export interface HandlerInput {
  encoding: '*/*'
  body: stream.Readable
}

export interface HandlerSuccess {
  encoding: 'application/json'
  body: OutputSchema
  headers?: { [key: string]: string }
}

export interface HandlerError {
  status: number
  message?: string
  error?:
    | 'NoFaceFound'
    | 'MultipleFaces'
    | 'UnsupportedMediaType'
    | 'MediaTooLarge'
    | 'MediaBusy'
}

export type HandlerOutput = HandlerError | HandlerSuccess
