import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { AtpAgent } from '@atproto/api'
import type { PDS } from '@atproto/pds'
import type { PlcServer } from '@did-plc/server'
import { Secp256k1Keypair } from '@atproto/crypto'
import * as appview from '@framewright/appview'
import * as feedgen from '@framewright/feed-generator'
import * as labeler from '@framewright/labeler'
import { createLogger, DEFAULT_HOST, didWebForUrl, postgresUrlWithSchema, SecretScrubber, type Logger } from '@framewright/service-kit'
import { ensureAccount, ensureLabelerIdentity, type Account } from './accounts'
import { startPds } from './pds'
import { startPlc } from './plc'
import { assertPortsFree, DEFAULT_PORTS, type StackPorts } from './ports'
import { loadSecrets, secretValues, type StackSecrets } from './secrets'
import { seedDemo } from './seed'

export const DEMO_HANDLES = ['alice.test', 'bob.test', 'carol.test']
export const FEED_PUBLISHER_HANDLE = 'framewright.test'
export const LABELER_HANDLE = 'labeler.test'
/**
 * What the services' fetches the network chooses may reach on a local stack (FRAMEWRIGHT_OUTBOUND_ALLOW):
 * its PDS, PLC directory and services all live on this machine's loopback. Nothing else private.
 */
export const LOCAL_OUTBOUND_ALLOW = '127.0.0.1,localhost,::1'

export interface StackOptions {
  dataDir: string
  ports: StackPorts
  /** Seed demo videos, a grant and an unconsented video on first start. */
  seed: boolean
  /**
   * Demo mode: the web client offers the demo accounts (passwords and all, the moderator's too) as
   * one-click logins to anyone who reaches it. `npm start` turns it on; off unless asked.
   */
  demo?: boolean
  /** The interface every service and the PLC and PDS listen on (default: this machine only). */
  host?: string
  logger?: Logger
  /** The secret values `logger` scrubs from its lines: the stack adds its keys and passwords once loaded. */
  scrubber?: SecretScrubber
  /** Extra environment for the services (defaults to process.env). */
  env?: Record<string, string | undefined>
  /**
   * A Postgres server for every service, each in a schema of its own named `<prefix><service>`
   * (`framewright_appview`, …); unset, every service keeps a SQLite file under dataDir.
   */
  database?: { url: string; schemaPrefix?: string }
}

/** What stack.json says: every service's URL and DID, the feeds, the labeler, the demo accounts. */
export interface StackDescription {
  dataDir: string
  services: {
    client: { url: string }
    plc: { url: string }
    pds: { url: string; did: string }
    appview: { url: string; did: string }
    feedGenerator: { url: string; did: string }
    labeler: { url: string; did: string }
  }
  feeds: { uri: string; displayName: string }[]
  labelerDid: string
  feedPublisher: { handle: string; did: string }
  /** The demo accounts (alice, bob, carol). */
  accounts: Account[]
  /** The labeler's moderator in the demo world (the feed publisher account). */
  moderator: Account
}

/** What startNetwork() made: the services' environment, the secrets and the accounts. */
export interface StackNetwork {
  env: Record<string, string | undefined>
  secrets: StackSecrets
  accounts: Map<string, { account: Account; agent: AtpAgent }>
  /** The feed publisher, also the demo world's moderator. */
  publisher: Account
}

/** The last certificate of a PEM chain: the operator's CA. */
function operatorCa(chainPem: string): string {
  const certs = chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  return certs.at(-1) ?? ''
}

/** The Postgres schema of each service when the stack runs on one server (see StackOptions.database). */
export function serviceSchemas(prefix = 'framewright_'): { appview: string; feedgen: string; labeler: string } {
  return { appview: `${prefix}appview`, feedgen: `${prefix}feed_generator`, labeler: `${prefix}labeler` }
}

/** start() was interrupted because the stack is being stopped. */
export class StackStoppedError extends Error {
  override name = 'StackStoppedError'
  constructor() {
    super('the stack was stopped while starting')
  }
}

/**
 * The whole product on one machine: the reference PLC and PDS in this process, then the labeler,
 * feed generator and appview (with the web client), all on SQLite under one data folder.
 * Everything persists there, and every ingester resumes from its saved cursor on the next start.
 */
export class LocalStack {
  plc?: PlcServer
  pds?: PDS
  labeler?: labeler.Labeler
  feedgen?: feedgen.FeedGenerator
  appview?: appview.Appview
  description?: StackDescription
  private destroyed = false
  /** Aborted by destroy(), so a Ctrl-C during the first start's seeding ends it between steps. */
  private readonly stopping = new AbortController()
  readonly logger: Logger
  private readonly scrubber: SecretScrubber

  constructor(readonly opts: StackOptions) {
    this.scrubber = opts.scrubber ?? new SecretScrubber()
    this.logger = opts.logger ?? createLogger({ secrets: this.scrubber })
  }

  url(service: keyof StackPorts): string {
    return `http://localhost:${this.opts.ports[service]}`
  }

  /** Starts everything; resolves when every service is listening (and the demo data is seeded). */
  async start(): Promise<StackDescription> {
    const dataDir = resolve(this.opts.dataDir)
    // All at once, before anything starts: a taken port is named before the PLC and PDS are up.
    await this.assertFree(Object.keys(DEFAULT_PORTS) as (keyof StackPorts)[])
    const { env, secrets, accounts, publisher } = await this.startNetwork()
    const log = this.logger.child({ service: 'stack' })
    this.labeler = await labeler.Labeler.create(labeler.envToConfig(labeler.readEnv(env)), { logger: this.logger })
    await this.labeler.start()
    this.feedgen = await feedgen.FeedGenerator.create(feedgen.envToConfig(feedgen.readEnv(env)), { logger: this.logger })
    await this.feedgen.start()
    // The moderator is a one-click login too, so the moderation page is a click away in the demo.
    const demoAccounts = this.opts.demo ? [...DEMO_HANDLES, FEED_PUBLISHER_HANDLE].map((h) => ({ handle: h, password: secrets.passwords[h]! })) : []
    this.appview = await appview.Appview.create(appview.envToConfig(appview.readEnv(env), { demoAccounts }), { logger: this.logger })
    await this.appview.start()

    this.description = this.describe(dataDir, accounts, publisher)
    if (this.opts.seed) await this.seedOnce(dataDir, accounts, log)
    writeFileSync(join(dataDir, 'stack.json'), JSON.stringify(this.description, null, 2))
    return this.description
  }

  /**
   * The network the services join: the PLC and PDS in this process, the accounts, and the labeler's
   * DID document naming its key and `ports.labeler`. Returns the environment every service process
   * reads (the services are not started: start() runs them here; a deployment test runs them as
   * processes of their own, with `ports.appview`, `.feedgen` and `.labeler` its proxies).
   */
  async startNetwork(): Promise<StackNetwork> {
    const { ports } = this.opts
    const dataDir = resolve(this.opts.dataDir)
    mkdirSync(dataDir, { recursive: true })
    await this.assertFree(['plc', 'pds'])
    const log = this.logger.child({ service: 'stack' })
    const secrets = await loadSecrets(join(dataDir, 'secrets.json'), [...DEMO_HANDLES, FEED_PUBLISHER_HANDLE, LABELER_HANDLE])
    this.scrubber.add(secretValues(secrets))

    const host = this.opts.host ?? DEFAULT_HOST
    this.plc = await startPlc(join(dataDir, 'plc.json'), ports.plc, host)
    this.pds = await startPds({ dataDir, port: ports.pds, host, plcUrl: this.url('plc'), secrets, appview: { url: this.url('appview'), did: didWebForUrl(this.url('appview')) } })
    log.info({ plc: this.url('plc'), pds: this.url('pds') }, 'PLC and PDS are up')

    const accounts = await this.ensureAccounts(secrets)
    const labelerAccount = accounts.get(LABELER_HANDLE)!
    const publisher = accounts.get(FEED_PUBLISHER_HANDLE)!
    const labelerKey = await Secp256k1Keypair.import(secrets.labelerSigningKeyHex)
    if (
      await ensureLabelerIdentity({
        plcUrl: this.url('plc'),
        did: labelerAccount.account.did,
        rotationKeyHex: secrets.plcRotationKeyHex,
        signingKeyDid: labelerKey.did(),
        labelerUrl: this.url('labeler'),
      })
    ) {
      // The PDS caches DID documents, and this change did not go through it: drop its copy so it
      // can proxy reports (atproto-proxy: <labeler>#atproto_labeler) to the labeler at once.
      await this.pds.ctx.didCache.clearEntry(labelerAccount.account.did)
      log.info({ did: labelerAccount.account.did }, 'labeler DID document now names its key and URL')
    }

    const demoDids = DEMO_HANDLES.map((h) => accounts.get(h)!.account.did)
    const env = this.serviceEnv(secrets, labelerAccount.account.did, publisher.account.did, demoDids)
    return { env, secrets, accounts, publisher: publisher.account }
  }

  private assertFree(services: (keyof StackPorts)[]): Promise<void> {
    return assertPortsFree(services.map((k) => ({ ...DEFAULT_PORTS[k], port: this.opts.ports[k] })))
  }

  /**
   * Seeds the demo world until it is complete once; `seeded.json` records that. Until then every
   * start finishes what is missing (seeding is idempotent), so an interrupted first start heals.
   */
  private async seedOnce(dataDir: string, accounts: Map<string, { agent: AtpAgent }>, log: Logger) {
    const marker = join(dataDir, 'seeded.json')
    if (existsSync(marker)) return
    const made = await seedDemo({
      agents: new Map(DEMO_HANDLES.map((h) => [h, accounts.get(h)!.agent])),
      appview: this.appview!,
      logger: log,
      signal: this.stopping.signal,
    })
    writeFileSync(marker, JSON.stringify({ completedAt: new Date().toISOString(), videosMade: made }, null, 2))
  }

  private async ensureAccounts(secrets: StackSecrets) {
    const accounts = new Map<string, Awaited<ReturnType<typeof ensureAccount>>>()
    for (const handle of [FEED_PUBLISHER_HANDLE, LABELER_HANDLE, ...DEMO_HANDLES]) {
      accounts.set(handle, await ensureAccount(this.url('pds'), handle, secrets.passwords[handle]!))
    }
    return accounts
  }

  /** Each service's database setting when the stack runs on Postgres (none: their SQLite defaults). */
  private databaseEnv(): Record<string, string> {
    const database = this.opts.database
    if (!database) return {}
    const schemas = serviceSchemas(database.schemaPrefix)
    return {
      FRAMEWRIGHT_APPVIEW_DB: postgresUrlWithSchema(database.url, schemas.appview),
      FRAMEWRIGHT_FEEDGEN_DB: postgresUrlWithSchema(database.url, schemas.feedgen),
      FRAMEWRIGHT_LABELER_DB: postgresUrlWithSchema(database.url, schemas.labeler),
    }
  }

  /** The environment each service reads, pointing it at this stack (process.env fills the rest). */
  private serviceEnv(secrets: StackSecrets, labelerDid: string, publisherDid: string, demoDids: string[]): Record<string, string | undefined> {
    const { ports } = this.opts
    const feedUri = feedgen.feedUri(publisherDid, 'creation-first')
    return {
      // Defaults the environment may override. On one machine every request comes from one
      // address, and the demo's accounts make many videos a day: limits fit for a demo and its tests.
      FRAMEWRIGHT_RATE_LIMIT_PER_IP: '100000/1m',
      FRAMEWRIGHT_RATE_LIMIT_PER_DID: '100000/1m',
      FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP: '100000/1m',
      FRAMEWRIGHT_RATE_LIMIT_THUMB_PER_IP: '100000/1m',
      FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP: '1000',
      FRAMEWRIGHT_RATE_LIMIT_NEW_SUBSCRIPTIONS_PER_IP: '100000/1m',
      FRAMEWRIGHT_LABELER_REPORT_LIMIT: '10000/1h',
      FRAMEWRIGHT_GENERATION_QUOTAS: '*:10000',
      FRAMEWRIGHT_GENERATION_PAID_ALLOWLIST: demoDids.join(','),
      ...(this.opts.env ?? process.env),
      ...this.databaseEnv(),
      // The stack's own choices win over a stray variable (a service's own _HOST still wins over FRAMEWRIGHT_HOST).
      FRAMEWRIGHT_DEMO: String(this.opts.demo ?? false),
      FRAMEWRIGHT_HOST: this.opts.host ?? DEFAULT_HOST,
      FRAMEWRIGHT_DATA_DIR: resolve(this.opts.dataDir),
      FRAMEWRIGHT_PLC_URL: this.url('plc'),
      FRAMEWRIGHT_FIREHOSE_URL: `ws://localhost:${ports.pds}`,
      // DNS cannot resolve .test handles; the local PDS can.
      FRAMEWRIGHT_HANDLE_RESOLVER_URL: this.url('pds'),
      // DID documents here name localhost and 127.0.0.1 (an operator's own setting wins).
      FRAMEWRIGHT_OUTBOUND_ALLOW: (this.opts.env ?? process.env).FRAMEWRIGHT_OUTBOUND_ALLOW ?? LOCAL_OUTBOUND_ALLOW,
      FRAMEWRIGHT_LABELER_PORT: String(ports.labeler),
      FRAMEWRIGHT_LABELER_DID: labelerDid,
      FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX: secrets.labelerSigningKeyHex,
      FRAMEWRIGHT_LABELER_TEMPLATE_KEY_HEX: secrets.labelerTemplateKeyHex,
      FRAMEWRIGHT_LABELER_PDS_URL: this.url('pds'),
      FRAMEWRIGHT_LABELER_IDENTIFIER: LABELER_HANDLE,
      FRAMEWRIGHT_LABELER_PASSWORD: secrets.passwords[LABELER_HANDLE],
      // The feed publisher doubles as the demo world's moderator (its password is in secrets.json).
      FRAMEWRIGHT_LABELER_MODERATORS: publisherDid,
      // The labeler vouches for manifests signed by this stack's own operator (the appview's procedural renders).
      FRAMEWRIGHT_LABELER_C2PA_TRUST_ANCHORS: operatorCa(secrets.c2pa.certChainPem),
      FRAMEWRIGHT_FEEDGEN_PORT: String(ports.feedgen),
      FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: publisherDid,
      FRAMEWRIGHT_FEEDGEN_PUBLISHER_PDS_URL: this.url('pds'),
      FRAMEWRIGHT_FEEDGEN_PUBLISHER_IDENTIFIER: FEED_PUBLISHER_HANDLE,
      FRAMEWRIGHT_FEEDGEN_PUBLISHER_PASSWORD: secrets.passwords[FEED_PUBLISHER_HANDLE],
      FRAMEWRIGHT_APPVIEW_PORT: String(ports.appview),
      FRAMEWRIGHT_CLIENT_PORT: String(ports.client),
      FRAMEWRIGHT_APPVIEW_LABELERS: labelerDid,
      FRAMEWRIGHT_APPVIEW_DEFAULT_PDS_URL: this.url('pds'),
      FRAMEWRIGHT_APPVIEW_DEFAULT_FEED: feedUri,
      FRAMEWRIGHT_APPVIEW_C2PA_KEY: secrets.c2pa.privateKeyPem,
      FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN: secrets.c2pa.certChainPem,
    }
  }

  private describe(dataDir: string, accounts: Map<string, { account: Account }>, publisher: Account): StackDescription {
    return {
      dataDir,
      services: {
        // The loopback IP, not "localhost": OAuth sends the browser back there, and a page's
        // sessions are kept per origin (a localhost page would be moved on its first sign-in).
        client: { url: `http://127.0.0.1:${this.opts.ports.client}` },
        plc: { url: this.url('plc') },
        pds: { url: this.url('pds'), did: this.pds!.ctx.cfg.service.did },
        appview: { url: this.url('appview'), did: this.appview!.ctx.cfg.serviceDid },
        feedGenerator: { url: this.url('feedgen'), did: this.feedgen!.ctx.cfg.serviceDid },
        labeler: { url: this.url('labeler'), did: this.labeler!.ctx.cfg.did },
      },
      feeds: Object.values(feedgen.algos).map((a) => ({ uri: feedgen.feedUri(publisher.did, a.rkey), displayName: a.displayName })),
      labelerDid: this.labeler!.ctx.cfg.did,
      feedPublisher: { handle: publisher.handle, did: publisher.did },
      accounts: DEMO_HANDLES.map((h) => accounts.get(h)!.account),
      moderator: publisher,
    }
  }

  /** Stops everything, newest first; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    this.stopping.abort(new StackStoppedError())
    await this.appview?.destroy()
    await this.feedgen?.destroy()
    await this.labeler?.destroy()
    await this.pds?.destroy()
    await this.plc?.destroy()
  }
}
