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
import type * as ComAtprotoLabelDefs from '../../../com/atproto/label/defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.labeler.explainLabel'

export type QueryParams = {
  /** The labeled subject: an at-uri or a DID. */
  uri: string
  val?: string
}
export type InputSchema = undefined

export interface OutputSchema {
  explanations: Explanation[]
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

export interface Explanation {
  $type?: 'app.framewright.labeler.explainLabel#explanation'
  label: ComAtprotoLabelDefs.Label
  /** Which detector decided, e.g. 'provenance' or 'consent-graph'. */
  detector: string
  /** The decision in words. */
  reason: string
  /** What the detector looked at (records, grants, reviews). */
  evidence?: { [_ in string]: unknown }
}

const hashExplanation = 'explanation'

export function isExplanation<V>(v: V) {
  return is$typed(v, id, hashExplanation)
}

export function validateExplanation<V>(v: V) {
  return validate<Explanation & V>(v, id, hashExplanation)
}
