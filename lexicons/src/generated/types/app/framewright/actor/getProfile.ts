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
const id = 'app.framewright.actor.getProfile'

export type QueryParams = {
  /** A handle (with or without '@') or a DID; checked here, so that a malformed one gets InvalidHandle. */
  actor: string
}
export type InputSchema = undefined
export type OutputSchema = ProfileView
export type HandlerInput = void

export interface HandlerSuccess {
  encoding: 'application/json'
  body: OutputSchema
  headers?: { [key: string]: string }
}

export interface HandlerError {
  status: number
  message?: string
  error?: 'ActorNotFound' | 'InvalidHandle'
}

export type HandlerOutput = HandlerError | HandlerSuccess

export interface ProfileView {
  $type?: 'app.framewright.actor.getProfile#profileView'
  did: string
  /** 'handle.invalid' when the handle does not verify. */
  handle: string
  displayName?: string
  description?: string
  /** The avatar image, fetched from the person's PDS. */
  avatar?: string
  videoCount: number
  viewer?: ViewerState
}

const hashProfileView = 'profileView'

export function isProfileView<V>(v: V) {
  return is$typed(v, id, hashProfileView)
}

export function validateProfileView<V>(v: V) {
  return validate<ProfileView & V>(v, id, hashProfileView)
}

export interface ViewerState {
  $type?: 'app.framewright.actor.getProfile#viewerState'
  /** The viewer's follow record of this person, when there is one. */
  following?: string
}

const hashViewerState = 'viewerState'

export function isViewerState<V>(v: V) {
  return is$typed(v, id, hashViewerState)
}

export function validateViewerState<V>(v: V) {
  return validate<ViewerState & V>(v, id, hashViewerState)
}
