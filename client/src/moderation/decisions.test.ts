import { describe, expect, it } from 'vitest'
import type { Label, LabelValueDefinition } from '../api/types'
import { decisionOptions, isVideoUri, labelName, reasonTypeName } from './decisions'

const LABELER = 'did:plc:labeler'
const VIDEO = 'at://did:plc:creator/app.framewright.video.post/3k'

const DEFINITIONS = new Map<string, LabelValueDefinition>([
  [
    'known-deepfake',
    { identifier: 'known-deepfake', severity: 'alert', blurs: 'media', defaultSetting: 'hide', locales: [{ lang: 'en', name: 'Known deepfake', description: '…' }] },
  ],
  ['ai-video', { identifier: 'ai-video', severity: 'inform', blurs: 'none', defaultSetting: 'warn', locales: [{ lang: 'en', name: 'AI video', description: '…' }] }],
])

const label = (val: string, neg = false): Label => ({ src: LABELER, uri: VIDEO, val, cts: '2026-01-01T00:00:00Z', ...(neg ? { neg } : {}) })
const keys = (subjectType: string, inForce: Label[]) => decisionOptions(subjectType, inForce, DEFINITIONS).map((o) => o.key)

describe('decisionOptions', () => {
  it.each([
    ['a video with nothing of ours', 'record', [], ['apply-known-deepfake', 'apply-hide', 'apply-takedown']],
    ['a video with detector labels only', 'record', [label('ai-video'), label('likeness-unconsented')], ['apply-known-deepfake', 'apply-hide', 'apply-takedown']],
    ['a video already a known deepfake', 'record', [label('known-deepfake')], ['negate-known-deepfake', 'apply-hide', 'apply-takedown']],
    ['a video taken down and hidden', 'record', [label('!takedown'), label('!hide')], ['apply-known-deepfake', 'negate-hide', 'negate-takedown']],
    ['a negation is not a label in force', 'record', [label('!hide', true)], ['apply-known-deepfake', 'apply-hide', 'apply-takedown']],
    ['an account', 'account', [], ['apply-hide', 'apply-takedown']],
    ['an account somehow labelled a deepfake', 'account', [label('known-deepfake')], ['negate-known-deepfake', 'apply-hide', 'apply-takedown']],
  ] as const)('%s', (_, subjectType, inForce, expected) => {
    expect(keys(subjectType, [...inForce])).toEqual(expected)
  })

  it('never offers a detector-owned value', () => {
    const vals = decisionOptions('record', [label('ai-video'), label('likeness-consented')], DEFINITIONS).map((o) => o.val)
    expect(vals).not.toContain('ai-video')
    expect(vals).not.toContain('likeness-consented')
  })

  it('titles options with the labeler’s names', () => {
    const [deepfake, hide] = decisionOptions('record', [label('!hide')], DEFINITIONS)
    expect(deepfake).toMatchObject({ val: 'known-deepfake', neg: false, title: 'Apply “Known deepfake”' })
    expect(hide).toMatchObject({ val: '!hide', neg: true, title: 'Remove “Hidden”' })
  })
})

describe('labelName', () => {
  it.each([
    ['known-deepfake', 'Known deepfake'],
    ['!takedown', 'Taken down'],
    ['!hide', 'Hidden'],
    ['something-new', 'something-new'],
  ])('%s → %s', (val, name) => {
    expect(labelName(val, DEFINITIONS)).toBe(name)
  })
})

describe('isVideoUri', () => {
  it.each([
    [VIDEO, true],
    ['at://did:plc:creator/app.bsky.feed.post/3k', false],
    ['did:plc:creator', false],
    ['at://did:plc:creator/app.framewright.video.post/3k/extra', false],
  ])('%s → %s', (uri, expected) => {
    expect(isVideoUri(uri)).toBe(expected)
  })
})

describe('reasonTypeName', () => {
  it.each([
    ['com.atproto.moderation.defs#reasonMisleading', 'Misleading'],
    ['com.atproto.moderation.defs#reasonViolation', 'Violation'],
    ['com.atproto.moderation.defs#reasonSexual', 'Sexual'],
    ['com.atproto.moderation.defs#reasonRude', 'Rude'],
    ['tools.ozone.report.defs#reasonHarassmentTroll', 'Harassment troll'],
  ])('%s → %s', (reasonType, name) => {
    expect(reasonTypeName(reasonType)).toBe(name)
  })
})
