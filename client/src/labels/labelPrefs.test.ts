import { describe, expect, it } from 'vitest'
import { memoryStore } from '../storage'
import { addLabeler, loadAcceptedLabelers, loadLabelSettings, MAX_LABELERS, saveAcceptedLabelers, saveLabelSettings, withLabelSetting } from './labelPrefs'

describe('accepted labelers', () => {
  it('defaults until the viewer saves a list, even an empty one', () => {
    const store = memoryStore()
    expect(loadAcceptedLabelers(store, ['did:plc:a'])).toEqual(['did:plc:a'])
    saveAcceptedLabelers(store, [])
    expect(loadAcceptedLabelers(store, ['did:plc:a'])).toEqual([])
  })

  it('ignores an unreadable stored list', () => {
    expect(loadAcceptedLabelers(memoryStore({ 'framewright.labelers': '{nope' }), ['did:plc:a'])).toEqual(['did:plc:a'])
    expect(loadAcceptedLabelers(memoryStore({ 'framewright.labelers': '[1,2]' }), ['did:plc:a'])).toEqual(['did:plc:a'])
  })

  it.each([
    { did: 'did:plc:new', dids: ['did:plc:a'], ok: true },
    { did: '  did:web:labeler.example.com  ', dids: [], ok: true },
    { did: 'did:web:localhost%3A2586', dids: [], ok: true },
    { did: 'labeler.example.com', dids: [], ok: false },
    { did: 'did:plc:a', dids: ['did:plc:a'], ok: false },
    { did: 'did:plc:z', dids: Array.from({ length: MAX_LABELERS }, (_, i) => `did:plc:${i}`), ok: false },
  ])('add $did', ({ did, dids, ok }) => {
    const out = addLabeler(dids, did)
    expect('dids' in out).toBe(ok)
    if ('dids' in out) expect(out.dids.at(-1)).toBe(did.trim())
  })
})

describe('label settings', () => {
  it('round-trips and resets to default', () => {
    const store = memoryStore()
    let s = withLabelSetting({}, 'did:plc:l', 'ai-video', 'hide')
    s = withLabelSetting(s, 'did:plc:l', 'known-deepfake', 'warn')
    saveLabelSettings(store, s)
    expect(loadLabelSettings(store)).toEqual({ 'did:plc:l': { 'ai-video': 'hide', 'known-deepfake': 'warn' } })
    s = withLabelSetting(s, 'did:plc:l', 'ai-video', undefined)
    s = withLabelSetting(s, 'did:plc:l', 'known-deepfake', undefined)
    expect(s).toEqual({})
  })

  it('rejects stored settings with unknown values', () => {
    expect(loadLabelSettings(memoryStore({ 'framewright.labelSettings': '{"did:plc:l":{"x":"explode"}}' }))).toEqual({})
  })
})
