import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProviderRejectedError } from '../../provider'
import { ReplicateClient } from './api'

const TOKEN = 'r8_secretTokenThatMustNeverBeShown'
let server: http.Server
let answer: { status: number; body: unknown }

beforeAll(async () => {
  server = http.createServer((_req, res) => void res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body)))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const client = () => new ReplicateClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: TOKEN, attempts: 1, maxDownloadBytes: 1_000 })

describe('ReplicateClient refusals', () => {
  it.each([
    ['a refusal quoting the token', 422, { detail: `input rejected for token ${TOKEN}` }, /input rejected for token \[token\]/],
    ['a refused token, whatever the answer says', 401, { detail: `Invalid token ${TOKEN}` }, /^Replicate refused this appview's API token \(401\)$/],
  ])('%s reaches the creator as ProviderRejectedError without our token', async (_name, status, body, message) => {
    answer = { status, body }
    const err = await client().createPrediction('google/veo-3', { prompt: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderRejectedError)
    expect((err as Error).message).toMatch(message)
    expect((err as Error).message).not.toContain(TOKEN)
  })
})
