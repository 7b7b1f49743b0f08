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
import type * as ComAtprotoRepoStrongRef from '../../../com/atproto/repo/strongRef.js'
import type * as AppFramewrightVideoPost from '../video/post.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.generate.defs'

export interface JobView {
  $type?: 'app.framewright.generate.defs#jobView'
  id: string
  /** expired: the draft was not published in time and its video was deleted; error says so. */
  status:
    'queued' | 'running' | 'succeeded' | 'failed' | 'expired' | (string & {})
  /** Percent done. */
  progress: number
  /** What the provider is doing now, for people to read. */
  stage?: string
  provider: string
  model: string
  prompt: string
  seed?: number
  /** Everyone the video depicts: as asked, named in the prompt, and from the remixed video. */
  depicts?: string[]
  /** The depicted people's grant restrictions, as handed to the provider. */
  restrictions?: Restriction[]
  remixOf?: ComAtprotoRepoStrongRef.Main
  error?: string
  result?: JobResult
  createdAt: string
  updatedAt: string
}

const hashJobView = 'jobView'

export function isJobView<V>(v: V) {
  return is$typed(v, id, hashJobView)
}

export function validateJobView<V>(v: V) {
  return validate<JobView & V>(v, id, hashJobView)
}

/** A depicted person's conditions on the use of their likeness (their grant's restrictions). */
export interface Restriction {
  $type?: 'app.framewright.generate.defs#restriction'
  subject: string
  text: string
}

const hashRestriction = 'restriction'

export function isRestriction<V>(v: V) {
  return is$typed(v, id, hashRestriction)
}

export function validateRestriction<V>(v: V) {
  return validate<Restriction & V>(v, id, hashRestriction)
}

/** A finished draft: the bytes to upload to the creator's PDS, and the provenance to publish with them. */
export interface JobResult {
  $type?: 'app.framewright.generate.defs#jobResult'
  videoUrl: string
  thumbnailUrl?: string
  mimeType: string
  size: number
  durationMs?: number
  aspectRatio?: AppFramewrightVideoPost.AspectRatio
  generation: AppFramewrightVideoPost.Generation
}

const hashJobResult = 'jobResult'

export function isJobResult<V>(v: V) {
  return is$typed(v, id, hashJobResult)
}

export function validateJobResult<V>(v: V) {
  return validate<JobResult & V>(v, id, hashJobResult)
}

export interface ProviderView {
  $type?: 'app.framewright.generate.defs#providerView'
  id: string
  displayName: string
  description?: string
  models: string[]
  /** False when the provider is not configured on this appview (e.g. no API key). */
  available: boolean
  /** How many jobs one creator may queue with this provider per UTC day. */
  dailyQuota?: number
  /** True when only accounts the operator lists may use this provider (it costs them money). */
  restricted?: boolean
}

const hashProviderView = 'providerView'

export function isProviderView<V>(v: V) {
  return is$typed(v, id, hashProviderView)
}

export function validateProviderView<V>(v: V) {
  return validate<ProviderView & V>(v, id, hashProviderView)
}
