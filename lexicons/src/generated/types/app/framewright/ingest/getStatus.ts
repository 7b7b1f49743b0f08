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
const id = 'app.framewright.ingest.getStatus'

export type QueryParams = {}
export type InputSchema = undefined

export interface OutputSchema {
  /** The firehose this service follows (a PDS or relay). */
  source: string
  /** What this process of the service does (FRAMEWRIGHT_ROLE). */
  role?: 'all' | 'api' | 'ingest' | 'jobs' | (string & {})
  /** Whether this process is the service's one writer: writing (it holds the writer lock and ingests), standby (an ingest process waiting to take over), idle (its role writes nothing), stopped (stopped, or its lock was lost). */
  writer?: 'idle' | 'standby' | 'writing' | 'stopped' | (string & {})
  connected: boolean
  /** Seq of the last event applied and saved: everything at or below it is done. */
  cursor?: number
  /** Highest seq the source has sent. */
  headSeq?: number
  /** headSeq minus cursor. */
  lagEvents?: number
  /** Now minus the time (by the source's clock) of the event at the cursor. */
  lagSeconds?: number
  /** Events applied per second over the last ten seconds. */
  eventsPerSecond: number
  /** Events received and not yet taken for a batch. */
  queueDepth: number
  queueBytes: number
  /** Whether reading from the socket is paused: the queue is full, or a backfill is still finding its repos (the stream's position is taken; what follows waits at the source). */
  paused: boolean
  /** Events handed to the service since it started. */
  handled: number
  /** Commits verified (MST proofs and signature) since it started. */
  verified: number
  /** Commits not applied because a newer rev of their repo is already held. */
  staleCommits: number
  /** Events the source sent again at or below what was already received. */
  replaysDropped: number
  reconnects: number
  /** The source said our cursor was older than the history it keeps. */
  outdatedCursor: boolean
  didDocuments?: DidDocuments
  backfill: Backfill
  /** Repos waiting to be imported again (a #sync event, a commit too big to carry its ops). */
  resyncsPending?: number
  /** Repos imported again since the service started. */
  resyncsDone?: number
  /** Events given up: set aside with their reason, never silently skipped. */
  deadLetters: number
  recentDeadLetters: DeadLetter[]
  /** People whose follows this service keeps. */
  participants: number
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
}

export type HandlerOutput = HandlerError | HandlerSuccess

/** The DID documents of the repos whose commits this service verified since it started: fetched from the DID directory, or read back from those an earlier run kept (a restart does not look every repo up again). */
export interface DidDocuments {
  $type?: 'app.framewright.ingest.getStatus#didDocuments'
  /** Documents fetched from the directory. */
  fetched: number
  /** Documents read back from the service's database. */
  kept: number
}

const hashDidDocuments = 'didDocuments'

export function isDidDocuments<V>(v: V) {
  return is$typed(v, id, hashDidDocuments)
}

export function validateDidDocuments<V>(v: V) {
  return validate<DidDocuments & V>(v, id, hashDidDocuments)
}

/** The import of every repo holding this service's collections, done before following the stream when the service starts with an empty database or is told to (FRAMEWRIGHT_BACKFILL). */
export interface Backfill {
  $type?: 'app.framewright.ingest.getStatus#backfill'
  /** none: no backfill since start; discovering: listing the repos; importing; done. */
  state: 'none' | 'discovering' | 'importing' | 'done' | (string & {})
  /** Repos to import. */
  reposTotal: number
  /** Repos imported, skipped (inactive, already current) or given up. */
  reposDone: number
  /** Records handed to the service. */
  records: number
  /** Repos given up, each filed as a dead letter with its reason. */
  failed: number
  startedAt?: string
  finishedAt?: string
}

const hashBackfill = 'backfill'

export function isBackfill<V>(v: V) {
  return is$typed(v, id, hashBackfill)
}

export function validateBackfill<V>(v: V) {
  return validate<Backfill & V>(v, id, hashBackfill)
}

export interface DeadLetter {
  $type?: 'app.framewright.ingest.getStatus#deadLetter'
  id: number
  seq?: number
  did?: string
  /** The record's at-uri, or the repo's DID. */
  subject?: string
  /** Why it can never succeed: BadSignature, BadMstProof, MalformedFrame, InvalidGraphRecord, … */
  reason: string
  detail: string
  createdAt: string
}

const hashDeadLetter = 'deadLetter'

export function isDeadLetter<V>(v: V) {
  return is$typed(v, id, hashDeadLetter)
}

export function validateDeadLetter<V>(v: V) {
  return validate<DeadLetter & V>(v, id, hashDeadLetter)
}
