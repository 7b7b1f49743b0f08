/**
 * A feed generator database filled for benchmarks: N ranked feed items from 5,000 creators over a
 * few topics (many equal ranks on purpose, so cursor tiebreakers are exercised), and signed-in
 * viewers who steer (an instruction, a muted tag, follows, room in their day).
 */
import type { Kysely } from 'kysely'

const TOPICS = ['animation', 'politics', 'cats', 'ocean', 'horror', 'origami', 'jazz', 'sunset']
export const FIXTURE_BASE_TIME = Date.parse('2026-01-01T00:00:00Z')

// The feed generator's schema is internal to it; the fixture writes its two tables by name.
type Db = Kysely<any>

/** How many creators the fixture's videos spread over (did:plc:c0 … did:plc:c4999). */
export const FIXTURE_CREATORS = 5_000

/** Feed item n of the fixture; the appview fixture makes the video behind it from the same values. */
export function fixtureItem(n: number) {
  const creator = `did:plc:c${n % FIXTURE_CREATORS}`
  const key = n.toString(36).padStart(8, '0')
  return {
    uri: `at://${creator}/app.framewright.video.post/${key}`,
    post: `at://${creator}/app.bsky.feed.post/${key}`,
    creator,
    rank: FIXTURE_BASE_TIME + Math.floor(n / 3) * 1000,
    madeAt: FIXTURE_BASE_TIME + n * 1000,
    consented: n % 20 === 0 ? 0 : 1,
    context: 'Recent.',
    isRemix: n % 7 === 0 ? 1 : 0,
    newCreator: n < 15_000 ? 1 : 0,
    remixCount: n % 11 === 0 ? 2 : 0,
    tags: `|${TOPICS[n % TOPICS.length]}|`,
    words: ` ${TOPICS[n % TOPICS.length]} ${TOPICS[(n >> 3) % TOPICS.length]} a paper boat sailing through cloud `,
  }
}

/** Inserts `items` feed items, 1,000 a statement, calling `progress` after each statement. */
export async function fillFeedItems(db: Db, items: number, progress?: (done: number) => void): Promise<void> {
  const BATCH = 1_000
  for (let i = 0; i < items; i += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, items - i) }, (_, j) => fixtureItem(i + j))
    await db.insertInto('feed_item').values(rows).execute()
    progress?.(i + rows.length)
  }
}

/** Gives each viewer steering prefs and 50 follows, so their pages take the steered path. */
export async function addSteeringViewers(db: Db, viewers: string[], dailyLimit = 1000): Promise<void> {
  const now = new Date().toISOString()
  for (const did of viewers) {
    await db
      .insertInto('feed_prefs')
      .values({
        did,
        uri: `at://${did}/app.framewright.feed.prefs/self`,
        cid: 'bafyprefs',
        instruction: 'more animation and origami, less politics, no horror',
        weightRemixes: 8000,
        weightNewCreators: null,
        weightFollowing: null,
        weightFreshness: 6000,
        dailyLimit,
        breakReminderMinutes: null,
        mutedTags: JSON.stringify(['Cats']),
        createdAt: now,
        indexedAt: now,
      })
      .execute()
    await db
      .insertInto('follow')
      .values(Array.from({ length: 50 }, (_, k) => ({ uri: `at://${did}/app.bsky.graph.follow/${k}`, creator: did, subject: `did:plc:c${k * 7}`, createdAt: now })))
      .execute()
  }
}
