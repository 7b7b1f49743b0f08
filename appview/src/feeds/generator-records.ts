import type { Kysely } from 'kysely'
import { BSKY_RECORDS, validateBskyRecord, type BskyRecordTypes } from '@framewright/lexicons'
import { Database } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'

/**
 * Stores an app.bsky.feed.generator record, whether it came from the firehose or was fetched
 * from a publisher's PDS for a feed nobody here had indexed. Returns false (storing nothing) for a
 * record that is not valid by its lexicon (no service DID, no display name, too long a description…). Writes through `target` (the ingestion batch's
 * transaction, when it comes from the firehose).
 */
export async function upsertGeneratorRecord(
  target: Database<AppviewSchema> | Kysely<AppviewSchema>,
  ref: { uri: string; cid: string; creator: string },
  record: unknown,
): Promise<boolean> {
  let rec: BskyRecordTypes['app.bsky.feed.generator']
  try {
    rec = validateBskyRecord(BSKY_RECORDS.generator, record)
  } catch {
    return false
  }
  const row = {
    ...ref,
    did: rec.did,
    displayName: rec.displayName,
    description: rec.description ?? null,
    contentMode: rec.contentMode ?? null,
    acceptsInteractions: rec.acceptsInteractions === true ? 1 : 0,
    indexedAt: new Date().toISOString(),
  }
  const db = target instanceof Database ? target.db : target
  await db.insertInto('feed_generator').values(row).onConflict((oc) => oc.column('uri').doUpdateSet(row)).execute()
  return true
}
