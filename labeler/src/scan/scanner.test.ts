import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { OutboundClient, createLogger, defaultFfmpegPaths, type Database, type IdResolver, MediaTools } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import type { Analyser, ScanSubject } from './analyser'
import { Scanner } from './scanner'

const AUTHOR = 'did:plc:scanauthor'

/** A PDS that serves one short video as a blob, and a resolver that points the author at it. */
async function blobPds(): Promise<{ cid: string; idResolver: IdResolver; requests: () => number; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-scanner-'))
  const file = join(dir, 'clip.mp4')
  await promisify(execFile)(defaultFfmpegPaths().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=8', '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', file])
  const bytes = readFileSync(file)
  rmSync(dir, { recursive: true, force: true })
  // CIDv1, raw codec (0x55), sha-256 multihash (0x12, 32 bytes): what a PDS names a blob by.
  const cid = CID.decode(Uint8Array.from([0x01, 0x55, 0x12, 0x20, ...createHash('sha256').update(bytes).digest()])).toString()
  let requests = 0
  const server = http.createServer((_req, res) => {
    requests++
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': bytes.length }).end(bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const idResolver = {
    did: { resolve: async (did: string) => ({ id: did, service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: endpoint }] }) },
  } as unknown as IdResolver
  return { cid, idResolver, requests: () => requests, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** An analyser that notes what it was given, and can be held until released. */
function recordingAnalyser() {
  const seen: ScanSubject[] = []
  let release: () => void = () => {}
  let held: Promise<void> | undefined
  const analyser: Analyser & { seen: ScanSubject[]; hold(): void; release(): void } = {
    name: 'recording',
    seen,
    hold() {
      held = new Promise((resolve) => (release = resolve))
    },
    release: () => release(),
    async analyse(subject) {
      seen.push(subject)
      await held
    },
  }
  return analyser
}

const subject = (n: number, cid: string, declared: string[] = []): ScanSubject => ({
  kind: 'video',
  uri: `at://${AUTHOR}/app.framewright.video.post/${n}`,
  author: AUTHOR,
  blobCid: cid,
  declared,
})

describeEngines('scan backlog', (engine) => {
  let pds: Awaited<ReturnType<typeof blobPds>>
  beforeAll(async () => {
    pds = await blobPds()
  })
  afterAll(() => pds.close())

  const scannerOn = (db: Database<LabelerSchema>, analyser: Analyser, maxQueued = 10, onScanned: (s: ScanSubject[]) => Promise<void> = async () => {}) =>
    new Scanner({
      db,
      analysers: [analyser],
      idResolver: pds.idResolver,
      // The test's PDS listens on 127.0.0.1, allowed as the local stack allows it.
      outbound: new OutboundClient({ allow: ['127.0.0.1'] }),
      ffmpeg: MediaTools.create(),
      maxQueued,
      maxBlobBytes: 5_000_000,
      concurrency: 1,
      // Longer than any test: what is scanned was woken by a commit, or found when the scanner started.
      pollMs: 600_000,
      logger: createLogger({ level: 'silent' }),
      onScanned,
    })
  const offer = async (db: Database<LabelerSchema>, scanner: Scanner, subjects: ScanSubject[]) => {
    const skipped = await db.db.transaction().execute((tx) => scanner.offer(subjects, tx))
    scanner.wake() // as ingestion does once the batch committed
    return skipped
  }
  const waitFor = async (done: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 400 && !(await done()); i++) await new Promise((r) => setTimeout(r, 25))
    expect(await done()).toBe(true)
  }

  it('a labeler stopped with videos waiting scans them when it starts again, and takes each off once scanned', async () => {
    const db = engine.open<LabelerSchema>(migrations)
    await db.migrateToLatest()
    try {
      const first = recordingAnalyser()
      first.hold()
      const before = scannerOn(db, first)
      before.start()
      await offer(db, before, [subject(1, pds.cid), subject(2, pds.cid), subject(3, pds.cid)])
      // One is being scanned (held), two wait; the process stops.
      await waitFor(() => first.seen.length === 1)
      const stopping = before.destroy()
      first.release()
      await stopping
      expect((await db.db.selectFrom('scan_backlog').select('uri').execute()).length).toBe(3)

      const scanned: string[] = []
      const after = recordingAnalyser()
      const again = scannerOn(db, after, 10, async (s) => void scanned.push(...s.map((x) => x.uri)))
      again.start()
      try {
        await waitFor(() => scanned.length === 3)
        expect(scanned).toEqual([1, 2, 3].map((n) => subject(n, pds.cid).uri))
        await waitFor(async () => (await db.db.selectFrom('scan_backlog').select('uri').execute()).length === 0)
        expect((await again.stats()).queued).toBe(0)
      } finally {
        await again.destroy()
      }
    } finally {
      await db.close()
    }
  }, 60_000)

  it('an offer rolled back with its batch is not scanned; a full backlog skips and counts; one offered again while scanned is scanned again', async () => {
    const db = engine.open<LabelerSchema>(migrations)
    await db.migrateToLatest()
    try {
      const analyser = recordingAnalyser()
      const scanner = scannerOn(db, analyser, 2)
      // Not started yet: offers only wait.
      await expect(
        db.db.transaction().execute(async (tx) => {
          await scanner.offer([subject(9, pds.cid)], tx)
          throw new Error('the batch failed')
        }),
      ).rejects.toThrow('the batch failed')
      const skipped = await offer(db, scanner, [subject(1, pds.cid), subject(2, pds.cid), subject(3, pds.cid)])
      expect(skipped.map((s) => s.uri)).toEqual([subject(3, pds.cid).uri])
      expect(await scanner.stats()).toMatchObject({ queued: 2, skippedQueueFull: 1 })

      analyser.hold()
      scanner.start()
      try {
        await waitFor(() => analyser.seen.length === 1)
        // Its depicts list changed while it was being scanned (same bytes): the new offer must not be lost.
        await offer(db, scanner, [subject(1, pds.cid, ['did:plc:bob'])])
        analyser.release()
        await waitFor(() => analyser.seen.length === 3)
        expect(analyser.seen.map((s) => [s.uri, s.declared])).toEqual([
          [subject(1, pds.cid).uri, []],
          [subject(2, pds.cid).uri, []],
          [subject(1, pds.cid).uri, ['did:plc:bob']],
        ])
        await waitFor(async () => (await db.db.selectFrom('scan_backlog').select('uri').execute()).length === 0)
        expect(analyser.seen.some((s) => s.uri === subject(9, pds.cid).uri)).toBe(false)
      } finally {
        await scanner.destroy()
      }
    } finally {
      await db.close()
    }
  }, 60_000)
})

