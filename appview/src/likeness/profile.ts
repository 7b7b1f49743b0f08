import { getPds } from '@atproto/identity'
import { UpstreamError, isRetryableOutbound, resolveDidDoc, withRetry, type IdResolver, type OutboundClient } from '@framewright/service-kit'

const TIMEOUT_MS = 5_000
/** A display name longer than this is not one app.bsky.actor.profile allows (64 graphemes, 640 bytes). */
const MAX_NAME = 640

/**
 * The display name in a person's app.bsky.actor.profile, read from their own PDS; null when they
 * have no profile or no name. Network failures and 5xx answers are retried a few times, then thrown
 * as UpstreamError.
 */
export async function fetchDisplayName(idResolver: IdResolver, outbound: OutboundClient, did: string): Promise<string | null> {
  const doc = await resolveDidDoc(idResolver, did)
  const pds = getPds(doc)
  if (!pds) throw new UpstreamError(`${did} has no PDS in its DID document`)
  const url = new URL('/xrpc/com.atproto.repo.getRecord', pds)
  url.search = new URLSearchParams({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self' }).toString()
  return withRetry(
    async () => {
      // Their PDS is whatever their DID document names: through the outbound guard.
      const res = await outbound.fetch(url, { timeoutMs: TIMEOUT_MS, maxBytes: 64 * 1024 }).catch((err) => {
        if (!isRetryableOutbound(err)) throw err
        throw new UpstreamError(`${pds} did not answer for ${did}'s profile`, undefined, undefined, { cause: err })
      })
      const body = (await res.json().catch(() => undefined)) as { error?: string; value?: { displayName?: unknown } } | undefined
      if (res.status === 400 && body?.error === 'RecordNotFound') return null
      if (!res.ok) throw new UpstreamError(`${pds} answered ${res.status} for ${did}'s profile`, res.status, body?.error)
      return displayNameOf(body?.value)
    },
    // Only what may pass: the PDS or the network having a bad moment.
    { attempts: 3, retryable: (err) => err instanceof UpstreamError && (err.status === undefined || err.status >= 500) },
  )
}

/** The display name of a profile record value, trimmed; null when it has none. */
export function displayNameOf(record: unknown): string | null {
  const name = (record as { displayName?: unknown } | undefined)?.displayName
  if (typeof name !== 'string') return null
  const trimmed = name.trim()
  return trimmed.length > 0 && trimmed.length <= MAX_NAME ? trimmed : null
}
