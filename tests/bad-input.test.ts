import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, serviceAuth, stack, xrpc } from './helpers/network'

const feed = () => stack().feeds[0]!.uri
const garbage = ['%%%', 'AAAA', Buffer.from('12::https://x').toString('base64url'), 'x'.repeat(3000)]

describe('malformed input gets a named error, never a 500', () => {
  it.each(garbage)('feed generator: cursor %#', async (cursor) => {
    const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feed(), cursor } })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('BadCursor')
  })

  it.each(garbage)('appview: cursor %# is passed through as the generator named it', async (cursor) => {
    const res = await xrpc(stack().services.appview.url, ids.AppFramewrightFeedGetFeed, { params: { feed: feed(), cursor } })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('BadCursor')
  })

  it('unknown feeds are UnknownFeed, at the generator and at the appview', async () => {
    const unknown = `at://${stack().feedPublisher.did}/app.bsky.feed.generator/no-such-feed`
    const gen = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: unknown } })
    expect(gen.status).toBe(400)
    expect(gen.body.error).toBe('UnknownFeed')
    const app = await xrpc(stack().services.appview.url, ids.AppFramewrightFeedGetFeed, { params: { feed: unknown } })
    expect(app.status).toBe(400)
    expect(app.body.error).toBe('UnknownFeed')
    const notAFeed = await xrpc(stack().services.appview.url, ids.AppFramewrightFeedGetFeed, { params: { feed: 'at://did:plc:x/app.bsky.feed.post/1' } })
    expect(notAFeed.body.error).toBe('UnknownFeed')
  })

  it('limits out of range are InvalidRequest', async () => {
    for (const limit of [0, 101, -5]) {
      const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feed(), limit } })
      expect(res.status).toBe(400)
      expect(res.body.error).toBe('InvalidRequest')
    }
  })

  it('hostile and empty prompts: named errors or a normal render, never a crash', async () => {
    const user = await createUser('prompt')
    const { appview } = stack().services
    const call = async (body: unknown) =>
      xrpc(appview.url, ids.AppFramewrightGenerateCreateJob, {
        body,
        headers: { authorization: `Bearer ${await serviceAuth(user, appview.did, ids.AppFramewrightGenerateCreateJob)}` },
      })
    expect((await call({ prompt: '   ' })).body.error).toBe('PromptRejected')
    expect((await call({ prompt: 'evil\u001b[2J' })).body.error).toBe('PromptRejected')
    expect((await call({ prompt: 'x', provider: 'nope' })).body.error).toBe('UnknownProvider')
    expect((await call({ prompt: 'x'.repeat(20_001) })).status).toBe(400)
    const ok = await call({ prompt: `'; DROP TABLE video; -- $(reboot) %{pts} \\ drawtext=text='x'`, durationMs: 1000 })
    expect(ok.status).toBe(200)
    expect(ok.body.prompt).toContain('DROP TABLE')
  })

  it('a likeness the subject did not grant cannot be generated', async () => {
    const creator = await createUser('wants')
    const subject = await createUser('refuses')
    const { appview } = stack().services
    const res = await xrpc(appview.url, ids.AppFramewrightGenerateCreateJob, {
      body: { prompt: 'my neighbour, singing', depicts: [subject.did] },
      headers: { authorization: `Bearer ${await serviceAuth(creator, appview.did, ids.AppFramewrightGenerateCreateJob)}` },
    })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('LikenessNotConsented')
    expect(res.body.message).toBe(`${subject.handle} has not allowed anyone to use their likeness: they have no likeness grant.`)
  })
})
