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
const id = 'app.framewright.actor.searchTypeahead'

export type QueryParams = {
  /** The start of a handle (with or without '@') or of a display name. */
  q: string
  limit: number
}
export type InputSchema = undefined

export interface OutputSchema {
  actors: AppFramewrightVideoDefs.ActorView[]
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
