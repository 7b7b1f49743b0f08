import {
  PoorlyFormattedDidDocumentError,
  PoorlyFormattedDidError,
  UnsupportedDidMethodError,
  UnsupportedDidWebPathError,
  getKey,
  type IdResolver,
} from '@atproto/identity'

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

  constructor(private readonly resolver: IdResolver) {}

  /** The did:key a repo signs with. `fresh` skips the cache (a key may have been rotated). */
  key(did: string, fresh = false): Promise<string> {
    const id = `${fresh ? '!' : ''}${did}`
    const existing = this.inFlight.get(id)
    if (existing) return existing
    const lookup = this.lookup(did, fresh).finally(() => this.inFlight.delete(id))
    this.inFlight.set(id, lookup)
    return lookup
  }

  /** Forgets a DID's document (an #identity event said it changed). */
  async forget(did: string): Promise<void> {
    await this.resolver.did.cache?.clearEntry(did)
  }

  private async lookup(did: string, fresh: boolean): Promise<string> {
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
    const key = getKey(doc)
    if (!key) throw new UnresolvableRepoError('NoSigningKey', `${did} names no #atproto signing key`)
    return key
  }
}
