import * as bsky from '@atproto/bsky'
import { Secp256k1Keypair } from '@atproto/crypto'
import { freePort } from '@framewright/stack'

export interface ReferenceAppviewOptions {
  /** A Postgres server the appview may create (and later drop) one schema in. */
  postgresUrl: string
  /** Letters and '_' only: the reference appview refuses anything else. */
  schema: string
  plcUrl: string
  /** The firehose to index: a PDS or relay, ws(s)://host:port. */
  firehoseUrl: string
  /** Labelers whose labels the appview serves by default (and always accepts in the header). */
  labelerDids: string[]
  /** Where video bytes and poster frames live: `<mediaUrl>/video/<did>/<cid>`, `/thumb/<did>/<cid>`. */
  mediaUrl: string
}

/**
 * Bluesky's reference appview (@atproto/bsky) running in this process against a network we did not
 * build for it: its data plane indexes the given firehose into Postgres, and its API serves
 * app.bsky.* the way api.bsky.app does. What a Bluesky client sees of our feed and labels is what
 * this serves.
 */
export class ReferenceAppview {
  private destroyed = false

  private constructor(
    readonly url: string,
    /** did:web of the appview itself (it serves the document): the audience of tokens meant for it. */
    readonly did: string,
    readonly db: bsky.Database,
    private readonly server: bsky.BskyAppView,
    private readonly dataplane: bsky.DataPlaneServer,
    private readonly bsync: bsky.MockBsync,
    private readonly subscription: bsky.RepoSubscription,
    private readonly opts: ReferenceAppviewOptions,
  ) {}

  /** Migrates a fresh schema, starts the data plane, the API and the firehose subscription. */
  static async create(opts: ReferenceAppviewOptions): Promise<ReferenceAppview> {
    const port = await freePort()
    const url = `http://localhost:${port}`
    const did = `did:web:localhost%3A${port}`

    const migrationDb = new bsky.Database({ url: opts.postgresUrl, schema: opts.schema })
    await migrationDb.migrateToLatestOrThrow()
    await migrationDb.close()

    const db = new bsky.Database({ url: opts.postgresUrl, schema: opts.schema, poolSize: 10 })
    // The data plane's resolver is the one that resolves feed generators' DIDs (did:web over http
    // for localhost) and checks viewers' tokens.
    const dataplanePort = await freePort()
    const dataplane = await bsky.DataPlaneServer.create(db, dataplanePort, opts.plcUrl)
    const bsyncPort = await freePort()
    const bsync = await bsky.MockBsync.create(db, bsyncPort)

    const config = new bsky.ServerConfig({
      version: 'framewright-compat',
      port,
      publicUrl: url,
      serverDid: did,
      alternateAudienceDids: [],
      didPlcUrl: opts.plcUrl,
      dataplaneUrls: [`http://localhost:${dataplanePort}`],
      dataplaneHttpVersion: '1.1',
      bsyncUrl: `http://localhost:${bsyncPort}`,
      bsyncHttpVersion: '1.1',
      etcdHosts: [],
      modServiceDid: 'did:example:no-moderation-service',
      adminPasswords: [],
      labelsFromIssuerDids: opts.labelerDids,
      videoPlaylistUrlPattern: `${opts.mediaUrl}/video/%s/%s`,
      videoThumbnailUrlPattern: `${opts.mediaUrl}/thumb/%s/%s`,
      // Every service of the local network is on localhost.
      disableSsrfProtection: true,
      bigThreadUris: new Set(),
      maxThreadParents: 50,
      searchTagsHide: new Set(),
      threadTagsHide: new Set(),
      threadTagsBumpDown: new Set(),
      visibilityTagHide: '',
      visibilityTagRankPrefix: '',
      debugFieldAllowedDids: new Set(),
      draftsLimit: 100,
    })
    const server = bsky.BskyAppView.create({ config, signingKey: await Secp256k1Keypair.create() })
    const subscription = new bsky.RepoSubscription({ service: opts.firehoseUrl, db, idResolver: dataplane.idResolver })
    await server.start()
    subscription.start()
    return new ReferenceAppview(url, did, db, server, dataplane, bsync, subscription, opts)
  }

  /** Stops everything, closes the pool and drops the schema; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    await this.subscription.destroy()
    await this.server.destroy()
    await this.bsync.destroy()
    await this.dataplane.destroy()
    await this.db.close()
    await dropSchema(this.opts.postgresUrl, this.opts.schema)
  }
}

/** Drops a schema the appview made, through a connection of its own (the appview's pool is closed by then). */
async function dropSchema(postgresUrl: string, schema: string): Promise<void> {
  if (!/^[a-z_]+$/i.test(schema)) throw new Error(`refusing to drop schema ${JSON.stringify(schema)}`)
  const admin = new bsky.Database({ url: postgresUrl })
  try {
    await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await admin.close()
  }
}
