import { badCursor, decodeCursorParts, encodeCursorParts, isIsoTime } from '@framewright/service-kit'

/** A keyset position in the newest-first list of reports: the report's time, and its id to break ties. */
export interface ReportCursor {
  createdAt: string
  id: number
}

export function encodeReportCursor(c: ReportCursor): string {
  return encodeCursorParts([c.createdAt, c.id])
}

/** Parses a cursor we issued; anything else is a named BadCursor error, never a 500. */
export function decodeReportCursor(cursor: string): ReportCursor {
  const [createdAt = '', id = ''] = decodeCursorParts(cursor, 2, 200)
  if (!isIsoTime(createdAt) || !/^[1-9]\d{0,14}$/.test(id)) throw badCursor()
  return { createdAt, id: Number(id) }
}
