import { InvalidRequestError } from '@atproto/xrpc-server'

/**
 * A keyset position: the sort key (a rank, or a viewer's steered score), the URI that breaks ties
 * between equal keys, and how many items came before it (so an anonymous feed can end at a depth).
 */
export interface KeysetCursor {
  rank: number
  uri: string
  depth?: number
}

/** Opaque to clients: base64url of "rank::uri", or "rank::depth::uri" when the depth is known. */
export function encodeCursor(c: KeysetCursor): string {
  const text = c.depth === undefined ? `${c.rank}::${c.uri}` : `${c.rank}::${c.depth}::${c.uri}`
  return Buffer.from(text, 'utf8').toString('base64url')
}

/** Parses a cursor we issued; anything else is a named BadCursor error, never a 500. */
export function decodeCursor(cursor: string): KeysetCursor {
  const bad = () => new InvalidRequestError('malformed cursor: use the cursor from the previous page', 'BadCursor')
  if (cursor.length > 2_000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad()
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const sep = text.indexOf('::')
  if (sep < 0) throw bad()
  const rankText = text.slice(0, sep)
  let rest = text.slice(sep + 2)
  let depth: number | undefined
  // A URI starts with "at://", so a leading "<digits>::" can only be a depth.
  const withDepth = /^(\d{1,7})::(.*)$/s.exec(rest)
  if (withDepth) {
    depth = Number(withDepth[1])
    rest = withDepth[2]!
  }
  if (!/^-?\d{1,16}$/.test(rankText) || !rest.startsWith('at://')) throw bad()
  return depth === undefined ? { rank: Number(rankText), uri: rest } : { rank: Number(rankText), uri: rest, depth }
}
