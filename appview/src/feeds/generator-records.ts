import type { Kysely } from 'kysely'
import { Database } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'

/**
 * Stores an app.bsky.feed.generator record, whether it came from the firehose or was fetched
 * from a publisher's PDS for a feed nobody here had indexed. Returns false (storing nothing) for a
 * record without a service DID or a display name. Writes through `target` (the ingestion batch's
 * transaction, when it comes from the firehose).
 */
export async function upsertGeneratorRecord(
  target: Database<AppviewSchema> | Kysely<AppviewSchema>,
  ref: { uri: string; cid: string; creator: string },
  record: unknown,
): Promise<boolean> {
  const rec = (record ?? {}) as Record<string, unknown>
  if (typeof rec.did !== 'string' || !rec.did.startsWith('did:') || typeof rec.displayName !== 'string') return false
  const row = {
    ...ref,
    did: rec.did,
    displayName: rec.displayName.slice(0, 640),
    description: typeof rec.description === 'string' ? rec.description.slice(0, 3000) : null,
    contentMode: typeof rec.contentMode === 'string' ? rec.contentMode : null,
    acceptsInteractions: rec.acceptsInteractions === true ? 1 : 0,
    indexedAt: new Date().toISOString(),
  }
  const db = target instanceof Database ? target.db : target
  await db.insertInto('feed_generator').values(row).onConflict((oc) => oc.column('uri').doUpdateSet(row)).execute()
  return true
}
