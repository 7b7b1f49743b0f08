/**
 * How fast the creation-first feed pages: fills a feed generator database with N ranked items,
 * then times getFeedSkeleton pages (the algorithm, without HTTP) from random cursors — for
 * anonymous viewers (the index-only path, which ends at the anonymous depth) and for signed-in
 * viewers with steering (a window of top items re-scored per page, and the daily limit recorded).
 * Usage: npx tsx bench/feed-skeleton.ts [items=200000] [pages=3000] [steeredPages=300]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppContext, algos, envToConfig, readEnv } from '@framewright/feed-generator'
import { createLogger } from '@framewright/service-kit'
import { CompiledQuery } from 'kysely'
import { FIXTURE_BASE_TIME, addSteeringViewers, fillFeedItems } from './lib/feed-fixture'

const items = Number(process.argv[2] ?? 200_000)
const pages = Number(process.argv[3] ?? 3_000)
const steeredPages = Number(process.argv[4] ?? 300)
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-'))
const ctx = AppContext.fromConfig(
  envToConfig(readEnv({ FRAMEWRIGHT_FEEDGEN_DB: join(dir, 'bench.sqlite'), FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:bench' })),
  { logger: createLogger({ level: 'warn' }) },
)
await ctx.db.migrateToLatest()

let t = performance.now()
const base = FIXTURE_BASE_TIME
await fillFeedItems(ctx.db.db, items)
console.log(`filled ${items} items in ${((performance.now() - t) / 1000).toFixed(1)} s`)

const algo = algos['creation-first']!
// Collect real cursors at various depths by walking the feed with big pages.
const cursors: (string | undefined)[] = [undefined]
let cursor: string | undefined
do {
  const page = await algo.page(ctx, { limit: 100, cursor })
  cursor = page.cursor
  if (cursor) cursors.push(cursor)
} while (cursor)

/** Times `n` pages and prints pages/s and percentiles. */
async function time(label: string, n: number, page: (i: number) => Promise<{ feed: unknown[] }>) {
  const times: number[] = []
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const start = performance.now()
    const result = await page(i)
    times.push(performance.now() - start)
    if (result.feed.length === 0 && i === 0) throw new Error('empty page')
  }
  const total = performance.now() - t0
  times.sort((a, b) => a - b)
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(3)
  console.log(`${label}: ${(n / (total / 1000)).toFixed(0)} pages/s, p50 ${pct(50)} ms, p99 ${pct(99)} ms`)
}

await time(`anonymous: page of 30 at random depth (≤ ${ctx.cfg.anonymousDepth}) over ${items} items`, pages, () =>
  algo.page(ctx, { limit: 30, cursor: cursors[Math.floor(Math.random() * cursors.length)] }),
)

// Signed-in viewers who steer: an instruction, a muted tag, a few follows, and room in their day.
const viewers = Array.from({ length: 20 }, (_, i) => `did:plc:viewer${i}`)
await addSteeringViewers(ctx.db.db, viewers)
const steeredCursors: (string | undefined)[] = [undefined]
cursor = undefined
do {
  const page = await algo.page(ctx, { viewer: 'did:plc:walker', limit: 30, cursor })
  cursor = page.cursor
  if (cursor) steeredCursors.push(cursor)
} while (cursor)
await time(
  `steered: page of 30 at random depth, window ${ctx.cfg.steeringWindow} of ${items} items re-scored per page`,
  steeredPages,
  (i) => algo.page(ctx, { viewer: viewers[i % viewers.length]!, limit: 30, cursor: steeredCursors[Math.floor(Math.random() * steeredCursors.length)] }),
)
const query = ctx.db.db
  .selectFrom('feed_item')
  .select(['uri', 'post', 'rank', 'context'])
  .where('consented', '=', 1)
  .where((eb) => eb(eb.refTuple('rank', 'uri'), '<', eb.tuple(base + 1e9, 'at://z')))
  .orderBy('rank', 'desc')
  .orderBy('uri', 'desc')
  .limit(30)
  .compile()
const plan = await ctx.db.db.executeQuery(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]))
console.log('query plan:', plan.rows.map((r) => (r as { detail?: string }).detail).join(' | '))
await ctx.db.close()
rmSync(dir, { recursive: true, force: true })
