import type { Agent } from '@atproto/api'
import { publishVideo, type PublishedVideo } from '@framewright/lexicons'
import type { JobView } from '../api/types'

/** What the creator wrote about their draft. */
export interface DraftText {
  caption: string
  alt: string
}

/** The draft could not be downloaded from the appview. */
export class DraftDownloadError extends Error {
  override name = 'DraftDownloadError'
}

/**
 * Publishes a finished job's draft to the creator's own PDS: downloads the rendered bytes from
 * the appview, then writes the blob, the companion Bluesky post and the video record.
 */
export async function publishDraft(agent: Agent, job: JobView, text: DraftText): Promise<PublishedVideo> {
  const result = job.result
  if (job.status !== 'succeeded' || !result) throw new DraftDownloadError('the job has no finished draft to publish')
  let res: Response
  try {
    res = await fetch(result.videoUrl, { signal: AbortSignal.timeout(60_000) })
  } catch (err) {
    throw new DraftDownloadError(`could not download the draft: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (!res.ok) throw new DraftDownloadError(`could not download the draft (HTTP ${res.status})`)
  const bytes = new Uint8Array(await res.arrayBuffer())
  return publishVideo(agent, {
    bytes,
    mimeType: result.mimeType,
    text: text.caption.trim(),
    alt: text.alt.trim(),
    aspectRatio: result.aspectRatio && { width: result.aspectRatio.width, height: result.aspectRatio.height },
    durationMs: result.durationMs,
    generation: result.generation,
    depicts: job.depicts?.map((subject) => ({ subject })),
    remixOf: job.remixOf && { uri: job.remixOf.uri, cid: job.remixOf.cid },
  })
}
