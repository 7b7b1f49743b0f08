import type { Agent } from '@atproto/api'
import { ids, validateRecord, type LikenessGrant } from '@framewright/lexicons'
import { checkIdentifier } from '../ui/identifiers'
import type { ApprovedPerson } from './grantForm'

const GRANT_RKEY = 'self'

/** A handle that no account answers to. */
export class UnknownHandleError extends Error {
  override name = 'UnknownHandleError'
}

/** The logged-in person's own likeness grant, straight from their PDS; undefined when they have none. */
export async function loadGrant(agent: Agent): Promise<LikenessGrant.Record | undefined> {
  try {
    const { data } = await agent.com.atproto.repo.getRecord({ repo: agent.assertDid, collection: ids.AppFramewrightLikenessGrant, rkey: GRANT_RKEY })
    return validateRecord(ids.AppFramewrightLikenessGrant, data.value)
  } catch (err) {
    if ((err as { error?: unknown }).error === 'RecordNotFound') return undefined
    throw err
  }
}

/** Writes (or replaces) the grant in the person's own repository. */
export async function saveGrant(agent: Agent, grant: LikenessGrant.Record): Promise<void> {
  const record = validateRecord(ids.AppFramewrightLikenessGrant, grant)
  await agent.com.atproto.repo.putRecord({ repo: agent.assertDid, collection: ids.AppFramewrightLikenessGrant, rkey: GRANT_RKEY, record })
}

/** Deletes the grant: from then on nobody else may depict this person, including in videos already made. */
export async function revokeGrant(agent: Agent): Promise<void> {
  await agent.com.atproto.repo.deleteRecord({ repo: agent.assertDid, collection: ids.AppFramewrightLikenessGrant, rkey: GRANT_RKEY })
}

/** The account a typed handle (or DID) names, asked of the person's own PDS. */
export async function resolvePerson(agent: Agent, typed: string): Promise<ApprovedPerson> {
  // Checked first: a PDS answers resolveHandle for a malformed handle with a 500.
  const id = checkIdentifier(typed)
  if (id.startsWith('did:')) return { did: id }
  try {
    const { data } = await agent.com.atproto.identity.resolveHandle({ handle: id })
    return { did: data.did, handle: id }
  } catch (err) {
    const name = (err as { error?: unknown }).error
    // The PDS answers a handle it cannot resolve, or one that is not a handle, with InvalidRequest.
    if (name === 'InvalidRequest' || name === 'HandleNotFound') throw new UnknownHandleError(`No account has the handle @${id}.`)
    throw err
  }
}

/** The handle of a DID, as its PDS states it; undefined when that cannot be learned from here. */
export async function handleOf(agent: Agent, did: string): Promise<string | undefined> {
  try {
    const { data } = await agent.com.atproto.repo.describeRepo({ repo: did })
    return data.handleIsCorrect ? data.handle : undefined
  } catch {
    return undefined
  }
}

/**
 * Records the person's verdict on a video of them. A verdict they gave before is replaced in the
 * same commit, so there is never a moment with two verdicts or none.
 */
export async function reviewVideo(
  agent: Agent,
  video: { uri: string; cid: string },
  verdict: 'approve' | 'reject',
  previous?: { uri: string },
): Promise<{ uri: string }> {
  const value = validateRecord(ids.AppFramewrightLikenessReview, {
    $type: ids.AppFramewrightLikenessReview,
    subject: { uri: video.uri, cid: video.cid },
    verdict,
    createdAt: new Date().toISOString(),
  })
  const repo = agent.assertDid
  const oldRkey = previous && previous.uri.startsWith(`at://${repo}/${ids.AppFramewrightLikenessReview}/`) ? previous.uri.split('/').pop() : undefined
  if (!oldRkey) {
    const { data } = await agent.com.atproto.repo.createRecord({ repo, collection: ids.AppFramewrightLikenessReview, record: value })
    return { uri: data.uri }
  }
  const { data } = await agent.com.atproto.repo.applyWrites({
    repo,
    writes: [
      { $type: 'com.atproto.repo.applyWrites#delete', collection: ids.AppFramewrightLikenessReview, rkey: oldRkey },
      { $type: 'com.atproto.repo.applyWrites#create', collection: ids.AppFramewrightLikenessReview, value },
    ],
  })
  const created = data.results?.find((r) => r.$type === 'com.atproto.repo.applyWrites#createResult') as { uri?: string } | undefined
  if (!created?.uri) throw new Error('the PDS did not say where it wrote the review')
  return { uri: created.uri }
}
