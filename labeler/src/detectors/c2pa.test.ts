import { describe, expect, it } from 'vitest'
import type { C2paFacts } from '@framewright/service-kit'
import { c2paAiVideoFinding, c2paProvenanceFindings } from './c2pa'

const AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'
const CAPTURE = 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture'
const signer = { issuer: 'Framewright on box', commonName: 'Framewright on box video signer', alg: 'Es256' }

const facts = (over: Partial<Extract<C2paFacts, { present: true }>>): C2paFacts => ({
  present: true,
  state: 'valid',
  failures: [],
  digitalSourceTypes: [AI],
  aiSource: true,
  claimGenerator: 'Framewright procedural provider 2',
  signer,
  ...over,
})

describe('C2PA findings', () => {
  it.each<[string, C2paFacts | undefined, string[], boolean]>([
    ['no facts yet', undefined, [], false],
    ['no manifest', { present: false }, [], false],
    ['a valid AI manifest from an untrusted signer', facts({}), ['provenance-verified'], true],
    ['a trusted AI manifest', facts({ state: 'trusted' }), ['provenance-verified'], true],
    ['a valid manifest of a camera capture', facts({ digitalSourceTypes: [CAPTURE], aiSource: false }), ['provenance-verified'], false],
    ['a tampered AI manifest', facts({ state: 'invalid', failures: ['assertion.bmffHash.mismatch'] }), ['provenance-tampered'], false],
  ])('%s → %j, ai-video %s', (_name, input, values, ai) => {
    expect(c2paProvenanceFindings(input).map((f) => f.val)).toEqual(values)
    expect(c2paAiVideoFinding(input)?.val).toBe(ai ? 'ai-video' : undefined)
  })

  it('explain themselves: who signed, what failed, what was declared', () => {
    const [tampered] = c2paProvenanceFindings(facts({ state: 'invalid', failures: ['assertion.bmffHash.mismatch'] }))
    expect(tampered!.reason).toContain('assertion.bmffHash.mismatch')
    expect(tampered!.evidence).toMatchObject({ state: 'invalid', failures: ['assertion.bmffHash.mismatch'], signer })
    const [verified] = c2paProvenanceFindings(facts({ state: 'trusted' }))
    expect(verified!.reason).toContain('Framewright on box video signer (a signer this labeler trusts)')
    const ai = c2paAiVideoFinding(facts({}))
    expect(ai!.reason).toContain('trainedAlgorithmicMedia')
    expect(ai!.evidence).toMatchObject({ from: 'c2pa', digitalSourceTypes: [AI] })
  })
})
