import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { FeedgenSchema } from '../db/schema'
import { admitWithinLimit, nextReset, serveWithinDailyLimit, utcDay } from './daily-limit'
import { describeEngines } from '@framewright/service-kit/testing'

const items = (...uris: string[]) => uris.map((uri) => ({ uri }))

describe('admitWithinLimit', () => {
  it.each<[string, string[], string[], number, string[], string[], boolean]>([
    ['room for the whole page', ['a', 'b'], [], 5, ['a', 'b'], ['a', 'b'], false],
    ['the page fills the day exactly', ['a', 'b', 'c'], [], 3, ['a', 'b', 'c'], ['a', 'b', 'c'], true],
    ['the page is cut at the limit', ['a', 'b', 'c'], ['x'], 3, ['a', 'b'], ['a', 'b'], true],
    ['the same page again costs nothing', ['a', 'b'], ['a', 'b'], 2, ['a', 'b'], [], true],
    ['already-seen items still show after the limit', ['a', 'z', 'b'], ['a', 'b'], 2, ['a'], [], true],
    ['nothing new once the day is used up', ['z'], ['a', 'b', 'c'], 3, [], [], true],
  ])('%s', (_name, page, served, limit, admitted, newly, reached) => {
    const result = admitWithinLimit(items(...page), new Set(served), limit)
    expect(result).toEqual({ admitted: items(...admitted), newlyServed: newly, limitReached: reached })
  })

  it('days are UTC', () => {
    expect(utcDay(new Date('2026-11-25T23:59:59.999-01:00'))).toBe('2026-11-26')
  })

  it.each([
    ['midday', '2026-11-25T12:00:00Z', '2026-11-26T00:00:00.000Z'],
    ['the last moment of a day', '2026-11-25T23:59:59.999Z', '2026-11-26T00:00:00.000Z'],
    ['midnight itself starts a new day', '2026-11-26T00:00:00Z', '2026-11-27T00:00:00.000Z'],
    ['the end of a year', '2026-12-31T18:00:00Z', '2027-01-01T00:00:00.000Z'],
  ])('the limit resets at the next UTC midnight: %s', (_name, now, reset) => {
    expect(nextReset(new Date(now))).toBe(reset)
  })
})

describeEngines('daily limit', (engine) => {
  describe('serveWithinDailyLimit', () => {
    let database: Database<FeedgenSchema>
    beforeEach(async () => {
      database = engine.open<FeedgenSchema>(migrations)
      await database.migrateToLatest()
    })
    afterEach(() => database.close())

    const now = new Date('2026-11-25T12:00:00Z')

    it('never spends the last items twice when pages are fetched at once', async () => {
      const pages = Array.from({ length: 8 }, (_, n) => items(`p${n}a`, `p${n}b`))
      const results = await Promise.all(pages.map((page) => serveWithinDailyLimit(database.db, 'did:plc:v', page, 5, now)))
      expect(results.flatMap((r) => r.admitted)).toHaveLength(5)
      const rows = await database.db.selectFrom('feed_served').select('uri').where('viewer', '=', 'did:plc:v').execute()
      expect(rows).toHaveLength(5)
    })

    it('counts durably per viewer and day, and forgets earlier days', async () => {
      const db = database.db
      await serveWithinDailyLimit(db, 'did:plc:v', items('old'), 3, new Date('2026-11-24T12:00:00Z'))
      expect(await serveWithinDailyLimit(db, 'did:plc:v', items('a', 'b'), 3, now)).toEqual({ admitted: items('a', 'b'), limitReached: false })
      // Fetching the same page twice is idempotent.
      expect(await serveWithinDailyLimit(db, 'did:plc:v', items('a', 'b'), 3, now)).toEqual({ admitted: items('a', 'b'), limitReached: false })
      expect(await serveWithinDailyLimit(db, 'did:plc:v', items('c', 'd'), 3, now)).toEqual({
        admitted: items('c'),
        limitReached: true,
        end: { reason: 'dailyLimit', servedToday: 3, dailyLimit: 3, resetsAt: '2026-11-26T00:00:00.000Z' },
      })
      // Once used up, a page of new items (another feed's) admits nothing and says why.
      expect(await serveWithinDailyLimit(db, 'did:plc:v', items('x', 'y'), 3, now)).toMatchObject({ admitted: [], end: { servedToday: 3 } })
      expect(await serveWithinDailyLimit(db, 'did:plc:other', items('d'), 3, now)).toEqual({ admitted: items('d'), limitReached: false })
      const rows = await db.selectFrom('feed_served').select(['day', 'uri']).where('viewer', '=', 'did:plc:v').orderBy('uri').execute()
      expect(rows).toEqual(['a', 'b', 'c'].map((uri) => ({ day: '2026-11-25', uri })))
    })

    it('spends as admitWithinLimit says, page after page (duplicates in a page, repeats, the limit crossed mid-page)', async () => {
      // On Postgres the spend is one statement (feed_spend); this holds it to the rule in TypeScript.
      let seed = 7
      const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) % 12
      const served = new Set<string>()
      for (let n = 0; n < 40; n++) {
        const page = items(...Array.from({ length: 1 + (next() % 5) }, () => `u${next()}`))
        const expected = admitWithinLimit(page, served, 9)
        const result = await serveWithinDailyLimit(database.db, 'did:plc:prop', page, 9, now)
        expect(result.admitted, `page ${n}: ${page.map((i) => i.uri)}`).toEqual(expected.admitted)
        expect(result.limitReached).toBe(expected.limitReached)
        for (const uri of expected.newlyServed) served.add(uri)
      }
      expect(served.size).toBe(9)
      const rows = await database.db.selectFrom('feed_served').select('uri').where('viewer', '=', 'did:plc:prop').execute()
      expect(new Set(rows.map((r) => r.uri))).toEqual(served)
    })

    it.each<[string, string[], { admitted: string[]; limitReached: boolean; servedToday?: number }]>([
      ['a page served already, below the limit', ['a', 'b'], { admitted: ['a', 'b'], limitReached: false }],
      ['part of a page served already, at the limit', ['b', 'c'], { admitted: ['b'], limitReached: true, servedToday: 3 }],
      ['a page served already, once the limit is used up', ['a', 'b'], { admitted: ['a', 'b'], limitReached: true, servedToday: 3 }],
    ])('%s: the answer is the same read-only or not', async (name, page, expected) => {
      const db = database.db
      await serveWithinDailyLimit(db, 'did:plc:v', items('a', 'b'), 3, now)
      if (!name.includes('below')) await serveWithinDailyLimit(db, 'did:plc:v', items('x'), 3, now)
      const result = await serveWithinDailyLimit(db, 'did:plc:v', items(...page), 3, now)
      expect(result.admitted).toEqual(items(...expected.admitted))
      expect(result.limitReached).toBe(expected.limitReached)
      expect(result.end).toEqual(expected.servedToday ? { reason: 'dailyLimit', servedToday: expected.servedToday, dailyLimit: 3, resetsAt: '2026-11-26T00:00:00.000Z' } : undefined)
    })
  })
})
