import { describe, expect, it } from 'vitest'
import { countHidden, hiddenSentence, hiddenUris } from './hiddenReasons'
import type { LabelCause, ModerationDecision } from './moderation'

function cause(val: string): LabelCause {
  return { val, src: 'did:plc:labeler', name: val, description: '', severity: 'alert', blurs: 'content', setting: 'hide', configurable: !val.startsWith('!') }
}
const hide = (...vals: string[]): ModerationDecision => ({ action: 'hide', causes: vals.map(cause) })
const show: ModerationDecision = { action: 'show', chips: [] }

describe('why videos were hidden', () => {
  it.each([
    ['nothing hidden', [show], { byModerators: 0, bySettings: 0 }, undefined],
    ['a takedown is the moderators', [hide('!takedown')], { byModerators: 1, bySettings: 0 }, '1 video removed by moderators'],
    ['!hide is the moderators', [hide('!hide'), show], { byModerators: 1, bySettings: 0 }, '1 video removed by moderators'],
    ['a label set to hide is the settings', [hide('known-deepfake'), hide('ai-video')], { byModerators: 0, bySettings: 2 }, '2 videos hidden by your label settings'],
    ['both kinds on one video count once, as the moderators', [hide('known-deepfake', '!takedown')], { byModerators: 1, bySettings: 0 }, '1 video removed by moderators'],
    [
      'both kinds on different videos are both said',
      [hide('!hide'), hide('!takedown'), hide('known-deepfake')],
      { byModerators: 2, bySettings: 1 },
      '2 videos removed by moderators, 1 video hidden by your label settings',
    ],
  ] as const)('%s', (_name, decisions, counts, sentence) => {
    expect(countHidden(decisions as unknown as ModerationDecision[])).toEqual(counts)
    expect(hiddenSentence(countHidden(decisions as unknown as ModerationDecision[]))).toBe(sentence)
  })

  it('names the videos behind each count, for the same reasons', () => {
    const decided = [
      { uri: 'at://a/v/1', decision: hide('!hide') },
      { uri: 'at://a/v/2', decision: show },
      { uri: 'at://a/v/3', decision: hide('known-deepfake') },
      { uri: 'at://a/v/4', decision: hide('known-deepfake', '!takedown') },
    ]
    const uris = hiddenUris(decided)
    expect(uris).toEqual({ byModerators: ['at://a/v/1', 'at://a/v/4'], bySettings: ['at://a/v/3'] })
    expect(countHidden(decided.map((d) => d.decision))).toEqual({ byModerators: uris.byModerators.length, bySettings: uris.bySettings.length })
  })
})
