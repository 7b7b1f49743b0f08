import { isIPv4, isIPv6 } from 'node:net'

/**
 * Which special-purpose range an IP address is in, for the outbound guard: every kind here is one
 * a host named by the network (a DID document, a record) must not make us reach. Undefined means an
 * ordinary public unicast address.
 */
export type AddressRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'multicast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'

/** An address as 4 or 16 bytes. */
type Bytes = Uint8Array

interface Prefix {
  bytes: Bytes
  bits: number
}

/** IPv4 special-purpose ranges (RFC 6890 and friends). */
const IPV4_RANGES: [string, AddressRange][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  // Includes 169.254.169.254, the cloud metadata service.
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  // Includes 255.255.255.255, the broadcast address.
  ['240.0.0.0/4', 'reserved'],
]

/** IPv6 special-purpose ranges; the ones that carry an IPv4 address are handled before these. */
const IPV6_RANGES: [string, AddressRange][] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  // The rest of ::/8: IPv4-compatible addresses (deprecated) and unassigned space.
  ['::/8', 'reserved'],
  ['64:ff9b:1::/48', 'private'],
  ['100::/64', 'reserved'],
  // IETF protocol assignments, Teredo (which tunnels to any IPv4 address) among them.
  ['2001::/23', 'reserved'],
  ['2001:db8::/32', 'documentation'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'link-local'],
  // Site-local (deprecated): private in practice.
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
]

const V4 = IPV4_RANGES.map(([cidr, range]) => [rawPrefix(cidr)!, range] as const)
const V6 = IPV6_RANGES.map(([cidr, range]) => [rawPrefix(cidr)!, range] as const)
const MAPPED = rawPrefix('::ffff:0:0/96')!
/** IPv6 prefixes whose addresses carry an IPv4 address, and where it sits (byte offset). */
const EMBEDS_V4: [Prefix, number][] = [
  [MAPPED, 12],
  [rawPrefix('64:ff9b::/96')!, 12], // NAT64
  [rawPrefix('2002::/16')!, 2], // 6to4
]

/**
 * The special-purpose range `address` is in, or undefined for a public address. Takes an IPv4 or
 * IPv6 address as written in a URL or returned by DNS (brackets and a zone are ignored); IPv6 forms
 * that carry an IPv4 address (mapped, NAT64, 6to4) are judged by the address they carry.
 * Throws on something that is not an IP address.
 */
export function addressRange(address: string): AddressRange | undefined {
  const bytes = ipBytes(address)
  if (!bytes) throw new TypeError(`not an IP address: ${address}`)
  return rangeOf(bytes)
}

function rangeOf(bytes: Bytes): AddressRange | undefined {
  if (bytes.length === 4) return V4.find(([prefix]) => inPrefix(bytes, prefix))?.[1]
  for (const [prefix, at] of EMBEDS_V4) {
    if (inPrefix(bytes, prefix)) return rangeOf(bytes.subarray(at, at + 4))
  }
  return V6.find(([prefix]) => inPrefix(bytes, prefix))?.[1]
}

/** The bytes of an IP address, or undefined when it is not one. IPv4-mapped IPv6 stays 16 bytes. */
export function ipBytes(address: string): Bytes | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
  if (isIPv4(bare)) return Uint8Array.from(bare.split('.').map(Number))
  if (!isIPv6(bare)) return undefined
  return ipv6Bytes(bare.toLowerCase())
}

/**
 * The address as IPv4 bytes when it is IPv4 or IPv4-mapped IPv6 (::ffff:a.b.c.d), so that an
 * allowlist entry matches both ways of writing one address; otherwise as it is.
 */
export function canonicalBytes(bytes: Bytes): Bytes {
  if (bytes.length === 16 && inPrefix(bytes, MAPPED)) return bytes.slice(12)
  return bytes
}

/**
 * An address or CIDR range ("10.0.0.0/8", "fd00::/8", "127.0.0.1"), or undefined when it is
 * neither. An IPv4-mapped one is taken as the IPv4 address or range it maps (compare it with
 * canonicalBytes of an address).
 */
export function parsePrefix(text: string): Prefix | undefined {
  const raw = rawPrefix(text)
  if (!raw || raw.bytes.length === 4 || !inPrefix(raw.bytes, MAPPED) || raw.bits < 96) return raw
  return { bytes: raw.bytes.slice(12), bits: raw.bits - 96 }
}

function rawPrefix(text: string): Prefix | undefined {
  const [addr, len, extra] = text.split('/')
  if (extra !== undefined || addr === undefined) return undefined
  const bytes = ipBytes(addr)
  if (!bytes) return undefined
  const max = bytes.length * 8
  if (len === undefined) return { bytes, bits: max }
  if (!/^\d{1,3}$/.test(len)) return undefined
  const bits = Number(len)
  if (bits > max) return undefined
  return { bytes, bits }
}

/** Whether `bytes` falls in `prefix` (same family only). */
export function inPrefix(bytes: Bytes, prefix: Prefix): boolean {
  if (bytes.length !== prefix.bytes.length) return false
  const whole = prefix.bits >> 3
  for (let i = 0; i < whole; i++) if (bytes[i] !== prefix.bytes[i]) return false
  const rest = prefix.bits & 7
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return (bytes[whole]! & mask) === (prefix.bytes[whole]! & mask)
}

function ipv6Bytes(text: string): Bytes {
  // A trailing dotted IPv4 part stands for the last two groups.
  let groups = text
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number]
    groups = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = groups.split('::') as [string, string | undefined]
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0')
  const all = [...left, ...fill, ...right]
  const out = new Uint8Array(16)
  all.forEach((g, i) => {
    const n = parseInt(g, 16)
    out[i * 2] = n >> 8
    out[i * 2 + 1] = n & 0xff
  })
  return out
}
