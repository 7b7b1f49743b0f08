import { describe, expect, it } from 'vitest'
import { Secp256k1Keypair } from '@atproto/crypto'
import { createServiceJwt } from '@atproto/xrpc-server'
import { ids } from '@framewright/lexicons'
import { createUser, keyedIdentity, serviceAuth, stack, xrpc } from './helpers/network'

const SKELETON = ids.AppBskyFeedGetFeedSkeleton

function skeleton(authorization?: string) {
  return xrpc(stack().services.feedGenerator.url, SKELETON, {
    params: { feed: stack().feeds[0]!.uri, limit: 1 },
    headers: authorization ? { authorization } : {},
  })
}

describe('service auth on the feed generator', () => {
  it('serves anonymous viewers and viewers with a valid token', async () => {
    expect((await skeleton()).status).toBe(200)
    const viewer = await createUser('jwt')
    const token = await serviceAuth(viewer, stack().services.feedGenerator.did, SKELETON)
    expect((await skeleton(`Bearer ${token}`)).status).toBe(200)
  })

  it.each([
    ['wrong audience', 'BadJwtAudience', async (id: Awaited<ReturnType<typeof keyedIdentity>>) => id.jwt({ aud: stack().services.appview.did, lxm: SKELETON })],
    ['wrong method', 'BadJwtLexiconMethod', async (id: Awaited<ReturnType<typeof keyedIdentity>>) => id.jwt({ aud: stack().services.feedGenerator.did, lxm: ids.AppFramewrightGenerateCreateJob })],
    ['no method', 'BadJwtLexiconMethod', async (id: Awaited<ReturnType<typeof keyedIdentity>>) => id.jwt({ aud: stack().services.feedGenerator.did, lxm: null })],
    [
      'expired',
      'JwtExpired',
      async (id: Awaited<ReturnType<typeof keyedIdentity>>) =>
        id.jwt({ aud: stack().services.feedGenerator.did, lxm: SKELETON, iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 }),
    ],
    [
      'signed by a key that is not in the DID document',
      'BadJwtSignature',
      async (id: Awaited<ReturnType<typeof keyedIdentity>>) =>
        createServiceJwt({ iss: id.did, aud: stack().services.feedGenerator.did, lxm: SKELETON, keypair: await Secp256k1Keypair.create() }),
    ],
    ['not a JWT', 'BadJwt', async () => 'not-a-jwt'],
    ['garbage in three parts', 'BadJwt', async () => 'a.b.c'],
  ])('rejects a token with %s (%s)', async (_name, error, make) => {
    const token = await make(await keyedIdentity())
    const res = await skeleton(`Bearer ${token}`)
    expect(res.status).toBe(401)
    expect(res.body.error).toBe(error)
  })

  it('rejects a PDS access token used as a service token', async () => {
    const viewer = await createUser('access')
    const res = await skeleton(`Bearer ${viewer.agent.session!.accessJwt}`)
    expect(res.status).toBe(401)
    expect(res.body.error).toBe('BadJwtType')
  })

  it('accepts a well-formed token from an identity with its own key', async () => {
    const id = await keyedIdentity()
    const token = await id.jwt({ aud: stack().services.feedGenerator.did, lxm: SKELETON })
    expect((await skeleton(`Bearer ${token}`)).status).toBe(200)
  })
})

describe('service auth on the appview and the labeler', () => {
  it('generation needs a token for the appview and that method', async () => {
    const { appview } = stack().services
    const none = await xrpc(appview.url, ids.AppFramewrightGenerateCreateJob, { body: { prompt: 'x' } })
    expect(none.status).toBe(401)
    expect(none.body.error).toBe('AuthMissing')
    const user = await createUser('gen')
    const wrongMethod = await serviceAuth(user, appview.did, ids.AppFramewrightGenerateGetJob)
    const res = await xrpc(appview.url, ids.AppFramewrightGenerateCreateJob, { body: { prompt: 'x' }, headers: { authorization: `Bearer ${wrongMethod}` } })
    expect(res.status).toBe(401)
    expect(res.body.error).toBe('BadJwtLexiconMethod')
  })

  it('a job belongs to its creator', async () => {
    const { appview } = stack().services
    const owner = await createUser('owner')
    const other = await createUser('other')
    const created = await xrpc(appview.url, ids.AppFramewrightGenerateCreateJob, {
      body: { prompt: 'a quiet forest', provider: 'procedural', durationMs: 1000 },
      headers: { authorization: `Bearer ${await serviceAuth(owner, appview.did, ids.AppFramewrightGenerateCreateJob)}` },
    })
    expect(created.status).toBe(200)
    const peek = await xrpc(appview.url, ids.AppFramewrightGenerateGetJob, {
      params: { id: created.body.id },
      headers: { authorization: `Bearer ${await serviceAuth(other, appview.did, ids.AppFramewrightGenerateGetJob)}` },
    })
    expect(peek.status).toBe(400)
    expect(peek.body.error).toBe('JobNotFound')
  })

  it('reports reach the labeler only with a valid token for it', async () => {
    const { labeler } = stack().services
    const reporter = await createUser('reporter')
    const body = {
      reasonType: 'com.atproto.moderation.defs#reasonMisleading',
      reason: 'this is a deepfake of me',
      subject: { $type: 'com.atproto.admin.defs#repoRef', did: reporter.did },
    }
    const ok = await xrpc(labeler.url, ids.ComAtprotoModerationCreateReport, {
      body,
      headers: { authorization: `Bearer ${await serviceAuth(reporter, labeler.did, ids.ComAtprotoModerationCreateReport)}` },
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ reportedBy: reporter.did, reasonType: body.reasonType, id: expect.any(Number) })
    const wrongAud = await xrpc(labeler.url, ids.ComAtprotoModerationCreateReport, {
      body,
      headers: { authorization: `Bearer ${await serviceAuth(reporter, stack().services.appview.did, ids.ComAtprotoModerationCreateReport)}` },
    })
    expect(wrongAud.status).toBe(401)
    expect(wrongAud.body.error).toBe('BadJwtAudience')
  })

  it('reports reach the labeler through the reporter\'s PDS, as Bluesky clients send them', async () => {
    const reporter = await createUser('proxied')
    const proxied = reporter.agent.withProxy('atproto_labeler', stack().labelerDid)
    const { data } = await proxied.com.atproto.moderation.createReport({
      reasonType: 'com.atproto.moderation.defs#reasonViolation',
      reason: 'sent through my PDS',
      subject: { $type: 'com.atproto.admin.defs#repoRef', did: reporter.did },
    })
    expect(data).toMatchObject({ reportedBy: reporter.did, reason: 'sent through my PDS' })
  })
})
