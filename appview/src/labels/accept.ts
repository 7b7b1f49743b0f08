/** One labeler a viewer accepts, from the atproto-accept-labelers header. */
export interface AcceptedLabeler {
  did: string
  /** The viewer asked that content this labeler hides be removed, not just labeled. */
  redact: boolean
}

const MAX_LABELERS = 20

/**
 * Parses `atproto-accept-labelers: did:plc:a;redact, did:plc:b`. Malformed entries are skipped;
 * at most 20 are honoured (as in the Bluesky app). Without the header, the defaults apply.
 */
export function parseAcceptLabelers(header: string | string[] | undefined, defaults: string[]): AcceptedLabeler[] {
  const raw = Array.isArray(header) ? header.join(',') : header
  if (raw === undefined) return defaults.map((did) => ({ did, redact: false }))
  const seen = new Set<string>()
  const out: AcceptedLabeler[] = []
  for (const part of raw.split(',')) {
    const [did = '', ...params] = part.trim().split(';').map((s) => s.trim())
    if (!/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(did) || seen.has(did)) continue
    seen.add(did)
    out.push({ did, redact: params.includes('redact') })
    if (out.length >= MAX_LABELERS) break
  }
  return out
}

/** The atproto-content-labelers response header: the labelers whose labels were applied. */
export function formatContentLabelers(labelers: AcceptedLabeler[]): string {
  return labelers.map((l) => (l.redact ? `${l.did};redact` : l.did)).join(', ')
}

/** Label values that remove content from responses when a labeler the viewer marked `redact` applies them. */
export const TAKEDOWN_LABEL_VALUES = ['!takedown', '!suspend']

/**
 * Whether these labels (on a video, its companion post or its creator) remove it from what this
 * viewer is served: a takedown value from a labeler they accept with `;redact`. From any other
 * labeler the same label is only shown, for the client to act on.
 */
export function isRedacted(labels: { src: string; val: string }[], labelers: AcceptedLabeler[]): boolean {
  const redacting = new Set(labelers.filter((l) => l.redact).map((l) => l.did))
  return labels.some((l) => redacting.has(l.src) && TAKEDOWN_LABEL_VALUES.includes(l.val))
}
