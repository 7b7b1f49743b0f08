import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Secp256k1Keypair } from '@atproto/crypto'
import { PDS, envToCfg, envToSecrets } from '@atproto/pds'
import { bindTo } from './bind'
import type { StackSecrets } from './secrets'

/** Videos are big: the reference PDS's 5 MB default would refuse most of them. */
const BLOB_UPLOAD_LIMIT = 100_000_000

/** Starts the reference PDS in this process on a port and interface, with its data under dataDir. */
export async function startPds(opts: { dataDir: string; port: number; host: string; plcUrl: string; secrets: StackSecrets; appview: { url: string; did: string } }): Promise<PDS> {
  const dataDirectory = join(opts.dataDir, 'pds')
  mkdirSync(join(dataDirectory, 'blobs'), { recursive: true })
  const recoveryKey = await Secp256k1Keypair.import(opts.secrets.plcRotationKeyHex)
  const env = {
    devMode: true,
    // The PDS writes its URL, port included, into every DID document: the port is fixed up front.
    port: opts.port,
    hostname: 'localhost',
    dataDirectory,
    blobstoreDiskLocation: join(dataDirectory, 'blobs'),
    blobUploadLimit: BLOB_UPLOAD_LIMIT,
    didPlcUrl: opts.plcUrl,
    serviceHandleDomains: ['.test'],
    inviteRequired: false,
    // Our services all live on localhost; without this the PDS refuses to proxy to them.
    disableSsrfProtection: true,
    jwtSecret: opts.secrets.pdsJwtSecret,
    adminPassword: opts.secrets.pdsAdminPassword,
    plcRotationKeyK256PrivateKeyHex: opts.secrets.plcRotationKeyHex,
    recoveryDidKey: recoveryKey.did(),
    serviceName: 'Framewright local PDS',
    // Without an appview configured the PDS does not serve app.bsky.actor.get/putPreferences at all
    // (it keeps them itself); the saved feeds and labelers the client keeps there need them. The
    // app.bsky reads it proxies land on our appview, which names what it does not serve.
    bskyAppViewUrl: opts.appview.url,
    bskyAppViewDid: opts.appview.did,
    crawlers: [],
  }
  const pds = await PDS.create(envToCfg(env), envToSecrets(env))
  bindTo(pds.app, opts.host)
  await pds.start()
  return pds
}
