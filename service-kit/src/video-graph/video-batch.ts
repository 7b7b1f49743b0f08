import type { Kysely } from 'kysely'
import { fixedSizeChunks } from '../db/statement-shapes'
import type { VideoGraphSchema, VideoTable } from './schema'

type Db = Kysely<VideoGraphSchema>
type Depiction = { videoUri: string; creator: string; subject: string; grantUri: string | null }

/** A video's state as a batch sees it: what the database held before the batch, then each event's result. */
interface VideoState {
  /** The video row now (undefined: no valid video at this URI now). */
  row?: VideoTable
  depictions: Depiction[]
  /** Remix source and subjects as they are now (for the next event's "before"). */
  remixOfUri: string | null
  subjects: string[]
  /** Whether the database held a video here before the batch (its rows must be replaced). */
  inDb: boolean
  /** Whether an event of the batch changed it (it must be written). */
  dirty: boolean
  /** Whether an event of the batch set it (a URI preloaded for an event that then failed elsewhere is not). */
  touched?: boolean
  /** Whether the database held a video here before the batch began. */
  heldBefore: boolean
  /** When the video the database holds here was first indexed (kept by a rewrite; undefined: none held). */
  heldIndexedAt?: string
}

/** A video as an ingestion batch left it, once written: its row as the database holds it and who it depicts. */
export interface VideoAfterBatch {
  /** The row (its indexedAt the one the database keeps); undefined: no valid video here now. */
  row?: VideoTable
  /** The people it depicts now (once each). */
  subjects: string[]
  /** Whether the database held a video here before the batch. */
  heldBefore: boolean
}

/**
 * What a batch wrote to the video tables, for the services' reactions to it (see ServiceBatch.finish):
 * read from memory, instead of reading back rows the batch has just written.
 */
export interface BatchVideosView {
  /** A video the batch touched, as it left it; undefined for a URI the batch did not touch. */
  after(uri: string): VideoAfterBatch | undefined
}

/**
 * The video and depiction writes of one ingestion batch, gathered and written together: two reads
 * for every video the batch touches, and a few multi-row statements at the end, instead of four
 * or five statements per video event. Events of the batch see each other's effects through it
 * (the same URI written twice, a creator's first video), and nothing in the batch reads those
 * tables behind its back before `flush` (services read them in their batch's `finish`, after it).
 */
export class VideoBatch implements BatchVideosView {
  private readonly videos = new Map<string, VideoState>()

  /** Reads what the database holds for these video URIs (one query each for videos and depictions). */
  async preload(db: Db, uris: string[]): Promise<void> {
    const missing = [...new Set(uris)].filter((u) => !this.videos.has(u))
    if (missing.length === 0) return
    for (let i = 0; i < missing.length; i += 500) {
      const chunk = missing.slice(i, i + 500)
      const [rows, depictions] = await Promise.all([
        db.selectFrom('video').select(['uri', 'remixOfUri', 'indexedAt']).where('uri', 'in', chunk).execute(),
        db.selectFrom('depiction').select(['videoUri', 'subject']).where('videoUri', 'in', chunk).execute(),
      ])
      const found = new Map(rows.map((r) => [r.uri, r]))
      const subjectsOf = new Map<string, string[]>()
      for (const d of depictions) (subjectsOf.get(d.videoUri) ?? subjectsOf.set(d.videoUri, []).get(d.videoUri)!).push(d.subject)
      for (const uri of chunk) {
        const held = found.get(uri)
        this.videos.set(uri, {
          depictions: [],
          remixOfUri: held?.remixOfUri ?? null,
          subjects: subjectsOf.get(uri) ?? [],
          inDb: !!held,
          dirty: false,
          heldBefore: !!held,
          heldIndexedAt: held?.indexedAt,
        })
      }
    }
  }

  /** The state before the current event (preloading it first if the batch had not). */
  async before(db: Db, uri: string): Promise<{ exists: boolean; remixOfUri: string | null; subjects: string[] }> {
    if (!this.videos.has(uri)) await this.preload(db, [uri])
    const state = this.videos.get(uri)!
    const exists = state.dirty ? state.row !== undefined : state.inDb
    return { exists, remixOfUri: state.remixOfUri, subjects: state.subjects }
  }

  /** Records an event's result: the video's row and depictions now (none: no valid video here now). */
  set(uri: string, now: { row?: VideoTable; depictions: Depiction[] }): void {
    const state = this.videos.get(uri)!
    state.row = now.row
    state.depictions = now.depictions
    state.remixOfUri = now.row?.remixOfUri ?? null
    state.subjects = now.depictions.map((d) => d.subject)
    state.dirty = true
    state.touched = true
  }

  /** Whether the batch (or the database before it) holds a video by this creator. */
  hasVideoBy(creator: string): boolean | undefined {
    for (const s of this.videos.values()) if (s.dirty && s.row?.creator === creator) return true
    return undefined
  }

  /** Writes every changed video and its depictions. */
  async flush(db: Db): Promise<void> {
    const dirty = [...this.videos.entries()].filter(([, s]) => s.dirty)
    if (dirty.length === 0) return
    const replaced = dirty.filter(([, s]) => s.inDb).map(([uri]) => uri)
    const gone = dirty.filter(([, s]) => s.inDb && !s.row).map(([uri]) => uri)
    const rows = dirty.flatMap(([, s]) => (s.row ? [s.row] : []))
    const depictions = dirty.flatMap(([, s]) => (s.row ? s.depictions : []))
    for (let i = 0; i < replaced.length; i += 500) await db.deleteFrom('depiction').where('videoUri', 'in', replaced.slice(i, i + 500)).execute()
    for (let i = 0; i < gone.length; i += 500) await db.deleteFrom('video').where('uri', 'in', gone.slice(i, i + 500)).execute()
    // 22 columns a row: 200 rows stay well under SQLite's limit on bound parameters.
    for (const chunk of fixedSizeChunks(rows, 200)) {
      await db
        .insertInto('video')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('uri').doUpdateSet((eb) => {
            // A re-indexed video keeps when we first saw it: feeds sort by it.
            const set: Record<string, unknown> = {}
            for (const column of VIDEO_COLUMNS) if (column !== 'uri' && column !== 'indexedAt') set[column] = eb.ref(`excluded.${column}`)
            return set as never
          }),
        )
        .execute()
    }
    for (const chunk of fixedSizeChunks(depictions, 500)) await db.insertInto('depiction').values(chunk).execute()
    for (const [, s] of dirty) {
      s.inDb = s.row !== undefined
      // A rewrite keeps the indexedAt held (see the upsert above); a new row is held with its own.
      s.heldIndexedAt = s.row ? (s.heldIndexedAt ?? s.row.indexedAt) : undefined
      s.dirty = false
    }
  }

  after(uri: string): VideoAfterBatch | undefined {
    const s = this.videos.get(uri)
    if (!s?.touched || s.dirty) return undefined // not touched, or not written yet: ask the database
    const row = s.row && s.inDb ? { ...s.row, indexedAt: s.heldIndexedAt ?? s.row.indexedAt } : undefined
    return { row, subjects: row ? s.subjects : [], heldBefore: s.heldBefore }
  }
}

const VIDEO_COLUMNS: (keyof VideoTable)[] = [
  'uri', 'cid', 'creator', 'createdAt', 'indexedAt', 'sortAt', 'text', 'provider', 'model', 'prompt', 'blobCid', 'blobMime', 'blobSize',
  'durationMs', 'width', 'height', 'remixOfUri', 'remixOfCid', 'crosspostUri', 'crosspostCid', 'record',
]
