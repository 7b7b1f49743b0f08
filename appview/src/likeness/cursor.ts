import { badCursor, decodeCursorParts, encodeCursorParts, isIsoTime } from '@framewright/service-kit'

/** A keyset position in a newest-first list of videos: the sort time, and the URI that breaks ties. */
export interface TimeCursor {
  sortAt: string
  uri: string
}

export function encodeTimeCursor(c: TimeCursor): string {
  return encodeCursorParts([c.sortAt, c.uri])
}

/** Parses a cursor we issued; anything else is a named BadCursor error, never a 500. */
export function decodeTimeCursor(cursor: string): TimeCursor {
  const [sortAt = '', uri = ''] = decodeCursorParts(cursor, 2)
  if (!isIsoTime(sortAt) || !/^at:\/\/\S+$/.test(uri)) throw badCursor()
  return { sortAt, uri }
}
