import type { IdResolver } from '@atproto/identity'
import type { Kysely } from 'kysely'
import { ServiceAuthVerifier } from './auth/service-auth'
import { DbCursorStore, type IngestCursorSchema } from './db/cursor-store'
import { Database, type Migrations } from './db/database'
import { createIdResolver, type IdentityConfig } from './identity/index'
import { createLogger, type LogDestination, type Logger } from './logger'
import { isPostgresUrl } from './db/postgres'
import type { FirehoseIngester } from './ingest/ingester'
import type { WriterState } from './db/writer-lock'
import { VideoGraph } from './video-graph/ingester'
import { OutboundClient } from './net/client'

/** Parts tests and the local stack may hand a service instead of building them. */
export interface BaseOverrides {
  logger?: Logger
  /** Where the service's own logger writes (when no logger is given): tests capture its lines. */
  logDestination?: LogDestination
  idResolver?: IdResolver
  /** The client for fetches the network chooses (tests hand one with their own resolver). */
  outbound?: OutboundClient
}

/** What every Framewright service's context starts from. */
export interface ServiceBase<Schema> {
  logger: Logger
  db: Database<Schema>
  identity: IdentityConfig
  idResolver: IdResolver
  /** Verifies service JWTs addressed to this service's DID. */
  auth: ServiceAuthVerifier
  /** The firehose cursor, in the service's own database. */
  cursor: DbCursorStore
  /** The video graph's participants and follow fetcher (the ingester writes the graph through it). */
  graph: VideoGraph
  /** Every fetch whose target a DID document or a record names goes through it (see net/client.ts). */
  outbound: OutboundClient
}

/**
 * Builds the parts every service shares from its config: a logger child named for the service,
 * its database (not yet migrated), identity resolution, service-auth verification and the
 * firehose cursor store.
 */
export function createServiceBase<Schema extends IngestCursorSchema>(opts: {
  service: string
  serviceDid: string
  dbLocation: string
  /** The environment variable that moves the database (named in errors). */
  dbVariable: string
  migrations: Migrations
  plcUrl: string
  handleResolverUrl?: string
  /** Private hosts and ranges fetches the network chooses may reach (FRAMEWRIGHT_OUTBOUND_ALLOW). */
  outboundAllow: readonly string[]
  logLevel: string
  /** The service's secret settings (keys, tokens, passwords): scrubbed from every line its logger writes. */
  secrets: (string | undefined)[]
  overrides: BaseOverrides
}): ServiceBase<Schema> {
  const secrets = [...opts.secrets, ...databaseSecrets(opts.dbLocation)]
  const logger = (opts.overrides.logger ?? createLogger({ level: opts.logLevel, secrets, destination: opts.overrides.logDestination })).child({ service: opts.service })
  const db = Database.open<Schema>(opts.dbLocation, opts.migrations, opts.dbVariable)
  const identity: IdentityConfig = { plcUrl: opts.plcUrl, handleResolverUrl: opts.handleResolverUrl }
  const outbound = opts.overrides.outbound ?? new OutboundClient({ allow: opts.outboundAllow })
  const idResolver = opts.overrides.idResolver ?? createIdResolver(identity, outbound)
  const auth = new ServiceAuthVerifier(idResolver, opts.serviceDid)
  const cursor = new DbCursorStore(db.db as unknown as Kysely<IngestCursorSchema>, 'firehose')
  const graph = new VideoGraph({ db: db.db, idResolver, outbound, logger, notes: db })
  return { logger, db, identity, idResolver, auth, cursor, graph, outbound }
}

/** The password in a Postgres URL, and the URL itself: neither belongs in a log. */
export function databaseSecrets(location: string): string[] {
  if (!isPostgresUrl(location)) return []
  try {
    const url = new URL(location)
    return url.password ? [decodeURIComponent(url.password), url.password, location] : []
  } catch {
    return []
  }
}

/** What every service's AppContext extends: the shared parts, as fields. */
export class ServiceContext<Schema> implements ServiceBase<Schema> {
  readonly logger: Logger
  readonly db: Database<Schema>
  readonly identity: IdentityConfig
  readonly idResolver: IdResolver
  readonly auth: ServiceAuthVerifier
  readonly cursor: DbCursorStore
  readonly graph: VideoGraph
  readonly outbound: OutboundClient
  /** The service's firehose ingester, once the service has built it (the status method reads it). */
  ingester?: FirehoseIngester
  /** Whether this process is the service's writer or a standby (the status method reads it). */
  writer?: { readonly state: WriterState }

  protected constructor(base: ServiceBase<Schema>) {
    this.logger = base.logger
    this.db = base.db
    this.identity = base.identity
    this.idResolver = base.idResolver
    this.auth = base.auth
    this.cursor = base.cursor
    this.graph = base.graph
    this.outbound = base.outbound
  }
}
