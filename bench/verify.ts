/**
 * The cost of verifying one firehose commit (MST proof of its ops, block hashes, signature), as the
 * verification workers do for every commit a service keeps: the corpus' first commits, each with its
 * repo's key from the corpus' DID documents, verified on this thread, several rounds; prints
 * µs per commit (median round) and checks that every one passed.
 *
 *   npx tsx bench/verify.ts --corpus ../corpus [--commits 20000] [--rounds 5]
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { getKey, type DidDocument } from '@atproto/identity'
import { KeyCache, runVerifyJob, type VerifyJob } from '@framewright/service-kit'
import { peekCommit, peekCommitOps } from '../service-kit/src/ingest/prefilter'

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1]! : fallback
}
const corpusDir = resolve(arg('corpus', process.env.CORPUS_DIR ?? '../corpus'))
const want = Number(arg('commits', '20000'))
const rounds = Number(arg('rounds', '5'))

const docs = JSON.parse(readFileSync(join(corpusDir, 'did-docs.json'), 'utf8')) as Record<string, DidDocument>
const keyOf = (did: string) => getKey(docs[did]!)!

// {t: '#commit', op: 1} as canonical DAG-CBOR: the frames this reads.
const COMMIT_HEADER = Buffer.from([0xa2, 0x61, 0x74, 0x67, 0x23, 0x63, 0x6f, 0x6d, 0x6d, 0x69, 0x74, 0x62, 0x6f, 0x70, 0x01])
const buf = readFileSync(join(corpusDir, 'frames.bin'))
const jobs: VerifyJob[] = []
for (let pos = 4; pos < buf.length && jobs.length < want; ) {
  const length = buf.readUInt32BE(pos)
  const frame = buf.subarray(pos + 4, pos + 4 + length)
  pos += 4 + length
  if (!frame.subarray(0, COMMIT_HEADER.length).equals(COMMIT_HEADER)) continue
  const body = frame.subarray(COMMIT_HEADER.length)
  const read = peekCommitOps(body)
  const repo = peekCommit(body, () => true)?.repo
  if (!read || !repo || !docs[repo]) continue
  jobs.push({
    kind: 'commit',
    car: read.blocks,
    did: repo,
    commitCid: read.commit,
    claims: read.ops.map((op) => ({ path: op.path, cid: op.action === 'delete' ? null : op.cid })),
    didKey: keyOf(repo),
  })
}

const perCommit: number[] = []
for (let round = 1; round <= rounds; round++) {
  const keys = new KeyCache()
  for (const job of jobs.slice(0, 200)) runVerifyJob(job, keys) // keys prepared, code warm
  const t0 = performance.now()
  let failed = 0
  for (const job of jobs) if (!runVerifyJob(job, keys).ok) failed++
  const us = ((performance.now() - t0) * 1000) / jobs.length
  perCommit.push(us)
  console.log(`round ${round}: ${jobs.length} commits, ${us.toFixed(1)} µs each, ${failed} failed`)
  if (failed > 0) process.exitCode = 1
}
console.log(`median: ${[...perCommit].sort((a, b) => a - b)[Math.floor(rounds / 2)]!.toFixed(1)} µs per commit`)
