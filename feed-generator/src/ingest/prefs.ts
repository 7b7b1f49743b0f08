import type { Kysely } from 'kysely'
import { FRAMEWRIGHT_RECORDS, InvalidRecordError, validateRecord } from '@framewright/lexicons'
import { UnprocessableEventError, type FirehoseEvent } from '@framewright/service-kit'
import type { FeedgenSchema } from '../db/schema'

/** A feed.prefs record that is not one: logged under this name and skipped, never retried. */
export class InvalidPrefsRecord extends UnprocessableEventError {
  override name = 'InvalidPrefsRecord'
}

/**
 * Indexes viewers' app.framewright.feed.prefs records (rkey `self`): a create or update replaces
 * the row, a delete removes it. Keyed by the viewer's DID, so a replayed event leaves the same
 * state. A record that fails validation removes the row too — the repo no longer holds valid
 * prefs — and is reported as unprocessable, as the video graph does with its records.
 */
export async function indexFeedPrefs(db: Kysely<FeedgenSchema>, evt: FirehoseEvent): Promise<void> {
  if (evt.event !== 'create' && evt.event !== 'update' && evt.event !== 'delete') return
  if (evt.collection !== FRAMEWRIGHT_RECORDS.feedPrefs) return
  const uri = evt.uri.toString()
  if (evt.rkey !== 'self') throw new InvalidPrefsRecord(`InvalidPrefsRecord: feed prefs at ${uri}: rkey must be "self"`)
  if (evt.event === 'delete') {
    await db.deleteFrom('feed_prefs').where('did', '=', evt.did).execute()
    return
  }
  let prefs
  try {
    prefs = validateRecord(FRAMEWRIGHT_RECORDS.feedPrefs, evt.record)
  } catch (err) {
    if (!(err instanceof InvalidRecordError)) throw err
    await db.deleteFrom('feed_prefs').where('did', '=', evt.did).execute()
    throw new InvalidPrefsRecord(`InvalidPrefsRecord: ${err.message}`)
  }
  const row = {
    did: evt.did,
    uri,
    cid: evt.cid.toString(),
    instruction: prefs.instruction ?? null,
    weightRemixes: prefs.weights?.remixes ?? null,
    weightNewCreators: prefs.weights?.newCreators ?? null,
    weightFollowing: prefs.weights?.following ?? null,
    weightFreshness: prefs.weights?.freshness ?? null,
    dailyLimit: prefs.dailyLimit ?? null,
    breakReminderMinutes: prefs.breakReminderMinutes ?? null,
    mutedTags: JSON.stringify(prefs.mutedTags ?? []),
    createdAt: prefs.createdAt,
    indexedAt: new Date().toISOString(),
  }
  await db.insertInto('feed_prefs').values(row).onConflict((oc) => oc.column('did').doUpdateSet(row)).execute()
}
