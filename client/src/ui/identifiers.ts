/** A typed handle or DID that cannot name anyone: said before any look-up is made. */
export class MalformedHandleError extends Error {
  override name = 'MalformedHandleError'
}

const HANDLE_MAX = 253
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/

/**
 * Checks the syntax of a typed handle (`@alice.example.com`, `alice.test`) or DID, and returns it
 * normalised (no @, lower-case handle); throws MalformedHandleError with a sentence saying what is
 * wrong. A PDS answers resolveHandle for a malformed handle with a 500, so nothing that fails here
 * may be sent to one.
 */
export function checkIdentifier(typed: string): string {
  const trimmed = typed.trim().replace(/^@/, '')
  if (!trimmed) throw new MalformedHandleError('Type a handle, such as alice.bsky.social.')
  if (trimmed.startsWith('did:')) {
    if (!DID.test(trimmed) || trimmed.length > 2048) throw new MalformedHandleError(`"${trimmed}" is not a DID (did:plc:… or did:web:…).`)
    return trimmed
  }
  const handle = trimmed.toLowerCase()
  const what = `"${trimmed}" is not a handle`
  if (/\s/.test(handle)) throw new MalformedHandleError(`${what}: handles have no spaces.`)
  if (handle.length > HANDLE_MAX) throw new MalformedHandleError(`${what}: it is longer than ${HANDLE_MAX} characters.`)
  const labels = handle.split('.')
  if (labels.length < 2) throw new MalformedHandleError(`${what}: a handle has a dot, like alice.bsky.social.`)
  if (labels.some((l) => !LABEL.test(l))) {
    throw new MalformedHandleError(`${what}: use only letters, digits and hyphens between the dots (no hyphen at either end of a part).`)
  }
  if (/^[0-9]/.test(labels.at(-1)!)) throw new MalformedHandleError(`${what}: its last part cannot start with a digit.`)
  return handle
}
