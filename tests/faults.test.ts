import http from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Secp256k1Keypair } from '@atproto/crypto'
import { Appview, envToConfig as appviewConfig, readEnv as appviewEnv } from '@framewright/appview'
import { Labeler, envToConfig as labelerConfig, readEnv as labelerEnv } from '@framewright/labeler'
import { createLogger } from '@framewright/service-kit'
import { freePort, LOCAL_OUTBOUND_ALLOW } from '@framewright/stack'
import { createUser, stack, waitFor } from './helpers/network'
import { quickVideo } from './helpers/videos'

const dir = mkdtempSync(join(tmpdir(), 'framewright-faults-'))
const logger = createLogger({ level: process.env.FRAMEWRIGHT_TEST_LOG_LEVEL ?? 'error' })
const running: { destroy(): Promise<void> }[] = []
afterAll(async () => {
  for (const service of running.reverse()) await service.destroy()
  rmSync(dir, { recursive: true, force: true })
})

/** The environment every service started here shares: the stack's PDS as the source, its PLC, local hosts allowed. */
function baseEnv(): Record<string, string> {
  const { services } = stack()
  return {
    FRAMEWRIGHT_FIREHOSE_URL: services.pds.url.replace(/^http/, 'ws'),
    FRAMEWRIGHT_PLC_URL: services.plc.url,
    FRAMEWRIGHT_HANDLE_RESOLVER_URL: services.pds.url,
    FRAMEWRIGHT_DATA_DIR: dir,
    FRAMEWRIGHT_BACKFILL: 'never',
    FRAMEWRIGHT_OUTBOUND_ALLOW: LOCAL_OUTBOUND_ALLOW,
  }
}

/**
 * A labeler of our own with a did:web identity served from here, so that it can be stopped and
 * started again while an appview follows it (the stack's labeler is the network's, shared by every test).
 */
async function didWebLabeler() {
  const key = await Secp256k1Keypair.create({ exportable: true })
  const port = await freePort()
  const docServer = http.createServer((req, res) => {
    if (req.url !== '/.well-known/did.json') return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: did,
        verificationMethod: [{ id: `${did}#atproto_label`, type: 'Multikey', controller: did, publicKeyMultibase: key.did().replace('did:key:', '') }],
        service: [{ id: '#atproto_labeler', type: 'AtprotoLabeler', serviceEndpoint: `http://localhost:${port}` }],
      }),
    )
  })
  await new Promise<void>((r) => docServer.listen(0, '127.0.0.1', r))
  const did = `did:web:localhost%3A${(docServer.address() as { port: number }).port}`
  running.push({ destroy: () => new Promise<void>((r) => docServer.close(() => r())) })
  const env = labelerEnv({
    ...baseEnv(),
    FRAMEWRIGHT_LABELER_PORT: String(port),
    FRAMEWRIGHT_LABELER_DB: join(dir, 'labeler.sqlite'),
    FRAMEWRIGHT_LABELER_DID: did,
    FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX: Buffer.from(await key.export()).toString('hex'),
  })
  const start = async () => {
    const labeler = await Labeler.create(labelerConfig(env), { logger })
    await labeler.start()
    return labeler
  }
  return { did, start }
}

describe('faults', () => {
  it('a labeler stopped and started again while an appview follows it: the appview ends with every label it issued, each once', { timeout: 300_000 }, async () => {
    const ours = await didWebLabeler()
    let labeler: Labeler | undefined = await ours.start()
    running.push({ destroy: async () => labeler?.destroy() })
    const appview = await Appview.create(
      appviewConfig(
        appviewEnv({
          ...baseEnv(),
          FRAMEWRIGHT_APPVIEW_PORT: String(await freePort()),
          FRAMEWRIGHT_CLIENT_PORT: String(await freePort()),
          FRAMEWRIGHT_APPVIEW_DB: join(dir, 'appview.sqlite'),
          FRAMEWRIGHT_APPVIEW_LABELERS: ours.did,
          FRAMEWRIGHT_APPVIEW_DEFAULT_PDS_URL: stack().services.pds.url,
        }),
      ),
      { logger },
    )
    running.push(appview)
    await appview.start()

    /** The labeler's labels in force, one per subject and value (its latest word), and the appview's copy of them. */
    const issued = async () => {
      const rows = await labeler!.ctx.db.db.selectFrom('label').select(['uri', 'val', 'neg', 'cts']).orderBy('seq').execute()
      return new Map(rows.map((r) => [`${r.uri} ${r.val}`, `${r.neg} ${r.cts}`]))
    }
    const held = async () => {
      const rows = await appview.ctx.db.db.selectFrom('label').select(['uri', 'val', 'neg', 'cts']).where('src', '=', ours.did).execute()
      return new Map(rows.map((r) => [`${r.uri} ${r.val}`, `${r.neg} ${r.cts}`]))
    }
    const same = (a: Map<string, string>, b: Map<string, string>) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())
    const inStep = async (what: string, uri: string) => {
      await waitFor(`${what} labelled`, async () => [...(await issued()).keys()].some((k) => k.startsWith(`${uri} likeness-unconsented`)), 120_000)
      // Scans add labels in their own time: in step is the same labels, read at the same moment.
      await waitFor(`${what}: the appview in step with the labeler`, async () => same(...(await Promise.all([held(), issued()]))), 120_000)
    }

    const subject = await createUser('fsub')
    const creator = await createUser('fmaker')
    const before = await quickVideo(creator, { prompt: 'labelled before the labeler stops', depicts: [subject.did] })
    await inStep('the first video', before.uri)

    await labeler.destroy()
    labeler = undefined
    // Published while the labeler is down: it labels it when it is back, and the appview, whose
    // subscription failed meanwhile, resumes from its cursor and gets those labels.
    const during = await quickVideo(creator, { prompt: 'published while the labeler is down', depicts: [subject.did] })
    labeler = await ours.start()
    await inStep('the video published while it was down', during.uri)
    const after = await quickVideo(creator, { prompt: 'published after it came back', depicts: [subject.did] })
    await inStep('the video published after', after.uri)
    expect((await held()).size).toBeGreaterThanOrEqual(6) // ai-video and likeness-unconsented on each of three videos, at least
  })
})
