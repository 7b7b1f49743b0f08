import { readFileSync } from 'node:fs'
import type { GenerationRequest } from '../../provider'
import { negativePrompt } from '../../restrictions'

/**
 * A ComfyUI workflow in API format ("Save (API Format)" in ComfyUI): node id → { class_type,
 * inputs }. Operators export their own video workflow (Wan, LTX, AnimateDiff, …) and mark where our
 * request goes with placeholders in input values:
 *
 *   {{prompt}} {{negative_prompt}} {{seed}} {{width}} {{height}} {{frames}} {{fps}}
 *
 * A value that is exactly one placeholder becomes that value with its type (a number for seed);
 * a placeholder inside a longer string is interpolated as text. The prompt only ever lands inside
 * a JSON string value: it can never add nodes or change a graph's structure.
 */
export type ApiWorkflow = Record<string, { class_type: string; inputs: Record<string, unknown>; _meta?: unknown }>

/** The workflow file is not a usable API-format workflow. */
export class WorkflowError extends Error {
  override name = 'WorkflowError'
}

const PLACEHOLDER = /\{\{(prompt|negative_prompt|seed|width|height|frames|fps)\}\}/g

/** Reads and checks a workflow file: API format, and it takes the prompt somewhere. */
export function loadWorkflow(path: string): ApiWorkflow {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new WorkflowError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`)
  }
  return checkWorkflow(parsed)
}

export function checkWorkflow(parsed: unknown): ApiWorkflow {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new WorkflowError('a workflow is a JSON object of nodes')
  const nodes = Object.entries(parsed as Record<string, unknown>)
  if (nodes.length === 0) throw new WorkflowError('the workflow has no nodes')
  if ('nodes' in (parsed as object) && 'links' in (parsed as object)) {
    throw new WorkflowError('this is the UI format; export the workflow with "Save (API Format)"')
  }
  for (const [id, node] of nodes) {
    const n = node as { class_type?: unknown; inputs?: unknown }
    if (typeof n?.class_type !== 'string' || !n.inputs || typeof n.inputs !== 'object') {
      throw new WorkflowError(`node ${id} has no class_type and inputs: is this an API-format workflow?`)
    }
  }
  if (!JSON.stringify(parsed).includes('{{prompt}}')) throw new WorkflowError('no input of the workflow takes {{prompt}}')
  return parsed as ApiWorkflow
}

/** The frame size for an aspect ratio: the long side fixed, both sides multiples of 16 (latents need it). */
export function frameSize(aspect: { width: number; height: number }, longSide: number): { width: number; height: number } {
  const round16 = (n: number) => Math.max(16, Math.round(n / 16) * 16)
  return aspect.width >= aspect.height
    ? { width: round16(longSide), height: round16((longSide * aspect.height) / aspect.width) }
    : { width: round16((longSide * aspect.width) / aspect.height), height: round16(longSide) }
}

/** The workflow with this request's values in place of the placeholders. */
export function fillWorkflow(workflow: ApiWorkflow, req: GenerationRequest, opts: { fps: number; longSide: number }): ApiWorkflow {
  const size = frameSize(req.aspectRatio, opts.longSide)
  const values: Record<string, string | number> = {
    prompt: req.prompt,
    // The depicted people's restrictions; workflows without {{negative_prompt}} simply do not use them.
    negative_prompt: negativePrompt(req) ?? '',
    seed: req.seed,
    width: size.width,
    height: size.height,
    // Video models count frames as 4k+1 (Wan, LTX); one more frame than asked harms nobody.
    frames: Math.max(1, Math.round((req.durationMs / 1000) * opts.fps / 4) * 4 + 1),
    fps: opts.fps,
  }
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const whole = value.match(/^\{\{(\w+)\}\}$/)
      // Own keys only: "{{constructor}}" is an operator's text, not Object.prototype.constructor.
      if (whole && Object.hasOwn(values, whole[1]!)) return values[whole[1]!]
      return value.replace(PLACEHOLDER, (_m, name: string) => String(values[name]))
    }
    if (Array.isArray(value)) return value.map(fill)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]))
    return value
  }
  return fill(workflow) as ApiWorkflow
}

/** A short name for the workflow's model, for provenance: its checkpoint or UNet file, else "workflow". */
export function workflowModel(workflow: ApiWorkflow): string {
  for (const node of Object.values(workflow)) {
    for (const key of ['ckpt_name', 'unet_name', 'model_name']) {
      const v = node.inputs[key]
      if (typeof v === 'string' && v.length > 0) return v.replace(/\.(safetensors|ckpt|gguf|pt|pth)$/i, '').slice(0, 100)
    }
  }
  return 'workflow'
}
