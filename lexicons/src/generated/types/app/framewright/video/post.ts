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

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.video.post'

export interface Main {
  $type: 'app.framewright.video.post'
  video: BlobRef
  /** Caption. */
  text?: string
  langs?: string[]
  tags?: string[]
  /** Description of the video for people who cannot see it. */
  alt?: string
  aspectRatio?: AspectRatio
  durationMs?: number
  generation: Generation
  /** People whose likeness appears in the video. */
  depicts?: Depiction[]
  remixOf?: ComAtprotoRepoStrongRef.Main
  crosspost?: ComAtprotoRepoStrongRef.Main
  createdAt: string
  [k: string]: unknown
}

const hashMain = 'main'

export function isMain<V>(v: V) {
  return is$typed(v, id, hashMain)
}

export function validateMain<V>(v: V) {
  return validate<Main & V>(v, id, hashMain, true)
}

export {
  type Main as Record,
  isMain as isRecord,
  validateMain as validateRecord,
}

/** How the video was made. */
export interface Generation {
  $type?: 'app.framewright.video.post#generation'
  /** Generation provider id, e.g. 'procedural', 'veo', 'runway', 'comfyui'. */
  provider: string
  model: string
  prompt: string
  seed?: number
  /** Provider-specific parameters (no floats: use integers). */
  params?: { [_ in string]: unknown }
  generatedAt: string
  sourceType: 'ai-generated' | 'ai-edited' | 'captured' | (string & {})
  c2pa?: C2pa
}

const hashGeneration = 'generation'

export function isGeneration<V>(v: V) {
  return is$typed(v, id, hashGeneration)
}

export function validateGeneration<V>(v: V) {
  return validate<Generation & V>(v, id, hashGeneration)
}

/** A C2PA manifest store for the video, when the provider supplied one. */
export interface C2pa {
  $type?: 'app.framewright.video.post#c2pa'
  manifest: BlobRef
  claimGenerator?: string
}

const hashC2pa = 'c2pa'

export function isC2pa<V>(v: V) {
  return is$typed(v, id, hashC2pa)
}

export function validateC2pa<V>(v: V) {
  return validate<C2pa & V>(v, id, hashC2pa)
}

export interface Depiction {
  $type?: 'app.framewright.video.post#depiction'
  /** The depicted person. */
  subject: string
  grant?: ComAtprotoRepoStrongRef.Main
}

const hashDepiction = 'depiction'

export function isDepiction<V>(v: V) {
  return is$typed(v, id, hashDepiction)
}

export function validateDepiction<V>(v: V) {
  return validate<Depiction & V>(v, id, hashDepiction)
}

export interface AspectRatio {
  $type?: 'app.framewright.video.post#aspectRatio'
  width: number
  height: number
}

const hashAspectRatio = 'aspectRatio'

export function isAspectRatio<V>(v: V) {
  return is$typed(v, id, hashAspectRatio)
}

export function validateAspectRatio<V>(v: V) {
  return validate<AspectRatio & V>(v, id, hashAspectRatio)
}
