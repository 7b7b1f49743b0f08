import type { Generated } from 'kysely'
import type { IngestCursorTable } from '../db/cursor-store'

/**
 * An event that can never succeed (bad signature, bad MST proof, malformed frame, invalid record),
 * set aside instead of being silently skipped. It keeps the raw frame, so it can be replayed once
 * whatever made it fail is fixed (a lexicon learns a new field, a bug is fixed).
 */
export interface DeadLetterTable {
  id: Generated<number>
  /** The event's seq on the stream, when the frame got far enough to say. */
  seq: number | null
  did: string | null
  /** at-uri of the record concerned, or the repo's DID for non-record events. */
  subject: string | null
  /** Short name of why: BadSignature, BadMstProof, MalformedFrame, InvalidGraphRecord, … */
  reason: string
  detail: string
  /** The websocket message as received. */
  frame: Uint8Array | null
  attempts: number
  createdAt: string
}

/**
 * What we hold of each repo we have applied commits from: the rev of the newest commit applied
 * (older commits are never applied over it) and whether a #sync (or a commit too big to carry its
 * ops) says our copy must be re-imported from the repo.
 */
export interface RepoStateTable {
  did: string
  rev: string
  /** 1 when our copy is known to be incomplete and must be re-imported (getRepo). */
  needsResync: number
  updatedAt: string
}

export interface IngestSchema {
  ingest_cursor: IngestCursorTable
  dead_letter: DeadLetterTable
  repo_state: RepoStateTable
}
