import { describe, expect, it } from 'vitest'
import { formatContentLabelers, isRedacted, parseAcceptLabelers } from './accept'

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

describe('isRedacted', () => {
  const viewerLabelers = [
    { did: 'did:plc:mod', redact: true },
    { did: 'did:plc:community', redact: false },
  ]
  it.each<[string, { src: string; val: string }[], boolean]>([
    ['no labels', [], false],
    ['a takedown from a redacting labeler', [{ src: 'did:plc:mod', val: '!takedown' }], true],
    ['a suspension from a redacting labeler', [{ src: 'did:plc:mod', val: '!suspend' }], true],
    ['a takedown from a labeler accepted without redact is only shown', [{ src: 'did:plc:community', val: '!takedown' }], false],
    ['an ordinary label from a redacting labeler', [{ src: 'did:plc:mod', val: 'likeness-unconsented' }], false],
    ['!hide is a warning, not a takedown', [{ src: 'did:plc:mod', val: '!hide' }], false],
    ['one takedown among others is enough', [{ src: 'did:plc:community', val: 'ai-video' }, { src: 'did:plc:mod', val: '!takedown' }], true],
  ])('%s', (_name, labels, expected) => {
    expect(isRedacted(labels, viewerLabelers)).toBe(expected)
  })
})
