import { describe, expect, it } from 'vitest'
import { tagColumn } from '../steering/words'
import { foldInteractions, INTERACTION_STEER, interactionEffect, type StoredInteraction } from './effect'

const video = (n: number, creator = 'did:plc:maker', tags: string[] = []) => ({
  uri: `at://${creator}/app.framewright.video.post/v${n}`,
  post: `at://${creator}/app.bsky.feed.post/p${n}`,
  creator,
  tags: tagColumn(tags),
})
const asked = (event: string, v: ReturnType<typeof video>, label = '@maker.test'): StoredInteraction => ({
  item: v.post,
  videoUri: v.uri,
  creator: v.creator,
  creatorLabel: label,
  tags: v.tags,
  event,
})

const v1 = video(1, 'did:plc:maker', ['Cats', 'noir'])
const v2 = video(2, 'did:plc:maker', ['noir'])
const v3 = video(3, 'did:plc:other', ['noir', 'cats', 'jazz', 'rain'])
const v4 = video(4, 'did:plc:other', ['sunrise'])

describe('interactionEffect', () => {
  it.each<[string, StoredInteraction[], ReturnType<typeof video>, ReturnType<typeof interactionEffect>]>([
    ['no interactions: nothing changes', [], v2, { hidden: false, delta: 0, context: undefined }],
    ['the item asked less of is never shown again', [asked('less', v1)], v1, { hidden: true }],
    [
      'less lowers the creator’s other videos and their shared tags, and says why',
      [asked('less', v1)],
      v2,
      { hidden: false, delta: -INTERACTION_STEER.lessCreator - INTERACTION_STEER.lessPerTag, context: 'Less like this: you asked for less from @maker.test, and #noir.' },
    ],
    [
      'less reaches another creator’s video only through shared tags, counted up to a cap',
      [asked('less', video(9, 'did:plc:maker', ['noir', 'cats', 'jazz', 'rain']))],
      v3,
      { hidden: false, delta: -INTERACTION_STEER.maxTags * INTERACTION_STEER.lessPerTag, context: 'Less like this: you asked for less #noir, #cats, #jazz.' },
    ],
    ['a video sharing neither creator nor tags is untouched', [asked('less', v1)], v4, { hidden: false, delta: 0, context: undefined }],
    [
      'more lifts the creator and the tags',
      [asked('more', v1)],
      v2,
      { hidden: false, delta: INTERACTION_STEER.moreCreator + INTERACTION_STEER.morePerTag, context: 'More like this: you asked for more from @maker.test, and #noir.' },
    ],
    [
      'the later word about a creator wins, and the item asked less of stays hidden',
      [asked('less', v1), asked('more', v2)],
      v1,
      { hidden: true },
    ],
    [
      'more after less lifts the creator again',
      [asked('less', video(7, 'did:plc:maker')), asked('more', video(8, 'did:plc:maker'))],
      v2,
      { hidden: false, delta: INTERACTION_STEER.moreCreator, context: 'More like this: you asked for more from @maker.test.' },
    ],
  ])('%s', (_name, rows, candidate, expected) => {
    expect(interactionEffect(candidate, foldInteractions(rows))).toEqual(expected)
  })

  it('hides by the post as sent when the video was not known yet', () => {
    const unknown = { ...asked('less', v1), videoUri: null }
    expect(interactionEffect(v1, foldInteractions([unknown]))).toEqual({ hidden: true })
  })

  it('ignores stored events it does not know', () => {
    expect(foldInteractions([asked('seen', v1)])).toEqual(foldInteractions([]))
  })
})
