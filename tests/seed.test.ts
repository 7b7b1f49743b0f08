import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { findSeededVideos, SEED_VIDEO_KEYS } from '@framewright/stack'
import { demoUser, stack } from './helpers/network'

type Generation = { prompt: string; seed?: number }

describe('first-start seeding', () => {
  it('publishes every demo video exactly once and records that it is complete', async () => {
    const users = await Promise.all(stack().accounts.map((a) => demoUser(a.handle)))
    const agents = new Map(users.map((u) => [u.handle, u.agent]))

    // What a restart after an interrupted seed looks for: every demo video is found.
    const found = await findSeededVideos(agents)
    expect([...found.keys()].sort()).toEqual([...SEED_VIDEO_KEYS].sort())

    // None is there twice: no other video post in the demo repos shares a seed video's generation.
    const all: { uri: string; value: unknown }[] = []
    for (const user of users) {
      const { data } = await user.agent.com.atproto.repo.listRecords({ repo: user.did, collection: ids.AppFramewrightVideoPost, limit: 100 })
      all.push(...data.records)
    }
    const generationOf = (uri: string) => {
      const g = (all.find((r) => r.uri === uri)!.value as { generation: Generation }).generation
      return `${g.seed}:${g.prompt}`
    }
    for (const video of found.values()) {
      const same = all.filter((r) => generationOf(r.uri) === generationOf(video.uri))
      expect(same.map((r) => r.uri)).toEqual([video.uri])
      expect(video.crosspost.uri).toMatch(/^at:\/\/did:plc:[a-z0-9]+\/app\.bsky\.feed\.post\//)
    }

    const marker = JSON.parse(readFileSync(join(stack().dataDir, 'seeded.json'), 'utf8'))
    expect(marker.videosMade).toBe(SEED_VIDEO_KEYS.length)
  })
})
