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
import type * as ComAtprotoModerationDefs from '../../../com/atproto/moderation/defs.js'
import type * as ComAtprotoLabelDefs from '../../../com/atproto/label/defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.labeler.defs'

/** What a report or a moderator's label is about: a record (its at-uri, and optionally the version's cid) or an account (its DID). */
export interface Subject {
  $type?: 'app.framewright.labeler.defs#subject'
  /** An at-uri of a record (with a DID authority), or an account's DID. */
  uri: string
  /** The version of the record, when the label or report is about that version only. */
  cid?: string
}

const hashSubject = 'subject'

export function isSubject<V>(v: V) {
  return is$typed(v, id, hashSubject)
}

export function validateSubject<V>(v: V) {
  return validate<Subject & V>(v, id, hashSubject)
}

export interface ReportView {
  $type?: 'app.framewright.labeler.defs#reportView'
  id: number
  subject: Subject
  subjectType: 'record' | 'account' | (string & {})
  reasonType: ComAtprotoModerationDefs.ReasonType
  reason?: string
  reportedBy: string
  createdAt: string
  status: 'open' | 'resolved' | (string & {})
  /** This labeler's labels in force on the subject right now. */
  labels: ComAtprotoLabelDefs.Label[]
}

const hashReportView = 'reportView'

export function isReportView<V>(v: V) {
  return is$typed(v, id, hashReportView)
}

export function validateReportView<V>(v: V) {
  return validate<ReportView & V>(v, id, hashReportView)
}
