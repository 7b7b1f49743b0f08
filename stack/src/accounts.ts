import { AtpAgent } from '@atproto/api'
import * as plc from '@did-plc/lib'
import { Secp256k1Keypair } from '@atproto/crypto'

export interface Account {
  handle: string
  did: string
  password: string
}

/** Logs in to an account on the local PDS, creating it first if its handle is not taken yet. */
export async function ensureAccount(pdsUrl: string, handle: string, password: string): Promise<{ account: Account; agent: AtpAgent; created: boolean }> {
  const agent = new AtpAgent({ service: pdsUrl })
  let created = false
  const existing = await agent.com.atproto.identity.resolveHandle({ handle }).catch(() => undefined)
  if (existing) {
    await agent.login({ identifier: handle, password })
  } else {
    await agent.createAccount({ handle, password, email: `${handle.split('.')[0]}@framewright.test` })
    created = true
  }
  return { account: { handle, did: agent.assertDid, password }, agent, created }
}

/**
 * Makes the labeler account's DID document name the labeler: its label-signing key as
 * #atproto_label and its URL as #atproto_labeler. On the real network an operator does this once
 * through their PDS; the local stack holds the PDS's rotation key and writes the PLC op directly.
 */
export async function ensureLabelerIdentity(opts: {
  plcUrl: string
  did: string
  rotationKeyHex: string
  signingKeyDid: string
  labelerUrl: string
}): Promise<boolean> {
  const client = new plc.Client(opts.plcUrl)
  const data = await client.getDocumentData(opts.did)
  const current = data.services?.atproto_labeler
  if (data.verificationMethods?.atproto_label === opts.signingKeyDid && current?.endpoint === opts.labelerUrl) return false
  const rotationKey = await Secp256k1Keypair.import(opts.rotationKeyHex)
  await client.updateData(opts.did, rotationKey as never, (last) => ({
    ...last,
    verificationMethods: { ...last.verificationMethods, atproto_label: opts.signingKeyDid },
    services: { ...last.services, atproto_labeler: { type: 'AtprotoLabeler', endpoint: opts.labelerUrl } },
  }))
  return true
}
