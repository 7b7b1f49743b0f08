import { createECDH, createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto'
import { HALF_ORDER, ORDER, bigFromBytes, type Curve } from '../repo/keys'
import { secp256k1 } from '../repo/secp256k1'

const OPENSSL_CURVE: Record<Curve, string> = { secp256k1: 'secp256k1', p256: 'prime256v1' }
const JWK_CURVE: Record<Curve, string> = { secp256k1: 'secp256k1', p256: 'P-256' }
const JWT_ALG: Record<Curve, string> = { secp256k1: 'ES256K', p256: 'ES256' }
const MULTICODEC: Record<Curve, number[]> = { secp256k1: [0xe7, 0x01], p256: [0x80, 0x24] }

/**
 * A signing key with the shape of @atproto/crypto's Keypair (`did()`, `sign()`), for signing labels
 * on the ingestion path. Signatures are 64-byte compact r || s over sha256(data), low-S as atproto
 * requires. secp256k1 signs with libsecp256k1 (native when its binding loads, else WebAssembly; low-S
 * by construction, many times the pure-JS library's rate); P-256 with OpenSSL (about twenty times), whose
 * signatures are normalised to low-S here since OpenSSL does not do it by itself.
 */
export class NodeKeypair {
  readonly jwtAlg: string

  private constructor(
    readonly curve: Curve,
    private readonly key: KeyObject,
    private readonly compressedPublicKey: Uint8Array,
    private readonly privateKey: Uint8Array,
  ) {
    this.jwtAlg = JWT_ALG[curve]
  }

  /** Imports a 32-byte private key given as hex. */
  static import(privateKeyHex: string, curve: Curve = 'secp256k1'): NodeKeypair {
    const priv = Buffer.from(privateKeyHex, 'hex')
    if (priv.length !== 32) throw new Error('a private key is 32 bytes of hex')
    const ecdh = createECDH(OPENSSL_CURVE[curve])
    ecdh.setPrivateKey(priv)
    const pub = ecdh.getPublicKey()
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
    const key = createPrivateKey({
      key: { kty: 'EC', crv: JWK_CURVE[curve], d: b64(priv), x: b64(pub.subarray(1, 33)), y: b64(pub.subarray(33)) },
      format: 'jwk',
    })
    return new NodeKeypair(curve, key, new Uint8Array(ecdh.getPublicKey(null, 'compressed')), new Uint8Array(priv))
  }

  /** The public key as a did:key. */
  did(): string {
    return `did:key:z${base58Encode(new Uint8Array([...MULTICODEC[this.curve], ...this.compressedPublicKey]))}`
  }

  /**
   * Signs on libuv's thread pool where it can (P-256: OpenSSL signs there when given a callback), so
   * that a batch's labels, signed together, cost the ingestion thread only the wait.
   */
  async sign(data: Uint8Array): Promise<Uint8Array> {
    if (this.curve === 'secp256k1') return this.signSync(data)
    const sig = await new Promise<Buffer>((resolve, reject) =>
      sign('sha256', data, { key: this.key, dsaEncoding: 'ieee-p1363' }, (err, out) => (err ? reject(err) : resolve(out))),
    )
    return this.lowS(new Uint8Array(sig))
  }

  signSync(data: Uint8Array): Uint8Array {
    if (this.curve === 'secp256k1') return secp256k1.sign(createHash('sha256').update(data).digest(), this.privateKey)
    return this.lowS(new Uint8Array(sign('sha256', data, { key: this.key, dsaEncoding: 'ieee-p1363' })))
  }

  /** OpenSSL's signature with S normalised to the lower half of the order, as atproto requires. */
  private lowS(sig: Uint8Array): Uint8Array {
    const s = bigFromBytes(sig.subarray(32))
    if (s > HALF_ORDER[this.curve]) sig.set(Buffer.from((ORDER[this.curve] - s).toString(16).padStart(64, '0'), 'hex'), 32)
    return sig
  }
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

function base58Encode(bytes: Uint8Array): string {
  let value = bigFromBytes(bytes)
  let out = ''
  while (value > 0n) {
    out = BASE58[Number(value % 58n)] + out
    value /= 58n
  }
  for (const byte of bytes) {
    if (byte !== 0) break
    out = `1${out}`
  }
  return out
}
