import { decode, decodeFirst, encode } from '@atcute/cbor'
import { verifySignature } from '@atproto/crypto'
import { IdResolver, getDidKeyFromMultibase } from '@atproto/identity'
import { WebSocket } from 'ws'

/** The part of a pg pool the ingester writes with (the reference appview's own pool). */
export interface LabelTable {
  query(sql: string, params: unknown[]): Promise<unknown>
}

export interface LabelIngesterOptions {
  labelerUrl: string
  labelerDid: string
  plcUrl: string
  /** The reference appview's Postgres pool; its search_path already points at the appview's schema. */
  pool: LabelTable
}

/** A label as subscribeLabels sends it (DAG-CBOR decoded: sig is bytes). */
interface WireLabel {
  ver?: number
  src: string
  uri: string
  cid?: string
  val: string
  neg?: boolean
  cts: string
  exp?: string
  sig?: { buf: Uint8Array } | Uint8Array
}

/**
 * Stands in for Bluesky's label ingester, which the reference appview does not include: follows a
 * labeler's com.atproto.label.subscribeLabels from the beginning, checks every label's signature
 * against the `#atproto_label` key in the labeler's DID document (independently of our labeler's
 * code: canonical DAG-CBOR without `sig`, then @atproto/crypto), and writes the valid ones into
 * the appview's `label` table. A negation removes the label it negates.
 */
export class LabelIngester {
  /** Labels written to the appview's table. */
  accepted = 0
  /** Labels refused, with why (a bad signature, a foreign src). */
  readonly rejected: { label: WireLabel; reason: string }[] = []
  /** Frames that could not be decoded or written. */
  readonly failures: string[] = []
  /** An error frame from the labeler, if it sent one. */
  error?: { error: string; message?: string }
  private ws?: WebSocket
  private queue: Promise<void> = Promise.resolve()
  private key?: string

  private constructor(private readonly opts: LabelIngesterOptions) {}

  /** Connects (cursor 0: the whole history) and resolves once the socket is open. */
  static async start(opts: LabelIngesterOptions): Promise<LabelIngester> {
    const ingester = new LabelIngester(opts)
    ingester.key = await ingester.resolveKey()
    const url = `${opts.labelerUrl.replace(/^http/, 'ws')}/xrpc/com.atproto.label.subscribeLabels?cursor=0`
    const ws = new WebSocket(url)
    ingester.ws = ws
    // Frames are applied one at a time, in order: a negation must land after what it negates.
    ws.on('message', (data: Buffer) => {
      ingester.queue = ingester.queue
        .then(() => ingester.onFrame(new Uint8Array(data)))
        .catch((err) => void ingester.failures.push(String(err)))
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return ingester
  }

  /** Closes the subscription and waits for the frames already received to be written. */
  async destroy(): Promise<void> {
    this.ws?.close()
    await this.queue
  }

  private async onFrame(bytes: Uint8Array): Promise<void> {
    const [header, rest] = decodeFirst(bytes) as [{ op: number; t?: string }, Uint8Array]
    const body = decode(rest) as { seq?: number; labels?: WireLabel[]; error?: string; message?: string }
    if (header.op === -1) {
      this.error = { error: String(body.error), message: body.message }
      return
    }
    if (header.t !== '#labels') return
    for (const label of body.labels ?? []) {
      const reason = await this.problemWith(label)
      if (reason) this.rejected.push({ label, reason })
      else await this.write(label)
    }
  }

  private async problemWith(label: WireLabel): Promise<string | undefined> {
    if (label.src !== this.opts.labelerDid) return `src ${label.src} is not the labeler we follow`
    if (!label.sig) return 'unsigned'
    const { sig, ...unsigned } = label
    const sigBytes = sig instanceof Uint8Array ? sig : sig.buf
    const signed = encode(unsigned)
    if (await verifySignature(this.key!, signed, sigBytes).catch(() => false)) return undefined
    // The labeler may have rotated its key since we looked: look once more.
    this.key = await this.resolveKey(true)
    if (await verifySignature(this.key, signed, sigBytes).catch(() => false)) return undefined
    return 'signature does not verify against #atproto_label'
  }

  private async write(label: WireLabel): Promise<void> {
    if (label.neg) {
      await this.opts.pool.query('DELETE FROM label WHERE src = $1 AND uri = $2 AND val = $3', [label.src, label.uri, label.val])
    } else {
      await this.opts.pool.query(
        `INSERT INTO label (src, uri, cid, val, neg, cts, exp) VALUES ($1, $2, $3, $4, false, $5, $6)
         ON CONFLICT (src, uri, cid, val) DO UPDATE SET neg = false, cts = excluded.cts, exp = excluded.exp`,
        [label.src, label.uri, label.cid ?? '', label.val, label.cts, label.exp ?? null],
      )
    }
    this.accepted++
  }

  private async resolveKey(forceRefresh = false): Promise<string> {
    const doc = await new IdResolver({ plcUrl: this.opts.plcUrl }).did.resolve(this.opts.labelerDid, forceRefresh)
    const method = doc?.verificationMethod?.find((m) => m.id.endsWith('#atproto_label'))
    const key = method?.publicKeyMultibase ? getDidKeyFromMultibase({ type: method.type, publicKeyMultibase: method.publicKeyMultibase }) : undefined
    if (!key) throw new Error(`${this.opts.labelerDid} has no #atproto_label key in its DID document`)
    return key
  }
}
