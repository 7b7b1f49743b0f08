import { describe, expect, it } from 'vitest'
import { parseInstruction } from './instruction'

const words = (terms: { word: string }[]) => terms.map((t) => t.word)

describe('parseInstruction', () => {
  it.each<[string, string | undefined, { boost?: string[]; penalise?: string[]; mute?: string[]; ignored?: string[] }]>([
    ['nothing', undefined, {}],
    ['empty', '   ', {}],
    ['the example from the lexicon', 'more animation, less politics', { boost: ['animation'], penalise: ['politic'] }],
    ['"and" does not end a directive', 'more animation and less politics', { boost: ['animation'], penalise: ['politic'] }],
    ['no X mutes X', 'no horror', { mute: ['horror'] }],
    ['"no more" mutes, not boosts', 'no more cats', { mute: ['cat'] }],
    ['filler words are skipped', 'show me more videos about the ocean please', { boost: ['ocean'] }],
    ['several words after one directive', 'more paper boats, origami', { boost: ['paper', 'boat'], ignored: ['origami'] }],
    ['case and hashtags', 'MORE #Animation', { boost: ['animation'] }],
    ["don't and curly apostrophes", 'don’t show me spiders', { mute: ['spider'] }],
    ['words before any directive are ignored, not guessed', 'animation is great', { ignored: ['animation', 'is', 'great'] }],
    ['the strongest wish about a word wins', 'more cats, less dogs, no cats, more dogs', { mute: ['cat'], penalise: ['dog'] }],
    ['fewer and without', 'fewer memes without gore', { penalise: ['meme'], mute: ['gore'] }],
  ])('%s', (_name, instruction, expected) => {
    const parsed = parseInstruction(instruction)
    expect({ boost: words(parsed.boost), penalise: words(parsed.penalise), mute: words(parsed.mute), ignored: parsed.ignored }).toEqual({
      boost: [],
      penalise: [],
      mute: [],
      ignored: [],
      ...expected,
    })
  })

  it('keeps the words as written, to name them back to the viewer', () => {
    expect(parseInstruction('more Paper Boats').boost).toEqual([
      { text: 'paper', word: 'paper' },
      { text: 'boats', word: 'boat' },
    ])
  })

  it('bounds the number of terms', () => {
    const many = `more ${Array.from({ length: 50 }, (_, i) => `w${i}x`).join(' ')}`
    expect(parseInstruction(many).boost).toHaveLength(20)
  })
})
