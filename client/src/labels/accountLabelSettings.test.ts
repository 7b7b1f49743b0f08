import { describe, expect, it } from 'vitest'
import { settingOfVisibility, settingsFromPreferences, visibilityOfSetting, withContentLabelPref, type PreferenceItem } from './accountLabelSettings'

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
