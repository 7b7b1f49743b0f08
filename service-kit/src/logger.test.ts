import { describe, expect, it } from 'vitest'
import { createLogger, SecretScrubber } from './logger'

/** The lines one log call writes, with the given secrets known to the logger. */
function logged(fields: Record<string, unknown>, msg: string, secrets: string[] = []): string {
  const lines: string[] = []
  createLogger({ level: 'debug', secrets, destination: { write: (line) => void lines.push(line) } }).child({ service: 'test' }).debug(fields, msg)
  return lines.join('')
}

describe('the logger keeps secrets out of its lines', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a password field', { password: 'hunter2-pass' }, 'hunter2-pass'],
    ['the Authorization header of a request', { req: { headers: { authorization: 'Bearer eyJhbGciOi.x.y' } } }, 'eyJhbGciOi'],
    ['a header three levels down', { err: { config: { headers: { Authorization: 'Bearer abc.def.ghi' } } } }, 'abc.def.ghi'],
    ['an access JWT in a session', { session: { accessJwt: 'jwt-access-123', refreshJwt: 'jwt-refresh-456' } }, 'jwt-'],
    ['a signing key', { cfg: { signingKeyHex: 'ab'.repeat(32) } }, 'ab'.repeat(32)],
    ['an API token', { replicate: { apiToken: 'r8_token_value' } }, 'r8_token_value'],
  ])('redacts %s', (_what, fields, secret) => {
    const line = logged(fields, 'hello')
    expect(line).toContain('[redacted]')
    expect(line).not.toContain(secret)
  })

  it('scrubs known secret values wherever they appear: messages, errors, escaped for JSON', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----'
    const line = logged({ err: new Error(`upstream said: token sk-live-0123 rejected`), url: 'postgresql://fw:db-pass-99@db/fw' }, `key ${pem}`, ['sk-live-0123', pem, 'db-pass-99'])
    for (const secret of ['sk-live-0123', 'db-pass-99', 'MIGHAgEAMBMGByqGSM49']) expect(line).not.toContain(secret)
    expect(line).toContain('upstream said: token [redacted] rejected')
  })

  it('ignores blanks and values too short to be secrets (they would censor ordinary words)', () => {
    const scrubber = new SecretScrubber(['', undefined, 'abc'])
    expect(scrubber.scrub('abc def')).toBe('abc def')
  })
})
