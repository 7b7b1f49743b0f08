import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { C2paSigner, DIGITAL_SOURCE_TYPE, MediaTools, makeOperatorCredentials, probeVideo, readC2pa } from '@framewright/service-kit'
import type { GenerationRequest } from '../../provider'
import { CLAIM_GENERATOR } from './manifest'
import { ProceduralProvider } from './provider'
import { RENDERER_VERSION } from './scene'

const paths = MediaTools.create()
let root: string
let provider: ProceduralProvider
let caPem: string

const request: GenerationRequest = { prompt: 'a lighthouse in fog', seed: 3, durationMs: 1000, aspectRatio: { width: 9, height: 16 }, depicts: [] }

async function render(p: ProceduralProvider, name: string): Promise<Uint8Array> {
  const id = await p.submit(request)
  for (;;) {
    const status = await p.status(id)
    if (status.state === 'failed') throw new Error(status.error)
    if (status.state === 'succeeded') break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const dest = join(root, name)
  await p.fetchResult(id, dest)
  return readFile(dest)
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'framewright-procedural-signed-'))
  const credentials = await makeOperatorCredentials('Signed Test Operator')
  caPem = credentials.certChainPem.slice(credentials.certChainPem.indexOf('-----END CERTIFICATE-----') + 25)
  provider = new ProceduralProvider({ workDir: join(root, 'work'), tools: paths, signer: C2paSigner.fromPem(credentials) })
})

afterAll(async () => {
  await provider.destroy()
  await rm(root, { recursive: true, force: true })
})

describe('ProceduralProvider with the operator\'s C2PA credentials', () => {
  it('signs each render with a manifest that validates and names an AI source', async () => {
    const bytes = await render(provider, 'signed.mp4')
    expect(await probeVideo(join(root, 'signed.mp4'), paths)).toMatchObject({ codec: 'h264', width: 480, height: 854 })
    const facts = await readC2pa(bytes, { trustAnchorsPem: caPem })
    expect(facts).toMatchObject({
      present: true,
      state: 'trusted',
      failures: [],
      aiSource: true,
      digitalSourceTypes: [DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia],
      claimGenerator: `${CLAIM_GENERATOR} ${RENDERER_VERSION}`,
      signer: { issuer: 'Signed Test Operator', commonName: 'Signed Test Operator video signer' },
    })
  }, 60_000)

  it('renders the same pictures as an unsigned provider, with the manifest added', async () => {
    const unsigned = new ProceduralProvider({ workDir: join(root, 'plain'), tools: paths })
    try {
      const plain = await render(unsigned, 'plain.mp4')
      const signed = await render(provider, 'signed-again.mp4')
      expect(await readC2pa(plain)).toEqual({ present: false })
      expect(signed.length).toBeGreaterThan(plain.length)
      // The encoded frames (the mdat payload) are untouched by signing.
      const mdat = (file: Uint8Array) => Buffer.from(file).subarray(Buffer.from(file).indexOf('mdat') + 4)
      expect(Buffer.compare(mdat(signed).subarray(0, 4096), mdat(plain).subarray(0, 4096))).toBe(0)
    } finally {
      await unsigned.destroy()
    }
  }, 60_000)
})
