import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { GenerationRequest } from '../../provider'
import { checkWorkflow, fillWorkflow, WorkflowError, type ApiWorkflow } from './workflow'

const runs = { numRuns: 200 }
const PLACEHOLDERS = ['prompt', 'negative_prompt', 'seed', 'width', 'height', 'frames', 'fps']

/** Untrusted text as creators and grant holders write it: any characters, JSON and our own placeholders included. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.array(fc.oneof(fc.string(), fc.constantFrom(...PLACEHOLDERS.map((p) => `{{${p}}}`), '"}', '{"', '\\', '$&', '$1', '{{', '}}')), { maxLength: 8 }).map((parts) => parts.join('')),
)

const request = fc.record({
  prompt: text,
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  durationMs: fc.integer({ min: 1_000, max: 60_000 }),
  aspectRatio: fc.record({ width: fc.integer({ min: 1, max: 4 }), height: fc.integer({ min: 1, max: 4 }) }),
  depicts: fc.constant([]),
  restrictions: fc.array(fc.record({ subject: fc.constant('did:plc:subject'), text }), { maxLength: 3 }),
}) as fc.Arbitrary<GenerationRequest>

/** An input value that is not one of our placeholders: words, JavaScript's own property names, near-misses. */
const otherValue = fc.oneof(
  fc.string(),
  fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)).map((name) => `{{${name}}}`),
  fc.stringMatching(/^\{\{\w{1,12}\}\}$/).filter((s) => !PLACEHOLDERS.includes(s.slice(2, -2))),
  fc.integer(),
  fc.boolean(),
  fc.tuple(fc.stringMatching(/^\d{1,2}$/), fc.nat(3)),
)

const template: ApiWorkflow = {
  '3': { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}}' } },
  '4': { class_type: 'CLIPTextEncode', inputs: { text: 'style: {{prompt}}, seed {{seed}}', clip: ['2', 0] } },
  '5': { class_type: 'CLIPTextEncode', inputs: { text: '{{negative_prompt}}' } },
  '6': { class_type: 'EmptyLatentVideo', inputs: { width: '{{width}}', height: '{{height}}', length: '{{frames}}' } },
}
const opts = { fps: 16, longSide: 832 }

/** The graph's shape: node ids, class types, input names and links, none of the values. */
const shape = (w: ApiWorkflow) =>
  Object.entries(w).map(([id, n]) => [id, n.class_type, Object.entries(n.inputs).map(([k, v]) => [k, Array.isArray(v) ? v : 'value'])])

describe('ComfyUI workflow placeholders (properties)', () => {
  it('any prompt and restrictions land verbatim in their inputs and change nothing else of the graph', () => {
    fc.assert(
      fc.property(request, (req) => {
        const filled = fillWorkflow(template, req, opts)
        expect(shape(filled)).toEqual(shape(template))
        expect(filled['3']!.inputs.text).toBe(req.prompt)
        // Filled once: placeholders inside the prompt stay text.
        expect(filled['4']!.inputs.text).toBe(`style: ${req.prompt}, seed ${req.seed}`)
        const negatives = [...new Set(req.restrictions!.map((r) => r.text.trim()).filter(Boolean))]
        expect(filled['5']!.inputs.text).toBe(negatives.join('; '))
        for (const key of ['width', 'height', 'length']) {
          const n = filled['6']!.inputs[key] as number
          expect(Number.isInteger(n) && n >= 1).toBe(true)
        }
        // And it is still JSON the server can take.
        expect(JSON.parse(JSON.stringify(filled))).toEqual(filled)
      }),
      runs,
    )
  })

  it('input values that are not our placeholders pass through unchanged', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z_]{1,10}$/), otherValue, { maxKeys: 5 }), request, (inputs, req) => {
        const workflow: ApiWorkflow = { ...template, '9': { class_type: 'Custom', inputs } }
        expect(fillWorkflow(workflow, req, opts)['9']!.inputs).toEqual(inputs)
      }),
      runs,
    )
  })

  it('any JSON is a checked workflow or a WorkflowError', () => {
    const node = fc.record({ class_type: fc.oneof(fc.string(), fc.integer()), inputs: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.constant('{{prompt}}'), fc.jsonValue())), fc.jsonValue()) }, { requiredKeys: [] })
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), node), fc.dictionary(fc.string(), fc.jsonValue())), (parsed) => {
        try {
          expect(checkWorkflow(parsed)).toBe(parsed)
        } catch (err) {
          expect(err).toBeInstanceOf(WorkflowError)
        }
      }),
      runs,
    )
  })
})
