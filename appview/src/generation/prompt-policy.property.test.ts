import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { wrapCaption } from './providers/procedural/caption'
import { checkPrompt, PromptRejectedError } from './prompt-policy'

const runs = { numRuns: 200 }
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/** Prompts as anyone may send them: any text, control characters, bidi and zero-width marks, whitespace. */
const prompt = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom(' ', '\n', '\t', '\r', '\u0000', '\u001b', '\u200b', '\u202e', '\u3000', '漢字', '👩‍👩‍👧', '%{pts}', "'", ':')), { maxLength: 60 }).map((p) => p.join('')),
)

describe('prompts (properties)', () => {
  it('any prompt is accepted trimmed and free of control characters, or refused with PromptRejectedError', () => {
    fc.assert(
      fc.property(prompt, (p) => {
        let checked: string
        try {
          checked = checkPrompt(p)
        } catch (err) {
          expect(err).toBeInstanceOf(PromptRejectedError)
          // Refused only for what the policy names: nothing left, or a control character.
          expect(p.trim() === '' || CONTROL.test(p.trim())).toBe(true)
          return
        }
        expect(checked).toBe(p.trim())
        expect(checked.length).toBeGreaterThan(0)
        expect(CONTROL.test(checked)).toBe(false)
        // Checking again changes nothing.
        expect(checkPrompt(checked)).toBe(checked)
      }),
      runs,
    )
  })

  it('the procedural caption of any prompt is at most three printable lines, or nothing', () => {
    fc.assert(
      fc.property(prompt, fc.constantFrom([480, 854], [854, 480], [480, 480], [272, 1088]), (p, [width, height]) => {
        const caption = wrapCaption(p, width!, height!)
        if (caption === null) return
        const lines = caption.split('\n')
        expect(lines.length).toBeGreaterThanOrEqual(1)
        expect(lines.length).toBeLessThanOrEqual(3)
        for (const line of lines) {
          expect(line.length).toBeGreaterThan(0)
          expect(line).toBe(line.trim())
          // No control, format or separator character reaches drawtext (they draw as boxes or reorder text).
          expect(line).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u)
        }
      }),
      runs,
    )
  })
})
