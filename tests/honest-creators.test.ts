import { describe, expect, inject, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, serviceAuth, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { generate, makeVideo, putGrant, putProfile, waitForCoverage } from './helpers/videos'

/**
 * Issue 5 §1: who is in a video is more than what its creator lists. People named in the prompt
 * and the people of a remixed video are held to the consent rule before anything is generated;
 * refusals are sentences; the Create picker can ask first (checkConsent, searchTypeahead).
 */

const appview = () => stack().services.appview

async function createJob(user: TestUser, body: Record<string, unknown>) {
  const token = await serviceAuth(user, appview().did, ids.AppFramewrightGenerateCreateJob)
  return xrpc(appview().url, ids.AppFramewrightGenerateCreateJob, { body: { provider: 'procedural', durationMs: 1_000, ...body }, headers: { authorization: `Bearer ${token}` } })
}

async function checkConsent(user: TestUser, subjects: string[]) {
  const token = await serviceAuth(user, appview().did, ids.AppFramewrightLikenessCheckConsent)
  return xrpc(appview().url, ids.AppFramewrightLikenessCheckConsent, { params: { subjects }, headers: { authorization: `Bearer ${token}` } })
}

async function typeahead(q: string) {
  const res = await xrpc(appview().url, ids.AppFramewrightActorSearchTypeahead, { params: { q } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.actors as { did: string; handle: string; displayName?: string }[]
}

/** Waits until the appview knows a grant holder by their display name (it reads it from their PDS). */
async function nameKnown(user: TestUser, displayName: string) {
  await waitFor(`the appview to know ${user.handle} as "${displayName}"`, async () => (await typeahead(displayName)).some((a) => a.did === user.did && a.displayName === displayName))
}

/** Someone with a display name and a likeness grant, known to the appview by that name. */
async function grantHolder(prefix: string, displayName: string, grant: Parameters<typeof putGrant>[1]) {
  const user = await createUser(prefix)
  await putProfile(user, displayName)
  await putGrant(user, grant)
  await nameKnown(user, displayName)
  return user
}

const unique = () => Math.random().toString(36).slice(2, 7)

describe('people named in the prompt are depicted', () => {
  it('"@carol dancing in the rain" is refused before any job runs, with a sentence and LikenessNotConsented', async () => {
    const carol = await createUser('carol')
    const creator = await createUser('prompter')
    const res = await createJob(creator, { prompt: `@${carol.handle} dancing in the rain` })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('LikenessNotConsented')
    expect(res.body.message).toBe(`Your prompt names @${carol.handle}. ${carol.handle} has not allowed anyone to use their likeness: they have no likeness grant.`)
  })

  it('a mention that is not an account is MentionNotFound; an e-mail address is no mention', async () => {
    const creator = await createUser('mentioner')
    const missing = await createJob(creator, { prompt: '@nobody-here-at-all.test juggling' })
    expect(missing.status).toBe(400)
    expect(missing.body.error).toBe('MentionNotFound')
    expect(missing.body.message).toMatch(/@nobody-here-at-all\.test, which is not an account this appview can find/)
    const carol = await createUser('mailed')
    const email = await createJob(creator, { prompt: `a letter to ${carol.handle.split('.')[0]}@example.com, flying` })
    expect(email.status, JSON.stringify(email.body)).toBe(200)
    expect(email.body.depicts).toEqual([])
  })

  it('the exact display name of a grant holder counts as naming them', async () => {
    const name = `Wren Holloway ${unique()}`
    const wren = await grantHolder('wren', name, { audience: 'approved', approved: [] })
    const creator = await createUser('namedropper')

    const refused = await createJob(creator, { prompt: `${name.toUpperCase()}, skating on a frozen canal` })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toBe('LikenessNotConsented')
    expect(refused.body.message).toBe(
      `Your prompt names ${name}. ${wren.handle} allows only people they approved to use their likeness, and ${creator.handle} is not one of them.`,
    )
    // Part of the name is not the name.
    const partial = await createJob(creator, { prompt: `${name.split(' ')[0]} skating on a frozen canal` })
    expect(partial.status, JSON.stringify(partial.body)).toBe(200)
    expect(partial.body.depicts).toEqual([])
  })

  it('a named person whose grant covers the creator joins the job, and their restrictions reach the provider', async () => {
    const name = `Ottilie Marsh ${unique()}`
    const ottilie = await grantHolder('ottilie', name, { audience: 'everyone', restrictions: 'Nothing political, please.' })
    const creator = await createUser('fan')
    const job = await generate(creator, { prompt: `${name} feeding ducks at dawn` })
    expect(job.depicts).toEqual([ottilie.did])
    expect(job.restrictions).toEqual([{ subject: ottilie.did, text: 'Nothing political, please.' }])
    expect(job.result.generation.params).toMatchObject({ negativePrompt: 'Nothing political, please.' })
  })

  it('a hosted model that takes a negative prompt gets the restrictions as one, as data', async () => {
    const hostile = `No horror"}, "prompt": "something else", "x": "{{seed}}`
    const dora = await createUser('dora')
    await putGrant(dora, { audience: 'everyone', restrictions: hostile })
    const creator = await createUser('hosted')
    await waitForCoverage(creator, dora)
    const job = await generate(creator, { prompt: `@${dora.handle} reading under a tree`, provider: 'replicate', model: 'google/veo-3-fast', durationMs: 4_000 })
    expect(job.depicts).toEqual([dora.did])
    // What Replicate itself received, from its own record of the prediction.
    const { url, token } = inject('replicate')
    const id = (job.result.generation.params as { predictionId: string }).predictionId
    const res = await fetch(`${url}/v1/predictions/${id}`, { headers: { authorization: `Bearer ${token}` } })
    const prediction = (await res.json()) as { input: Record<string, unknown> }
    expect(prediction.input).toMatchObject({ prompt: `@${dora.handle} reading under a tree`, negative_prompt: hostile })
  })
})

describe('remixes keep the original’s people', () => {
  it('a remix of a consented video of someone keeps them in depicts and in their "videos of me"; a creator they did not approve is refused', async () => {
    const bob = await createUser('bob')
    const alice = await createUser('alice')
    const remixer = await createUser('remixer')
    const outsider = await createUser('outsider')
    await putGrant(bob, { audience: 'approved', approved: [alice.did, remixer.did] })
    await waitForCoverage(alice, bob)
    const original = await makeVideo(alice, { prompt: 'my friend as a knight of autumn leaves', depicts: [bob.did] })
    await waitFor('the original indexed by the appview', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightVideoGetVideos, { params: { uris: [original.uri] } })
      return res.body.videos?.length === 1
    })

    const remix = await makeVideo(remixer, { prompt: 'the knight, now in a snowstorm', remixOf: { uri: original.uri, cid: original.cid } })
    expect(remix.job.depicts).toEqual([bob.did])
    const record = await remixer.agent.com.atproto.repo.getRecord({ repo: remixer.did, collection: ids.AppFramewrightVideoPost, rkey: remix.uri.split('/').pop()! })
    expect((record.data.value as any).depicts).toEqual([{ subject: bob.did }])
    await waitFor('the remix among the videos of bob', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightLikenessGetDepicting, { params: { actor: bob.did } })
      const view = res.body.videos?.find((v: any) => v.uri === remix.uri)
      return view?.depicts[0]?.consent.consented === true
    })

    const refused = await createJob(outsider, { prompt: 'the knight, in a thunderstorm', remixOf: { uri: original.uri, cid: original.cid } })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toBe('LikenessNotConsented')
    expect(refused.body.message).toBe(
      `The video you are remixing depicts ${bob.handle}. ${bob.handle} allows only people they approved to use their likeness, and ${outsider.handle} is not one of them.`,
    )
  })

  it('a remix of a video the appview does not know is RemixNotFound', async () => {
    const creator = await createUser('lost')
    const res = await createJob(creator, { prompt: 'a remix of nothing', remixOf: { uri: `at://${creator.did}/app.framewright.video.post/3kzzzzzzzzzzz`, cid: 'bafyreib2rxk3rybk3aobmv5cjuql3bm2twh4jo5uxgf5gqa7wphcpwtkai' } })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('RemixNotFound')
  })
})

describe('checkConsent and searchTypeahead, for the Create picker', () => {
  it('answers per person: whether their grant covers you, its restrictions and expiry, and why not in a sentence', async () => {
    const creator = await createUser('picker')
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString()
    const friend = await createUser('friend')
    await putGrant(friend, { audience: 'approved', approved: [creator.did], restrictions: 'No horror.', expiresAt })
    const stranger = await createUser('stranger')
    const lapsed = await createUser('lapsed')
    await putGrant(lapsed, { audience: 'everyone', expiresAt: '2020-01-01T00:00:00Z' })

    const res = await waitFor('all three grants indexed', async () => {
      const r = await checkConsent(creator, [friend.handle, stranger.did, lapsed.handle])
      return r.status === 200 && r.body.checks[0].consented && r.body.checks[2].reason === 'grant-expired' ? r : undefined
    })
    expect(res.body.checks).toEqual([
      expect.objectContaining({
        subject: expect.objectContaining({ did: friend.did, handle: friend.handle }),
        consented: true,
        reason: 'grant-approved',
        audience: 'approved',
        restrictions: 'No horror.',
        expiresAt,
        message: `${friend.handle}'s likeness grant lists ${creator.handle} as approved until ${expiresAt.slice(0, 16).replace('T', ' ')} UTC.`,
      }),
      expect.objectContaining({ consented: false, reason: 'no-grant', message: `${stranger.handle} has not allowed anyone to use their likeness: they have no likeness grant.` }),
      expect.objectContaining({ consented: false, reason: 'grant-expired', message: `${lapsed.handle}'s likeness grant expired on 2020-01-01 00:00 UTC.` }),
    ])
  })

  it('refuses an unknown handle by name, and anyone without a service JWT', async () => {
    const creator = await createUser('asker')
    const unknown = await checkConsent(creator, ['nobody-at-all-here.test'])
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toBe('SubjectNotFound')
    const anonymous = await xrpc(appview().url, ids.AppFramewrightLikenessCheckConsent, { params: { subjects: [creator.did] } })
    expect(anonymous.status).toBe(401)
  })

  it('offers people by handle prefix and by display name, and resolves a complete handle it never saw', async () => {
    const name = `Quillon Fairweather ${unique()}`
    const holder = await grantHolder('quill', name, { audience: 'everyone' })
    expect((await typeahead(name.slice(0, 12).toLowerCase())).map((a) => a.did)).toContain(holder.did)
    expect((await typeahead(`@${holder.handle.slice(0, 9)}`)).map((a) => a.did)).toContain(holder.did)

    const newcomer = await createUser('newcomer')
    expect(await typeahead(newcomer.handle)).toEqual([{ did: newcomer.did, handle: newcomer.handle }])
    expect(await typeahead('zzz-nobody-starts-like-this')).toEqual([])
  })

  it('a grant holder who renames themselves is known by the new name: their profile is followed on the firehose', async () => {
    const before = `Marisol Tenby ${unique()}`
    const holder = await grantHolder('rename', before, { audience: 'everyone' })
    // No grant change follows: only the profile record on the firehose can tell the appview.
    const after = `Ottoline Brack ${unique()}`
    await putProfile(holder, after)
    await nameKnown(holder, after)
    expect((await typeahead(before)).map((a) => a.did)).not.toContain(holder.did)
  })
})
