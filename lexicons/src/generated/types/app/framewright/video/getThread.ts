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
import type * as AppFramewrightVideoDefs from './defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.video.getThread'

export type QueryParams = {
  /** The app.framewright.video.post record (or its companion post). */
  video: string
  limit: number
  cursor?: string
}
export type InputSchema = undefined

export interface OutputSchema {
  companion?: ComAtprotoRepoStrongRef.Main
  comments: CommentView[]
  /** Absent on the last page. */
  cursor?: string
  viewer?: ViewerState
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
  error?: 'VideoNotFound' | 'BadCursor'
}

export type HandlerOutput = HandlerError | HandlerSuccess

export interface CommentView {
  $type?: 'app.framewright.video.getThread#commentView'
  uri: string
  cid: string
  author: AppFramewrightVideoDefs.ActorView
  text: string
  /** What it answers: the companion post, or another comment. */
  parent?: string
  createdAt: string
  /** On a top-level comment: the replies under it at any depth, oldest first; never nested further. */
  replies?: CommentView[]
}

const hashCommentView = 'commentView'

export function isCommentView<V>(v: V) {
  return is$typed(v, id, hashCommentView)
}

export function validateCommentView<V>(v: V) {
  return validate<CommentView & V>(v, id, hashCommentView)
}

export interface ViewerState {
  $type?: 'app.framewright.video.getThread#viewerState'
  /** The viewer's app.bsky.feed.like of the companion post. */
  like?: string
}

const hashViewerState = 'viewerState'

export function isViewerState<V>(v: V) {
  return is$typed(v, id, hashViewerState)
}

export function validateViewerState<V>(v: V) {
  return validate<ViewerState & V>(v, id, hashViewerState)
}
