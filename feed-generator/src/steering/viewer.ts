import type { Kysely } from 'kysely'
import { preparedQuery } from '@framewright/service-kit'
import type { FeedgenSchema } from '../db/schema'
import { loadViewerInteractions } from '../interactions/store'
import { parseInstruction } from './instruction'
import { normalizeMutedTags, weightsFromBasisPoints, type Steering } from './score'

/** A viewer's steering and their daily limit, if their prefs record sets one. */
export interface ViewerSteering {
  steering: Steering
  dailyLimit?: number
  /** The CID of the prefs record read, if there is one. */
  prefsCid?: string
}

// Prepared: every steered page reads these.
const prefsOf = preparedQuery((db: Kysely<FeedgenSchema>, viewer: string) => db.selectFrom('feed_prefs').selectAll().where('did', '=', viewer))
const followsOf = preparedQuery((db: Kysely<FeedgenSchema>, viewer: string) => db.selectFrom('follow').select('subject').where('creator', '=', viewer))

/** Reads a viewer's indexed feed prefs, whom they follow and their interactions (three indexed lookups). */
export async function loadViewerSteering(db: Kysely<FeedgenSchema>, viewer: string): Promise<ViewerSteering> {
  const [[prefs], follows, interactions] = await Promise.all([prefsOf(db, viewer), followsOf(db, viewer), loadViewerInteractions(db, viewer)])
  const followed = new Set(follows.map((f) => f.subject))
  return {
    steering: {
      weights: weightsFromBasisPoints({
        remixes: prefs?.weightRemixes,
        newCreators: prefs?.weightNewCreators,
        following: prefs?.weightFollowing,
        freshness: prefs?.weightFreshness,
      }),
      instruction: parseInstruction(prefs?.instruction),
      mutedTags: normalizeMutedTags(parseTags(prefs?.mutedTags)),
      follows: followed,
      interactions,
    },
    dailyLimit: prefs?.dailyLimit ?? undefined,
    prefsCid: prefs?.cid,
  }
}

function parseTags(json: string | undefined): string[] {
  if (!json) return []
  try {
    const value = JSON.parse(json)
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}
