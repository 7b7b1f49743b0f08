import { X509Certificate } from 'node:crypto'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeVideo, runFfmpeg } from '../ffmpeg'
import { MediaTools } from '../tools'
import { C2paCredentialsError, makeOperatorCredentials, parseC2paCredentials, type C2paCredentialsPem } from './credentials'
import { readC2pa } from './read'
import { C2paSigner, type ManifestDefinition } from './sign'
import { DIGITAL_SOURCE_TYPE, isAiSourceType } from './source-types'

const paths = MediaTools.create()
let dir: string
let plain: Uint8Array
let operator: C2paCredentialsPem
let stranger: C2paCredentialsPem

function manifest(digitalSourceType: string): ManifestDefinition {
  return {
    claim_generator_info: [{ name: 'Framewright test', version: '1' }],
    title: 'clip.mp4',
    format: 'video/mp4',
    assertions: [
      {
        label: 'c2pa.actions.v2',
        data: { actions: [{ action: 'c2pa.created', digitalSourceType, softwareAgent: { name: 'test-model' } }] },
      },
    ],
  }
}

/** The certificates of a PEM chain, in order. */
function certsOf(chainPem: string): X509Certificate[] {
  return (chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((pem) => new X509Certificate(pem))
}

/** Offset and size of the first top-level mp4 box of this type. */
function findBox(file: Uint8Array, type: string): { offset: number; size: number } {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.length)
  for (let offset = 0; offset + 8 <= buf.length; ) {
    let size = buf.readUInt32BE(offset)
    if (size === 1) size = Number(buf.readBigUInt64BE(offset + 8))
    if (size === 0) size = buf.length - offset
    if (buf.toString('latin1', offset + 4, offset + 8) === type) return { offset, size }
    offset += size
  }
  throw new Error(`no ${type} box`)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framewright-c2pa-test-'))
  const clip = join(dir, 'clip.mp4')
  await runFfmpeg(
    ['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=24:d=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y', clip],
    { tools: paths },
  )
  plain = await readFile(clip)
  operator = await makeOperatorCredentials('Test Operator')
  stranger = await makeOperatorCredentials('Someone Else')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('operator credentials', () => {
  it('issue a C2PA-profile signing certificate from a CA of their own', () => {
    const [leaf, ca] = certsOf(operator.certChainPem)
    expect(leaf && ca).toBeTruthy()
    expect(leaf!.ca).toBe(false)
    expect(ca!.ca).toBe(true)
    expect(leaf!.checkIssued(ca!)).toBe(true)
    expect(leaf!.verify(ca!.publicKey)).toBe(true)
    // Extended key usage: document signing and email protection; never "any".
    expect(leaf!.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.36', '1.3.6.1.5.5.7.3.4']))
    expect(leaf!.subject).toContain('Test Operator video signer')
    expect(Date.parse(leaf!.validTo)).toBeGreaterThan(Date.now() + 365 * 24 * 3600 * 1000)
  })

  it('parse when the key is the certificate\'s, and say why not otherwise', () => {
    expect(parseC2paCredentials(operator).chain).toHaveLength(2)
    expect(() => parseC2paCredentials({ privateKeyPem: stranger.privateKeyPem, certChainPem: operator.certChainPem })).toThrow(/does not belong/)
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    expect(() => parseC2paCredentials({ privateKeyPem: rsa, certChainPem: operator.certChainPem })).toThrow(/P-256/)
    expect(() => parseC2paCredentials({ privateKeyPem: 'nope', certChainPem: operator.certChainPem })).toThrow(C2paCredentialsError)
    expect(() => parseC2paCredentials({ privateKeyPem: operator.privateKeyPem, certChainPem: '' })).toThrow(/no PEM certificate/)
  })
})

describe('signing and reading a manifest', () => {
  let signed: Uint8Array

  beforeAll(async () => {
    signed = await C2paSigner.fromPem(operator).sign(plain, 'video/mp4', manifest(DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia))
  })

  it('leaves a playable video that declares its AI source and validates', async () => {
    const file = join(dir, 'signed.mp4')
    await writeFile(file, signed)
    expect(await probeVideo(file, paths)).toMatchObject({ codec: 'h264', width: 320, height: 240 })
    const facts = await readC2pa(signed)
    expect(facts).toMatchObject({
      present: true,
      state: 'valid',
      failures: [],
      aiSource: true,
      digitalSourceTypes: [DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia],
      claimGenerator: 'Framewright test 1',
      signer: { issuer: 'Test Operator', commonName: 'Test Operator video signer' },
    })
  })

  it('is trusted only by a reader that trusts the operator\'s CA', async () => {
    const [, ca] = certsOf(operator.certChainPem)
    const [, otherCa] = certsOf(stranger.certChainPem)
    expect(await readC2pa(signed, { trustAnchorsPem: ca!.toString() })).toMatchObject({ state: 'trusted', failures: [] })
    expect(await readC2pa(signed, { trustAnchorsPem: otherCa!.toString() })).toMatchObject({ state: 'valid', failures: [] })
  })

  it('fails validation when a byte of the media data changes', async () => {
    const tampered = Buffer.from(signed)
    const mdat = findBox(tampered, 'mdat')
    tampered[mdat.offset + Math.floor(mdat.size / 2)]! ^= 0x55
    const facts = await readC2pa(tampered)
    expect(facts).toMatchObject({ present: true, state: 'invalid', aiSource: true })
    expect(facts.present && facts.failures).toContain('assertion.bmffHash.mismatch')
  })

  it('says whether the declared source is AI', async () => {
    const captured = await C2paSigner.fromPem(operator).sign(plain, 'video/mp4', manifest(DIGITAL_SOURCE_TYPE.digitalCapture))
    expect(await readC2pa(captured)).toMatchObject({ state: 'valid', aiSource: false, digitalSourceTypes: [DIGITAL_SOURCE_TYPE.digitalCapture] })
  })

  it('reads a file without a manifest as none', async () => {
    expect(await readC2pa(plain)).toEqual({ present: false })
  })
})

describe('isAiSourceType', () => {
  it.each([
    [DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia, true],
    [DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia, true],
    ['https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia', true],
    ['trainedAlgorithmicMedia', true],
    [DIGITAL_SOURCE_TYPE.algorithmicMedia, false],
    [DIGITAL_SOURCE_TYPE.digitalCapture, false],
    ['http://example.com/trainedAlgorithmicMedia', false],
  ])('%s → %s', (type, ai) => {
    expect(isAiSourceType(type)).toBe(ai)
  })
})
