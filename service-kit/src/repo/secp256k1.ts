import { createRequire } from 'node:module'

/**
 * secp256k1 signatures over a 32-byte hash, through libsecp256k1. The native binding of the
 * `secp256k1` package (prebuilt for linux-x64 inside the package, nothing fetched at install) checks
 * a signature about five times as fast as the same library compiled to WebAssembly
 * (tiny-secp256k1), and signature checks are most of ingestion's CPU; so it is used whenever it
 * loads, and the WebAssembly build otherwise (another platform, a musl build that does not load).
 * Both verify low-S only and sign low-S, as atproto requires.
 */
export interface Secp256k1 {
  /** Which build is in use, for logs and benchmarks. */
  readonly backend: 'native' | 'wasm'
  /** Whether `sig` (compact r || s) is a low-S signature of `hash` by the compressed `publicKey`. */
  verify(hash: Uint8Array, publicKey: Uint8Array, sig: Uint8Array): boolean
  /** A compact low-S signature of `hash` (RFC 6979 nonces). */
  sign(hash: Uint8Array, privateKey: Uint8Array): Uint8Array
  /** Whether a compressed public key is a point on the curve. */
  isPoint(publicKey: Uint8Array): boolean
}

/** The native binding's surface that we use (secp256k1@5's `bindings.js`). */
interface NativeBinding {
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, publicKey: Uint8Array): boolean
  ecdsaSign(msg32: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number }
  publicKeyVerify(publicKey: Uint8Array): boolean
}

type TinySecp256k1 = typeof import('tiny-secp256k1')
let tiny: TinySecp256k1 | undefined
/**
 * The WebAssembly build, loaded the first time it is used: compiled, it weighs some 11 MB in each
 * thread that loads it (the ingestion thread and every verification worker), for nothing while the
 * native binding works.
 */
function wasm(): TinySecp256k1 {
  return (tiny ??= createRequire(import.meta.url)('tiny-secp256k1') as TinySecp256k1)
}

const wasmBackend: Secp256k1 = {
  backend: 'wasm',
  verify(hash, publicKey, sig) {
    try {
      return wasm().verify(hash, publicKey, sig, true)
    } catch {
      return false // r or s out of range: not a signature at all
    }
  },
  sign: (hash, privateKey) => wasm().sign(hash, privateKey),
  isPoint: (publicKey) => wasm().isPoint(publicKey),
}

function nativeBackend(binding: NativeBinding): Secp256k1 {
  return {
    backend: 'native',
    verify(hash, publicKey, sig) {
      try {
        return binding.ecdsaVerify(sig, hash, publicKey)
      } catch {
        return false // a signature or key that does not parse
      }
    },
    sign: (hash, privateKey) => binding.ecdsaSign(hash, privateKey).signature,
    isPoint(publicKey) {
      try {
        return binding.publicKeyVerify(publicKey)
      } catch {
        return false
      }
    },
  }
}

/**
 * Loads the native binding, or says why not. `bindings.js` is required directly: the package's
 * main module silently falls back to a pure-JS implementation (elliptic) a hundred times slower.
 */
export function loadNativeSecp256k1(): { ok: true; impl: Secp256k1 } | { ok: false; reason: string } {
  try {
    const binding = createRequire(import.meta.url)('secp256k1/bindings') as NativeBinding
    const impl = nativeBackend(binding)
    if (!selfTest(impl)) return { ok: false, reason: 'the native binding failed its self-test' }
    return { ok: true, impl }
  } catch (err) {
    return { ok: false, reason: (err as Error).message }
  }
}

/**
 * A known answer: the RFC 6979 signature of a fixed hash by a fixed key, and that key's public
 * point (as libsecp256k1 and the WebAssembly build both give them; secp256k1.test.ts checks the
 * WebAssembly build against it too).
 */
export const KNOWN_ANSWER = {
  privateKey: new Uint8Array(32).fill(7),
  hash: new Uint8Array(32).fill(9),
  publicKey: '02989c0b76cb563971fdc9bef31ec06c3560f3249d6ee9e5d83c57625596e05f6f',
  signature: '7157050929571a762ab6e06207f74db146f165fead17acc7afe23000a091dc377b5faa50c021f3f9613f20531b8fc1a38744203a2f391c15e7b1455c3a296e4e',
}

/** The known signature must come out and verify, and its tampered copy must not: a binding that loads but misbehaves is not used. */
function selfTest(impl: Secp256k1): boolean {
  const { privateKey, hash } = KNOWN_ANSWER
  const publicKey = Buffer.from(KNOWN_ANSWER.publicKey, 'hex')
  const sig = impl.sign(hash, privateKey)
  if (Buffer.from(sig).toString('hex') !== KNOWN_ANSWER.signature || !impl.isPoint(publicKey)) return false
  const tampered = new Uint8Array(sig)
  tampered[5]! ^= 1
  return impl.verify(hash, publicKey, sig) && !impl.verify(hash, publicKey, tampered)
}

const native = loadNativeSecp256k1()

/** The secp256k1 implementation in use: native when it loads, WebAssembly otherwise. */
export const secp256k1: Secp256k1 = native.ok ? native.impl : wasmBackend

/** Why the native binding is not in use (undefined when it is). */
export const secp256k1FallbackReason: string | undefined = native.ok ? undefined : native.reason

/** The WebAssembly build, for tests that compare the two. */
export const wasmSecp256k1: Secp256k1 = wasmBackend
