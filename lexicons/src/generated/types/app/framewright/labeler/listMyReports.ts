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
const id = 'app.framewright.labeler.listMyReports'

export type QueryParams = {
  limit: number
  cursor?: string
}
export type InputSchema = undefined

export interface OutputSchema {
  /** Absent on the last page. */
  cursor?: string
  reports: MyReport[]
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

export interface MyReport {
  $type?: 'app.framewright.labeler.listMyReports#myReport'
  id: number
  /** The reported record's at-uri, or the account's DID. */
  subject: string
  reasonType: string
  createdAt: string
  status: 'open' | 'resolved' | (string & {})
  resolvedAt?: string
  /** Moderator label values in force on the subject (e.g. '!takedown', 'known-deepfake'). */
  decision: string[]
}

const hashMyReport = 'myReport'

export function isMyReport<V>(v: V) {
  return is$typed(v, id, hashMyReport)
}

export function validateMyReport<V>(v: V) {
  return validate<MyReport & V>(v, id, hashMyReport)
}
