import { useEffect, useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { FeedItem } from '../api/types'
import { errorMessage } from '../ui/errors'
import { PUBLISH_REFRESH_DELAYS_MS } from './pages'

export type PublishWait =
  { status: 'idle' } | { status: 'waiting'; attempt: number } | { status: 'found'; uri: string } | { status: 'missing'; uri: string; error?: string }

/** What the wait needs from the feed on screen. */
export interface WaitableFeed {
  refresh(): Promise<FeedItem[]>
  pin(item: FeedItem): void
}

/**
 * After a publish, refreshes the feed a few times with growing pauses until the new video shows
 * up: the appview indexes it from the firehose a moment after the PDS accepted it. A feed may rank
 * the video further down (or not list its own creator's videos), so once the appview has indexed
 * it, it is pinned at the top instead: the creator sees what they just made either way.
 */
export function usePublishedVideo(uri: string | undefined, feed: WaitableFeed, ready: boolean): PublishWait {
  const appview = useAppview()
  const [wait, setWait] = useState<PublishWait>({ status: 'idle' })
  const { refresh, pin } = feed

  useEffect(() => {
    if (!uri) {
      setWait({ status: 'idle' })
      return
    }
    if (!ready) {
      setWait({ status: 'waiting', attempt: 0 })
      return
    }
    let cancelled = false
    const attempt = async (): Promise<boolean> => {
      const items = await refresh()
      if (items.some((i) => i.video.uri === uri)) return true
      const [video] = await appview.getVideos([uri])
      if (!video || cancelled) return false
      pin({ video, feedContext: 'You just published this.' })
      return true
    }
    const run = async () => {
      let lastError: string | undefined
      const delays = [0, ...PUBLISH_REFRESH_DELAYS_MS]
      for (const [n, delay] of delays.entries()) {
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
        if (cancelled) return
        setWait({ status: 'waiting', attempt: n + 1 })
        try {
          const shown = await attempt()
          lastError = undefined
          if (cancelled) return
          if (shown) return setWait({ status: 'found', uri })
        } catch (err) {
          lastError = errorMessage(err)
        }
      }
      if (!cancelled) setWait({ status: 'missing', uri, error: lastError })
    }
    void run()
    return () => {
      cancelled = true
    }
  }, [uri, refresh, pin, appview, ready])

  return wait
}
