import { resolveDidDoc, verifiedHandle, type Database, type IdentityConfig, type IdResolver, type Logger } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'

const FRESH_MS = 60 * 60_000

/** A cached handle as the actor_handle table holds it. */
export interface CachedHandle {
  handle: string
  checkedAt: string
}

/**
 * Handles for DIDs, verified both ways (DID document → handle → DID) and cached in the database.
 * Identity events from the firehose drop the cached entry, so a changed handle shows at once.
 */
export class ActorHydrator {
  constructor(
    private readonly db: Database<AppviewSchema>,
    private readonly idResolver: IdResolver,
    private readonly identity: IdentityConfig,
    private readonly logger: Logger,
  ) {}

  /**
   * Verified handle of each DID ('handle.invalid' when it does not verify). `read` holds the cached
   * entries a caller already read with other rows (a video's creator's, joined to the video), by DID,
   * undefined where there is none: those are not read again.
   */
  async handles(dids: string[], read: ReadonlyMap<string, CachedHandle | undefined> = new Map()): Promise<Map<string, string>> {
    const unique = [...new Set(dids)]
    const result = new Map<string, string>()
    if (unique.length === 0) return result
    const unread = unique.filter((did) => !read.has(did))
    const cached = unread.length === 0 ? [] : await this.db.db.selectFrom('actor_handle').selectAll().where('did', 'in', unread).execute()
    for (const did of unique) {
      const row = read.get(did)
      if (row) cached.push({ did, ...row })
    }
    const freshAfter = Date.now() - FRESH_MS
    for (const row of cached) if (Date.parse(row.checkedAt) > freshAfter) result.set(row.did, row.handle)
    const missing = unique.filter((did) => !result.has(did))
    await Promise.all(
      missing.map(async (did) => {
        const handle = await this.resolve(did)
        result.set(did, handle)
        const row = { did, handle, checkedAt: new Date().toISOString() }
        await this.db.db.insertInto('actor_handle').values(row).onConflict((oc) => oc.column('did').doUpdateSet(row)).execute()
      }),
    )
    return result
  }

  private async resolve(did: string): Promise<string> {
    try {
      const doc = await resolveDidDoc(this.idResolver, did)
      return await verifiedHandle(this.idResolver, this.identity, doc)
    } catch (err) {
      this.logger.warn({ err, did }, 'could not resolve handle')
      return 'handle.invalid'
    }
  }
}
