import { badCursor, decodeCursorParts, encodeCursorParts } from '@framewright/service-kit'

/**
 * A keyset position: the sort key (a rank, or a viewer's steered score), the URI that breaks ties
 * between equal keys, and how many items came before it (so an anonymous feed can end at a depth).
 */
export interface KeysetCursor {
  rank: number
  uri: string
  depth?: number
}

/** Opaque to clients: "rank::uri", or "rank::depth::uri" when the depth is known (service-kit encodes). */
export function encodeCursor(c: KeysetCursor): string {
  return encodeCursorParts(c.depth === undefined ? [c.rank, c.uri] : [c.rank, c.depth, c.uri])
}

/** Parses a cursor we issued; anything else is a named BadCursor error, never a 500. */
export function decodeCursor(cursor: string): KeysetCursor {
  const [rankText = '', afterRank = ''] = decodeCursorParts(cursor, 2)
  let rest = afterRank
  let depth: number | undefined
  // A URI starts with "at://", so a leading "<digits>::" can only be a depth.
  const withDepth = /^(\d{1,7})::(.*)$/s.exec(rest)
  if (withDepth) {
    depth = Number(withDepth[1])
    rest = withDepth[2]!
  }
  // Sixteen digits can name a rank past 2^53, which no number holds exactly: we never issue one.
  // "-0" is the rank 0 (we issue "0"): as -0 it would be a position no cursor of ours names.
  const rank = Number(rankText) === 0 ? 0 : Number(rankText)
  if (!/^-?\d{1,16}$/.test(rankText) || !Number.isSafeInteger(rank) || !rest.startsWith('at://')) throw badCursor()
  return depth === undefined ? { rank, uri: rest } : { rank, uri: rest, depth }
}
