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
import type * as AppFramewrightVideoPost from '../video/post.js'
import type * as ComAtprotoRepoStrongRef from '../../../com/atproto/repo/strongRef.js'
import type * as AppFramewrightGenerateDefs from './defs.js'

const is$typed = _is$typed,
  validate = _validate
const id = 'app.framewright.generate.createJob'

export type QueryParams = {}

export interface InputSchema {
  prompt: string
  provider: string
  model?: string
  seed?: number
  durationMs?: number
  aspectRatio?: AppFramewrightVideoPost.AspectRatio
  /** People whose likeness the video will use. The appview adds the people the prompt names (an @handle, or the exact display name of someone with a likeness grant) and, for a remix, the people the original depicts; each must have granted their likeness to the creator. */
  depicts?: string[]
  remixOf?: ComAtprotoRepoStrongRef.Main
}

export type OutputSchema = AppFramewrightGenerateDefs.JobView

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
    | 'UnknownProvider'
    | 'ProviderUnavailable'
    | 'LikenessNotConsented'
    | 'MentionNotFound'
    | 'RemixNotFound'
    | 'TooManyPeople'
    | 'PromptRejected'
    | 'TooManyJobs'
    | 'ProviderNotAllowed'
    | 'DailyQuotaExceeded'
}

export type HandlerOutput = HandlerError | HandlerSuccess
