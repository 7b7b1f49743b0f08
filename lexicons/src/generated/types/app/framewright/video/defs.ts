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
import type * as AppFramewrightVideoPost from './post.js'
import type * as ComAtprotoRepoStrongRef from '../../../com/atproto/repo/strongRef.js'
import type * as ComAtprotoLabelDefs from '../../../com/atproto/label/defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.video.defs'

/** A video post hydrated by an appview: playable URLs, creator, consent state of each depiction, and the labels of the labelers the viewer accepts. */
export interface VideoView {
  $type?: 'app.framewright.video.defs#videoView'
  uri: string
  cid: string
  creator: ActorView
  playback: Playback
  text?: string
  alt?: string
  langs?: string[]
  tags?: string[]
  aspectRatio?: AppFramewrightVideoPost.AspectRatio
  durationMs?: number
  /** The video file has an audio track, as the appview found by probing the blob itself. Absent while it has not been probed yet. */
  hasAudio?: boolean
  generation: AppFramewrightVideoPost.Generation
  depicts: DepictionView[]
  remixOf?: ComAtprotoRepoStrongRef.Main
  remixOfCreator?: ActorView
  remixCount?: number
  crosspost?: ComAtprotoRepoStrongRef.Main
  createdAt: string
  indexedAt: string
  labels: ComAtprotoLabelDefs.Label[]
}

const hashVideoView = 'videoView'

export function isVideoView<V>(v: V) {
  return is$typed(v, id, hashVideoView)
}

export function validateVideoView<V>(v: V) {
  return validate<VideoView & V>(v, id, hashVideoView)
}

export interface ActorView {
  $type?: 'app.framewright.video.defs#actorView'
  did: string
  /** 'handle.invalid' when the handle does not verify. */
  handle: string
  displayName?: string
}

const hashActorView = 'actorView'

export function isActorView<V>(v: V) {
  return is$typed(v, id, hashActorView)
}

export function validateActorView<V>(v: V) {
  return validate<ActorView & V>(v, id, hashActorView)
}

export interface Playback {
  $type?: 'app.framewright.video.defs#playback'
  /** Video bytes, served with HTTP Range support. */
  url: string
  thumbnail?: string
  mimeType: string
}

const hashPlayback = 'playback'

export function isPlayback<V>(v: V) {
  return is$typed(v, id, hashPlayback)
}

export function validatePlayback<V>(v: V) {
  return validate<Playback & V>(v, id, hashPlayback)
}

export interface DepictionView {
  $type?: 'app.framewright.video.defs#depictionView'
  subject: ActorView
  consent: ConsentView
  review?: ReviewView
  /** True when the video's record does not name this person: a labeler found them in it (getDepictionViews). Absent for people the record declares. */
  undeclared?: boolean
}

const hashDepictionView = 'depictionView'

export function isDepictionView<V>(v: V) {
  return is$typed(v, id, hashDepictionView)
}

export function validateDepictionView<V>(v: V) {
  return validate<DepictionView & V>(v, id, hashDepictionView)
}

/** An app.framewright.likeness.review record, as indexed. */
export interface ReviewView {
  $type?: 'app.framewright.video.defs#reviewView'
  uri: string
  verdict: 'approve' | 'reject' | (string & {})
  createdAt: string
}

const hashReviewView = 'reviewView'

export function isReviewView<V>(v: V) {
  return is$typed(v, id, hashReviewView)
}

export function validateReviewView<V>(v: V) {
  return validate<ReviewView & V>(v, id, hashReviewView)
}

/** The result of Framewright's consent rule for one depicted person. */
export interface ConsentView {
  $type?: 'app.framewright.video.defs#consentView'
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
  /** The person rejected this very video. Carried apart from reason, because a video can be both uncovered by the grant and rejected, and a rejection is a dispute whatever the grant says. */
  rejected?: boolean
}

const hashConsentView = 'consentView'

export function isConsentView<V>(v: V) {
  return is$typed(v, id, hashConsentView)
}

export function validateConsentView<V>(v: V) {
  return validate<ConsentView & V>(v, id, hashConsentView)
}
