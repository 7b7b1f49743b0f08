import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AtpAgent } from '@atproto/api'
import { ids, publishVideo } from '@framewright/lexicons'
import { renderDistinctVideo } from './fakes/video'
import { createUser, serviceAuth, stack, waitFor, xrpc, type TestUser } from './helpers/network'

const appview = () => stack().services.appview.url

/** A video with a caption, tags, a prompt and a picture that no other test uses, so that each is findable (and taken down) alone. */
async function publishFindable(user: TestUser, word: string) {
  return publishVideo(user.agent as never, {
    bytes: new Uint8Array(await renderDistinctVideo()),
    mimeType: 'video/mp4',
    text: `Caption${word} over the harbour`,
    tags: [`tag${word}`],
    aspectRatio: { width: 360, height: 640 },
    durationMs: 2_000,
    generation: { provider: 'procedural', model: 'test', prompt: `a prompt${word} of lanterns`, generatedAt: new Date().toISOString(), sourceType: 'ai-generated' },
    depicts: [],
  })
}

async function searchVideos(q: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return xrpc(appview(), ids.AppFramewrightVideoSearchVideos, { params: { q, ...extra }, headers })
}
const foundUris = async (q: string, headers: Record<string, string> = {}) => ((await searchVideos(q, {}, headers)).body.videos ?? []).map((v: { uri: string }) => v.uri)

describe('search', () => {
  it('finds a video by its caption, its tag and its prompt, hydrated like any video', { timeout: 120_000 }, async () => {
    const creator = await createUser('findable')
    const word = `w${Date.now().toString(36)}`
    const video = await publishFindable(creator, word)
    await waitFor('the appview indexes the video', async () => (await foundUris(`caption${word}`)).includes(video.uri), 60_000)
    expect(await foundUris(`tag${word}`)).toEqual([video.uri])
    expect(await foundUris(`prompt${word} lanterns`)).toEqual([video.uri])
    // The start of a word is enough; every word must match.
    expect(await foundUris(`caption${word.slice(0, -1)}`)).toContain(video.uri)
    expect(await foundUris(`caption${word} volcano`)).toEqual([])
    const res = await searchVideos(`caption${word}`)
    expect(res.body.videos[0]).toMatchObject({ uri: video.uri, creator: { did: creator.did }, tags: [`tag${word}`] })
  })

  it('finds people by their whole handle at once, and by part of it once the appview has met them', { timeout: 60_000 }, async () => {
    const person = await createUser('searchable')
    const found = async (q: string) => {
      const res = await xrpc(appview(), ids.AppFramewrightActorSearchActors, { params: { q } })
      expect(res.status).toBe(200)
      return res.body.actors?.some((a: { did: string; handle: string }) => a.did === person.did && a.handle === person.handle)
    }
    // Nobody has seen them yet: the whole handle is resolved on the spot.
    expect(await found(`@${person.handle}`)).toBe(true)
    // That look-up verified their handle, so the index now knows them by a part of it.
    const prefix = person.handle.split('.')[0]!.slice(0, -2)
    await waitFor('the person is findable by part of the handle', async () => found(prefix), 20_000)
    expect(await found('zzzznotthem')).toBe(false)
  })

  it('leaves out a taken-down video for a viewer who accepts the labeler with ;redact', { timeout: 120_000 }, async () => {
    const creator = await createUser('downsearch')
    const word = `d${Date.now().toString(36)}`
    const video = await publishFindable(creator, word)
    await waitFor('the appview indexes the video', async () => (await foundUris(`caption${word}`)).includes(video.uri), 60_000)
    const { handle, did } = stack().feedPublisher
    const secrets = JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8'))
    const agent = new AtpAgent({ service: stack().services.pds.url })
    await agent.login({ identifier: handle, password: secrets.passwords[handle] })
    const moderator = { handle, did, password: secrets.passwords[handle], agent }
    const token = await serviceAuth(moderator, stack().labelerDid, ids.AppFramewrightLabelerEmitLabel)
    const down = await xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerEmitLabel, {
      body: { subject: { uri: video.uri }, val: '!takedown', reason: 'Search test.' },
      headers: { authorization: `Bearer ${token}` },
    })
    expect(down.status).toBe(200)
    const redact = { 'atproto-accept-labelers': `${stack().labelerDid};redact` }
    await waitFor('the takedown reaches search', async () => !(await foundUris(`caption${word}`, redact)).includes(video.uri), 30_000)
  })

  it.each([
    ['a query with no word', { q: '!!!' }, 'BadQuery'],
    ['a cursor it never gave out', { q: 'harbour', cursor: 'abc' }, 'BadCursor'],
    ['a negative cursor', { q: 'harbour', cursor: '-1' }, 'BadCursor'],
  ])('answers %s with a named error, never a 500', async (_name, params, error) => {
    const res = await xrpc(appview(), ids.AppFramewrightVideoSearchVideos, { params })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe(error)
    const people = await xrpc(appview(), ids.AppFramewrightActorSearchActors, { params })
    expect(people.status).toBe(400)
    expect(people.body.error).toBe(error)
  })

  it('pages through results with a cursor, without repeats', { timeout: 60_000 }, async () => {
    const first = await searchVideos('harbour', { limit: 1 })
    expect(first.body.videos).toHaveLength(1)
    expect(first.body.cursor).toBeDefined()
    const second = await searchVideos('harbour', { limit: 1, cursor: first.body.cursor })
    expect(second.body.videos[0]?.uri).not.toBe(first.body.videos[0].uri)
  })
})
