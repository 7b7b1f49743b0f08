import { describe, expect, it } from 'vitest'
import { clampGraphemes, countGraphemes, PROMPT_MAX_GRAPHEMES } from './promptLimit'

describe('the prompt limit', () => {
  it('is the lexicon’s maxGraphemes', () => {
    expect(PROMPT_MAX_GRAPHEMES).toBe(2000)
  })

  it.each([
    ['', 0],
    ['abc', 3],
    ['👍🏽', 1],
    ['👨‍👩‍👧', 1],
    ['é', 1], // e + combining accent
    ['🇫🇷🇩🇪', 2],
  ])('counts %j as %i graphemes', (text, n) => {
    expect(countGraphemes(text)).toBe(n)
  })

  it.each([
    ['abcdef', 3, 'abc'],
    ['ab', 3, 'ab'],
    ['a👨‍👩‍👧b', 2, 'a👨‍👩‍👧'],
    ['👍🏽👍🏽👍🏽', 2, '👍🏽👍🏽'],
    ['abc', 0, ''],
  ])('cuts %j to %i graphemes without splitting one', (text, max, out) => {
    expect(clampGraphemes(text, max)).toBe(out)
  })

  it('a 5,000-character prompt is cut to the limit', () => {
    const cut = clampGraphemes('x'.repeat(5000), PROMPT_MAX_GRAPHEMES)
    expect(countGraphemes(cut)).toBe(PROMPT_MAX_GRAPHEMES)
  })
})
