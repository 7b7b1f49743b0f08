import { describe, expect, it } from 'vitest'
import { didWebForUrl, envBool, envDbLocation, envDid, envHost, envInt, envList, envPort, envUrl, outboundAllowConfig } from './config'

describe('environment helpers name the variable in every error', () => {
  it.each<[string, (env: Record<string, string>) => unknown, string, RegExp]>([
    ['an integer', (e) => envInt(e, 'X_INT'), '12a', /^X_INT: expected an integer/],
    ['a port', (e) => envPort(e, 'X_PORT'), '70000', /^X_PORT: not a port/],
    ['a boolean', (e) => envBool(e, 'X_BOOL'), 'maybe', /^X_BOOL: expected true or false/],
    ['a URL', (e) => envUrl(e, 'X_URL'), 'localhost:2583', /^X_URL: expected an http\(s\) or ws\(s\) URL/],
    ['a DID', (e) => envDid(e, 'X_DID'), 'alice.test', /^X_DID: not a DID/],
    ['listen address', (e) => envHost(e, 'X_HOST'), 'http://0.0.0.0', /^X_HOST: expected an address to listen on/],
    ['database URL scheme', (e) => envDbLocation(e, 'X_DB'), 'mysql://root:secret@db/app', /^X_DB: expected a SQLite file path or a postgresql:\/\/ URL, got "mysql:\/\/…@db\/app"/],
    ['Postgres URL without a database', (e) => envDbLocation(e, 'X_DB'), 'postgresql://postgres@127.0.0.1:5432', /^X_DB: the Postgres URL needs a host and a database name/],
    ['Postgres schema name', (e) => envDbLocation(e, 'X_DB'), 'postgres://pg@h/db?schema=Bad-Name', /^X_DB: "Bad-Name" is not a usable schema name/],
  ])('rejects a bad %s', (_what, read, value, message) => {
    const name = message.source.slice(1).split(':')[0]!
    expect(() => read({ [name]: value })).toThrow(message)
  })

  it.each<[string, () => unknown, unknown]>([
    ['unset is undefined', () => envInt({}, 'X'), undefined],
    ['blank is undefined', () => envInt({ X: '   ' }, 'X'), undefined],
    ['ports parse', () => envPort({ P: '2585' }, 'P'), 2585],
    ['booleans parse', () => envBool({ B: 'yes' }, 'B'), true],
    ['lists split and trim', () => envList({ L: 'did:plc:a, did:plc:b,' }, 'L'), ['did:plc:a', 'did:plc:b']],
    ['URLs lose trailing slashes', () => envUrl({ U: 'http://localhost:2583/' }, 'U'), 'http://localhost:2583'],
    ['a database file path', () => envDbLocation({ D: 'data/appview.sqlite' }, 'D'), 'data/appview.sqlite'],
    ['a Postgres URL', () => envDbLocation({ D: 'postgresql://pg@db:5432/fw?schema=framewright_appview' }, 'D'), 'postgresql://pg@db:5432/fw?schema=framewright_appview'],
    ['the service variable first', () => envHost({ X_HOST: '0.0.0.0', FRAMEWRIGHT_HOST: '::' }, 'X_HOST'), '0.0.0.0'],
    ['FRAMEWRIGHT_HOST for every service', () => envHost({ FRAMEWRIGHT_HOST: '::' }, 'X_HOST'), '::'],
    ['no host: the config applies its default', () => envHost({}, 'X_HOST'), undefined],
    ['did:web with a port', () => didWebForUrl('http://localhost:2585'), 'did:web:localhost%3A2585'],
    ['did:web without a port', () => didWebForUrl('https://feeds.example.com'), 'did:web:feeds.example.com'],
  ])('%s', (_name, read, expected) => {
    expect(read()).toEqual(expected)
  })
})


describe('outboundAllowConfig', () => {
  it('allows nothing private unless told, and takes hosts, addresses and ranges', () => {
    expect(outboundAllowConfig(undefined)).toEqual([])
    expect(outboundAllowConfig(envList({ A: '127.0.0.1, localhost,::1,10.0.0.0/8' }, 'A'))).toEqual(['127.0.0.1', 'localhost', '::1', '10.0.0.0/8'])
  })

  it('names the variable when an entry is none of those', () => {
    expect(() => outboundAllowConfig(['http://localhost:2583'])).toThrow(/^FRAMEWRIGHT_OUTBOUND_ALLOW: .*not a host name/)
    expect(() => outboundAllowConfig(['10.0.0.0/40'])).toThrow(/^FRAMEWRIGHT_OUTBOUND_ALLOW: .*not a CIDR range/)
  })
})
