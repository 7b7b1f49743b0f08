import { lookup as dnsLookup } from 'node:dns/promises'
import type { LookupAddress, LookupOptions } from 'node:dns'
import { isIP } from 'node:net'
import { addressRange, canonicalBytes, inPrefix, ipBytes, parsePrefix } from './address'
import { ForbiddenAddressError } from './errors'

/** Resolves a host name to every address it has (the system resolver unless a test injects one). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>

/** A `lookup` as node:net, node:http and ws take it. */
export type LookupFunction = (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => void

export interface AddressGuardOptions {
  /**
   * Hosts, addresses and CIDR ranges that may be reached whatever their address
   * (FRAMEWRIGHT_OUTBOUND_ALLOW): a local stack's own services on 127.0.0.1, a private network a
   * deployment trusts. A host name here is trusted with whatever it resolves to.
   */
  allow?: readonly string[]
  resolve?: Resolve
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/

/** A host as the guard compares it: lower case, no brackets, no trailing dot. */
export function normalHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '')
}

/**
 * Checks an allowlist entry: a host name, an IP address or a CIDR range. Returns why it is not one,
 * or undefined when it is fine.
 */
export function allowEntryProblem(entry: string): string | undefined {
  if (parsePrefix(entry)) return undefined
  if (entry.includes('/') && isIP(entry.split('/')[0]!)) return `"${entry}" is not a CIDR range`
  if (!HOSTNAME.test(normalHost(entry))) return `"${entry}" is not a host name, an IP address or a CIDR range`
  return undefined
}

/**
 * Decides which addresses the network may make us reach. Every host is resolved here and each of
 * its addresses checked; a host with one forbidden address is refused whole (whoever runs its DNS
 * chose to name that address). `localhost` and `*.localhost` are 127.0.0.1 and ::1 without asking
 * DNS (RFC 6761), IPv4 first. Hosts, addresses and ranges on the allowlist pass.
 */
export class AddressGuard {
  private readonly hosts = new Set<string>()
  private readonly prefixes: NonNullable<ReturnType<typeof parsePrefix>>[] = []
  private readonly resolve: Resolve

  constructor(opts: AddressGuardOptions = {}) {
    for (const entry of opts.allow ?? []) {
      const problem = allowEntryProblem(entry)
      if (problem) throw new TypeError(problem)
      const prefix = parsePrefix(entry)
      if (prefix) this.prefixes.push(prefix)
      else this.hosts.add(normalHost(entry))
    }
    this.resolve = opts.resolve ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true }))
  }

  /** The addresses `host` may be reached at (every address it has); throws ForbiddenAddressError. */
  async addresses(host: string): Promise<LookupAddress[]> {
    const name = normalHost(host)
    const family = isIP(name)
    if (family) {
      this.checkLiteral(name)
      return [{ address: name, family }]
    }
    const addresses = name === 'localhost' || name.endsWith('.localhost') ? LOOPBACK : await this.resolve(name)
    if (this.hosts.has(name)) return addresses
    for (const { address } of addresses) this.checkAddress(name, address)
    return addresses
  }

  /** Throws ForbiddenAddressError when `address` (an IP literal a URL names) may not be reached. */
  checkLiteral(address: string): void {
    const bare = normalHost(address)
    if (this.hosts.has(bare)) return
    this.checkAddress(bare, bare)
  }

  /** Throws ForbiddenAddressError when the URL's host is, or resolves to, an address we may not reach. */
  async check(url: URL | string): Promise<void> {
    await this.addresses(new URL(url).hostname)
  }

  /**
   * A `lookup` for node:net that answers only with vetted addresses, so a connection goes to the
   * address that was checked (no second DNS answer in between for a rebinding server to change).
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.addresses(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found
        if (wanted.length === 0) {
          const err: NodeJS.ErrnoException = Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' })
          return callback(err, options.all ? [] : '')
        }
        if (options.all) callback(null, wanted)
        else callback(null, wanted[0]!.address, wanted[0]!.family)
      },
      (err: NodeJS.ErrnoException) => callback(err, options.all ? [] : ''),
    )
  }

  private checkAddress(host: string, address: string): void {
    const bytes = ipBytes(address)
    if (!bytes) throw new TypeError(`not an IP address: ${address}`)
    const range = addressRange(address)
    if (!range) return
    const canonical = canonicalBytes(bytes)
    if (this.prefixes.some((prefix) => inPrefix(canonical, prefix))) return
    throw new ForbiddenAddressError(host, address, range)
  }
}

const LOOPBACK: LookupAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
]
