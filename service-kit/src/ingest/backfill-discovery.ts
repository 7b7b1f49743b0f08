import type { Logger } from '../logger'
import { withRetry } from '../util'

/** A repo that holds (or may hold) records of our collections, as the source lists it. */
export interface DiscoveredRepo {
  did: string
  /** The rev the source lists it at, when it says (listRepos does; listReposByCollection does not). */
  rev?: string
}

/** The source answered, but does not offer the method (a PDS has no listReposByCollection). */
class NotOfferedError extends Error {
  override name = 'NotOfferedError'
}

/** The source lists no repos at all (neither listReposByCollection nor listRepos): backfill cannot work there. */
export class DiscoveryNotOfferedError extends Error {
  override name = 'DiscoveryNotOfferedError'
}

/**
 * Finds the repos that hold records of `collections` at a firehose source: a relay's
 * com.atproto.sync.listReposByCollection when it offers it (one question per collection), else
 * every active repo of a PDS (com.atproto.sync.listRepos) whose describeRepo names one of them.
 * Collections written as prefixes (`app.example.*`) cannot be asked by name, so they go the second
 * way. Every call has a timeout and a bounded retry; a source that cannot answer fails the backfill
 * (which is retried as a whole), it never yields a silently partial list.
 */
export async function discoverRepos(opts: {
  /** http(s) base URL of the source (the firehose URL with ws → http). */
  source: string
  collections: readonly string[]
  logger: Logger
  signal: AbortSignal
  /** describeRepo calls in flight at once. */
  concurrency?: number
}): Promise<DiscoveredRepo[]> {
  const exact = opts.collections.filter((c) => !c.endsWith('.*'))
  if (exact.length === opts.collections.length && exact.length > 0) {
    try {
      const dids = new Set<string>()
      for (const collection of exact) {
        for await (const page of pages(opts, 'com.atproto.sync.listReposByCollection', { collection, limit: '2000' })) {
          for (const repo of (page.repos ?? []) as { did?: unknown }[]) if (typeof repo.did === 'string') dids.add(repo.did)
        }
      }
      opts.logger.info({ repos: dids.size, via: 'listReposByCollection' }, 'backfill: repos found')
      return [...dids].map((did) => ({ did }))
    } catch (err) {
      if (!(err instanceof NotOfferedError)) throw err
    }
  }
  const listed: DiscoveredRepo[] = []
  try {
    for await (const page of pages(opts, 'com.atproto.sync.listRepos', { limit: '1000' })) {
      for (const repo of (page.repos ?? []) as { did?: unknown; rev?: unknown; active?: unknown }[]) {
        if (typeof repo.did !== 'string' || repo.active === false) continue
        listed.push({ did: repo.did, rev: typeof repo.rev === 'string' ? repo.rev : undefined })
      }
    }
  } catch (err) {
    if (err instanceof NotOfferedError) throw new DiscoveryNotOfferedError(`${opts.source} lists no repos (no listReposByCollection, no listRepos)`)
    throw err
  }
  const wanted = (c: string) => opts.collections.some((w) => (w.endsWith('.*') ? c.startsWith(w.slice(0, -1)) : c === w))
  const found: DiscoveredRepo[] = []
  let next = 0
  const worker = async () => {
    while (next < listed.length) {
      const repo = listed[next++]!
      const described = await call(opts, 'com.atproto.repo.describeRepo', { repo: repo.did }).catch((err) => {
        // A repo taken down or deleted since it was listed has nothing to import.
        if (err instanceof NotOfferedError || (err as { status?: number }).status === 400) return undefined
        throw err
      })
      const collections = (described?.collections ?? []) as unknown[]
      if (collections.some((c) => typeof c === 'string' && wanted(c))) found.push(repo)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker))
  opts.logger.info({ repos: found.length, listed: listed.length, via: 'listRepos+describeRepo' }, 'backfill: repos found')
  return found
}

async function* pages(opts: { source: string; signal: AbortSignal }, nsid: string, params: Record<string, string>) {
  let cursor: string | undefined
  do {
    const page = await call(opts, nsid, cursor ? { ...params, cursor } : params)
    yield page
    cursor = typeof page.cursor === 'string' && page.cursor !== cursor ? page.cursor : undefined
  } while (cursor)
}

/**
 * One XRPC query with a timeout, retried with backoff unless the answer says it cannot work. The
 * source is the firehose's host (operator configuration), so a plain fetch, not the outbound client.
 */
async function call(opts: { source: string; signal: AbortSignal }, nsid: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const url = new URL(`/xrpc/${nsid}`, opts.source)
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  return withRetry(
    async () => {
      const res = await fetch(url, { signal: AbortSignal.any([AbortSignal.timeout(15_000), opts.signal]) })
      if (res.status === 404 || res.status === 501) throw new NotOfferedError(`${nsid} is not offered by ${opts.source}`)
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>
      // A PDS without the method (and no appview behind it) answers a well-formed request with a 400.
      if (res.status === 400 && (body.error === 'MethodNotImplemented' || (nsid !== 'com.atproto.repo.describeRepo' && body.error === 'InvalidRequest'))) {
        throw new NotOfferedError(`${nsid} is not offered by ${opts.source}`)
      }
      // A PDS with an appview behind it proxies the method there, which an unauthenticated caller may not use.
      if (res.status === 401 && body.error === 'AuthMissing' && nsid !== 'com.atproto.repo.describeRepo') {
        throw new NotOfferedError(`${nsid} is not offered by ${opts.source} without an account`)
      }
      if (!res.ok) throw Object.assign(new Error(`${nsid} answered ${res.status} ${String(body.error ?? '')}`), { status: res.status })
      return body
    },
    { attempts: 5, baseMs: 500, signal: opts.signal, retryable: (err) => !(err instanceof NotOfferedError) && ((err as { status?: number }).status ?? 500) >= 500 },
  )
}
