import type { VideoDefs } from '@framewright/lexicons'
import type { AppContext } from '../context'

/** A complete handle: two or more domain labels, the last starting with a letter. */
const FULL_HANDLE = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * People for a picker, from what the typed text starts. The appview cannot search the network, so
 * it offers what it knows — accounts whose handles it has verified (creators, depicted people,
 * grant holders) and grant holders by display name — and resolves a complete handle of anyone
 * else on the spot. Only accounts whose handle verifies both ways are offered.
 */
export async function searchTypeahead(ctx: AppContext, opts: { q: string; limit: number }): Promise<VideoDefs.ActorView[]> {
  const term = opts.q.trim().replace(/^@/, '').toLowerCase()
  if (!term) return []
  const [exact, byHandle, byName] = await Promise.all([
    FULL_HANDLE.test(term) ? ctx.consentChecks.resolveHandle(term) : undefined,
    ctx.db.db
      .selectFrom('actor_handle')
      .select('did')
      .where('handle', '>=', term)
      .where('handle', '<', `${term}\uffff`)
      .where('handle', '!=', 'handle.invalid')
      .orderBy('handle')
      .limit(opts.limit)
      .execute(),
    ctx.grantHolderNames.startingWith(term, opts.limit),
  ])
  const dids = [...new Set([...(exact ? [exact] : []), ...byName.map((p) => p.did), ...byHandle.map((r) => r.did)])]
  // Handles verified both ways (cached up to an hour): a handle that does not verify is not offered.
  const [handles, names] = await Promise.all([ctx.actors.handles(dids), ctx.grantHolderNames.of(dids)])
  return dids
    .flatMap((did) => {
      const handle = handles.get(did)
      if (!handle || handle === 'handle.invalid') return []
      const displayName = names.get(did)
      return [{ did, handle, ...(displayName ? { displayName } : {}) }]
    })
    .slice(0, opts.limit)
}
