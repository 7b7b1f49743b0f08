/**
 * Known fingerprints and copy matches in the labeler's database, with the in-memory index that
 * probes are matched against (loaded at start, kept in step with every change here).
 */
import type { Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'
import { decodeFrames, encodeFrames, type FingerprintFrame, type VideoFingerprint } from './fingerprint'
import { DEFAULT_MATCH_OPTIONS, FingerprintIndex, type FingerprintMatch, type MatchOptions } from './matcher'

/** Which known video and value an index entry stands for. */
export interface KnownKey {
  sourceUri: string
  val: string
}

/** A match of a subject with a known video whose value is still in force: what the copy detector reads. */
export interface CopyMatchFact extends KnownKey {
  subjectUri: string
  matchedFrames: number
  probeFrames: number
  meanDistance: number
  mirrored: boolean
  offsetMs: number
  matchedAt: string
}

/** How long a request waits after its 1st, 2nd, … failed attempt; after the last it is marked failed. */
const RETRY_DELAYS_MS = [5_000, 15_000, 60_000, 300_000]
const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

function retryDelayMs(attempts: number): number {
  return RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? 0
}

export class KnownFingerprintStore {
  private readonly index = new FingerprintIndex<string>()
  /** The one read of every ready fingerprint into the index; changes wait for it, so none is lost to a race with it. */
  private loading?: Promise<void>

  constructor(private readonly db: Kysely<LabelerSchema>) {}

  /**
   * Reads every ready fingerprint into the index (once; later changes go through this store). A
   * fingerprint made or forgotten while this read runs is applied to the index after it (adding is
   * idempotent), so the read cannot miss it or bring it back.
   */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const rows = await this.db.selectFrom('known_fingerprint').select(['sourceUri', 'val', 'frames']).where('status', '=', 'ready').execute()
      for (const row of rows) this.index.add(keyOf(row), decodeFrames(row.frames))
    })().catch((err) => {
      this.loading = undefined
      throw err
    })
    return this.loading
  }

  /** Records that a moderator's value on this source needs its fingerprint (idempotent). */
  async request(source: KnownKey & { blobCid: string; author: string }, db: Kysely<LabelerSchema> = this.db): Promise<void> {
    const now = new Date().toISOString()
    await db
      .insertInto('known_fingerprint')
      .values({ ...source, status: 'pending', frames: '', attempts: 0, error: null, createdAt: now, updatedAt: now })
      .onConflict((oc) => oc.columns(['sourceUri', 'val']).doNothing())
      .execute()
  }

  /**
   * Fingerprints due to be made: new requests first, then retries whose backoff has passed (those
   * that failed for good are left out). A failing request waits its own backoff and never holds up
   * the others.
   */
  async pending(limit = 10, now = Date.now()) {
    return this.db
      .selectFrom('known_fingerprint')
      .select(['id', 'sourceUri', 'val', 'blobCid', 'author', 'attempts'])
      .where('status', '=', 'pending')
      .where((eb) =>
        eb.or([
          eb('attempts', '=', 0),
          ...RETRY_DELAYS_MS.map((delay, i) => eb.and([eb('attempts', '=', i + 1), eb('updatedAt', '<=', new Date(now - delay).toISOString())])),
        ]),
      )
      .orderBy('attempts', 'asc')
      .orderBy('id', 'asc')
      .limit(limit)
      .execute()
  }

  /** When the next retry of a failed request falls due (undefined when none is waiting). */
  async nextRetryAt(): Promise<number | undefined> {
    const rows = await this.db.selectFrom('known_fingerprint').select(['attempts', 'updatedAt']).where('status', '=', 'pending').where('attempts', '>', 0).execute()
    const due = rows.map((r) => Date.parse(r.updatedAt) + retryDelayMs(r.attempts))
    return due.length > 0 ? Math.min(...due) : undefined
  }

  /** Stores a made fingerprint and makes it matchable. False when the row was lifted meanwhile. */
  async ready(id: number, frames: FingerprintFrame[]): Promise<boolean> {
    const row = await this.db
      .updateTable('known_fingerprint')
      .set({ status: 'ready', frames: encodeFrames(frames), error: null, updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .returning(['sourceUri', 'val'])
      .executeTakeFirst()
    if (!row) return false
    if (this.loading) {
      await this.loading.catch(() => undefined)
      this.index.add(keyOf(row), frames)
    }
    return true
  }

  /** Counts a failed attempt; after the last one the row is marked failed with the reason. */
  async attemptFailed(id: number, error: string): Promise<void> {
    const row = await this.db.selectFrom('known_fingerprint').select('attempts').where('id', '=', id).executeTakeFirst()
    if (!row) return
    const attempts = row.attempts + 1
    await this.db
      .updateTable('known_fingerprint')
      .set({ attempts, error, status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute()
  }

  /**
   * The moderator lifted `val` from the source: its fingerprint and every match with it go, and the
   * subjects that matched are returned, to be re-evaluated (their copy labels are then withdrawn).
   */
  async forget(key: KnownKey): Promise<string[]> {
    const copies = await this.db.selectFrom('known_copy_match').select('subjectUri').where('sourceUri', '=', key.sourceUri).where('val', '=', key.val).execute()
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('known_copy_match').where('sourceUri', '=', key.sourceUri).where('val', '=', key.val).execute()
      await tx.deleteFrom('known_fingerprint').where('sourceUri', '=', key.sourceUri).where('val', '=', key.val).execute()
    })
    await this.loading?.catch(() => undefined)
    this.index.remove(keyOf(key))
    return [...new Set(copies.map((c) => c.subjectUri))]
  }

  /** The known videos a probe matches (never the subject itself), best first. */
  async match(subjectUri: string, probe: VideoFingerprint, opts: MatchOptions = DEFAULT_MATCH_OPTIONS): Promise<FingerprintMatch<KnownKey>[]> {
    await this.load()
    return this.index
      .match(probe, opts)
      .map((m) => ({ ...m, key: parseKey(m.key) }))
      .filter((m) => m.key.sourceUri !== subjectUri)
  }

  /** Replaces a subject's recorded matches with these (what the scan pipeline writes after matching). */
  async recordMatches(subjectUri: string, matches: FingerprintMatch<KnownKey>[]): Promise<void> {
    const now = new Date().toISOString()
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('known_copy_match').where('subjectUri', '=', subjectUri).execute()
      if (matches.length === 0) return
      await tx
        .insertInto('known_copy_match')
        .values(
          matches.map((m) => ({
            subjectUri,
            sourceUri: m.key.sourceUri,
            val: m.key.val,
            matchedFrames: m.matchedFrames,
            probeFrames: m.probeFrames,
            meanDistanceTenths: Math.round(m.meanDistance * 10),
            mirrored: m.mirrored ? 1 : 0,
            offsetMs: Math.round(m.offsetMs),
            matchedAt: now,
          })),
        )
        .onConflict((oc) => oc.columns(['subjectUri', 'sourceUri', 'val']).doNothing())
        .execute()
    })
  }

  /**
   * The matches of these subjects with known videos that are still known (their value not lifted),
   * read through `db` (during ingestion, the batch's transaction).
   */
  async matchesOf(subjectUris: string[], db: Kysely<LabelerSchema> = this.db): Promise<Map<string, CopyMatchFact[]>> {
    const out = new Map<string, CopyMatchFact[]>(subjectUris.map((u) => [u, []]))
    if (subjectUris.length === 0) return out
    const rows = await db
      .selectFrom('known_copy_match as m')
      .innerJoin('known_fingerprint as k', (join) => join.onRef('k.sourceUri', '=', 'm.sourceUri').onRef('k.val', '=', 'm.val'))
      .selectAll('m')
      .where('m.subjectUri', 'in', subjectUris)
      .execute()
    for (const r of rows) {
      out.get(r.subjectUri)?.push({
        subjectUri: r.subjectUri,
        sourceUri: r.sourceUri,
        val: r.val,
        matchedFrames: r.matchedFrames,
        probeFrames: r.probeFrames,
        meanDistance: r.meanDistanceTenths / 10,
        mirrored: r.mirrored === 1,
        offsetMs: r.offsetMs,
        matchedAt: r.matchedAt,
      })
    }
    return out
  }
}

// The index is keyed by one string; a value never contains a space, so it separates the two.
function keyOf(k: KnownKey): string {
  return `${k.val} ${k.sourceUri}`
}

function parseKey(key: string): KnownKey {
  const at = key.indexOf(' ')
  return { val: key.slice(0, at), sourceUri: key.slice(at + 1) }
}
