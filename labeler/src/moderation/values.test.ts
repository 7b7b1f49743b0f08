import { describe, expect, it } from 'vitest'
import { defaultDetectors, type Detector } from '../detectors'
import { LABEL_DEFINITIONS } from '../policies'
import { labelOwner, moderatorValues } from './values'

describe('who owns a label value', () => {
  it.each([
    ['known-deepfake', { kind: 'moderator' }],
    ['!takedown', { kind: 'moderator' }],
    ['!hide', { kind: 'moderator' }],
    ['ai-video', { kind: 'detector', detector: 'provenance' }],
    ['ai-undisclosed', { kind: 'detector', detector: 'reupload' }],
    ['likeness-unconsented', { kind: 'detector', detector: 'consent-graph' }],
    ['likeness-consented', { kind: 'detector', detector: 'consent-graph' }],
    ['likeness-disputed', { kind: 'detector', detector: 'consent-graph' }],
    ['likeness-revoked', { kind: 'detector', detector: 'consent-graph' }],
    ['provenance-verified', { kind: 'detector', detector: 'c2pa' }],
    ['provenance-tampered', { kind: 'detector', detector: 'c2pa' }],
    ['porn', undefined],
    ['!suspend', undefined],
    ['', undefined],
    ['Known-Deepfake', undefined],
  ])('%s → %j', (val, owner) => {
    expect(labelOwner(val, defaultDetectors)).toEqual(owner)
  })

  it('gives moderators exactly the defined values no detector decides, and the global ones we allow', () => {
    expect(moderatorValues(defaultDetectors).sort()).toEqual(['!hide', '!takedown', 'known-deepfake'])
  })

  it('every value a detector applies is defined, so none is left undescribed to clients', () => {
    const defined = new Set<string>(LABEL_DEFINITIONS.map((d) => d.identifier))
    for (const detector of defaultDetectors) for (const val of detector.values) expect(defined).toContain(val)
  })

  it('a value taken over by a detector is no longer the moderators\'', () => {
    const hashMatch: Detector = { name: 'hash-match', values: ['known-deepfake'], evaluate: () => [] }
    expect(labelOwner('known-deepfake', [...defaultDetectors, hashMatch])).toEqual({ kind: 'detector', detector: 'hash-match' })
    expect(moderatorValues([...defaultDetectors, hashMatch])).not.toContain('known-deepfake')
  })
})
