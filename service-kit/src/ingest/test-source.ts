import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Secp256k1Keypair } from '@atproto/crypto'
import { BlockMap, MemoryBlockstore, Repo, WriteOpAction, blocksToCarFile, getFullRepo, type RecordWriteOp } from '@atproto/repo'
import { encode, toBytes } from '@atcute/cbor'
import { CidLinkWrapper } from '@atcute/cid'
import { WebSocketServer, type WebSocket } from 'ws'

/**
 * Test support (never imported by services): real signed repos written with @atproto/repo, their
 * commits encoded as subscribeRepos frames exactly as a PDS sends them (sync 1.1: new blocks plus
 * the covering proof), and a small source that serves those frames over a websocket and the DID
 * documents over HTTP, as a PDS and a PLC directory would.
 */

/** One repo whose commits a test writes. */
export class TestRepo {
  private constructor(
    readonly did: string,
    readonly key: Secp256k1Keypair,
    private storage: MemoryBlockstore,
    private repo: Repo,
  ) {}

  static async create(did: string, key?: Secp256k1Keypair): Promise<TestRepo> {
    const keypair = key ?? (await Secp256k1Keypair.create())
    const storage = new MemoryBlockstore()
    const repo = await Repo.create(storage, did, keypair)
    return new TestRepo(did, keypair, storage, repo)
  }

  /** The DID document a PLC directory would serve for this repo (its PDS: nowhere, unless a test serves it; see TestSource.host). */
  didDoc(key = this.key, pds = 'http://127.0.0.1:9'): Record<string, unknown> {
    return {
      '@context': ['https://www.w3.org/ns/did/v1'],
      id: this.did,
      alsoKnownAs: [],
      verificationMethod: [{ id: `${this.did}#atproto`, type: 'Multikey', controller: this.did, publicKeyMultibase: key.did().replace('did:key:', '') }],
      service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: pds }],
    }
  }

  /** The whole repo as it is now, as com.atproto.sync.getRepo answers. */
  async car(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = []
    for await (const chunk of getFullRepo(this.storage, this.repo.cid)) chunks.push(chunk)
    return new Uint8Array(Buffer.concat(chunks))
  }

  /** A collection's records as they are now, as com.atproto.repo.listRecords answers (one page). */
  async records(collection: string): Promise<{ uri: string; cid: string; value: unknown }[]> {
    const out: { uri: string; cid: string; value: unknown }[] = []
    for await (const r of this.repo.walkRecords(`${collection}/`)) {
      if (r.collection !== collection) break
      out.push({ uri: `at://${this.did}/${r.collection}/${r.rkey}`, cid: r.cid.toString(), value: r.record })
    }
    return out
  }

  /** Applies writes and returns the #commit frame a PDS would send for them (signed by `signer`, the repo's key by default). */
  async commit(seq: number, writes: RecordWriteOp[], signer?: Secp256k1Keypair): Promise<Uint8Array> {
    const commit = await this.repo.formatCommit(writes, signer ?? this.key)
    this.repo = await this.repo.applyCommit(commit)
    await this.storage.applyCommit(commit)
    const blocks = new BlockMap()
    blocks.addMap(commit.newBlocks)
    blocks.addMap(commit.relevantBlocks)
    const car = await blocksToCarFile(commit.cid, blocks)
    const ops = await Promise.all(
      writes.map(async (w) => {
        const path = `${w.collection}/${w.rkey}`
        const cid = w.action === WriteOpAction.Delete ? null : await this.repo.data.get(path)
        return { action: w.action, path, cid: cid ? new CidLinkWrapper(cid.bytes) : null }
      }),
    )
    return frame('#commit', {
      seq,
      rebase: false,
      tooBig: false,
      repo: this.did,
      commit: new CidLinkWrapper(commit.cid.bytes),
      rev: commit.rev,
      since: commit.since,
      blocks: toBytes(car),
      ops,
      blobs: [],
      prevData: null,
      time: new Date().toISOString(),
    })
  }

  /** A #sync frame carrying the repo's current commit. */
  async sync(seq: number): Promise<Uint8Array> {
    const blocks = new BlockMap()
    blocks.set(this.repo.cid, (await this.storage.getBytes(this.repo.cid))!)
    const car = await blocksToCarFile(this.repo.cid, blocks)
    return frame('#sync', { seq, did: this.did, rev: this.repo.commit.rev, blocks: toBytes(car), time: new Date().toISOString() })
  }
}

/** A create op, for TestRepo.commit. */
export function create(collection: string, rkey: string, record: Record<string, unknown>): RecordWriteOp {
  return { action: WriteOpAction.Create, collection: collection as `${string}.${string}.${string}`, rkey, record: { $type: collection, ...record } }
}

/** A delete op, for TestRepo.commit. */
export function del(collection: string, rkey: string): RecordWriteOp {
  return { action: WriteOpAction.Delete, collection: collection as `${string}.${string}.${string}`, rkey }
}

/** A subscribeRepos message: DAG-CBOR header then body. */
export function frame(type: string, body: Record<string, unknown>): Uint8Array {
  const header = type === 'error' ? { op: -1 } : { op: 1, t: type }
  return new Uint8Array(Buffer.concat([encode(header), encode(body)]))
}

const GET_REPO = '/xrpc/com.atproto.sync.getRepo'
const LIST_BY_COLLECTION = '/xrpc/com.atproto.sync.listReposByCollection'
/** What a hosted repo's PDS answers (anything else is not found); listReposByCollection only when `relay` is set. */
const REPO_METHODS = new Set([GET_REPO, '/xrpc/com.atproto.repo.listRecords', LIST_BY_COLLECTION])

/**
 * A firehose and PLC directory on localhost: frames are served to every subscriber from its
 * cursor (seq > cursor), new frames are pushed to connected subscribers, DID documents are served
 * at /<did>, and `plcDown` makes the directory answer 503 (a transient failure). It is also the PDS
 * of the repos it `host`s: getRepo and listRecords answer with what they hold now.
 */
export class TestSource {
  readonly frames: { seq: number; bytes: Uint8Array }[] = []
  readonly docs = new Map<string, unknown>()
  readonly cursors: (number | null)[] = []
  /** The DIDs whose documents were asked for, in order. */
  readonly lookups: string[] = []
  plcDown = false
  /** Answers listReposByCollection about the repos it hosts, as a relay does (backfill can then discover them). */
  relay = false
  /** While set, listReposByCollection answers only once it resolves (a discovery held in flight). */
  holdDiscovery?: Promise<void>
  /** While set, getRepo answers only once it resolves (an import held in flight). */
  holdRepos?: Promise<void>
  /** The repos served as their PDS would (see `host`). */
  private readonly hosted = new Map<string, TestRepo>()
  private readonly sockets = new Set<{ ws: WebSocket; after: number }>()

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
  ) {}

  static async start(): Promise<TestSource> {
    const http = createServer()
    const wss = new WebSocketServer({ noServer: true })
    const source = new TestSource(http, wss)
    http.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (REPO_METHODS.has(url.pathname)) return void source.serveRepo(url, res)
      const did = decodeURIComponent((req.url ?? '/').slice(1))
      source.lookups.push(did)
      if (source.plcDown) return void res.writeHead(503).end()
      const doc = source.docs.get(did)
      res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(doc ?? { message: 'not found' }))
    })
    http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const cursor = url.searchParams.get('cursor')
      source.cursors.push(cursor === null ? null : Number(cursor))
      wss.handleUpgrade(req, socket, head, (ws) => {
        const sub = { ws, after: cursor === null ? Infinity : Number(cursor) }
        source.sockets.add(sub)
        ws.on('close', () => source.sockets.delete(sub))
        for (const f of source.frames) if (f.seq > sub.after) ws.send(f.bytes)
      })
    })
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    return source
  }

  /** Serves a repo as its PDS would (getRepo, listRecords), its DID document naming this source as that PDS. */
  host(repo: TestRepo): void {
    this.hosted.set(repo.did, repo)
    this.docs.set(repo.did, repo.didDoc(repo.key, this.url))
  }

  private async serveRepo(url: URL, res: ServerResponse): Promise<void> {
    if (url.pathname === LIST_BY_COLLECTION) {
      if (!this.relay) return void res.writeHead(501, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'MethodNotImplemented' }))
      await this.holdDiscovery
      const collection = url.searchParams.get('collection') ?? ''
      const repos = url.searchParams.get('cursor') ? [] : [...this.hosted.values()]
      const holding = await Promise.all(repos.map(async (r) => ((await r.records(collection)).length > 0 ? [{ did: r.did }] : [])))
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ repos: holding.flat() }))
    }
    if (url.pathname === GET_REPO) await this.holdRepos
    const repo = this.hosted.get(url.searchParams.get('did') ?? url.searchParams.get('repo') ?? '')
    if (!repo) return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'RepoNotFound', message: 'not hosted here' }))
    if (url.pathname === GET_REPO) return void res.writeHead(200, { 'content-type': 'application/vnd.ipld.car' }).end(await repo.car())
    // One page holds everything: a test's repos are small.
    const records = url.searchParams.get('cursor') ? [] : await repo.records(url.searchParams.get('collection') ?? '')
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ records }))
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`
  }

  /** Adds a frame (its seq as given) and sends it to everyone connected. */
  push(seq: number, bytes: Uint8Array): void {
    this.frames.push({ seq, bytes })
    for (const sub of this.sockets) sub.ws.send(bytes)
  }

  /** Sends a message to everyone connected without keeping it (an error frame, say). */
  broadcast(bytes: Uint8Array): void {
    for (const sub of this.sockets) sub.ws.send(bytes)
  }

  async close(): Promise<void> {
    for (const sub of this.sockets) sub.ws.terminate()
    this.wss.close()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }
}
