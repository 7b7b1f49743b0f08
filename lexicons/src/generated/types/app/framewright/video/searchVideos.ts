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
import type * as AppFramewrightVideoDefs from './defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.video.searchVideos'

export type QueryParams = {
  /** Words to find; punctuation is ignored. */
  q: string
  limit: number
  cursor?: string
}
export type InputSchema = undefined

export interface OutputSchema {
  cursor?: string
  videos: AppFramewrightVideoDefs.VideoView[]
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
  error?: 'BadQuery' | 'BadCursor'
}

export type HandlerOutput = HandlerError | HandlerSuccess
