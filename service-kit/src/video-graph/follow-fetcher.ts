import type { IdResolver } from '@atproto/identity'
import type { Kysely } from 'kysely'
import { validateBskyRecord, type BskyRecordTypes } from '@framewright/lexicons'
import { resolveDidDoc, serviceEndpoint } from '../identity/index'
import type { Logger } from '../logger'
import type { OutboundClient } from '../net/client'
import { backoffMs, sleep } from '../util'
import type { Participants, ParticipantReason, ParticipantSchema } from './participants'
import type { VideoGraphSchema } from './schema'

const FOLLOW = 'app.bsky.graph.follow'

type Schema = VideoGraphSchema & ParticipantSchema

export interface FollowFetcherOptions {
  /** A database with the video graph tables (any service's). */
  db: Kysely<any>
  idResolver: IdResolver
  /** People's PDSes are whatever their DID documents name: fetched through the outbound guard. */
  outbound: OutboundClient
  participants: Participants
  logger: Logger
  /** Called in the transaction that stores someone's fetched follows: re-evaluate what depended on them. */
  onKnown?: (did: string, tx: Kysely<any>) => Promise<void>
  /** People waiting for a fetch, at most (further requests are dropped and asked again on next need). */
  maxQueued?: number
  concurrency?: number
  /** Most follows read per person (a bound on one fetch's cost). */
  maxFollows?: number
  timeoutMs?: number
}

/**
 * Fetches people's follows from their own PDS (com.atproto.repo.listRecords, paged), for the
 * follows the firehose index cannot know: those made before the service started or before the
 * person became a participant. The PDS hosts the repo, so what it lists is what the repo holds.
 * Runs in a bounded background queue with retries; it never blocks ingestion. Someone becomes a
 * participant before their fetch starts, so every follow made after the snapshot reaches us live,
 * and a follow the firehose deletes while the fetch is in flight is not brought back by it.
 */
export class FollowFetcher {
  private readonly queue: { did: string; reason: ParticipantReason; refetch: boolean }[] = []
  private readonly waiting = new Map<string, { resolve: () => void }[]>()
  private readonly inFlight = new Map<string, Set<string>>()
  /** Asked for in this process (queued, in flight or done): each person is fetched once. */
  private readonly requested = new Set<string>()
  private readonly abort = new AbortController()
  private running = 0
  readonly stats = { fetched: 0, failed: 0, dropped: 0 }

  private readonly db: Kysely<Schema>

  constructor(private readonly opts: FollowFetcherOptions) {
    this.db = opts.db as Kysely<Schema>
  }

  /**
   * Asks for someone's follows, in the background: they become a participant at once (in memory,
   * so the firehose keeps their follows from now on), the fetch follows. Synchronous, so it may be
   * called from inside a transaction. Requests for someone queued or in flight are merged.
   * `refetch`: fetch even if their follows are known already (another process fetched them before
   * this one kept their live follows: one made in between is only in a new fetch).
   */
  request(did: string, reason: ParticipantReason, refetch = false): void {
    if (this.abort.signal.aborted) return
    this.opts.participants.mark(did)
    if (this.requested.has(did)) return
    if (this.queue.length >= (this.opts.maxQueued ?? 10_000)) {
      this.stats.dropped++
      return
    }
    this.requested.add(did)
    this.queue.push({ did, reason, refetch })
    this.pump()
  }

  /** Resolves once someone's follows are known, or after timeoutMs (whichever first). */
  whenKnown(did: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      const list = this.waiting.get(did) ?? []
      list.push({ resolve: () => (clearTimeout(timer), resolve()) })
      this.waiting.set(did, list)
    })
  }

  /** The firehose deleted one of someone's follows: a fetch in flight must not bring it back. */
  noteDeleted(did: string, uri: string): void {
    this.inFlight.get(did)?.add(uri)
  }

  private pump(): void {
    while (this.running < (this.opts.concurrency ?? 2) && this.queue.length > 0 && !this.abort.signal.aborted) {
      const next = this.queue.shift()!
      this.running++
      this.inFlight.set(next.did, new Set())
      void this.fetchWithRetry(next.did, next.reason, next.refetch).finally(() => {
        this.running--
        this.inFlight.delete(next.did)
        for (const w of this.waiting.get(next.did) ?? []) w.resolve()
        this.waiting.delete(next.did)
        this.pump()
      })
    }
  }

  private async fetchWithRetry(did: string, reason: ParticipantReason, refetch: boolean): Promise<void> {
    for (let attempt = 0; attempt < 5 && !this.abort.signal.aborted; attempt++) {
      try {
        await this.opts.participants.persist(this.db, did, reason)
        // Known already (fetched by an earlier run of the service): nothing to fetch.
        const row = await this.db.selectFrom('participant').select('followsKnownAt').where('did', '=', did).executeTakeFirst()
        if (row?.followsKnownAt && !refetch) return
        const follows = await this.list(did)
        await this.store(did, follows)
        this.stats.fetched++
        return
      } catch (err) {
        this.opts.logger.warn({ err: (err as Error).message, did, attempt }, 'could not fetch follows; retrying')
        await sleep(backoffMs(attempt, 500, 30_000), this.abort.signal).catch(() => undefined)
      }
    }
    this.stats.failed++
    // Left unknown: the next time the consent rule or a feed needs them, they are asked for again.
    this.requested.delete(did)
    await this.db.updateTable('participant').set({ followsError: 'could not fetch follows from their PDS' }).where('did', '=', did).execute().catch(() => undefined)
  }

  private async list(did: string): Promise<{ uri: string; subject: string; createdAt: string }[]> {
    const doc = await resolveDidDoc(this.opts.idResolver, did)
    const pds = serviceEndpoint(doc, '#atproto_pds', 'AtprotoPersonalDataServer')
    if (!pds) throw new Error(`${did} names no PDS`)
    const out: { uri: string; subject: string; createdAt: string }[] = []
    let cursor: string | undefined
    do {
      const url = new URL('/xrpc/com.atproto.repo.listRecords', pds)
      url.searchParams.set('repo', did)
      url.searchParams.set('collection', FOLLOW)
      url.searchParams.set('limit', '100')
      if (cursor) url.searchParams.set('cursor', cursor)
      const res = await this.opts.outbound.fetch(url, { timeoutMs: this.opts.timeoutMs ?? 10_000, maxBytes: 4 * 1024 * 1024, signal: this.abort.signal })
      if (!res.ok) throw new Error(`listRecords answered ${res.status}`)
      const page = (await res.json()) as { cursor?: string; records?: { uri?: unknown; value?: unknown }[] }
      for (const r of page.records ?? []) {
        if (typeof r.uri !== 'string' || !r.uri.startsWith(`at://${did}/${FOLLOW}/`)) continue
        // As from the firehose: a follow that is not valid by its lexicon is not one.
        let value: BskyRecordTypes['app.bsky.graph.follow']
        try {
          value = validateBskyRecord(FOLLOW, r.value)
        } catch {
          continue
        }
        out.push({ uri: r.uri, subject: value.subject, createdAt: value.createdAt })
      }
      cursor = page.records && page.records.length > 0 ? page.cursor : undefined
    } while (cursor && out.length < (this.opts.maxFollows ?? 50_000))
    return out
  }

  private async store(did: string, follows: { uri: string; subject: string; createdAt: string }[]): Promise<void> {
    const deleted = this.inFlight.get(did) ?? new Set<string>()
    await this.db.transaction().execute(async (tx) => {
      const rows = follows.filter((f) => !deleted.has(f.uri)).map((f) => ({ ...f, creator: did }))
      for (let i = 0; i < rows.length; i += 500) {
        await tx.insertInto('follow').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('uri').doNothing()).execute()
      }
      await tx.updateTable('participant').set({ followsKnownAt: new Date().toISOString(), followsError: null }).where('did', '=', did).execute()
      await this.opts.onKnown?.(did, tx)
    })
    this.opts.logger.debug({ did, follows: follows.length }, 'follows fetched')
  }

  destroy(): void {
    this.abort.abort()
    for (const list of this.waiting.values()) for (const w of list) w.resolve()
    this.waiting.clear()
  }
}
