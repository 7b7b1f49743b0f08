import type { FrameOp } from './frames'

/**
 * Which collections a service indexes: exact NSIDs, or prefixes written `app.example.*`. It is
 * asked about every op of every commit on the network, so it is a set lookup and a short scan.
 */
export class CollectionFilter {
  private readonly exact: Set<string>
  private readonly prefixes: string[]

  constructor(collections: readonly string[]) {
    this.exact = new Set(collections.filter((c) => !c.endsWith('.*')))
    this.prefixes = collections.filter((c) => c.endsWith('.*')).map((c) => c.slice(0, -1))
  }

  matches(collection: string): boolean {
    if (this.exact.has(collection)) return true
    for (const prefix of this.prefixes) if (collection.startsWith(prefix)) return true
    return false
  }

  /** The ops of a commit in our collections (usually none: most of the network is not ours). */
  wanted<Op extends Pick<FrameOp, 'path'>>(ops: readonly Op[]): Op[] {
    let out: Op[] | undefined
    for (const op of ops) {
      const slash = op.path.indexOf('/')
      if (slash > 0 && this.matches(op.path.slice(0, slash))) (out ??= []).push(op)
    }
    return out ?? []
  }
}

/** collection and rkey of an op path. */
export function splitPath(path: string): { collection: string; rkey: string } {
  const slash = path.indexOf('/')
  return { collection: path.slice(0, slash), rkey: path.slice(slash + 1) }
}
