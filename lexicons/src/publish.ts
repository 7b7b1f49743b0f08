import type { Agent } from '@atproto/api'
import type { BlobRef } from '@atproto/lexicon'
import { ids } from './generated/lexicons'
import type * as VideoPost from './generated/types/app/framewright/video/post'
import { InvalidRecordError, validateRecord } from './records'

/** Largest video we publish (the video.post lexicon's maxSize). */
export const MAX_VIDEO_BYTES = 100_000_000

/** A rendered video about to be published, with everything the records will say about it. */
export interface VideoDraft {
  bytes: Uint8Array
  mimeType: string
  text?: string
  alt?: string
  langs?: string[]
  tags?: string[]
  aspectRatio?: { width: number; height: number }
  durationMs?: number
  generation: VideoPost.Generation
  depicts?: VideoPost.Depiction[]
  remixOf?: { uri: string; cid: string }
}

export interface PublishedVideo {
  uri: string
  cid: string
  /** The companion app.bsky.feed.post that any Bluesky client can play. */
  crosspost: { uri: string; cid: string }
}

/**
 * Publishes a video to the signed-in account's own PDS: uploads the blob, writes the companion
 * app.bsky.feed.post with an app.bsky.embed.video embed, then the app.framewright.video.post that
 * points at it. The video record is validated before anything is written; if writing it fails, the
 * companion post is deleted again so that no half-published video is left behind.
 */
export async function publishVideo(agent: Agent, draft: VideoDraft): Promise<PublishedVideo> {
  if (draft.mimeType !== 'video/mp4') throw new InvalidRecordError(ids.AppFramewrightVideoPost, `videos must be video/mp4, not ${draft.mimeType}`)
  if (draft.bytes.byteLength > MAX_VIDEO_BYTES) {
    throw new InvalidRecordError(ids.AppFramewrightVideoPost, `video of ${draft.bytes.byteLength} bytes is over the ${MAX_VIDEO_BYTES}-byte limit`)
  }
  const repo = agent.assertDid
  const { data: uploaded } = await agent.com.atproto.repo.uploadBlob(draft.bytes, { encoding: draft.mimeType })
  const blob = uploaded.blob as BlobRef
  const createdAt = new Date().toISOString()

  const video: Omit<VideoPost.Record, '$type'> = {
    video: blob,
    text: draft.text || undefined,
    alt: draft.alt || undefined,
    langs: draft.langs?.length ? draft.langs : undefined,
    tags: draft.tags?.length ? draft.tags : undefined,
    aspectRatio: draft.aspectRatio,
    durationMs: draft.durationMs,
    generation: draft.generation,
    depicts: draft.depicts?.length ? draft.depicts : undefined,
    remixOf: draft.remixOf,
    createdAt,
  }
  // Validate with a placeholder crosspost first: an invalid record must not leave a companion behind.
  validateRecord(ids.AppFramewrightVideoPost, { ...video, crosspost: { uri: `at://${repo}/app.bsky.feed.post/placeholder`, cid: PLACEHOLDER_CID } })

  const { data: post } = await agent.com.atproto.repo.createRecord({
    repo,
    collection: 'app.bsky.feed.post',
    record: {
      $type: 'app.bsky.feed.post',
      text: companionText(draft),
      embed: {
        $type: 'app.bsky.embed.video',
        video: blob,
        alt: draft.alt || undefined,
        aspectRatio: draft.aspectRatio,
      },
      langs: video.langs,
      createdAt,
    },
  })
  const crosspost = { uri: post.uri, cid: post.cid }
  try {
    const { data } = await agent.com.atproto.repo.createRecord({
      repo,
      collection: ids.AppFramewrightVideoPost,
      record: { $type: ids.AppFramewrightVideoPost, ...video, crosspost },
    })
    return { uri: data.uri, cid: data.cid, crosspost }
  } catch (err) {
    const rkey = post.uri.split('/').pop()!
    await agent.com.atproto.repo.deleteRecord({ repo, collection: 'app.bsky.feed.post', rkey }).catch(() => undefined)
    throw err
  }
}

const PLACEHOLDER_CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'

/** The companion post's text: the caption, and an AI disclosure Bluesky readers see without our labels. */
function companionText(draft: VideoDraft): string {
  const disclosure = `AI video (${draft.generation.provider}/${draft.generation.model})`
  const caption = draft.text?.trim()
  const text = caption ? `${caption}\n\n${disclosure}` : disclosure
  const graphemes = [...new Intl.Segmenter().segment(text)].map((s) => s.segment)
  return graphemes.length <= 300 ? text : graphemes.slice(0, 299).join('') + '…'
}
