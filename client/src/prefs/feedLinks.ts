/**
 * What people paste to add a feed or a labeler: an at:// URI, a bsky.app feed link, a handle or a
 * DID. Parsed here, before any network call, so a typo gets a sentence rather than a server error.
 */

/** Input that names no feed or labeler, with the reason in a sentence. */
export class FeedLinkError extends Error {
  override name = 'FeedLinkError'
}

const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/
// atproto handle syntax: dot-separated labels of letters, digits, hyphens; the last not all digits.
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/
const RKEY = /^[a-zA-Z0-9._:~-]{1,512}$/

/** A feed generator named by its publisher (a DID, or a handle still to resolve) and record key. */
export interface FeedRef {
  actor: string
  rkey: string
}

/** Whether `s` is a syntactically valid handle. */
export function isHandle(s: string): boolean {
  return s.length <= 253 && HANDLE.test(s)
}

/** Whether `s` is a syntactically valid DID. */
export function isDid(s: string): boolean {
  return DID.test(s)
}

/**
 * Reads `at://<did-or-handle>/app.bsky.feed.generator/<rkey>` or
 * `https://bsky.app/profile/<handle-or-did>/feed/<rkey>`; throws FeedLinkError otherwise.
 */
export function parseFeedInput(input: string): FeedRef {
  const text = input.trim()
  if (!text) throw new FeedLinkError('Paste a feed link (https://bsky.app/profile/…/feed/…) or an at:// URI.')
  let actor: string | undefined
  let rkey: string | undefined
  if (text.startsWith('at://')) {
    const parts = text.slice('at://'.length).split('/')
    if (parts.length !== 3 || parts[1] !== 'app.bsky.feed.generator') {
      throw new FeedLinkError('That at:// URI is not a feed: it should look like at://<did>/app.bsky.feed.generator/<name>.')
    }
    ;[actor, , rkey] = parts
  } else if (/^https?:\/\//i.test(text)) {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw new FeedLinkError('That link cannot be read.')
    }
    if (url.hostname !== 'bsky.app' && url.hostname !== 'www.bsky.app') {
      throw new FeedLinkError('Only bsky.app feed links can be read; paste the feed’s at:// URI instead.')
    }
    const m = /^\/profile\/([^/]+)\/feed\/([^/]+)\/?$/.exec(url.pathname)
    if (!m) throw new FeedLinkError('That bsky.app link is not a feed: it should look like https://bsky.app/profile/<handle>/feed/<name>.')
    actor = decodeURIComponent(m[1]!)
    rkey = decodeURIComponent(m[2]!)
  } else {
    throw new FeedLinkError('Paste a feed link (https://bsky.app/profile/…/feed/…) or an at:// URI.')
  }
  actor = actor!.replace(/^@/, '')
  if (!isDid(actor) && !isHandle(actor)) throw new FeedLinkError(`"${actor}" is neither a handle nor a DID.`)
  if (!RKEY.test(rkey!)) throw new FeedLinkError(`"${rkey}" is not a feed name.`)
  return { actor: isDid(actor) ? actor : actor.toLowerCase(), rkey: rkey! }
}

/** The at:// URI of a feed once its publisher's DID is known. */
export function feedUriOf(did: string, rkey: string): string {
  return `at://${did}/app.bsky.feed.generator/${rkey}`
}

/** A labeler typed as a handle (with or without @) or a DID; throws FeedLinkError otherwise. */
export function parseLabelerInput(input: string): { did: string } | { handle: string } {
  const text = input.trim().replace(/^@/, '')
  if (!text) throw new FeedLinkError('Type the labeler’s handle (e.g. moderation.example.com) or DID.')
  if (isDid(text)) return { did: text }
  if (isHandle(text)) return { handle: text.toLowerCase() }
  throw new FeedLinkError(`"${text}" is neither a handle (name.example.com) nor a DID (did:plc:…).`)
}
