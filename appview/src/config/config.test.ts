import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeOperatorCredentials } from '@framewright/service-kit'
import { envToConfig } from './config'
import { readEnv } from './env'

const dir = mkdtempSync(join(tmpdir(), 'appview-config-'))
let files = 0
function file(json: unknown): string {
  const path = join(dir, `workflow-${files++}.json`)
  writeFileSync(path, JSON.stringify(json))
  return path
}

describe('appview config', () => {
  it('listens (API and web client) on this machine only unless told otherwise', () => {
    expect(envToConfig(readEnv({})).host).toBe('127.0.0.1')
    expect(envToConfig(readEnv({ FRAMEWRIGHT_HOST: '0.0.0.0' })).host).toBe('0.0.0.0')
    expect(envToConfig(readEnv({ FRAMEWRIGHT_HOST: '0.0.0.0', FRAMEWRIGHT_APPVIEW_HOST: '::1' })).host).toBe('::1')
  })

  it('reads the firehose on its arrival thread unless FRAMEWRIGHT_INGEST_ARRIVAL_THREAD turns it off', () => {
    expect(envToConfig(readEnv({})).arrivalThread).toBe(true)
    expect(envToConfig(readEnv({ FRAMEWRIGHT_INGEST_ARRIVAL_THREAD: 'false' })).arrivalThread).toBe(false)
  })

  it('takes the operator\'s C2PA credentials as a pair, and names the variable at fault', async () => {
    const ours = await makeOperatorCredentials('Config Test')
    const theirs = await makeOperatorCredentials('Someone Else')
    const env = { FRAMEWRIGHT_APPVIEW_C2PA_KEY: ours.privateKeyPem, FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN: ours.certChainPem }
    expect(envToConfig(readEnv({})).c2pa).toBeUndefined()
    expect(envToConfig(readEnv(env)).c2pa).toEqual({ privateKeyPem: ours.privateKeyPem.trim(), certChainPem: ours.certChainPem.trim() })
    const oneLine = { FRAMEWRIGHT_APPVIEW_C2PA_KEY: ours.privateKeyPem.replace(/\n/g, '\\n'), FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN: ours.certChainPem.replace(/\n/g, '\\n') }
    expect(envToConfig(readEnv(oneLine)).c2pa?.certChainPem).toBe(ours.certChainPem.trim())
    const fails = (e: Record<string, string>, variable: string) =>
      expect(() => envToConfig(readEnv(e))).toThrow(expect.objectContaining({ name: 'ConfigError', variable }))
    fails({ FRAMEWRIGHT_APPVIEW_C2PA_KEY: ours.privateKeyPem }, 'FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN')
    fails({ FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN: ours.certChainPem }, 'FRAMEWRIGHT_APPVIEW_C2PA_KEY')
    fails({ ...env, FRAMEWRIGHT_APPVIEW_C2PA_KEY: theirs.privateKeyPem }, 'FRAMEWRIGHT_APPVIEW_C2PA_KEY')
    fails({ ...env, FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN: 'not a certificate' }, 'FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN')
  })

  it('reads daily generation quotas and the paid-provider allowlist (nobody unless listed), naming the variable at fault', () => {
    expect(envToConfig(readEnv({})).generationLimits).toEqual({ dailyQuotas: { procedural: 200 }, defaultDailyQuota: 20, paidAllowlist: [] })
    const cfg = envToConfig(readEnv({ FRAMEWRIGHT_GENERATION_QUOTAS: 'procedural:50, replicate:10,*:2', FRAMEWRIGHT_GENERATION_PAID_ALLOWLIST: 'did:plc:friend, did:web:studio.example' }))
    expect(cfg.generationLimits).toEqual({ dailyQuotas: { procedural: 50, replicate: 10 }, defaultDailyQuota: 2, paidAllowlist: ['did:plc:friend', 'did:web:studio.example'] })
    expect(envToConfig(readEnv({ FRAMEWRIGHT_GENERATION_PAID_ALLOWLIST: '*' })).generationLimits.paidAllowlist).toEqual(['*'])
    const fails = (e: Record<string, string>, variable: string) =>
      expect(() => envToConfig(readEnv(e))).toThrow(expect.objectContaining({ name: 'ConfigError', variable }))
    fails({ FRAMEWRIGHT_GENERATION_QUOTAS: 'replicate=10' }, 'FRAMEWRIGHT_GENERATION_QUOTAS')
    fails({ FRAMEWRIGHT_GENERATION_PAID_ALLOWLIST: 'alice.test' }, 'FRAMEWRIGHT_GENERATION_PAID_ALLOWLIST')
    fails({ FRAMEWRIGHT_RATE_LIMIT_PER_IP: 'fast' }, 'FRAMEWRIGHT_RATE_LIMIT_PER_IP')
  })

  it('limits media per address on counts of their own, generous by default, and names the variable at fault', () => {
    expect(envToConfig(readEnv({})).mediaRateLimits).toEqual({ video: { points: 10_000, windowMs: 300_000 }, thumb: { points: 3_000, windowMs: 300_000 } })
    expect(envToConfig(readEnv({ FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP: 'off', FRAMEWRIGHT_RATE_LIMIT_THUMB_PER_IP: '60/1m' })).mediaRateLimits).toEqual({
      video: undefined,
      thumb: { points: 60, windowMs: 60_000 },
    })
    const fails = (e: Record<string, string>, variable: string) =>
      expect(() => envToConfig(readEnv(e))).toThrow(expect.objectContaining({ name: 'ConfigError', variable }))
    fails({ FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP: 'lots' }, 'FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP')
    fails({ FRAMEWRIGHT_RATE_LIMIT_THUMB_PER_IP: '100' }, 'FRAMEWRIGHT_RATE_LIMIT_THUMB_PER_IP')
  })

  it('loads a ComfyUI workflow and names it', () => {
    const workflow = { '1': { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}}' } } }
    const cfg = envToConfig(readEnv({ FRAMEWRIGHT_COMFYUI_URL: 'http://127.0.0.1:8188', FRAMEWRIGHT_COMFYUI_WORKFLOW: file(workflow) }))
    expect(cfg.comfyui).toMatchObject({ url: 'http://127.0.0.1:8188', workflow, fps: 16, longSide: 832, workflowName: expect.stringMatching(/^workflow-\d+\.json$/) })
  })

  it('offers Replicate only with a token, on its default models and API', () => {
    expect(envToConfig(readEnv({})).replicate).toEqual({ apiToken: undefined, apiUrl: 'https://api.replicate.com', models: ['google/veo-3-fast', 'google/veo-3.1'] })
    const cfg = envToConfig(readEnv({ FRAMEWRIGHT_REPLICATE_API_TOKEN: 'r8_x', FRAMEWRIGHT_REPLICATE_MODELS: 'kwaivgi/kling-v2.1, google/veo-3.1' }))
    expect(cfg.replicate).toMatchObject({ apiToken: 'r8_x', models: ['kwaivgi/kling-v2.1', 'google/veo-3.1'] })
  })

  it.each<[string, Record<string, string>, string]>([
    ['a model that is not owner/name', { FRAMEWRIGHT_REPLICATE_MODELS: 'veo3' }, 'FRAMEWRIGHT_REPLICATE_MODELS'],
    ['a path in a model name', { FRAMEWRIGHT_REPLICATE_MODELS: 'google/../v1' }, 'FRAMEWRIGHT_REPLICATE_MODELS'],
    ['an API URL that is not one', { FRAMEWRIGHT_REPLICATE_API_URL: 'replicate' }, 'FRAMEWRIGHT_REPLICATE_API_URL'],
    ['a ComfyUI server without a workflow', { FRAMEWRIGHT_COMFYUI_URL: 'http://127.0.0.1:8188' }, 'FRAMEWRIGHT_COMFYUI_WORKFLOW'],
    ['a workflow file that is not there', { FRAMEWRIGHT_COMFYUI_WORKFLOW: '/nonexistent/workflow.json' }, 'FRAMEWRIGHT_COMFYUI_WORKFLOW'],
    ['a workflow in the UI format', { FRAMEWRIGHT_COMFYUI_WORKFLOW: file({ nodes: [], links: [] }) }, 'FRAMEWRIGHT_COMFYUI_WORKFLOW'],
    ['a frame rate of 0', { FRAMEWRIGHT_COMFYUI_FPS: '0' }, 'FRAMEWRIGHT_COMFYUI_FPS'],
    ['the client on the appview port', { FRAMEWRIGHT_APPVIEW_PORT: '4000', FRAMEWRIGHT_CLIENT_PORT: '4000' }, 'FRAMEWRIGHT_CLIENT_PORT'],
  ])('%s fails naming %s', (_name, env, variable) => {
    expect(() => envToConfig(readEnv(env))).toThrow(expect.objectContaining({ name: 'ConfigError', variable }))
  })
})
