import { InvalidRequestError } from '@atproto/xrpc-server'

/** A keyset position: the sort key and the URI that breaks ties between equal keys. */
export interface KeysetCursor {
  rank: number
  uri: string
}

/** Opaque to clients: base64url of "rank::uri". */
export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(`${c.rank}::${c.uri}`, 'utf8').toString('base64url')
}

/** Parses a cursor we issued; anything else is a named BadCursor error, never a 500. */
export function decodeCursor(cursor: string): KeysetCursor {
  const bad = () => new InvalidRequestError('malformed cursor: use the cursor from the previous page', 'BadCursor')
  if (cursor.length > 2_000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad()
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const sep = text.indexOf('::')
  if (sep < 0) throw bad()
  const rankText = text.slice(0, sep)
  const uri = text.slice(sep + 2)
  if (!/^-?\d{1,16}$/.test(rankText) || !uri.startsWith('at://')) throw bad()
  return { rank: Number(rankText), uri }
}
