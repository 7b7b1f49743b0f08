import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { Secp256k1Keypair } from '@atproto/crypto'
import { makeOperatorCredentials, type C2paCredentialsPem } from '@framewright/service-kit'

/** Keys and passwords of a local stack, made on first start and kept in its data folder (never in the repo). */
export interface StackSecrets {
  pdsJwtSecret: string
  pdsAdminPassword: string
  /** The PDS's PLC rotation key: it also lets the stack set up the labeler's DID document. */
  plcRotationKeyHex: string
  labelerSigningKeyHex: string
  /** AES-256 key that seals the labeler's enrolled face templates at rest. */
  labelerTemplateKeyHex: string
  /** The operator's C2PA signing key and certificate chain (its own CA): procedural videos are signed with it. */
  c2pa: C2paCredentialsPem
  passwords: Record<string, string>
}

/** Loads the stack's secrets, creating them (mode 0600) on first start. */
export async function loadSecrets(file: string, handles: string[]): Promise<StackSecrets> {
  const existing: Partial<StackSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
  const secrets: StackSecrets = {
    pdsJwtSecret: existing.pdsJwtSecret ?? randomBytes(32).toString('hex'),
    pdsAdminPassword: existing.pdsAdminPassword ?? randomBytes(16).toString('hex'),
    plcRotationKeyHex: existing.plcRotationKeyHex ?? (await exportKey()),
    labelerSigningKeyHex: existing.labelerSigningKeyHex ?? (await exportKey()),
    labelerTemplateKeyHex: existing.labelerTemplateKeyHex ?? randomBytes(32).toString('hex'),
    c2pa: existing.c2pa ?? (await makeOperatorCredentials(`Framewright on ${hostname()}`)),
    passwords: { ...existing.passwords },
  }
  for (const handle of handles) secrets.passwords[handle] ??= readablePassword()
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}

/** Every secret value, for the log scrubber (the certificate chain is public). */
export function secretValues(secrets: StackSecrets): string[] {
  return [
    secrets.pdsJwtSecret,
    secrets.pdsAdminPassword,
    secrets.plcRotationKeyHex,
    secrets.labelerSigningKeyHex,
    secrets.labelerTemplateKeyHex,
    secrets.c2pa.privateKeyPem,
    ...Object.values(secrets.passwords),
  ]
}

async function exportKey(): Promise<string> {
  const key = await Secp256k1Keypair.create({ exportable: true })
  return Buffer.from(await key.export()).toString('hex')
}

/** Easy to type on a demo machine, still random per install. */
function readablePassword(): string {
  const words = randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x')
  return `fw-${words.slice(0, 4)}-${words.slice(4)}`
}
