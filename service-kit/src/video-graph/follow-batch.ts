import type { Kysely } from 'kysely'
import { fixedSizeChunks } from '../db/statement-shapes'
import type { FollowTable, VideoGraphSchema } from './schema'

type Db = Kysely<VideoGraphSchema>

/** A follow as a batch sees it: what the database held before the batch, then each event's result. */
interface FollowState {
  /** Whether the database held a follow at this URI before the batch (undefined: not read). */
  inDb?: boolean
  /** The subject the database held (when read). */
  heldSubject?: string
  /** The follow now, when an event of the batch wrote or deleted it (null: deleted). */
  now?: FollowTable | null
}

/** Rows per statement: four values a row, inside both engines' limits on bound parameters. */
const CHUNK = 500

/**
 * The follow writes of one ingestion batch, gathered and written together when its events are
 * done: one multi-row upsert and one delete per batch instead of a statement or two per follow
 * (follows are most of what the graph indexes). Only each URI's last state is written, so the
 * batch ends as writing each event at once would have: a follow created then deleted in the batch
 * ends deleted, deleted then made again ends present, written twice ends as the second write.
 * Nothing reads the follow table behind the batch's back before `flush` (services read it in
 * their batch's `finish`, after it).
 */
export class FollowBatch {
  private readonly follows = new Map<string, FollowState>()

  /** Reads what the database holds at these URIs (the deletes of a batch: their change names the subject). */
  async preload(db: Db, uris: string[]): Promise<void> {
    const missing = [...new Set(uris)].filter((u) => this.follows.get(u)?.inDb === undefined)
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK)
      const rows = await db.selectFrom('follow').select(['uri', 'subject']).where('uri', 'in', chunk).execute()
      const held = new Map(rows.map((r) => [r.uri, r.subject]))
      for (const uri of chunk) {
        const state = this.follows.get(uri) ?? {}
        state.inDb = held.has(uri)
        state.heldSubject = held.get(uri)
        this.follows.set(uri, state)
      }
    }
  }

  /** The subject of the follow at `uri` as the batch stands (undefined: none), reading the database if the batch had not. */
  async subjectOf(db: Db, uri: string): Promise<string | undefined> {
    const state = this.follows.get(uri)
    if (state?.now !== undefined) return state.now?.subject
    if (state?.inDb === undefined) await this.preload(db, [uri])
    return this.follows.get(uri)!.heldSubject
  }

  /** Records an event's result: the follow now, or null when it was deleted. */
  set(uri: string, now: FollowTable | null): void {
    const state = this.follows.get(uri) ?? {}
    state.now = now
    this.follows.set(uri, state)
  }

  /** Writes each changed follow's last state. */
  async flush(db: Db): Promise<void> {
    const rows: FollowTable[] = []
    const gone: string[] = []
    for (const [uri, state] of this.follows) {
      if (state.now) rows.push(state.now)
      // A follow the database is known not to hold needs no delete (created and deleted in the batch).
      else if (state.now === null && state.inDb !== false) gone.push(uri)
    }
    for (let i = 0; i < gone.length; i += CHUNK) await db.deleteFrom('follow').where('uri', 'in', gone.slice(i, i + CHUNK)).execute()
    for (const chunk of fixedSizeChunks(rows, CHUNK)) {
      await db
        .insertInto('follow')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('uri').doUpdateSet((eb) => ({
            creator: eb.ref('excluded.creator'),
            subject: eb.ref('excluded.subject'),
            createdAt: eb.ref('excluded.createdAt'),
          })),
        )
        .execute()
    }
    for (const state of this.follows.values()) {
      if (state.now === undefined) continue
      state.inDb = state.now !== null
      state.heldSubject = state.now?.subject
      state.now = undefined
    }
  }
}
