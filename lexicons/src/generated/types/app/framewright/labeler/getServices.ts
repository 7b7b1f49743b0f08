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
import type * as AppBskyLabelerDefs from '../../bsky/labeler/defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.labeler.getServices'

export type QueryParams = {
  dids: string[]
}
export type InputSchema = undefined

export interface OutputSchema {
  views: LabelerView[]
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

export interface LabelerView {
  $type?: 'app.framewright.labeler.getServices#labelerView'
  did: string
  creator: AppFramewrightVideoDefs.ActorView
  policies: AppBskyLabelerDefs.LabelerPolicies
  /** Where the labeler serves XRPC (#atproto_labeler in its DID document), e.g. for app.framewright.labeler.explainLabel. */
  endpoint?: string
  indexedAt: string
}

const hashLabelerView = 'labelerView'

export function isLabelerView<V>(v: V) {
  return is$typed(v, id, hashLabelerView)
}

export function validateLabelerView<V>(v: V) {
  return validate<LabelerView & V>(v, id, hashLabelerView)
}
