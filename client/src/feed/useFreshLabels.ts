import { useEffect, useRef } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { VideoView } from '../api/types'
import { LABEL_REFRESH_MS } from './pages'
import type { Feed } from './useFeed'

/** getVideos takes at most this many URIs a call (its lexicon's maxLength). */
const BATCH = 25

/**
 * Keeps the labels of a feed's loaded videos current while it is on screen: every few seconds it
 * asks the appview for the same videos again. A moderator's takedown then reaches someone who is
 * already watching (the appview leaves a redacted video out, and the client hides one labelled
 * !takedown), not only the next person to load the feed.
 */
export function useFreshLabels(feed: Feed, active: boolean): void {
  const appview = useAppview()
  const itemsRef = useRef(feed.items)
  itemsRef.current = feed.items
  const { applyFresh } = feed

  useEffect(() => {
    if (!active) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      // A hidden tab has no one watching: skip the round trip.
      if (document.visibilityState === 'visible') {
        const uris = itemsRef.current.map((i) => i.video.uri)
        for (let i = 0; i < uris.length && !stopped; i += BATCH) {
          const asked = uris.slice(i, i + BATCH)
          try {
            const views = await appview.getVideos(asked)
            if (!stopped) applyFresh(asked, new Map(views.map((v: VideoView) => [v.uri, v])))
          } catch {
            // A failed refresh changes nothing: the next one tries again.
            break
          }
        }
      }
      if (!stopped) timer = setTimeout(tick, LABEL_REFRESH_MS)
    }
    timer = setTimeout(tick, LABEL_REFRESH_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [appview, applyFresh, active])
}
