import { describe, expect, it } from 'vitest'
import { BONUS, creationFirstRank, type RankFacts } from './creation-first'

const base: RankFacts = { sortAtMs: 1_700_000_000_000, isRemix: false, earlierVideosByCreator: 10, remixCount: 0 }

describe('creationFirstRank', () => {
  it.each<[string, Partial<RankFacts>, number, string]>([
    ['plain video ranks by time', {}, 0, 'Recent.'],
    ['a remix gets the remix bonus', { isRemix: true }, BONUS.remix, 'Recent, a remix.'],
    ['a new creator gets a bonus', { earlierVideosByCreator: 0 }, BONUS.newCreator, 'Recent, from a new creator.'],
    ['being remixed is rewarded', { remixCount: 2 }, 2 * BONUS.perRemixReceived, 'Recent, remixed 2 times.'],
    ['remix rewards are capped', { remixCount: 50 }, BONUS.maxRemixesRewarded * BONUS.perRemixReceived, 'Recent, remixed 50 times.'],
  ])('%s', (_name, facts, bonus, context) => {
    expect(creationFirstRank({ ...base, ...facts })).toEqual({ rank: base.sortAtMs + bonus, context })
  })

  it('a remix by a new creator outranks a plain video made hours later', () => {
    const remix = creationFirstRank({ ...base, isRemix: true, earlierVideosByCreator: 0 })
    const later = creationFirstRank({ ...base, sortAtMs: base.sortAtMs + 8 * 3_600_000 })
    expect(remix.rank).toBeGreaterThan(later.rank)
  })
})
