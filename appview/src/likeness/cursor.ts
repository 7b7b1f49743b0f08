import { InvalidRequestError } from '@atproto/xrpc-server'

/** A keyset position in a newest-first list of videos: the sort time, and the URI that breaks ties. */
export interface TimeCursor {
  sortAt: string
  uri: string
}

// sortAt is always written by toISOString(), so anything else was not issued by us.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** Opaque to clients: base64url of "sortAt::uri". */
export function encodeTimeCursor(c: TimeCursor): string {
  return Buffer.from(`${c.sortAt}::${c.uri}`, 'utf8').toString('base64url')
}

/** Parses a cursor we issued; anything else is a named BadCursor error, never a 500. */
export function decodeTimeCursor(cursor: string): TimeCursor {
  const bad = () => new InvalidRequestError('malformed cursor: use the cursor from the previous page', 'BadCursor')
  if (cursor.length > 2_000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad()
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const sep = text.indexOf('::')
  if (sep < 0) throw bad()
  const sortAt = text.slice(0, sep)
  const uri = text.slice(sep + 2)
  if (!ISO_UTC.test(sortAt) || Number.isNaN(Date.parse(sortAt)) || !/^at:\/\/\S+$/.test(uri)) throw bad()
  return { sortAt, uri }
}
