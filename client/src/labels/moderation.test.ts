import { describe, expect, it } from 'vitest'
import type { Label, LabelValueDefinition } from '../api/types'
import { activeLabels, defaultSettingOf, localizedStrings, moderateVideo, type LabelSetting, type ModerationContext } from './moderation'

const LABELER = 'did:plc:labeler'
const OTHER = 'did:plc:someone-else'
const CREATOR = 'did:plc:creator'
const URI = `at://${CREATOR}/app.framewright.video.post/3k`
const NOW = Date.parse('2025-06-01T12:00:00Z')

function def(identifier: string, severity: string, blurs: string, defaultSetting: string): LabelValueDefinition {
  return { identifier, severity, blurs, defaultSetting, locales: [{ lang: 'en', name: `${identifier} name`, description: `${identifier} description` }] }
}

const DEFINITIONS = new Map([
  [
    LABELER,
    new Map([
      ['ai-video', def('ai-video', 'inform', 'none', 'ignore')],
      ['likeness-unconsented', def('likeness-unconsented', 'alert', 'media', 'warn')],
      ['known-deepfake', def('known-deepfake', 'alert', 'content', 'hide')],
      ['likeness-disputed', def('likeness-disputed', 'alert', 'none', 'warn')],
      ['quiet', def('quiet', 'none', 'none', 'ignore')],
    ]),
  ],
])

function label(val: string, extra: Partial<Label> = {}): Label {
  return { src: LABELER, uri: URI, val, cts: '2025-06-01T10:00:00Z', ...extra }
}

function ctx(settings: Record<string, LabelSetting> = {}, extra: Partial<ModerationContext> = {}): ModerationContext {
  return {
    acceptedLabelers: [LABELER],
    definitions: DEFINITIONS,
    settingFor: (src, val) => settings[`${src} ${val}`],
    loggedIn: true,
    now: NOW,
    langs: ['en'],
    ...extra,
  }
}

type Row = {
  name: string
  labels: Label[]
  settings?: Record<string, LabelSetting>
  extra?: Partial<ModerationContext>
  action: 'show' | 'warn' | 'hide'
  blurs?: 'content' | 'media'
  chips?: string[]
  causes?: string[]
}

const ROWS: Row[] = [
  { name: 'no labels', labels: [], action: 'show', chips: [] },
  { name: 'inform label is a chip', labels: [label('ai-video')], action: 'show', chips: ['ai-video'] },
  { name: 'severity none shows nothing', labels: [label('quiet')], action: 'show', chips: [] },
  {
    name: 'default warn on a media-blurring label blurs the media',
    labels: [label('likeness-unconsented')],
    action: 'warn',
    blurs: 'media',
    causes: ['likeness-unconsented'],
    chips: ['likeness-unconsented'],
  },
  { name: 'default hide hides', labels: [label('known-deepfake')], action: 'hide', causes: ['known-deepfake'] },
  { name: 'warn on a non-blurring label is only a chip', labels: [label('likeness-disputed')], action: 'show', chips: ['likeness-disputed'] },
  {
    name: 'viewer set show: no blur, still a chip',
    labels: [label('likeness-unconsented')],
    settings: { [`${LABELER} likeness-unconsented`]: 'show' },
    action: 'show',
    chips: ['likeness-unconsented'],
  },
  {
    name: 'viewer set hide on an inform label',
    labels: [label('ai-video')],
    settings: { [`${LABELER} ai-video`]: 'hide' },
    action: 'hide',
    causes: ['ai-video'],
  },
  {
    name: 'viewer set warn on a deepfake: blurs the whole content',
    labels: [label('known-deepfake')],
    settings: { [`${LABELER} known-deepfake`]: 'warn' },
    action: 'warn',
    blurs: 'content',
    causes: ['known-deepfake'],
  },
  { name: 'hide beats warn', labels: [label('likeness-unconsented'), label('known-deepfake')], action: 'hide', causes: ['known-deepfake'] },
  {
    name: 'content blur beats media blur',
    labels: [label('likeness-unconsented'), label('known-deepfake')],
    settings: { [`${LABELER} known-deepfake`]: 'warn' },
    action: 'warn',
    blurs: 'content',
    causes: ['likeness-unconsented', 'known-deepfake'],
  },
  {
    name: '!hide always hides, whatever the settings',
    labels: [label('!hide')],
    settings: { [`${LABELER} !hide`]: 'show' },
    action: 'hide',
    causes: ['!hide'],
  },
  {
    name: '!takedown hides, whatever the settings',
    labels: [label('!takedown')],
    settings: { [`${LABELER} !takedown`]: 'show' },
    action: 'hide',
    causes: ['!takedown'],
  },
  { name: '!takedown on the account hides its videos', labels: [label('!takedown', { uri: CREATOR })], action: 'hide', causes: ['!takedown'] },
  { name: '!takedown from a labeler not accepted is ignored', labels: [label('!takedown', { src: OTHER })], action: 'show', chips: [] },
  { name: 'a lifted !takedown no longer hides', labels: [label('!takedown'), label('!takedown', { neg: true, cts: '2025-06-01T11:00:00Z' })], action: 'show', chips: [] },
  { name: '!warn blurs the content', labels: [label('!warn')], action: 'warn', blurs: 'content', causes: ['!warn'] },
  { name: '!no-unauthenticated hides from logged-out viewers', labels: [label('!no-unauthenticated')], extra: { loggedIn: false }, action: 'hide' },
  { name: '!no-unauthenticated does nothing when logged in', labels: [label('!no-unauthenticated')], action: 'show', chips: [] },
  { name: 'unknown global values are ignored', labels: [label('!something-new')], action: 'show', chips: [] },
  { name: 'undefined value of an accepted labeler is a chip', labels: [label('mystery')], action: 'show', chips: ['mystery'] },
  { name: 'labels from labelers not accepted are ignored', labels: [label('known-deepfake', { src: OTHER })], action: 'show', chips: [] },
  { name: "the creator's self-labels count", labels: [label('!warn', { src: CREATOR })], action: 'warn', blurs: 'content' },
  {
    name: 'negated labels are ignored',
    labels: [label('known-deepfake'), label('known-deepfake', { neg: true, cts: '2025-06-01T11:00:00Z' })],
    action: 'show',
    chips: [],
  },
  {
    name: 'a label re-applied after its negation counts',
    labels: [label('known-deepfake', { neg: true }), label('known-deepfake', { cts: '2025-06-01T11:00:00Z' })],
    action: 'hide',
  },
  { name: 'expired labels are ignored', labels: [label('known-deepfake', { exp: '2025-06-01T11:59:59Z' })], action: 'show', chips: [] },
  { name: 'labels expiring later still count', labels: [label('known-deepfake', { exp: '2025-06-02T00:00:00Z' })], action: 'hide' },
  { name: 'the same label twice is one chip', labels: [label('ai-video'), label('ai-video', { uri: CREATOR })], action: 'show', chips: ['ai-video'] },
]

describe('moderateVideo', () => {
  it.each(ROWS)('$name', (row) => {
    const decision = moderateVideo({ creator: { did: CREATOR }, labels: row.labels }, ctx(row.settings, row.extra))
    expect(decision.action).toBe(row.action)
    if (row.blurs) expect(decision.action === 'warn' && decision.blurs).toBe(row.blurs)
    if (row.chips) expect(decision.action !== 'hide' ? decision.chips.map((c) => c.val) : []).toEqual(row.chips)
    if (row.causes) expect(decision.action !== 'show' ? decision.causes.map((c) => c.val) : []).toEqual(row.causes)
  })

  it('names causes from the definition', () => {
    const decision = moderateVideo({ creator: { did: CREATOR }, labels: [label('likeness-unconsented')] }, ctx())
    expect(decision.action === 'warn' && decision.causes[0]).toMatchObject({
      name: 'likeness-unconsented name',
      description: 'likeness-unconsented description',
      configurable: true,
    })
  })
})

describe('defaultSettingOf', () => {
  it.each([
    ['ignore', 'show'],
    ['warn', 'warn'],
    ['hide', 'hide'],
    ['something-new', 'warn'],
  ])('%s → %s', (defaultSetting, expected) => {
    expect(defaultSettingOf({ defaultSetting })).toBe(expected)
  })
})

describe('localizedStrings', () => {
  const d = {
    identifier: 'x',
    locales: [
      { lang: 'de', name: 'Deutsch', description: 'de' },
      { lang: 'en', name: 'English', description: 'en' },
      { lang: 'pt-BR', name: 'Português', description: 'pt' },
    ],
  }
  it.each([
    [['de-AT'], 'Deutsch'],
    [['pt-BR', 'en'], 'Português'],
    [['pt'], 'Português'],
    [['fr'], 'English'],
    [[], 'English'],
  ])('%j → %s', (langs, name) => {
    expect(localizedStrings(d, langs).name).toBe(name)
  })
  it('falls back to the identifier', () => {
    expect(localizedStrings({ identifier: 'raw', locales: [] }, ['en']).name).toBe('raw')
  })
})

describe('activeLabels', () => {
  it('keeps the latest state per labeler, subject and value', () => {
    const labels = [label('a'), label('a', { neg: true, cts: '2025-06-01T09:00:00Z' }), label('b', { src: OTHER })]
    expect(activeLabels(labels, NOW).map((l) => l.val)).toEqual(['a', 'b'])
  })
})
