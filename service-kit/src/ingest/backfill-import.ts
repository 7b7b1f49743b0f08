import { decode } from '@atcute/cbor'
import { getKey, getPds, type IdResolver } from '@atproto/identity'
import { sql, type Kysely } from 'kysely'
import { RepoVerificationError } from '../repo/errors'
import { KeyCache } from '../repo/keys'
import { verifyRepoCar } from '../repo/verify'
import { fileDeadLetters, type DeadLetter } from './dead-letters'
import { toLexRecord, type FirehoseEvent, type RecordDeleteEvent, type RecordWriteEvent } from './events'
import type { CollectionFilter } from './filter'
import type { IngestHandler } from './ingester'
import { applyBatchFilingLetters, runCommitted } from './ingester'
import type { IngestSchema } from './schema'
import type { OutboundClient } from '../net/client'

/**
 * A repo that can never be imported as it is: its DID does not resolve, names no key or PDS, its
 * export does not verify, or its PDS says it does not exist. Filed as a dead letter (never retried
 * on its own); anything else (a timeout, a 5xx) is transient and retried.
 */
export class RepoImportError extends Error {
  override name = 'RepoImportError'
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(`${reason}: ${message}`)
  }
}

/** What importing one repo did. */
export interface RepoImportResult {
  /** Records handed to the service (creates), and records it held that the repo no longer has (deletes). */
  records: number
  deleted: number
  rev?: string
  /**
   * Why nothing (or not everything) was applied: the repo is inactive, we already hold its rev (or a
   * newer one), or the stream applied a newer commit of it while a many-transaction import was under
   * way, more than OVERTAKEN_RETRIES times (it stays marked for re-sync, and is imported again later).
   */
  skipped?: 'inactive' | 'current' | 'overtaken'
}

/** PDS answers that mean the account is not being served now: nothing to import, not a failure. */
/** The largest repo CAR we import (a repo holding our records; the whole network's largest are smaller). */
const MAX_REPO_BYTES = 512 * 1024 * 1024

const INACTIVE = new Set(['RepoDeactivated', 'RepoTakendown', 'RepoSuspended'])

/** Times an import the stream overtook is fetched again at once, before it is left for the next re-sync poll. */
const OVERTAKEN_RETRIES = 3

/**
 * Imports whole repos (com.atproto.sync.getRepo at the repo's own PDS) through a service's
 * ingestion handler: the export is verified first (verifyRepoCar: signed by the DID's current key,
 * every block hashing to its CID), then its records of our collections go through the service's
 * keep rule and handlers as creates, in batches of `maxBatch`, each in a transaction, the last one
 * recording the repo's rev in repo_state (so a live commit of an older rev is skipped afterwards,
 * and a repo already held at a newer rev is not imported over). Used by backfill and by re-sync
 * (a #sync event, a commit too big to carry its ops): when we held records of the repo, those it
 * no longer has are handed to the service as deletes.
 */
export class RepoImporter {
  private readonly keys = new KeyCache()

  constructor(
    private readonly opts: {
      db: Kysely<any>
      handler: IngestHandler
      filter: CollectionFilter
      idResolver: IdResolver
      /** A repo's PDS is whatever its DID document names: getRepo goes through the outbound guard. */
      outbound: OutboundClient
      maxBatch: number
      signal: AbortSignal
      /** getRepo time limit (ms). */
      timeoutMs?: number
    },
  ) {}

  private get db(): Kysely<IngestSchema> {
    return this.opts.db as Kysely<IngestSchema>
  }

  /**
   * Imports one repo (the caller retries a transient failure). An import the stream overtook (see
   * `apply`) is fetched and applied again, as the repo is now.
   */
  async importRepo(did: string): Promise<RepoImportResult> {
    for (let attempt = 0; ; attempt++) {
      const result = await this.importOnce(did)
      if (result.skipped !== 'overtaken' || attempt >= OVERTAKEN_RETRIES) return result
    }
  }

  private async importOnce(did: string): Promise<RepoImportResult> {
    const { pds, key } = await this.locate(did, false)
    const car = await this.fetchRepo(pds, did)
    if (car === 'inactive') return { records: 0, deleted: 0, skipped: 'inactive' }
    let verified
    try {
      verified = verifyRepoCar(car, { did, didKey: key, keys: this.keys, wanted: (c) => this.opts.filter.matches(c) })
    } catch (err) {
      if (!(err instanceof RepoVerificationError)) throw err
      if (err.reason !== 'BadSignature') throw new RepoImportError(err.reason, err.message)
      // The repo may have rotated its key since we cached its document: judge against a fresh one.
      const fresh = await this.locate(did, true)
      try {
        verified = verifyRepoCar(car, { did, didKey: fresh.key, keys: this.keys, wanted: (c) => this.opts.filter.matches(c) })
      } catch (again) {
        if (again instanceof RepoVerificationError) throw new RepoImportError(again.reason, again.message)
        throw again
      }
    }
    const { commit, records } = verified
    const time = new Date().toISOString()
    const writes: RecordWriteEvent[] = []
    const present = new Set<string>()
    for (const r of records) {
      const uri = `at://${did}/${r.collection}/${r.rkey}`
      present.add(uri)
      let decoded: unknown
      try {
        decoded = decode(r.bytes)
      } catch {
        continue // verified bytes that are not DAG-CBOR cannot be a record; the firehose would have set it aside too
      }
      if (this.opts.handler.keep && !this.opts.handler.keep({ did, collection: r.collection, rkey: r.rkey, action: 'create', record: decoded })) continue
      let record: unknown
      try {
        record = toLexRecord(decoded)
      } catch {
        continue
      }
      writes.push({ event: 'create', seq: -1, time, did, rev: commit.rev, collection: r.collection, rkey: r.rkey, uri, cid: r.cid, record })
    }
    return this.apply(did, commit.rev, writes, present)
  }

  /** The repo's PDS and signing key, from its DID document. */
  private async locate(did: string, fresh: boolean): Promise<{ pds: string; key: string }> {
    let doc
    try {
      doc = await this.opts.idResolver.did.resolve(did, fresh)
    } catch (err) {
      if ((err as { status?: number }).status === 410) throw new RepoImportError('DidNotFound', `${did} is tombstoned`)
      if ((err as Error).name?.startsWith('Poorly') || (err as Error).name?.startsWith('Unsupported')) throw new RepoImportError('BadDidDocument', `${did}: ${(err as Error).message}`)
      throw err
    }
    if (!doc) throw new RepoImportError('DidNotFound', `${did} does not resolve`)
    const key = getKey(doc)
    const pds = getPds(doc)
    if (!key) throw new RepoImportError('NoSigningKey', `${did} names no #atproto signing key`)
    if (!pds) throw new RepoImportError('NoPds', `${did} names no #atproto_pds service`)
    return { pds, key }
  }

  private async fetchRepo(pds: string, did: string): Promise<Uint8Array | 'inactive'> {
    const url = new URL('/xrpc/com.atproto.sync.getRepo', pds)
    url.searchParams.set('did', did)
    const res = await this.opts.outbound.fetch(url, { timeoutMs: this.opts.timeoutMs ?? 120_000, maxBytes: MAX_REPO_BYTES, signal: this.opts.signal })
    if (res.ok) return new Uint8Array(await res.arrayBuffer())
    const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string }
    if (res.status === 400 && body.error && INACTIVE.has(body.error)) return 'inactive'
    if (res.status === 400 || res.status === 404) throw new RepoImportError(body.error ?? 'RepoNotFound', `getRepo of ${did} at ${pds}: ${body.message ?? res.status}`)
    throw new Error(`getRepo of ${did} at ${pds} answered ${res.status} ${body.error ?? ''}`)
  }

  /**
   * Hands the repo's records to the service in batches, one transaction each. The first checks
   * repo_state: a repo we already hold at this rev (with no re-sync pending) or a newer one is left
   * alone. Deletes for records we hold that the repo no longer has go first.
   *
   * Batches of the stream may commit between the import's transactions. So the first one also claims
   * the import's rev (the stream's commits up to it are then stale: the import holds what they did),
   * with the re-sync mark left set until the last one (a crash in between imports it again), and each
   * later one stops the import if the stream has applied a newer commit of the repo meanwhile: its
   * older records would otherwise be written over the newer state (a video deleted on the stream
   * coming back). The caller then imports the repo again.
   */
  private async apply(did: string, rev: string, writes: RecordWriteEvent[], present: Set<string>): Promise<RepoImportResult> {
    const max = Math.max(1, this.opts.maxBatch)
    let deleted = 0
    let applied = 0
    for (let start = 0, first = true; first || start < writes.length; start += max, first = false) {
      const last = start + max >= writes.length
      const committed: (() => void)[] = []
      const outcome = await this.db.transaction().execute(async (tx) => {
        let events: FirehoseEvent[] = writes.slice(start, start + max)
        const held = await tx.selectFrom('repo_state').select(['rev', 'needsResync']).where('did', '=', did).executeTakeFirst()
        if (!first && held && held.rev > rev) return 'overtaken' as const
        if (first) {
          if (held && (held.rev > rev || (held.rev === rev && held.needsResync === 0))) return 'current' as const
          if (held && this.opts.handler.heldRecords) {
            const gone = (await this.opts.handler.heldRecords(tx, did)).filter((uri) => !present.has(uri))
            deleted = gone.length
            events = [...gone.map((uri) => deleteEvent(did, rev, uri)), ...events]
          }
        }
        const letters = await this.applyEvents(tx, events, committed)
        // The first claims the rev, marked for re-sync until the last clears the mark.
        if (first || last) await recordRev(tx, did, rev, last)
        await fileDeadLetters(tx, letters)
        return 'applied' as const
      })
      runCommitted(committed)
      if (outcome === 'current') return { records: 0, deleted: 0, rev, skipped: 'current' }
      if (outcome === 'overtaken') return { records: Math.max(0, applied), deleted, rev, skipped: 'overtaken' }
      applied += Math.min(max, writes.length - start)
    }
    return { records: Math.max(0, applied), deleted, rev }
  }

  /** The handler's batch, as the firehose gives it: an invalid record is a dead letter, the rest goes on. */
  private applyEvents(tx: Kysely<any>, events: FirehoseEvent[], committed: (() => void)[]): Promise<DeadLetter[]> {
    return applyBatchFilingLetters(this.opts.handler, tx, events, () => ({ seq: null, frame: null }), (fn) => committed.push(fn))
  }
}

/**
 * Records an import's rev in repo_state (never moving it back): `done` clears the re-sync mark, as long
 * as nothing newer was applied meanwhile; otherwise the mark is set (the import is under way).
 */
async function recordRev(tx: Kysely<IngestSchema>, did: string, rev: string, done: boolean): Promise<void> {
  const updatedAt = new Date().toISOString()
  await tx
    .insertInto('repo_state')
    .values({ did, rev, needsResync: done ? 0 : 1, updatedAt })
    .onConflict((oc) =>
      oc.column('did').doUpdateSet({
        rev: sql<string>`case when excluded.rev >= repo_state.rev then excluded.rev else repo_state.rev end`,
        needsResync: done ? sql<number>`case when excluded.rev >= repo_state.rev then 0 else repo_state."needsResync" end` : 1,
        updatedAt,
      }),
    )
    .execute()
}

function deleteEvent(did: string, rev: string, uri: string): RecordDeleteEvent {
  const [collection = '', rkey = ''] = uri.slice(`at://${did}/`.length).split('/')
  return { event: 'delete', seq: -1, time: new Date().toISOString(), did, rev, collection, rkey, uri }
}

/** Whether an import failure can pass on its own (a timeout, a refused connection, a 5xx). */
export function isTransientImportError(err: unknown): boolean {
  return !(err instanceof RepoImportError)
}
