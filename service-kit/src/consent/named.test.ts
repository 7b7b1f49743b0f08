import { describe, expect, it } from 'vitest'
import { findNamed, firstNameWord, mentionedHandles, nameWords, namesIn, type KnownName } from './named'

describe('mentionedHandles', () => {
  it.each<[string, string, string[]]>([
    ['a mention at the start', '@carol.test dancing in the rain', ['carol.test']],
    ['a mention mid-sentence', 'bob and @Alice.Test on a boat', ['alice.test']],
    ['trailing punctuation is not part of the handle', 'a portrait of @carol.test. Then @bob.test, then (@dan.example.com)!', ['carol.test', 'bob.test', 'dan.example.com']],
    ['the same handle twice counts once', '@carol.test meets @CAROL.test', ['carol.test']],
    ['hyphens inside labels', '@mary-jane.bsky.social skating', ['mary-jane.bsky.social']],
    ['an e-mail address is not a mention', 'write to carol@example.com or carol.test@example.com', []],
    ['a URL is not a mention', 'see https://bsky.app/profile/@carol.test and www.example.com/@bob.test', []],
    ['a word glued to the @ is an e-mail-like token, not a mention', 'hi@carol.test', []],
    ['no dot: not a handle', 'meet @carol at the park', []],
    ['a numeric top-level label is not a handle', 'zoom @1.5x please', []],
    ['a lone @ names nobody', 'meet me @ the park', []],
    ['a double @ is not a mention', 'look @@carol.test', []],
    ['an empty text', '', []],
  ])('%s', (_name, text, handles) => {
    expect(mentionedHandles(text)).toEqual(handles)
  })
})

describe('namesIn', () => {
  const people: KnownName[] = [
    { did: 'did:plc:carol', displayName: 'Carol Ann' },
    { did: 'did:plc:obrien', displayName: "Dr. Siobhán O'Brien" },
    { did: 'did:plc:bo', displayName: 'Bo' },
    { did: 'did:plc:j', displayName: 'J' },
    { did: 'did:plc:emoji', displayName: '🌊 Wave Rider 🌊' },
    { did: 'did:plc:digits', displayName: '1234' },
    { did: 'did:plc:blank', displayName: '   ' },
    { did: 'did:plc:zoe', displayName: 'Zoë' },
  ]
  const dids = (text: string) => namesIn(text, people).map((p) => p.did)

  it.each<[string, string, string[]]>([
    ['exact name', 'Carol Ann dancing in the rain', ['did:plc:carol']],
    ['any case, runs of spaces, punctuation around it', 'a video of CAROL   ann!', ['did:plc:carol']],
    ['possessive still names her', "carol ann's birthday", ['did:plc:carol']],
    ['a longer word does not', 'carolann dancing', []],
    ['a partial name does not', 'Carol dancing', []],
    ['the name must end where a word ends', 'Carol Annette dancing', []],
    ['punctuation inside the name must match', "dr. siobhán o'brien lecturing", ['did:plc:obrien']],
    ['without the punctuation it is another text', 'dr siobhan obrien lecturing', []],
    ['a short name as a whole word', 'Bo surfing', ['did:plc:bo']],
    ['a short name inside a word does not', 'a bow and arrow, a boat', []],
    ['a one-letter name never counts', 'J is for jump', []],
    ['names with symbols at their ends', 'the 🌊 wave rider 🌊 returns', ['did:plc:emoji']],
    ['a name of digits only never counts', 'room 1234', []],
    ['a blank name never counts', 'nothing here', []],
    ['composed and decomposed accents are the same name', 'Zoe\u0308 laughing', ['did:plc:zoe']],
    ['an accent is not ignored', 'Zoe laughing', []],
    ['a name inside a URL does not count', 'https://example.com/carol%20ann and https://example.com/Bo', []],
    ['a name inside an e-mail address does not count', 'bo@example.com', []],
    ['two people', 'Bo and Carol Ann', ['did:plc:carol', 'did:plc:bo']],
  ])('%s', (_name, text, expected) => {
    expect(dids(text)).toEqual(expected)
  })

  it('lists a person once even when named twice or listed twice', () => {
    const twice = [...people, { did: 'did:plc:carol', displayName: 'Carol' }]
    expect(namesIn('Carol Ann and carol ann and Carol', twice).map((p) => p.did)).toEqual(['did:plc:carol'])
  })
})

describe('findNamed', () => {
  it('finds handles and names together', () => {
    expect(findNamed('@bob.test and Carol Ann at sea', [{ did: 'did:plc:carol', displayName: 'Carol Ann' }])).toEqual({
      handles: ['bob.test'],
      people: [{ did: 'did:plc:carol', displayName: 'Carol Ann' }],
    })
  })
})

describe('nameWords and firstNameWord', () => {
  it('a name can only be in a text that holds its first word', () => {
    const cases: [string, string][] = [
      ['Carol Ann', 'CAROL ann dancing'],
      ["Dr. Siobhán O'Brien", "with dr. siobhán o'brien"],
      ['🌊 Wave Rider', 'the 🌊 wave rider'],
      ['Zoë', 'Zoe\u0308!'],
    ]
    for (const [name, text] of cases) {
      expect(namesIn(text, [{ did: 'd', displayName: name }])).toHaveLength(1)
      expect(nameWords(text)).toContain(firstNameWord(name))
    }
  })

  it('has no first word for a name without letters or digits', () => {
    expect(firstNameWord('🌊 🌊')).toBeUndefined()
    expect(nameWords('see https://example.com/alice now')).toEqual(['see', 'now'])
  })
})
