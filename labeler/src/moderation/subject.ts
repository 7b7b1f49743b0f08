import { InvalidRequestError } from '@atproto/xrpc-server'

/** A subject a moderator labels: a record (at-uri with a DID authority) or an account (DID). */
export type ModerationSubject = { type: 'record'; uri: string; cid?: string } | { type: 'account'; uri: string }

const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/
const RECORD_URI = /^at:\/\/(did:[a-z]+:[a-zA-Z0-9._:%-]+)\/([a-zA-Z][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)+)\/([a-zA-Z0-9._:~-]{1,512})$/

/** Checks a subject; labels must name records by DID (a handle can move), else InvalidSubject. */
export function parseSubject(subject: { uri: string; cid?: string }): ModerationSubject {
  const { uri, cid } = subject
  if (DID.test(uri)) {
    if (cid) throw new InvalidRequestError('an account subject has no cid', 'InvalidSubject')
    return { type: 'account', uri }
  }
  if (RECORD_URI.test(uri)) return cid ? { type: 'record', uri, cid } : { type: 'record', uri }
  throw new InvalidRequestError(`not a record at-uri with a DID authority, nor a DID: ${uri}`, 'InvalidSubject')
}
