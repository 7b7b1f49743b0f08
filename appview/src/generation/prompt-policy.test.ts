import { describe, expect, it } from 'vitest'
import { checkPrompt } from './prompt-policy'

describe('checkPrompt', () => {
  it.each([
    ['plain', 'a red fox in the snow', 'a red fox in the snow'],
    ['trimmed', '  waves  \n', 'waves'],
    ['multi-line and shell-looking text is data', "line one\n\tline two; $(rm -rf /) ' \" %{n}", "line one\n\tline two; $(rm -rf /) ' \" %{n}"],
    ['unicode', '夜の東京 🌃 ñandú', '夜の東京 🌃 ñandú'],
  ])('accepts %s', (_n, input, expected) => {
    expect(checkPrompt(input)).toBe(expected)
  })

  it.each([
    ['empty', ''],
    ['blank', ' \n\t '],
    ['NUL', 'a\u0000b'],
    ['escape sequences', 'a\u001b[31mred'],
  ])('rejects %s with PromptRejectedError', (_n, input) => {
    expect(() => checkPrompt(input)).toThrow(expect.objectContaining({ name: 'PromptRejectedError' }))
  })
})
