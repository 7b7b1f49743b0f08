import { encode } from '@atcute/cbor'
import { verifySignature, type Keypair } from '@atproto/crypto'

/** A label as the spec defines it, before it is signed. */
export interface UnsignedLabel {
  ver: 1
  src: string
  uri: string
  cid?: string
  val: string
  neg?: boolean
  cts: string
  exp?: string
}

export type SignedLabel = UnsignedLabel & { sig: Uint8Array }

/**
 * The bytes a label signature covers: canonical DAG-CBOR of the label without `sig` (and `$type`).
 * Optional fields are left out when absent, and `neg` when false — a verifier that drops
 * `neg: false` must compute the same bytes.
 */
export function labelSigningBytes(label: UnsignedLabel): Uint8Array {
  const body: Record<string, string | number | boolean> = {
    ver: label.ver,
    src: label.src,
    uri: label.uri,
    val: label.val,
    cts: label.cts,
  }
  if (label.cid) body.cid = label.cid
  if (label.neg) body.neg = true
  if (label.exp) body.exp = label.exp
  return encode(body)
}

/** Signs a label with the labeler's #atproto_label key. */
export async function signLabel(label: UnsignedLabel, keypair: Keypair): Promise<SignedLabel> {
  const sig = await keypair.sign(labelSigningBytes(label))
  return { ...stripUndefined(label), sig }
}

/** Checks a label's signature against a did:key (from the labeler's DID document). */
export async function verifyLabel(label: UnsignedLabel & { sig: Uint8Array }, didKey: string): Promise<boolean> {
  return verifySignature(didKey, labelSigningBytes(label), label.sig).catch(() => false)
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== false)) as T
}
