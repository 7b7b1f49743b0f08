import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { firstMessage } from '../testing'
import { packJobs, unpackJobs, type VerifyJob } from './verifier'

describe('jobs posted to a verification worker', () => {
  it('carry their bytes in one buffer the size of what they hold, whatever larger buffers they were views of', () => {
    // A socket chunk with two frames' worth of bytes in it: the jobs' arrays are views into it.
    const chunk = new Uint8Array(64 * 1024).map((_, i) => i % 251)
    const jobs: VerifyJob[] = [
      { kind: 'commit', car: chunk.subarray(100, 1100), did: 'did:plc:a', commitCid: chunk.subarray(5, 41), claims: [{ path: 'c/1', cid: chunk.subarray(50, 86) }, { path: 'c/2', cid: null }], didKey: 'did:key:za' },
      { kind: 'sync', car: chunk.subarray(2000, 2500), did: 'did:plc:b', didKey: 'did:key:zb' },
    ]
    const packed = packJobs(jobs)
    expect(packed.bytes.byteLength).toBe(1000 + 36 + 36 + 500)
    const back = unpackJobs(structuredClone(packed.jobs), packed.bytes)
    expect(back).toHaveLength(2)
    const [commit, sync] = back as [Extract<VerifyJob, { kind: 'commit' }>, Extract<VerifyJob, { kind: 'sync' }>]
    expect(Buffer.from(commit.car).equals(Buffer.from(chunk.subarray(100, 1100)))).toBe(true)
    expect(Buffer.from(commit.commitCid).equals(Buffer.from(chunk.subarray(5, 41)))).toBe(true)
    expect(commit.claims.map((c) => c.cid && Buffer.from(c.cid).toString('hex'))).toEqual([Buffer.from(chunk.subarray(50, 86)).toString('hex'), null])
    expect(Buffer.from(sync.car).equals(Buffer.from(chunk.subarray(2000, 2500)))).toBe(true)
    expect([commit.did, commit.didKey, sync.did]).toEqual(['did:plc:a', 'did:key:za', 'did:plc:b'])
  })
})

describe('the verification worker\'s fallback entry (when its body cannot be bundled)', () => {
  it('loads the TypeScript body through tsx and says it is ready', async () => {
    expect(await firstMessage(new Worker(new URL('./verify-worker.mjs', import.meta.url)))).toEqual({ ready: true })
  })
})
