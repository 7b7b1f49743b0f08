import { Agent } from '@atproto/api'
import { describe, expect, it } from 'vitest'
import { accountLabelSettings, settingOfVisibility, settingsFromPreferences, visibilityOfSetting, withContentLabelPref, type AccountLabelSettings, type PreferenceItem } from './accountLabelSettings'

const PREF = 'app.bsky.actor.defs#contentLabelPref'
const ours = 'did:plc:ours'
const theirs = 'did:plc:theirs'

describe('contentLabelPref visibility', () => {
  it.each([
    { visibility: 'ignore', setting: 'show' },
    { visibility: 'show', setting: 'show' },
    { visibility: 'warn', setting: 'warn' },
    { visibility: 'hide', setting: 'hide' },
    { visibility: 'blur', setting: undefined },
    { visibility: undefined, setting: undefined },
  ] as const)('$visibility reads as $setting', ({ visibility, setting }) => {
    expect(settingOfVisibility(visibility)).toBe(setting)
  })

  it.each([
    { setting: 'show', visibility: 'ignore' },
    { setting: 'warn', visibility: 'warn' },
    { setting: 'hide', visibility: 'hide' },
  ] as const)('$setting is written as $visibility', ({ setting, visibility }) => {
    expect(visibilityOfSetting(setting)).toBe(visibility)
  })
})

describe('label settings in the account preferences', () => {
  const items: PreferenceItem[] = [
    { $type: 'app.bsky.actor.defs#adultContentPref', enabled: false },
    { $type: PREF, label: 'porn', visibility: 'hide' },
    { $type: PREF, labelerDid: ours, label: 'ai-video', visibility: 'ignore' },
    { $type: PREF, labelerDid: theirs, label: 'spam', visibility: 'warn' },
    { $type: PREF, labelerDid: ours, label: 'ai-video', visibility: 'hide' },
    { $type: PREF, labelerDid: ours, label: 'odd', visibility: 'blur' },
  ]

  it('reads per-labeler choices, the last of a repeated one winning; global and unknown ones are left out', () => {
    expect(settingsFromPreferences(items)).toEqual({ [ours]: { 'ai-video': 'hide' }, [theirs]: { spam: 'warn' } })
  })

  it('replaces one choice and keeps every other item as it was', () => {
    const next = withContentLabelPref(items, ours, 'ai-video', 'show')
    expect(next.filter((i) => i.labelerDid === ours && i.label === 'ai-video')).toEqual([{ $type: PREF, labelerDid: ours, label: 'ai-video', visibility: 'ignore' }])
    expect(next.filter((i) => !(i.labelerDid === ours && i.label === 'ai-video'))).toEqual(items.filter((i) => !(i.labelerDid === ours && i.label === 'ai-video')))
    expect(settingsFromPreferences(next)[ours]).toEqual({ 'ai-video': 'show' })
  })

  it('removes a choice set back to the labeler default, and only that one', () => {
    const next = withContentLabelPref(items, ours, 'ai-video', undefined)
    expect(settingsFromPreferences(next)).toEqual({ [theirs]: { spam: 'warn' } })
    expect(next).toHaveLength(items.length - 2)
    expect(next).toContainEqual({ $type: PREF, label: 'porn', visibility: 'hide' })
  })

  it('adds a first choice for a labeler', () => {
    expect(settingsFromPreferences(withContentLabelPref([], theirs, 'spam', 'hide'))).toEqual({ [theirs]: { spam: 'hide' } })
  })
})

/**
 * An account's preferences as its PDS keeps them, answering the Agent's getPreferences and
 * putPreferences; the next write can be held, as a slow PDS or a busy machine would.
 */
function inMemoryPreferences(items: PreferenceItem[]) {
  const state = { items }
  let hold: { arrived: () => void; released: Promise<void> } | undefined
  const fetchHandler = async (url: string, init: RequestInit): Promise<Response> => {
    const method = new URL(url, 'http://pds.test').pathname.replace('/xrpc/', '')
    if (method === 'app.bsky.actor.getPreferences') {
      return Response.json({ preferences: structuredClone(state.items) })
    }
    if (method === 'app.bsky.actor.putPreferences') {
      const { preferences } = (await new Response(init.body).json()) as { preferences: PreferenceItem[] }
      const held = hold
      hold = undefined
      if (held) {
        held.arrived()
        await held.released
      }
      state.items = preferences
      return new Response(null, { status: 200 })
    }
    return Response.json({ error: 'MethodNotImplemented' }, { status: 501 })
  }
  return {
    state,
    agent: new Agent({ did: 'did:plc:me', fetchHandler }),
    /** Holds the next write until `release`; `arrived` resolves when it reaches the PDS. */
    holdNextWrite() {
      let release!: () => void
      const released = new Promise<void>((r) => (release = r))
      const arrived = new Promise<void>((r) => (hold = { arrived: r, released }))
      return { arrived, release }
    },
  }
}

describe('label choices written beside the Agent’s own preference writes', () => {
  const aiHidden: PreferenceItem = { $type: PREF, labelerDid: ours, label: 'ai-video', visibility: 'hide' }
  const other = 'did:plc:other'

  it.each([
    {
      what: 'the saved-feeds migration getPreferences writes for an account that has none',
      start: (agent: Agent) => agent.getPreferences(),
      landed: (items: PreferenceItem[]) => items.some((i) => i.$type === 'app.bsky.actor.defs#savedFeedsPrefV2'),
    },
    {
      what: 'adding a labeler',
      start: (agent: Agent) => agent.addLabeler(other),
      landed: (items: PreferenceItem[]) => JSON.stringify(items.find((i) => i.$type === 'app.bsky.actor.defs#labelersPref')).includes(other),
    },
    {
      what: 'another choice',
      start: (_: Agent, labels: AccountLabelSettings) => labels.set(ours, 'ai-video', undefined),
      landed: (items: PreferenceItem[]) => !items.some((i) => i.label === 'ai-video'),
    },
  ])('a choice made while $what is being written is kept, and so is that', async ({ start, landed }) => {
    const pds = inMemoryPreferences([aiHidden])
    const labels = accountLabelSettings(pds.agent)
    const held = pds.holdNextWrite()
    const first = start(pds.agent, labels)
    await held.arrived
    const choice = labels.set(ours, 'likeness-consented', 'show')
    // A choice written outside the Agent's lock reads the list and writes it now, while the first
    // write is held (its own is not), and the held one then overwrites it: give it the time to.
    await Promise.race([choice, new Promise((r) => setTimeout(r, 100))])
    held.release()
    await first
    expect(await choice).toEqual(settingsFromPreferences(pds.state.items))
    expect(settingsFromPreferences(pds.state.items)[ours]?.['likeness-consented']).toBe('show')
    expect(landed(pds.state.items)).toBe(true)
  })

  it('reads back what the account holds, whatever wrote it', async () => {
    const pds = inMemoryPreferences([aiHidden, { $type: 'app.bsky.actor.defs#adultContentPref', enabled: false }])
    expect(await accountLabelSettings(pds.agent).load()).toEqual({ [ours]: { 'ai-video': 'hide' } })
  })
})
