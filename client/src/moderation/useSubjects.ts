import type { Agent } from '@atproto/api'
import { useAnonymousAppview } from '../api/AppviewContext'
import type { VideoView } from '../api/types'
import { useLoad } from '../api/useLoad'
import { handleOf } from '../consent/likenessRecords'
import { isVideoUri } from './decisions'
import type { ReportView } from './labelerModeration'

/** What the queue shows about its subjects and reporters. */
export interface Subjects {
  videos: ReadonlyMap<string, VideoView>
  handles: ReadonlyMap<string, string>
  loading: boolean
}

const EMPTY = { videos: new Map<string, VideoView>(), handles: new Map<string, string>() }
/** getVideos takes at most this many URIs. */
const VIDEO_BATCH = 25

/**
 * Hydrates the reports' subjects: videos through the appview (player, creator), and the handles
 * of reporters and reported accounts as their PDS states them. Loads again only when the set of
 * subjects changes, not on every refresh of the queue.
 */
export function useSubjects(reports: readonly ReportView[], agent: Agent): Subjects {
  const appview = useAnonymousAppview()
  const videoUris = [...new Set(reports.map((r) => r.subject.uri).filter(isVideoUri))].sort()
  const dids = [...new Set(reports.flatMap((r) => [r.reportedBy, ...(r.subjectType === 'account' ? [r.subject.uri] : [])]))].sort()
  const loaded = useLoad<Omit<Subjects, 'loading'>>(
    async () => {
      const batches: string[][] = []
      for (let i = 0; i < videoUris.length; i += VIDEO_BATCH) batches.push(videoUris.slice(i, i + VIDEO_BATCH))
      const [videos, handles] = await Promise.all([
        Promise.all(batches.map((uris) => appview.getVideos(uris))).then((pages) => pages.flat()),
        Promise.all(dids.map(async (did) => [did, await handleOf(agent, did)] as const)),
      ])
      return {
        videos: new Map(videos.map((v) => [v.uri, v])),
        handles: new Map(handles.filter((h): h is readonly [string, string] => h[1] !== undefined)),
      }
    },
    [appview, agent, videoUris.join(' '), dids.join(' ')],
    EMPTY,
  )
  return { ...loaded.data, loading: loaded.loading }
}
