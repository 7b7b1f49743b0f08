import type { Kysely } from 'kysely'
import type { FeedgenSchema } from '../db/schema'
import { foldInteractions } from '../interactions/effect'
import { parseInstruction } from './instruction'
import { normalizeMutedTags, weightsFromBasisPoints, type Steering } from './score'
import { readViewerRows } from './viewer-read'

/** A viewer's steering and their daily limit, if their prefs record sets one. */
export interface ViewerSteering {
  steering: Steering
  dailyLimit?: number
  /** The CID of the prefs record read, if there is one. */
  prefsCid?: string
}

/**
 * Reads a viewer's indexed feed prefs, whom they follow, their interactions and what they were
 * served on `day` (four indexed lookups, in one statement).
 */
export async function loadViewerSteering(db: Kysely<FeedgenSchema>, viewer: string, day: string): Promise<ViewerSteering & { servedOnDay: Set<string> }> {
  const { prefs, follows, interactions: stored, servedOnDay } = await readViewerRows(db, viewer, day)
  const interactions = foldInteractions(stored)
  const followed = new Set(follows)
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
    servedOnDay: new Set(servedOnDay),
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
