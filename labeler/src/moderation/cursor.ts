import { InvalidRequestError } from '@atproto/xrpc-server'

/** A keyset position in the newest-first list of reports: the report's time, and its id to break ties. */
export interface ReportCursor {
  createdAt: string
  id: number
}

// createdAt is always written by toISOString(), so anything else was not issued by us.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** Opaque to clients: base64url of "createdAt::id". */
export function encodeReportCursor(c: ReportCursor): string {
  return Buffer.from(`${c.createdAt}::${c.id}`, 'utf8').toString('base64url')
}

/** Parses a cursor we issued; anything else is a named BadCursor error, never a 500. */
export function decodeReportCursor(cursor: string): ReportCursor {
  const bad = () => new InvalidRequestError('malformed cursor: use the cursor from the previous page', 'BadCursor')
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad()
  const [createdAt = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('::')
  if (rest.length > 0 || !ISO_UTC.test(createdAt) || Number.isNaN(Date.parse(createdAt)) || !/^[1-9]\d{0,14}$/.test(id)) throw bad()
  return { createdAt, id: Number(id) }
}
