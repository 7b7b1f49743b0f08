import type { AppviewClient } from '../api/appview'
import type { VideoView } from '../api/types'
import { errorMessage } from '../ui/errors'
import { offersNoFaceProtection, type FaceLabelerClient, type FoundDepiction } from './faceLabeler'

/** getDepictionViews takes this many subjects a call. */
const VIEWS_PER_CALL = 50

export interface FoundVideos {
  videos: VideoView[]
  /** The labeler's evidence, keyed by video URI (the subject may have been its companion post). */
  evidence: Map<string, FoundDepiction>
  /** Set when the labeler or the appview failed; a labeler without face protection is not a failure. */
  error?: string
}

/**
 * The videos a labeler found `actor` in, newest first, up to `limit`: its listFound pages, hydrated
 * by the appview as `actor` sees them (consent verdict and review even where they are undeclared).
 * Subjects the appview does not know are left out.
 */
export async function foundVideos(appview: AppviewClient, face: FaceLabelerClient, actor: string, limit: number): Promise<FoundVideos> {
  const found: FoundDepiction[] = []
  try {
    let cursor: string | undefined
    do {
      const page = await face.listFound({ limit: Math.min(100, limit - found.length), cursor })
      found.push(...page.found)
      cursor = page.cursor
    } while (cursor && found.length < limit)
  } catch (err) {
    if (offersNoFaceProtection(err)) return { videos: [], evidence: new Map() }
    return { videos: [], evidence: new Map(), error: `Could not ask the labeler for videos it found you in: ${errorMessage(err)}` }
  }
  const videos: VideoView[] = []
  try {
    for (let i = 0; i < found.length; i += VIEWS_PER_CALL) {
      videos.push(...(await appview.getDepictionViews(actor, found.slice(i, i + VIEWS_PER_CALL).map((f) => f.subject))))
    }
  } catch (err) {
    return { videos: [], evidence: new Map(), error: `Could not load the videos the labeler found you in: ${errorMessage(err)}` }
  }
  const evidence = new Map<string, FoundDepiction>()
  for (const view of videos) {
    const f = found.find((x) => x.subject === view.uri || x.subject === view.crosspost?.uri)
    if (f) evidence.set(view.uri, f)
  }
  return { videos, evidence }
}
