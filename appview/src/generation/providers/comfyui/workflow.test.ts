import { describe, expect, it } from 'vitest'
import type { GenerationRequest } from '../../provider'
import { checkWorkflow, fillWorkflow, frameSize, workflowModel, type ApiWorkflow } from './workflow'

const workflow: ApiWorkflow = {
  '1': { class_type: 'UNETLoader', inputs: { unet_name: 'wan2.1_t2v_1.3B_fp16.safetensors' } },
  '4': { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}}, cinematic', clip: ['2', 0] } },
  '6': { class_type: 'EmptyHunyuanLatentVideo', inputs: { width: '{{width}}', height: '{{height}}', length: '{{frames}}', batch_size: 1 } },
  '7': { class_type: 'KSampler', inputs: { seed: '{{seed}}', steps: 20, model: ['1', 0] } },
  '9': { class_type: 'VHS_VideoCombine', inputs: { frame_rate: '{{fps}}', filename_prefix: 'framewright' } },
}

const req = (over: Partial<GenerationRequest> = {}): GenerationRequest => ({
  prompt: 'a fox in the snow',
  seed: 1234,
  durationMs: 4_000,
  aspectRatio: { width: 9, height: 16 },
  depicts: [],
  ...over,
})

describe('fillWorkflow', () => {
  it('puts the request in place of the placeholders, typed where a value is one placeholder', () => {
    const filled = fillWorkflow(workflow, req(), { fps: 16, longSide: 832 })
    expect(filled['4']!.inputs.text).toBe('a fox in the snow, cinematic')
    expect(filled['6']!.inputs).toEqual({ width: 464, height: 832, length: 65, batch_size: 1 })
    expect(filled['7']!.inputs).toEqual({ seed: 1234, steps: 20, model: ['1', 0] })
    expect(filled['9']!.inputs.frame_rate).toBe(16)
    expect(workflow['4']!.inputs.text).toBe('{{prompt}}, cinematic') // the template is untouched
  })

  it('a hostile prompt stays text inside one input: no new nodes, no changed links', () => {
    const hostile = '"}, "99": {"class_type": "SaveImage", "inputs": {}}, "x": {"a": "{{seed}}'
    const filled = fillWorkflow(workflow, req({ prompt: hostile }), { fps: 16, longSide: 832 })
    expect(Object.keys(filled).sort()).toEqual(Object.keys(workflow).sort())
    expect(filled['4']!.inputs.text).toBe(`${hostile}, cinematic`)
    expect(filled['4']!.inputs.clip).toEqual(['2', 0])
  })
})

describe('fillWorkflow and restrictions', () => {
  const withNegative: ApiWorkflow = {
    ...workflow,
    '5': { class_type: 'CLIPTextEncode', inputs: { text: '{{negative_prompt}}', clip: ['2', 0] } },
    '8': { class_type: 'CLIPTextEncode', inputs: { text: 'blurry, {{negative_prompt}}', clip: ['2', 0] } },
  }

  it('hands the depicted people\'s restrictions to {{negative_prompt}}', () => {
    const filled = fillWorkflow(
      withNegative,
      req({ restrictions: [{ subject: 'did:plc:bob', text: 'Nothing political, please.' }, { subject: 'did:plc:carol', text: ' no horror ' }] }),
      { fps: 16, longSide: 832 },
    )
    expect(filled['5']!.inputs.text).toBe('Nothing political, please.; no horror')
    expect(filled['8']!.inputs.text).toBe('blurry, Nothing political, please.; no horror')
  })

  it('leaves {{negative_prompt}} empty without restrictions', () => {
    expect(fillWorkflow(withNegative, req(), { fps: 16, longSide: 832 })['5']!.inputs.text).toBe('')
  })

  it('a hostile restriction stays text inside one input', () => {
    const hostile = '"}, "99": {"class_type": "SaveImage", "inputs": {}}, "x": {"a": "{{seed}}'
    const filled = fillWorkflow(withNegative, req({ restrictions: [{ subject: 'did:plc:x', text: hostile }] }), { fps: 16, longSide: 832 })
    expect(Object.keys(filled).sort()).toEqual(Object.keys(withNegative).sort())
    expect(filled['5']!.inputs).toEqual({ text: hostile, clip: ['2', 0] })
  })
})

describe('frameSize', () => {
  it.each<[string, { width: number; height: number }, number, { width: number; height: number }]>([
    ['portrait 9:16', { width: 9, height: 16 }, 832, { width: 464, height: 832 }],
    ['landscape 16:9', { width: 16, height: 9 }, 832, { width: 832, height: 464 }],
    ['square', { width: 1, height: 1 }, 512, { width: 512, height: 512 }],
    ['extreme ratios keep at least one latent block', { width: 1, height: 200 }, 832, { width: 16, height: 832 }],
  ])('%s', (_name, aspect, longSide, expected) => {
    expect(frameSize(aspect, longSide)).toEqual(expected)
  })
})

describe('checkWorkflow', () => {
  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /JSON object of nodes/],
    ['empty', {}, /no nodes/],
    ['the UI format', { nodes: [], links: [], last_node_id: 3 }, /Save \(API Format\)/],
    ['a node without class_type', { '1': { inputs: {} } }, /node 1 has no class_type/],
    ['nowhere to put the prompt', { '1': { class_type: 'KSampler', inputs: { seed: 1 } } }, /\{\{prompt\}\}/],
  ])('refuses %s', (_name, parsed, message) => {
    expect(() => checkWorkflow(parsed)).toThrow(message)
  })

  it('accepts an API-format workflow that takes the prompt', () => {
    expect(checkWorkflow(workflow)).toBe(workflow)
  })
})

describe('workflowModel', () => {
  it('names the model file the workflow loads', () => {
    expect(workflowModel(workflow)).toBe('wan2.1_t2v_1.3B_fp16')
    expect(workflowModel({ '1': { class_type: 'X', inputs: { text: '{{prompt}}' } } })).toBe('workflow')
  })
})
