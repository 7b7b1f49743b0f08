import { join } from 'node:path'
import { ConfigError, didWebForUrl } from '@framewright/service-kit'
import type { FeedgenEnv } from './env'

export interface FeedgenConfig {
  port: number
  host: string
  /** Where clients and the Bluesky appview reach us; goes into our did:web document. */
  publicUrl: string
  /** Our service DID: the audience of service JWTs and the `did` of our generator records. */
  serviceDid: string
  dbLocation: string
  /** ws(s) URL of the PDS or relay firehose. */
  firehoseUrl: string
  plcUrl: string
  handleResolverUrl?: string
  /** The account whose repo holds our app.bsky.feed.generator records (the feed URIs' authority). */
  publisherDid: string
  /** When set, the generator records are written (or refreshed) at start with these credentials. */
  publisher?: { pdsUrl: string; identifier: string; password: string }
  logLevel: string
}

export const DEFAULT_FEEDGEN_PORT = 2585

/** Applies defaults and rejects contradictions; every error names the variable to change. */
export function envToConfig(env: FeedgenEnv): FeedgenConfig {
  const port = env.port ?? DEFAULT_FEEDGEN_PORT
  const publicUrl = env.publicUrl ?? `http://localhost:${port}`
  const dataDir = env.dataDir ?? 'data'
  if (!env.publisherDid) {
    throw new ConfigError('FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID', 'is required: the DID of the account that publishes our feed records')
  }
  const creds = [env.publisherPdsUrl, env.publisherIdentifier, env.publisherPassword]
  if (creds.some(Boolean) && !creds.every(Boolean)) {
    throw new ConfigError(
      'FRAMEWRIGHT_FEEDGEN_PUBLISHER_PASSWORD',
      'publishing feed records needs FRAMEWRIGHT_FEEDGEN_PUBLISHER_PDS_URL, _IDENTIFIER and _PASSWORD together',
    )
  }
  return {
    port,
    host: env.host ?? '0.0.0.0',
    publicUrl,
    serviceDid: env.serviceDid ?? didWebForUrl(publicUrl),
    dbLocation: env.dbLocation ?? join(dataDir, 'feed-generator', 'feed-generator.sqlite'),
    firehoseUrl: env.firehoseUrl ?? 'ws://localhost:2583',
    plcUrl: env.plcUrl ?? 'http://localhost:2582',
    handleResolverUrl: env.handleResolverUrl,
    publisherDid: env.publisherDid,
    publisher: env.publisherPdsUrl
      ? { pdsUrl: env.publisherPdsUrl, identifier: env.publisherIdentifier!, password: env.publisherPassword! }
      : undefined,
    logLevel: env.logLevel ?? 'info',
  }
}
