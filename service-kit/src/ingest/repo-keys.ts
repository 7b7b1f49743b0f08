import {
  PoorlyFormattedDidDocumentError,
  PoorlyFormattedDidError,
  UnsupportedDidMethodError,
  UnsupportedDidWebPathError,
  getKey,
  type DidDocument,
  type IdResolver,
} from '@atproto/identity'
import { base58Decode, base58Encode } from '../repo/keys'
import type { DidDocumentStore } from './did-documents'
import { LruDidCache } from '../identity/lru-did-cache'

/**
 * A DID whose signing key can never be found: it does not exist (the directory answered 404 or
 * 410), or its document is malformed or names no #atproto key. Events signed by it can never be
 * verified, so they are dead letters; any other failure (timeout, refused connection, 5xx) is
 * transient and retried.
 */
export class UnresolvableRepoError extends Error {
  override name = 'UnresolvableRepoError'
  constructor(
    readonly reason: 'DidNotFound' | 'BadDidDocument' | 'NoSigningKey',
    message: string,
  ) {
    super(message)
  }
}

/**
 * The current #atproto signing key of repos, through the shared DID resolver (and its cache).
 * Concurrent look-ups of one DID share one request: a batch often holds several commits of the
 * same repo.
 */
export class RepoKeys {
  private readonly inFlight = new Map<string, Promise<string>>()
  /**
   * The key read from each DID document the resolver's cache holds: the cache hands back the same
   * document object until it fetches a new one, and reading a legacy key (base58 decode, compress,
   * encode) for every batch that has a commit of that repo was a few percent of ingestion.
   */
  private readonly derived = new WeakMap<DidDocument, string>()
  /** Look-ups answered from the kept documents, and from the directory (for the status method). */
  readonly counts = { fromStore: 0, fetched: 0 }
  /** Documents `restore` put in the resolver's cache, until `lookup` reads them. */
  private readonly restored = new WeakSet<DidDocument>()

  /** `store`: documents kept across restarts (see did-documents.ts); without it, only the resolver's memory. */
  constructor(
    private readonly resolver: IdResolver,
    private readonly store?: DidDocumentStore,
  ) {}

  /** The did:key a repo signs with. `fresh` skips the cache (a key may have been rotated). */
  key(did: string, fresh = false): Promise<string> {
    const id = `${fresh ? '!' : ''}${did}`
    const existing = this.inFlight.get(id)
    if (existing) return existing
    const lookup = this.lookup(did, fresh).finally(() => this.inFlight.delete(id))
    this.inFlight.set(id, lookup)
    return lookup
  }

  /**
   * Starts looking a repo's key up without waiting for it: the answer lands in the cache (or the
   * look-up in flight is shared) for when a batch needs it. A failure is left for that batch's own
   * look-up, which retries.
   */
  prefetch(did: string): void {
    this.key(did).catch(() => undefined)
  }

  /** Forgets a DID's document (an #identity event said it changed). */
  async forget(did: string): Promise<void> {
    await this.resolver.did.cache?.clearEntry(did)
  }

  private async lookup(did: string, fresh: boolean): Promise<string> {
    if (!fresh && this.store) await this.restore(did)
    let doc
    try {
      doc = await this.resolver.did.resolve(did, fresh)
    } catch (err) {
      if (err instanceof PoorlyFormattedDidDocumentError || err instanceof PoorlyFormattedDidError || err instanceof UnsupportedDidMethodError || err instanceof UnsupportedDidWebPathError) {
        throw new UnresolvableRepoError('BadDidDocument', `${did}: ${err.message}`)
      }
      if ((err as { status?: number }).status === 410) throw new UnresolvableRepoError('DidNotFound', `${did} is tombstoned`)
      throw err
    }
    if (!doc) throw new UnresolvableRepoError('DidNotFound', `${did} does not resolve`)
    const known = this.derived.get(doc)
    if (known) return known
    const key = signingKeyOf(did, doc) ?? getKey(doc)
    if (!key) throw new UnresolvableRepoError('NoSigningKey', `${did} names no #atproto signing key`)
    // A document not seen before came from the directory (or from whatever else filled the cache):
    // kept for the next start. One restored from the store was put in the cache by `restore`.
    if (!this.restored.delete(doc)) {
      this.counts.fetched++
      this.store?.fetched(did, doc)
    }
    this.derived.set(doc, key)
    return key
  }

  /**
   * Puts a kept document of `did` in the resolver's cache, as old as it is (so it goes stale and is
   * refreshed when it would have been), when the cache holds none: `resolve` then answers from it.
   */
  private async restore(did: string): Promise<void> {
    const cache = this.resolver.did.cache
    if (!cache || (await cache.checkCache(did))) return
    const kept = await this.store!.get(did)
    if (!kept) return
    this.counts.fromStore++
    this.restored.add(kept.document)
    if (cache instanceof LruDidCache) cache.restore(did, kept.document, kept.resolvedAt)
    else await cache.cacheDid(did, kept.document)
  }
}

/** Multicodec prefixes of compressed public keys, by the legacy verification method types. */
const LEGACY_KEY_PREFIX: Record<string, number[]> = {
  EcdsaSecp256k1VerificationKey2019: [0xe7, 0x01],
  EcdsaSecp256r1VerificationKey2019: [0x80, 0x24],
}

/**
 * The #atproto key of a DID document as a did:key, read directly for the two forms PLC serves:
 * Multikey (already a did:key's body) and the legacy types holding a raw uncompressed point. The
 * library's getKey decodes and re-encodes the point through pure-JS curve code, a third of a
 * millisecond of CPU per repo on the ingestion thread; compressing it is taking X and Y's parity.
 * The point is not checked here: the signature check fails on a key that is not one. Undefined for
 * anything else (getKey then decides).
 */
export function signingKeyOf(did: string, doc: DidDocument): string | undefined {
  const method = doc.verificationMethod?.find((m) => m.id === '#atproto' || m.id === `${did}#atproto`)
  const multibase = method?.publicKeyMultibase
  if (!method || typeof multibase !== 'string' || !multibase.startsWith('z')) return undefined
  if (method.type === 'Multikey') return `did:key:${multibase}`
  const prefix = LEGACY_KEY_PREFIX[method.type]
  if (!prefix) return undefined
  let point: Uint8Array
  try {
    point = base58Decode(multibase.slice(1))
  } catch {
    return undefined
  }
  if (point.length === 65 && point[0] === 0x04) {
    const compressed = new Uint8Array(33)
    compressed[0] = 0x02 | (point[64]! & 1)
    compressed.set(point.subarray(1, 33), 1)
    point = compressed
  } else if (point.length !== 33 || (point[0] !== 0x02 && point[0] !== 0x03)) return undefined
  return `did:key:z${base58Encode(new Uint8Array([...prefix, ...point]))}`
}
