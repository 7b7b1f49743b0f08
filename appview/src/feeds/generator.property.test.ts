import { XRPCError } from '@atproto/xrpc-server'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FEED_END_HEADER, parseFeedEnd, VIEWER_PREFS_HEADER, type FeedEnd } from '@framewright/service-kit'
import { fetchSkeleton, type ResolvedFeed } from './generator'
import type { SkeletonClient, SkeletonResponse } from './skeleton-client'

const runs = { numRuns: 200 }
const feed: ResolvedFeed = { uri: 'at://did:plc:gen/app.bsky.feed.generator/fresh', did: 'did:web:gen.example', endpoint: 'https://gen.example' }

/** A generator that answers whatever the property hands it. */
const answering = (res: SkeletonResponse) => ({ get: async () => res }) as unknown as SkeletonClient

const atUri = fc.tuple(fc.stringMatching(/^did:plc:[a-z2-7]{24}$/), fc.stringMatching(/^[a-z0-9]{13}$/)).map(([d, r]) => `at://${d}/app.bsky.feed.post/${r}`)
const feedEnd: fc.Arbitrary<FeedEnd> = fc.oneof(
  fc.constant({ reason: 'authRequired' as const }),
  fc.record({
    reason: fc.constant('dailyLimit' as const),
    servedToday: fc.integer({ min: 0, max: 1_000_000 }),
    dailyLimit: fc.integer({ min: 0, max: 1_000_000 }),
    resetsAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  }),
)
/** A feed-end header as an untrusted generator may send it. */
const endHeader = fc.oneof(
  feedEnd.map((e) => JSON.stringify(e)),
  fc.record({ reason: fc.constantFrom('dailyLimit', 'authRequired', 'other'), servedToday: fc.jsonValue(), dailyLimit: fc.jsonValue(), resetsAt: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string(),
)
const item = fc.oneof(fc.record({ post: atUri, feedContext: fc.option(fc.string({ maxLength: 3_000 }), { nil: undefined }) }, { requiredKeys: ['post'] }), fc.record({ post: fc.jsonValue(), feedContext: fc.jsonValue() }), fc.jsonValue())
const body = fc.oneof(
  fc.record({ feed: fc.array(item, { maxLength: 40 }), cursor: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: ['feed'] }),
  fc.record({ error: fc.oneof(fc.constantFrom('BadCursor', 'UnknownFeed'), fc.string(), fc.jsonValue()), message: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: ['error'] }),
  fc.jsonValue(),
)
const response: fc.Arbitrary<SkeletonResponse> = fc.record({
  status: fc.oneof(fc.constantFrom(200, 400, 401, 404, 429, 500, 502), fc.integer({ min: 100, max: 599 })),
  headers: fc.record({ [FEED_END_HEADER]: fc.oneof(endHeader, fc.array(endHeader, { maxLength: 2 })), [VIEWER_PREFS_HEADER]: fc.string() }, { requiredKeys: [] }),
  body,
})

describe('feed generator answers (properties)', () => {
  it('feed-end headers round-trip, and any other header is a sane FeedEnd or nothing', () => {
    fc.assert(
      fc.property(feedEnd, (end) => {
        expect(parseFeedEnd(JSON.stringify(end))).toEqual(end)
      }),
      runs,
    )
    fc.assert(
      fc.property(endHeader, (header) => {
        const end = parseFeedEnd(header)
        if (end?.reason === 'dailyLimit') {
          for (const n of [end.servedToday, end.dailyLimit]) expect(Number.isInteger(n) && n >= 0 && n <= 1_000_000).toBe(true)
          expect(new Date(end.resetsAt).toISOString()).toBe(end.resetsAt)
        }
      }),
      runs,
    )
  })

  it('any answer is a skeleton within the asked limit, or a named XRPC error', async () => {
    await fc.assert(
      fc.asyncProperty(response, fc.integer({ min: 1, max: 30 }), fc.option(fc.string({ minLength: 1 }), { nil: undefined }), async (res, limit, cursor) => {
        let page
        try {
          page = await fetchSkeleton(answering(res), feed, { limit, cursor }, undefined)
        } catch (err) {
          expect(err).toBeInstanceOf(XRPCError)
          expect(typeof (err as XRPCError).error).toBe('string')
          return
        }
        expect(page.feed.length).toBeLessThanOrEqual(limit)
        for (const i of page.feed) {
          expect(i.post.startsWith('at://')).toBe(true)
          if (i.feedContext !== undefined) expect(i.feedContext.length).toBeLessThanOrEqual(2_000)
        }
        if (page.cursor !== undefined) {
          expect(typeof page.cursor).toBe('string')
          expect(page.cursor).not.toBe('')
          expect(page.cursor).not.toBe(cursor)
          expect(page.end).toBeUndefined()
        }
      }),
      // Found by a run of this property in CI: an empty cursor, with a feed-end header.
      { ...runs, examples: [[{ status: 200, headers: { [FEED_END_HEADER]: '{"reason":"authRequired"}' }, body: { feed: [], cursor: '' } }, 1, undefined]] },
    )
  })
})
