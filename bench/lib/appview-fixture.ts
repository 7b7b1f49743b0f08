/**
 * An appview database filled for benchmarks to match bench/lib/feed-fixture.ts: a video for each of
 * the N feed items (same at-uris, each with its companion post), its creator's handle, its media
 * probed, and the feed generator record that names the feed's service, so that a hydrated
 * getFeed page reads what it would in production: video rows by companion post, handles, consent,
 * remix counts and labels.
 */
import type { Kysely } from 'kysely'
import { FIXTURE_BASE_TIME, FIXTURE_CREATORS, fixtureItem } from './feed-fixture'

// The appview's schema is internal to it; the fixture writes its tables by name.
type Db = Kysely<any>

/** Inserts N videos (1,000 a statement), their creators' handles and media, and the feed's generator record. */
export async function fillAppviewVideos(db: Db, items: number, feed: { uri: string; publisher: string; serviceDid: string }, progress?: (done: number) => void): Promise<void> {
  const now = new Date().toISOString()
  await db.insertInto('feed_generator').values({ uri: feed.uri, cid: 'bafyfeedrecord', creator: feed.publisher, did: feed.serviceDid, displayName: 'Creation First', description: null, contentMode: null, acceptsInteractions: 1, indexedAt: now }).execute()
  for (let i = 0; i < FIXTURE_CREATORS; i += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, FIXTURE_CREATORS - i) }, (_, j) => ({ did: `did:plc:c${i + j}`, handle: `creator${i + j}.bench.example`, checkedAt: '2999-01-01T00:00:00.000Z' }))
    await db.insertInto('actor_handle').values(rows).execute()
  }
  const BATCH = 1_000
  for (let i = 0; i < items; i += BATCH) {
    const videos = Array.from({ length: Math.min(BATCH, items - i) }, (_, j) => {
      const item = fixtureItem(i + j)
      const createdAt = new Date(item.madeAt).toISOString()
      const blobCid = `bafkreibench${(i + j).toString(36).padStart(10, '0')}`
      const generation = { provider: 'procedural', model: 'procedural-v1', prompt: item.words.trim(), seed: i + j, sourceType: 'ai-generated' }
      const record = { $type: 'app.framewright.video.post', text: item.words.trim(), tags: [item.tags.split('|')[1]], video: { $type: 'blob', ref: { $link: blobCid }, mimeType: 'video/mp4', size: 900_000 }, aspectRatio: { width: 360, height: 640 }, durationMs: 4_000, generation, crosspost: { uri: item.post, cid: 'bafyreipost' }, createdAt }
      return {
        uri: item.uri,
        cid: 'bafyreivideo',
        creator: item.creator,
        createdAt,
        indexedAt: createdAt,
        sortAt: createdAt,
        text: record.text,
        provider: generation.provider,
        model: generation.model,
        prompt: generation.prompt,
        blobCid,
        blobMime: 'video/mp4',
        blobSize: 900_000,
        durationMs: 4_000,
        width: 360,
        height: 640,
        remixOfUri: null,
        remixOfCid: null,
        crosspostUri: item.post,
        crosspostCid: 'bafyreipost',
        record: JSON.stringify(record),
      }
    })
    await db.insertInto('video').values(videos).execute()
    await db.insertInto('video_media').values(videos.map((v) => ({ blobCid: v.blobCid, hasAudio: 0, probedAt: now }))).execute()
    progress?.(i + videos.length)
  }
}

export { FIXTURE_BASE_TIME }
