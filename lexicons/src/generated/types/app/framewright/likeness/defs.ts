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
const id = 'app.framewright.likeness.defs'

/** An actor's own enrolment with a labeler. */
export interface Enrollment {
  $type?: 'app.framewright.likeness.defs#enrollment'
  enrolled: boolean
  /** Face templates kept (numeric descriptors, never the media). */
  templates: number
  /** When the oldest kept template was made. */
  since?: string
  /** When the newest was made. */
  updatedAt?: string
}

const hashEnrollment = 'enrollment'

export function isEnrollment<V>(v: V) {
  return is$typed(v, id, hashEnrollment)
}

export function validateEnrollment<V>(v: V) {
  return validate<Enrollment & V>(v, id, hashEnrollment)
}

/** A video in which a labeler found an enrolled person's face. */
export interface FoundDepiction {
  $type?: 'app.framewright.likeness.defs#foundDepiction'
  /** The video record, or the Bluesky post carrying the video. */
  subject: string
  author?: string
  /** How it was found. */
  method: 'face-match' | (string & {})
  /** How close the best match is, in percent. */
  similarity: number
  /** Where in the video (milliseconds) the best matching frame is. */
  frameMs: number
  framesMatched?: number
  framesSampled?: number
  /** Whether the video's record names the person in depicts. */
  declared: boolean
  foundAt: string
}

const hashFoundDepiction = 'foundDepiction'

export function isFoundDepiction<V>(v: V) {
  return is$typed(v, id, hashFoundDepiction)
}

export function validateFoundDepiction<V>(v: V) {
  return validate<FoundDepiction & V>(v, id, hashFoundDepiction)
}
