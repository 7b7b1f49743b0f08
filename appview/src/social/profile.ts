import { getPds } from '@atproto/identity'
import { InvalidRequestError } from '@atproto/xrpc-server'
import type { GetProfile } from '@framewright/lexicons'
import { resolveDidDoc, resolveHandle } from '@framewright/service-kit'
import type { AppContext } from '../context'

const TIMEOUT_MS = 3_000
/** A complete handle: two or more domain labels, the last starting with a letter (atproto handle syntax). */
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/

interface ProfileRecord {
  displayName?: string
  description?: string
  avatar?: string
}

/** A handle or DID as a DID: bad syntax is InvalidHandle, one that does not resolve is ActorNotFound. */
export async function actorDid(ctx: AppContext, actor: string): Promise<string> {
  const term = actor.trim().replace(/^@/, '')
  if (DID.test(term)) return term
  if (term.length > 253 || !HANDLE.test(term)) throw new InvalidRequestError(`"${actor}" is not a handle (like alice.example.com)`, 'InvalidHandle')
  const did = await resolveHandle(ctx.idResolver, ctx.identity, term.toLowerCase())
  if (!did) throw new InvalidRequestError(`nobody has the handle ${term}`, 'ActorNotFound')
  return did
}

/**
 * A person's profile view: their verified handle, what their app.bsky.actor.profile says (read
 * from their own PDS; a PDS that does not answer leaves those fields out rather than failing the
 * page), their video count here, and whether the viewer follows them.
 */
export async function profileView(ctx: AppContext, did: string, viewer: string | undefined): Promise<GetProfile.ProfileView> {
  const [handles, record, count, following] = await Promise.all([
    ctx.actors.handles([did]),
    fetchProfileRecord(ctx, did),
    ctx.db.db.selectFrom('video').select((eb) => eb.fn.countAll<number>().as('n')).where('creator', '=', did).executeTakeFirst(),
    viewer ? viewerFollow(ctx, viewer, did) : undefined,
  ])
  const handle = handles.get(did) ?? 'handle.invalid'
  if (handle === 'handle.invalid' && record === undefined && Number(count?.n ?? 0) === 0) {
    // No handle, no profile and no videos: most likely a DID that does not exist.
    const exists = await resolveDidDoc(ctx.idResolver, did).then(() => true, () => false)
    if (!exists) throw new InvalidRequestError(`no account ${did}`, 'ActorNotFound')
  }
  return {
    did,
    handle,
    ...(record ?? {}),
    videoCount: Number(count?.n ?? 0),
    ...(viewer ? { viewer: following ? { following } : {} } : {}),
  }
}

/**
 * The viewer's follow of `subject`. The viewer becomes a participant of the video graph, so that
 * their follows are kept from now on and their older ones fetched from their PDS.
 */
async function viewerFollow(ctx: AppContext, viewer: string, subject: string): Promise<string | undefined> {
  await ctx.graph.noteViewer(viewer)
  const known = await ctx.db.db.selectFrom('participant').select('followsKnownAt').where('did', '=', viewer).executeTakeFirst()
  // A first visit waits a moment for the fetch, so the button does not say Follow to someone followed.
  if (!known?.followsKnownAt) await ctx.graph.follows.whenKnown(viewer, 2_000)
  const row = await ctx.db.db.selectFrom('follow').select('uri').where('creator', '=', viewer).where('subject', '=', subject).executeTakeFirst()
  return row?.uri
}

/** app.bsky.actor.profile/self from the person's PDS; undefined when it cannot be read. */
async function fetchProfileRecord(ctx: AppContext, did: string): Promise<ProfileRecord | undefined> {
  try {
    const pds = getPds(await resolveDidDoc(ctx.idResolver, did))
    if (!pds) return undefined
    const url = new URL('/xrpc/com.atproto.repo.getRecord', pds)
    url.search = new URLSearchParams({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self' }).toString()
    const res = await ctx.outbound.fetch(url, { timeoutMs: TIMEOUT_MS, maxBytes: 64 * 1024 })
    if (!res.ok) return res.status === 400 ? {} : undefined
    const value = ((await res.json()) as { value?: Record<string, unknown> }).value ?? {}
    const out: ProfileRecord = {}
    if (typeof value.displayName === 'string' && value.displayName.trim()) out.displayName = value.displayName.trim().slice(0, 640)
    if (typeof value.description === 'string' && value.description.trim()) out.description = value.description.trim().slice(0, 2560)
    const avatar = value.avatar as { ref?: { $link?: unknown }; mimeType?: unknown } | undefined
    const cid = avatar?.ref?.$link
    if (typeof cid === 'string' && typeof avatar?.mimeType === 'string' && avatar.mimeType.startsWith('image/')) {
      const blob = new URL('/xrpc/com.atproto.sync.getBlob', pds)
      blob.search = new URLSearchParams({ did, cid }).toString()
      out.avatar = blob.toString()
    }
    return out
  } catch (err) {
    ctx.logger.debug({ did, err: (err as Error).message }, 'could not read a profile record')
    return undefined
  }
}
