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
import type * as ComAtprotoRepoStrongRef from '../../../com/atproto/repo/strongRef.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.likeness.checkConsent'

export type QueryParams = {
  /** DIDs or handles of the people the video would depict. */
  subjects: string[]
}
export type InputSchema = undefined

export interface OutputSchema {
  /** One per distinct subject, in the order asked. */
  checks: ConsentCheck[]
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
  error?: 'SubjectNotFound'
}

export type HandlerOutput = HandlerError | HandlerSuccess

export interface ConsentCheck {
  $type?: 'app.framewright.likeness.checkConsent#consentCheck'
  subject: AppFramewrightVideoDefs.ActorView
  /** True when the person's grant covers the creator now. */
  consented: boolean
  reason:
    | 'self'
    | 'grant-everyone'
    | 'grant-mutuals'
    | 'grant-approved'
    | 'no-grant'
    | 'grant-self-only'
    | 'grant-expired'
    | 'not-mutuals'
    | 'not-approved'
    | 'unknown-audience'
    | 'rejected-by-subject'
    | (string & {})
  /** The decision as a sentence a person understands. */
  message: string
  /** The grant's audience, when there is a grant. */
  audience?: string
  /** The grant's restrictions, shown to the creator and handed to providers. */
  restrictions?: string
  /** When the grant stops (or stopped) covering anyone. */
  expiresAt?: string
  grant?: ComAtprotoRepoStrongRef.Main
}

const hashConsentCheck = 'consentCheck'

export function isConsentCheck<V>(v: V) {
  return is$typed(v, id, hashConsentCheck)
}

export function validateConsentCheck<V>(v: V) {
  return validate<ConsentCheck & V>(v, id, hashConsentCheck)
}
