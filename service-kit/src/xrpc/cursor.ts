import { InvalidRequestError } from '@atproto/xrpc-server'

/**
 * Opaque keyset cursors, shared by every paged method: the parts of a position (a sort key, the
 * value that breaks ties, …) joined with "::" and base64url-encoded. Each method keeps its own
 * typed wrapper that checks what the parts mean; this module owns the encoding and the one error a
 * client sees for a cursor we did not issue.
 */

/** The error for any cursor we did not issue: named, a 400, never a 500. */
export function badCursor(): InvalidRequestError {
  return new InvalidRequestError('malformed cursor: use the cursor from the previous page', 'BadCursor')
}

export function encodeCursorParts(parts: (string | number)[]): string {
  return Buffer.from(parts.join('::'), 'utf8').toString('base64url')
}

/**
 * Splits a cursor into exactly `count` parts; the last part keeps any "::" it contains (URIs may).
 * Throws BadCursor for anything that is not base64url of that shape.
 */
export function decodeCursorParts(cursor: string, count: number, maxLength = 2_000): string[] {
  if (cursor.length === 0 || cursor.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor()
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const parts: string[] = []
  let rest = text
  for (let i = 0; i < count - 1; i++) {
    const sep = rest.indexOf('::')
    if (sep < 0) throw badCursor()
    parts.push(rest.slice(0, sep))
    rest = rest.slice(sep + 2)
  }
  parts.push(rest)
  return parts
}

// Times in our cursors are always written by toISOString(); anything else was not issued by us.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** Whether a cursor part is a time as toISOString() writes it. */
export function isIsoTime(value: string): boolean {
  if (!ISO_UTC.test(value)) return false
  // Date.parse rolls a 31 June or an hour 24 over into the next day; toISOString never writes those.
  const ms = Date.parse(value)
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value
}
