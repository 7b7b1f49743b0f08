import { Subscription } from '@atproto/xrpc-server'
import {
  DbCursorStore,
  backoffMs,
  resolveDidDoc,
  serviceEndpoint,
  sleep,
  verificationKey,
  verifyLabel,
  type Database,
  type IdResolver,
  type IngestCursorSchema,
  type Logger,
  type OutboundClient,
  type SignedLabel,
} from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'

type LabelsMessage = { $type: string; seq?: number; labels?: unknown[]; name?: string; message?: string }

/**
 * Follows one labeler's subscribeLabels stream into our label table. The labeler is found through
 * its resolved DID document (#atproto_labeler), and every label must carry a valid signature from
 * the #atproto_label key there (re-resolved once on failure, for key rotation) and name that
 * labeler as src. The cursor is saved after each message is stored, so a restart resumes exactly.
 */
export class LabelSubscriber {
  private readonly abort = new AbortController()
  private readonly cursor: DbCursorStore
  private key?: string
  private running?: Promise<void>
  /** Labels stored and rejected since start. */
  readonly stats = { stored: 0, rejected: 0 }

  constructor(
    readonly labelerDid: string,
    private readonly db: Database<AppviewSchema>,
    private readonly idResolver: IdResolver,
    private readonly logger: Logger,
    /** The labeler is wherever its DID document says: the websocket goes through the outbound guard. */
    private readonly outbound: OutboundClient,
  ) {
    this.cursor = new DbCursorStore(db.tables<IngestCursorSchema>(), `labels:${labelerDid}`)
  }

  /** Starts following in the background (retrying until the labeler can be resolved and reached). */
  start(): void {
    this.running = this.run()
  }

  private async run(): Promise<void> {
    for (let attempt = 0; !this.abort.signal.aborted; attempt++) {
      try {
        await this.follow()
      } catch (err) {
        if (this.abort.signal.aborted) return
        const cause = err as { error?: string }
        if (cause.error === 'FutureCursor') {
          this.logger.warn({ labeler: this.labelerDid }, 'our label cursor is ahead of the labeler; replaying from its start')
          await this.cursor.reset()
        } else {
          this.logger.warn({ err, labeler: this.labelerDid }, 'label subscription failed; retrying')
        }
      }
      await sleep(backoffMs(Math.min(attempt, 6), 500, 15_000), this.abort.signal).catch(() => undefined)
    }
  }

  private async follow(): Promise<void> {
    const doc = await resolveDidDoc(this.idResolver, this.labelerDid, true)
    const endpoint = serviceEndpoint(doc, '#atproto_labeler', 'AtprotoLabeler')
    this.key = verificationKey(doc, '#atproto_label')
    if (!endpoint || !this.key) throw new Error(`${this.labelerDid} has no #atproto_labeler service or #atproto_label key`)
    const service = endpoint.replace(/^http/, 'ws')
    const sub = new Subscription<LabelsMessage>({
      service,
      agent: this.outbound.websocketAgent(service),
      method: 'com.atproto.label.subscribeLabels',
      signal: this.abort.signal,
      getParams: async () => {
        const cursor = await this.cursor.get()
        return cursor === undefined ? { cursor: 0 } : { cursor }
      },
      validate: (value) => value as LabelsMessage,
    })
    this.logger.info({ labeler: this.labelerDid, endpoint }, 'following labels')
    for await (const msg of sub) {
      if (msg.$type.endsWith('#info')) {
        this.logger.info({ labeler: this.labelerDid, info: msg.name, message: msg.message }, 'labeler info')
        continue
      }
      if (!msg.$type.endsWith('#labels') || typeof msg.seq !== 'number') continue
      for (const label of msg.labels ?? []) await this.store(label as SignedLabel)
      await this.cursor.set(msg.seq)
    }
  }

  private async store(label: SignedLabel): Promise<void> {
    if (label.src !== this.labelerDid || !(label.sig instanceof Uint8Array) || typeof label.uri !== 'string' || typeof label.val !== 'string') {
      this.stats.rejected++
      this.logger.warn({ labeler: this.labelerDid, uri: label.uri, val: label.val }, 'dropping malformed label')
      return
    }
    if (!(await this.verify(label))) {
      this.stats.rejected++
      this.logger.warn({ labeler: this.labelerDid, uri: label.uri, val: label.val }, 'dropping label with a bad signature')
      return
    }
    const row = {
      src: label.src,
      uri: label.uri,
      val: label.val,
      cid: label.cid ?? null,
      neg: label.neg ? 1 : 0,
      cts: label.cts,
      exp: label.exp ?? null,
      sig: label.sig,
    }
    // Keep the newest version of each (src, uri, val): replays and out-of-order deliveries lose.
    await this.db.db
      .insertInto('label')
      .values(row)
      .onConflict((oc) => oc.columns(['src', 'uri', 'val']).doUpdateSet(row).where('label.cts', '<=', row.cts))
      .execute()
    this.stats.stored++
  }

  private async verify(label: SignedLabel): Promise<boolean> {
    if (this.key && (await verifyLabel(label, this.key))) return true
    const doc = await resolveDidDoc(this.idResolver, this.labelerDid, true).catch(() => undefined)
    const fresh = doc && verificationKey(doc, '#atproto_label')
    if (!fresh || fresh === this.key) return false
    this.key = fresh
    return verifyLabel(label, fresh)
  }

  /** Stops following; safe to call twice. */
  async destroy(): Promise<void> {
    this.abort.abort()
    await this.running
  }
}
