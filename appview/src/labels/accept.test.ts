import { describe, expect, it } from 'vitest'
import { formatContentLabelers, parseAcceptLabelers } from './accept'

describe('parseAcceptLabelers', () => {
  it.each<[string, string | undefined, string[], { did: string; redact: boolean }[]]>([
    ['no header → defaults', undefined, ['did:plc:d'], [{ did: 'did:plc:d', redact: false }]],
    ['empty header → none (the viewer turned them all off)', '', ['did:plc:d'], []],
    ['two labelers, one redacting', 'did:plc:a;redact, did:web:b.example', [], [
      { did: 'did:plc:a', redact: true },
      { did: 'did:web:b.example', redact: false },
    ]],
    ['junk entries skipped', 'nonsense, did:plc:a, ;redact, did:plc:a', [], [{ did: 'did:plc:a', redact: false }]],
  ])('%s', (_name, header, defaults, expected) => {
    expect(parseAcceptLabelers(header, defaults)).toEqual(expected)
  })

  it('honours at most 20', () => {
    const header = Array.from({ length: 30 }, (_, i) => `did:plc:l${i}`).join(',')
    expect(parseAcceptLabelers(header, [])).toHaveLength(20)
  })

  it('formats the response header', () => {
    expect(formatContentLabelers([{ did: 'did:plc:a', redact: true }, { did: 'did:plc:b', redact: false }])).toBe('did:plc:a;redact, did:plc:b')
  })
})
