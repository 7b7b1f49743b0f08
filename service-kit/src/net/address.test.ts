import { describe, expect, it } from 'vitest'
import { addressRange, type AddressRange } from './address'
import { AddressGuard } from './guard'
import { ForbiddenAddressError } from './errors'

describe('addressRange', () => {
  it.each<[string, AddressRange | undefined]>([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['FE80::ABCD', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'reserved'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::', 'loopback'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['2001:db8::1', 'documentation'],
    // Public ones.
    ['8.8.8.8', undefined],
    ['1.1.1.1', undefined],
    ['100.128.0.1', undefined],
    ['172.32.0.1', undefined],
    ['169.253.255.255', undefined],
    ['::ffff:8.8.8.8', undefined],
    ['2606:4700:4700::1111', undefined],
    ['2001:4860:4860::8888', undefined],
    ['64:ff9b::808:808', undefined],
  ])('%s is %s', (address, range) => {
    expect(addressRange(address)).toBe(range)
  })

  it('throws on what is not an address', () => {
    expect(() => addressRange('example.com')).toThrow(TypeError)
  })
})

/** A guard with no allowlist whose resolver knows only `names` (and says ENOTFOUND to the rest). */
function guardWith(names: Record<string, string[]>, allow: string[] = []) {
  return new AddressGuard({
    allow,
    resolve: async (hostname) => {
      const found = names[hostname]
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
      return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
    },
  })
}

async function refusal(guard: AddressGuard, url: string): Promise<unknown> {
  return guard.check(url).then(() => undefined, (err: unknown) => err)
}

describe('AddressGuard', () => {
  const guard = guardWith({ 'public.example': ['93.184.215.14'], 'rebound.example': ['93.184.215.14', '10.0.0.7'], 'meta.example': ['169.254.169.254'] })

  // URLs as a DID document could write them; the URL parser turns the odd IPv4 forms into dotted quads.
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://0x7f000001/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://[::]/',
    'http://0.0.0.0/',
    'http://0/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://10.0.0.1/',
    'http://192.168.0.1:8080/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://localhost/',
    'http://localhost./',
    'http://LOCALHOST/',
    'http://LocalHost.:2583/',
    'http://feed.localhost/',
    'http://meta.example/',
    'http://META.EXAMPLE./',
    'http://rebound.example/',
  ])('refuses %s', async (url) => {
    expect(await refusal(guard, url)).toBeInstanceOf(ForbiddenAddressError)
  })

  it('lets a public host through', async () => {
    expect(await guard.addresses('public.example')).toEqual([{ address: '93.184.215.14', family: 4 }])
    expect(await refusal(guard, 'https://public.example./x')).toBeUndefined()
    expect(await refusal(guard, 'http://8.8.8.8/')).toBeUndefined()
  })

  it('lets through the hosts, addresses and ranges on its allowlist, and nothing next to them', async () => {
    const allowing = guardWith({ 'pds.internal': ['10.1.2.3'], 'other.internal': ['10.1.2.4'] }, ['localhost', '127.0.0.1', 'pds.internal', 'fd00::/16', '::1'])
    for (const url of ['http://localhost:2583/', 'http://LOCALHOST./', 'http://127.0.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://pds.internal/', 'http://[fd00::5]/', 'http://[::1]/']) {
      expect(await refusal(allowing, url), url).toBeUndefined()
    }
    for (const url of ['http://127.0.0.2/', 'http://other.internal/', 'http://[fd01::5]/', 'http://169.254.169.254/']) {
      expect(await refusal(allowing, url), url).toBeInstanceOf(ForbiddenAddressError)
    }
  })

  it('says which host, address and range it refused', async () => {
    const err = (await refusal(guard, 'http://meta.example/')) as ForbiddenAddressError
    expect([err.name, err.host, err.address, err.range]).toEqual(['ForbiddenAddressError', 'meta.example', '169.254.169.254', 'link-local'])
  })

  it('refuses allowlist entries that are none of host, address or range', () => {
    expect(() => new AddressGuard({ allow: ['10.0.0.0/33'] })).toThrow(/CIDR/)
    expect(() => new AddressGuard({ allow: ['http://localhost'] })).toThrow(/host name/)
  })
})
