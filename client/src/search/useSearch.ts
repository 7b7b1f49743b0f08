import { useEffect, useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { ActorView, VideoView } from '../api/types'
import { errorMessage } from '../ui/errors'

export interface SearchResults {
  /** The query these results are for ('' before anything was typed). */
  query: string
  actors: ActorView[]
  videos: VideoView[]
  loading: boolean
  error?: string
}

/** Waits this long after the last keystroke before searching, so typing does not send a request per letter. */
const DEBOUNCE_MS = 300

/** People and videos matching what was typed; the last answer wins, an earlier one arriving late is dropped. */
export function useSearch(typed: string): SearchResults {
  const appview = useAppview()
  const [results, setResults] = useState<SearchResults>({ query: '', actors: [], videos: [], loading: false })
  const q = typed.trim()

  useEffect(() => {
    // Nothing to look for: say so without a request (the appview would answer BadQuery).
    if (!/[\p{L}\p{N}]/u.test(q)) {
      setResults({ query: q, actors: [], videos: [], loading: false })
      return
    }
    let cancelled = false
    setResults((r) => ({ ...r, loading: true, error: undefined }))
    const timer = setTimeout(() => {
      Promise.all([appview.searchActors(q), appview.searchVideos(q)])
        .then(([a, v]) => !cancelled && setResults({ query: q, actors: a.actors, videos: v.videos, loading: false }))
        .catch((err: unknown) => !cancelled && setResults({ query: q, actors: [], videos: [], loading: false, error: errorMessage(err) }))
    }, DEBOUNCE_MS)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [appview, q])

  return results
}
