/**
 * Creation-first ranking: newer is higher, and making things is rewarded — remixing someone's
 * video, being a new creator, and having made something others remix. Nothing here reads watch time.
 */

const HOUR = 3_600_000

/** What the rank of one video is computed from. */
export interface RankFacts {
  /** When the video was made (min of its claimed and indexed time), ms since epoch. */
  sortAtMs: number
  isRemix: boolean
  /** How many videos this creator made before this one. */
  earlierVideosByCreator: number
  /** How many videos remix this one. */
  remixCount: number
}

export const BONUS = {
  remix: 6 * HOUR,
  newCreator: 3 * HOUR,
  perRemixReceived: 1 * HOUR,
  /** Only in a signed-in viewer's steered feed: a video by someone they follow. */
  following: 4 * HOUR,
  maxRemixesRewarded: 6,
  /** A creator's first videos count as "new creator" ones. */
  newCreatorVideos: 3,
}

/** The rank (ms-scaled integer) and a sentence saying why, for feedContext. */
export function creationFirstRank(f: RankFacts): { rank: number; context: string } {
  let rank = f.sortAtMs
  const why: string[] = []
  if (f.isRemix) {
    rank += BONUS.remix
    why.push('a remix')
  }
  if (f.earlierVideosByCreator < BONUS.newCreatorVideos) {
    rank += BONUS.newCreator
    why.push('from a new creator')
  }
  const rewarded = Math.min(f.remixCount, BONUS.maxRemixesRewarded)
  if (rewarded > 0) {
    rank += rewarded * BONUS.perRemixReceived
    why.push(`remixed ${f.remixCount} time${f.remixCount === 1 ? '' : 's'}`)
  }
  const context = why.length > 0 ? `Recent, ${why.join(', ')}.` : 'Recent.'
  return { rank: Math.round(rank), context }
}
