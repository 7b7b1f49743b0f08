import type { Agent } from '@atproto/api'
import { ids, validateRecord, type FeedPrefs } from '@framewright/lexicons'

const PREFS_RKEY = 'self'

/** The viewer's own feed prefs, straight from their PDS; undefined when they have none. */
export async function loadPrefs(agent: Agent): Promise<FeedPrefs.Record | undefined> {
  try {
    const { data } = await agent.com.atproto.repo.getRecord({ repo: agent.assertDid, collection: ids.AppFramewrightFeedPrefs, rkey: PREFS_RKEY })
    return validateRecord(ids.AppFramewrightFeedPrefs, data.value)
  } catch (err) {
    if ((err as { error?: unknown }).error === 'RecordNotFound') return undefined
    throw err
  }
}

/** Writes (or replaces) the prefs in the viewer's own repository, where any feed generator can read them. */
export async function savePrefs(agent: Agent, prefs: FeedPrefs.Record): Promise<string> {
  const record = validateRecord(ids.AppFramewrightFeedPrefs, prefs)
  const res = await agent.com.atproto.repo.putRecord({ repo: agent.assertDid, collection: ids.AppFramewrightFeedPrefs, rkey: PREFS_RKEY, record })
  return res.data.cid
}
