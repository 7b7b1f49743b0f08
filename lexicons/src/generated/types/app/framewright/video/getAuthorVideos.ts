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
const id = 'app.framewright.video.getAuthorVideos'

export type QueryParams = {
  actor: string
  filter: 'made' | 'depicted' | (string & {})
  limit: number
  cursor?: string
}
export type InputSchema = undefined

export interface OutputSchema {
  /** Absent on the last page. */
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
  error?: 'BadCursor' | 'UnknownFilter'
}

export type HandlerOutput = HandlerError | HandlerSuccess
