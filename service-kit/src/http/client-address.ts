import { BlockList, isIP, isIPv6 } from 'node:net'
import type { IncomingMessage } from 'node:http'
import { ConfigError } from '../errors'

/** Who limits count a request against, and who they never limit (FRAMEWRIGHT_RATE_LIMIT_EXEMPT_IPS, _TRUSTED_PROXIES). */
export interface ClientAddressConfig {
  /** Addresses or CIDR ranges never limited per address (our own services calling each other, a PDS proxying reports). */
  exemptIps: string[]
  /**
   * Reverse proxies in front of the service (addresses or CIDR ranges): a request from one of them is
   * counted against the address it names last in X-Forwarded-For (proxies before it are skipped too).
   */
  trustedProxies: string[]
}

/**
 * The address a request is counted against (HTTP requests and WebSocket upgrades alike), and
 * whether it is exempt: one reading of the client's address for every limiter of a service.
 */
export class ClientAddresses {
  private readonly exempt: BlockList
  private readonly proxies?: BlockList

  constructor(cfg: ClientAddressConfig) {
    this.exempt = addressList('FRAMEWRIGHT_RATE_LIMIT_EXEMPT_IPS', cfg.exemptIps)
    if (cfg.trustedProxies.length > 0) this.proxies = addressList('FRAMEWRIGHT_RATE_LIMIT_TRUSTED_PROXIES', cfg.trustedProxies)
  }

  /**
   * The key the request's address is counted under (IPv6 by its /64), or undefined when it is not
   * counted: exempt, or no address known (a socket already gone).
   */
  keyOf(req: IncomingMessage): string | undefined {
    const address = this.clientAddress(req)
    if (!address || inList(this.exempt, address)) return undefined
    return addressKey(address)
  }

  /** The peer's address, or behind trusted proxies the address the nearest untrusted hop had. */
  private clientAddress(req: IncomingMessage): string | undefined {
    let address = unmapped(req.socket.remoteAddress)
    if (!this.proxies || !address) return address
    const header = req.headers['x-forwarded-for']
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => unmapped(h.trim()))
    while (inList(this.proxies, address) && hops.length > 0) {
      const previous = hops.pop()
      if (!previous || !isIP(previous)) break
      address = previous
    }
    return address
  }
}

/** Checks a list of addresses and CIDR ranges; a malformed entry names the variable. */
export function addressList(variable: string, entries: string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address, prefix] = entry.split('/')
    const type = isIPv6(address!) ? 'ipv6' : 'ipv4'
    try {
      if (prefix === undefined) list.addAddress(address!, type)
      else list.addSubnet(address!, Number(prefix), type)
    } catch {
      throw new ConfigError(variable, `"${entry}" is not an address or CIDR range`)
    }
  }
  return list
}

function inList(list: BlockList, address: string): boolean {
  return list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4')
}

/** IPv4-mapped IPv6 written as IPv4. */
function unmapped(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}

/** IPv4 by address; IPv6 by its /64 (one host commonly holds a whole /64). */
export function addressKey(address: string): string {
  if (!isIPv6(address)) return address
  const [head = '', tail = ''] = address.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = address.includes('::') ? (tail ? tail.split(':') : []) : []
  const groups = address.includes('::') ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`
}
