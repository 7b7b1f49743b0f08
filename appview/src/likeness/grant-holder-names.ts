import {
  firstNameWord,
  isMatchableName,
  normalizeName,
  type ArrivalSets,
  type Database,
  type FirehoseEvent,
  type IdResolver,
  type KeepQuestion,
  type KnownName,
  type Logger,
  type OutboundClient,
} from '@framewright/service-kit'
import type { Kysely } from 'kysely'
import { FRAMEWRIGHT_RECORDS } from '@framewright/lexicons'
import type { AppviewSchema } from '../db/schema'
import { displayNameOf, fetchDisplayName } from './profile'

const PROFILE = 'app.bsky.actor.profile'
/** The arrival thread's copy of the grant holders (see mirrorTo). */
const HOLDERS = 'grant-holders'
/** Profiles fetched at once; the rest wait in the queue. */
const CONCURRENCY = 2
/** Looks for a grant not committed yet (250 ms, 500 ms, 1 s, 2 s) before a name is taken away. */
const UNSEEN_RETRIES = 4
/** SQLite allows many more bound values, but long IN lists are slow to plan on any database. */
const IN_CHUNK = 500

/**
 * The display names of people with a likeness grant: what a prompt can name them by. The
 * appview knows only grant holders' names (face enrolment is the labeler's, and private). A
 * name is fetched from the person's PDS when their grant appears or changes (in a small background
 * queue, so ingestion never waits on a PDS), and follows their profile record on the firehose.
 */
export class GrantHolderNames {
  static readonly collection = PROFILE
  /**
   * Everyone who held a grant since start (loaded from the grant table, then added to as grants
   * arrive): the firehose's keep rule asks about every profile on the network, so this is a set
   * look-up. It only grows; a profile of someone whose grant went is dropped when it is handled.
   */
  private readonly holders = new Set<string>()
  private mirror?: ArrivalSets
  private readonly queued = new Set<string>()
  private readonly inFlight = new Map<string, Promise<void>>()
  /** People whose grant was not there yet when their name was to be read, and how often that happened. */
  private readonly unseen = new Map<string, number>()
  private readonly retrying = new Set<Promise<void>>()
  private destroyed = false

  constructor(
    private readonly db: Database<AppviewSchema>,
    private readonly idResolver: IdResolver,
    private readonly logger: Logger,
    private readonly outbound: OutboundClient,
  ) {}

  /** Loads who holds a grant (at start, before ingestion: the keep rule reads it). */
  async load(): Promise<void> {
    for (const row of await this.db.db.selectFrom('likeness_grant').select('did').execute()) this.addHolder(row.did)
  }

  /**
   * The profiles rule on the arrival thread (see IngestHandler.arrivalSets), added to `sets`: a
   * profile is kept there only when its author holds a grant, or a grant on its way makes them one;
   * every holder, now and to come, is mirrored there. Returns `sets`.
   */
  mirrorTo(sets: ArrivalSets): ArrivalSets {
    this.mirror = sets
    sets.rule({ collection: PROFILE, keepIfRepoIn: HOLDERS, deletesKeptIfRepoIn: [HOLDERS] }).grows({ collection: FRAMEWRIGHT_RECORDS.likenessGrant, set: HOLDERS, path: 'repo' })
    for (const did of this.holders) sets.add(HOLDERS, did)
    return sets
  }

  private addHolder(did: string): void {
    this.holders.add(did)
    this.mirror?.add(HOLDERS, did)
  }

  /** The firehose keep rule for profiles: only grant holders' own profile record is read (and verified). */
  keeps(op: KeepQuestion): boolean {
    return op.rkey === 'self' && this.mayKeep(op.did)
  }

  /** The same rule before the commit is decoded: only grant holders' profile ops may be kept. */
  mayKeep(did: string): boolean {
    return this.holders.has(did)
  }

  /**
   * A grant appeared, changed or went: that person's name is (re)read, in the background. Called
   * from inside an ingestion batch: the read waits for the database connection, which the batch's
   * transaction holds, so it sees what the batch wrote (and a rolled-back batch calls it again).
   */
  grantChanged(did: string): void {
    this.addHolder(did)
    this.queued.add(did)
    this.pump()
  }

  /**
   * A profile record from the firehose: kept when its author holds a grant. Reads and writes
   * through `db`, the ingestion batch's transaction.
   */
  async onProfileEvent(evt: FirehoseEvent, db: Kysely<AppviewSchema> = this.db.db): Promise<void> {
    if (!('collection' in evt) || evt.collection !== PROFILE || evt.rkey !== 'self') return
    if (!(await this.holdsGrant(evt.did, db))) return
    await this.store(evt.did, evt.event === 'delete' ? null : displayNameOf(evt.record), db)
  }

  /** Queues every grant holder whose name was never read (grants indexed before names were kept). */
  async backfill(): Promise<number> {
    const missing = await this.db.db
      .selectFrom('likeness_grant')
      .leftJoin('grant_holder_name', 'grant_holder_name.did', 'likeness_grant.did')
      .select('likeness_grant.did')
      .where('grant_holder_name.did', 'is', null)
      .execute()
    for (const row of missing) this.grantChanged(row.did)
    return missing.length
  }

  /** The grant holders whose display name could appear in a text made of these words (see nameWords). */
  async candidates(words: string[]): Promise<KnownName[]> {
    const found: KnownName[] = []
    for (let i = 0; i < words.length; i += IN_CHUNK) {
      const rows = await this.db.db
        .selectFrom('grant_holder_name')
        .innerJoin('likeness_grant', 'likeness_grant.did', 'grant_holder_name.did')
        .select(['grant_holder_name.did', 'grant_holder_name.displayName'])
        .where('grant_holder_name.firstWord', 'in', words.slice(i, i + IN_CHUNK))
        .execute()
      for (const r of rows) if (r.displayName) found.push({ did: r.did, displayName: r.displayName })
    }
    return found
  }

  /** Grant holders whose display name starts with `prefix` (any case), for typeahead. */
  async startingWith(prefix: string, limit: number): Promise<KnownName[]> {
    const from = normalizeName(prefix)
    if (!from) return []
    const rows = await this.db.db
      .selectFrom('grant_holder_name')
      .innerJoin('likeness_grant', 'likeness_grant.did', 'grant_holder_name.did')
      .select(['grant_holder_name.did', 'grant_holder_name.displayName'])
      .where('grant_holder_name.normalizedName', '>=', from)
      .where('grant_holder_name.normalizedName', '<', `${from}\uffff`)
      .orderBy('grant_holder_name.normalizedName')
      .limit(limit)
      .execute()
    return rows.flatMap((r) => (r.displayName ? [{ did: r.did, displayName: r.displayName }] : []))
  }

  /** Known display names of these people (grant holders only). */
  async of(dids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(dids)]
    if (unique.length === 0) return new Map()
    const rows = await this.db.db.selectFrom('grant_holder_name').select(['did', 'displayName']).where('did', 'in', unique).execute()
    return new Map(rows.flatMap((r) => (r.displayName ? [[r.did, r.displayName] as const] : [])))
  }

  /** Resolves when no name is being read or waiting to be (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.retrying.size > 0) await Promise.all([...this.inFlight.values(), ...this.retrying])
  }

  /** Stops taking work and waits for reads in progress; safe to call twice. */
  async destroy(): Promise<void> {
    this.destroyed = true
    this.queued.clear()
    await Promise.all(this.inFlight.values())
  }

  private pump(): void {
    while (!this.destroyed && this.inFlight.size < CONCURRENCY) {
      const did = [...this.queued].find((d) => !this.inFlight.has(d))
      if (!did) return
      this.queued.delete(did)
      const work = this.refresh(did)
        .catch((err) => this.logger.warn({ err, did }, 'could not read a grant holder’s display name; a later grant change will try again'))
        .finally(() => {
          this.inFlight.delete(did)
          this.pump()
        })
      this.inFlight.set(did, work)
    }
  }

  private async refresh(did: string): Promise<void> {
    if (!(await this.holdsGrant(did))) {
      // The batch that wrote the grant may not have committed yet: on Postgres this read runs on a
      // connection of its own (SQLite's one connection waited for the batch). Look again a few
      // times before taking the name away.
      const attempt = this.unseen.get(did) ?? 0
      if (attempt < UNSEEN_RETRIES && !this.destroyed) {
        this.unseen.set(did, attempt + 1)
        const retry = new Promise<void>((resolve) => setTimeout(resolve, 250 * 2 ** attempt).unref()).then(() => {
          this.retrying.delete(retry)
          if (!this.destroyed) this.grantChanged(did)
        })
        this.retrying.add(retry)
        return
      }
      this.unseen.delete(did)
      await this.db.db.deleteFrom('grant_holder_name').where('did', '=', did).execute()
      return
    }
    this.unseen.delete(did)
    await this.store(did, await fetchDisplayName(this.idResolver, this.outbound, did))
  }

  private async holdsGrant(did: string, db: Kysely<AppviewSchema> = this.db.db): Promise<boolean> {
    return !!(await db.selectFrom('likeness_grant').select('did').where('did', '=', did).executeTakeFirst())
  }

  private async store(did: string, displayName: string | null, db: Kysely<AppviewSchema> = this.db.db): Promise<void> {
    const normalized = displayName ? normalizeName(displayName) : null
    const row = {
      did,
      displayName,
      normalizedName: normalized,
      // A name too short or without letters can never name anyone (see isMatchableName).
      firstWord: normalized && isMatchableName(normalized) ? (firstNameWord(normalized) ?? null) : null,
      checkedAt: new Date().toISOString(),
    }
    await db.insertInto('grant_holder_name').values(row).onConflict((oc) => oc.column('did').doUpdateSet(row)).execute()
  }
}
