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
import type * as AppFramewrightLabelerDefs from './defs.js'
import type * as ComAtprotoLabelDefs from '../../../com/atproto/label/defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.labeler.emitLabel'

export type QueryParams = {}

export interface InputSchema {
  subject: AppFramewrightLabelerDefs.Subject
  /** A moderator-owned value: one of this labeler's definitions, or a global value such as '!takedown' or '!hide'. */
  val: string
  /** Negate the label instead of applying it. */
  neg: boolean
  /** Why, in words a viewer can read (explainLabel shows it). */
  reason: string
  /** Report ids this decision resolves. */
  resolveReports?: number[]
}

export interface OutputSchema {
  /** The labels and negations written (none when the subject already was in that state). */
  labels: ComAtprotoLabelDefs.Label[]
  resolvedReports: number[]
}

export interface HandlerInput {
  encoding: 'application/json'
  body: InputSchema
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
    | 'NotModerator'
    | 'NotModeratorLabel'
    | 'UnknownLabelValue'
    | 'InvalidSubject'
    | 'ReasonRequired'
    | 'ReportNotFound'
}

export type HandlerOutput = HandlerError | HandlerSuccess
