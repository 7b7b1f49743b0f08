import type { VideoPostDetector } from './types'

/** Source types whose provenance says AI made or changed the video. */
const AI_SOURCE_TYPES = new Set(['ai-generated', 'ai-edited'])

/**
 * Labels `ai-undisclosed` a plain Bluesky post whose video is, byte for byte (same blob CID), one
 * of our videos that declares AI provenance — unless the post is that AI video's own companion
 * post, which carries the disclosure. Another Framewright video of the same bytes that claims to
 * be captured does not launder it: only being the companion of an AI-declared copy does.
 */
export const reuploadDetector: VideoPostDetector = {
  name: 'reupload',
  subject: 'bsky-video-post',
  values: ['ai-undisclosed'],
  evaluate(post) {
    const ai = post.sameBytes.filter((v) => AI_SOURCE_TYPES.has(v.generation?.sourceType ?? ''))
    if (ai.length === 0 || ai.some((v) => v.crosspostUri === post.uri)) return []
    const original = ai[0]!
    const gen = original.generation ?? {}
    const creator = post.names.get(original.creator) ?? original.creator
    const madeWith = `${gen.provider ?? 'an unknown provider'}/${gen.model ?? 'an unknown model'}`
    return [
      {
        val: 'ai-undisclosed',
        reason: `This is the AI video ${original.uri} by ${creator}, generated with ${madeWith}, posted again without its disclosure.`,
        evidence: {
          original: { uri: original.uri, cid: original.cid, creator: original.creator },
          provider: gen.provider,
          model: gen.model,
          sourceType: gen.sourceType,
          blobCid: post.blobCid,
        },
      },
    ]
  },
}
