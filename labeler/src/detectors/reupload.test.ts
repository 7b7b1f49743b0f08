import { describe, expect, it } from 'vitest'
import { reuploadDetector } from './reupload'
import type { VideoPostSubject } from './types'

const A = 'did:plc:alice'
const B = 'did:plc:bob'
const REPOST = `at://${B}/app.bsky.feed.post/3krepost`
const ORIGINAL = `at://${A}/app.framewright.video.post/3kvideo`
const COMPANION = `at://${A}/app.bsky.feed.post/3kcompanion`

type Copy = VideoPostSubject['sameBytes'][number]
const copy = (sourceType: string | undefined, over: Partial<Copy> = {}): Copy => ({
  uri: ORIGINAL,
  cid: 'bafyvideo',
  creator: A,
  crosspostUri: COMPANION,
  generation: { provider: 'procedural', model: 'lavender-v1', sourceType },
  ...over,
})

function post(uri: string, sameBytes: Copy[]): VideoPostSubject {
  return { uri, cid: 'bafypost', author: B, blobCid: 'bafkreiblob', createdAt: '', sameBytes, names: new Map([[A, '@alice.test']]) }
}

describe('reupload detector', () => {
  it.each([
    ['an AI-generated video posted again', post(REPOST, [copy('ai-generated')]), true],
    ['an AI-edited video posted again', post(REPOST, [copy('ai-edited')]), true],
    ['the AI video\'s own companion post', post(COMPANION, [copy('ai-generated')]), false],
    ['a captured video posted again', post(REPOST, [copy('captured')]), false],
    ['a video with no source type declared', post(REPOST, [copy(undefined)]), false],
    ['bytes none of our videos have', post(REPOST, []), false],
    // B publishes the same bytes as their own "captured" video, with this post as its companion.
    ['the companion of a captured copy of an AI video', post(REPOST, [copy('ai-generated'), copy('captured', { uri: `at://${B}/app.framewright.video.post/3kcopy`, creator: B, crosspostUri: REPOST })]), true],
    ['the companion of a second AI-declared copy', post(REPOST, [copy('ai-generated'), copy('ai-generated', { uri: `at://${B}/app.framewright.video.post/3kcopy`, creator: B, crosspostUri: REPOST })]), false],
  ])('%s → labeled: %s', (_what, subject, labeled) => {
    const findings = reuploadDetector.evaluate(subject) as { val: string }[]
    expect(findings.map((f) => f.val)).toEqual(labeled ? ['ai-undisclosed'] : [])
  })

  it('names the original, its creator and how it was made', () => {
    const [finding] = reuploadDetector.evaluate(post(REPOST, [copy('ai-generated')])) as { reason: string; evidence: unknown }[]
    expect(finding!.reason).toBe(`This is the AI video ${ORIGINAL} by @alice.test, generated with procedural/lavender-v1, posted again without its disclosure.`)
    expect(finding!.evidence).toMatchObject({ original: { uri: ORIGINAL, cid: 'bafyvideo', creator: A }, provider: 'procedural', model: 'lavender-v1' })
  })
})
