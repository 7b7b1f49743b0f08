import { useEffect, useMemo, useRef, type ReactNode } from 'react'
import type { GeneratorView, VideoView } from '../api/types'
import { countHidden, hiddenSentence, hiddenUris } from '../labels/hiddenReasons'
import { moderateVideo } from '../labels/moderation'
import { useModeration } from '../labels/ModerationContext'
import { useSession } from '../session/SessionContext'
import { ErrorNote } from '../ui/ErrorNote'
import { EndCard } from './EndCard'
import { useFeedKeys } from './useFeedKeys'
import { useLessLikeThis } from './useLessLikeThis'
import { useReducedMotion } from './useReducedMotion'
import { VideoCard } from './VideoCard'
import type { Feed as FeedData } from './useFeed'

export interface FeedProps {
  generator: GeneratorView
  feed: FeedData
  muted: boolean
  onToggleMuted: () => void
  onRemix: (video: VideoView) => void
  onCreate: () => void
  /** Opens the login dialog (a personal feed's end offers it to someone logged out). */
  onOpenLogin?: () => void
  /** Scroll this video into view once it is in the list (a video just published). */
  focusUri?: string
  /** Shown over the top of the feed: the feed picker and notices. */
  header?: ReactNode
  /** Hold playback (a break reminder is showing). */
  paused?: boolean
}

/** A vertical, snapping list of one feed's videos, moderated by the viewer's labelers and settings. */
export function Feed({ generator, feed, muted, onToggleMuted, onRemix, onCreate, onOpenLogin, focusUri, header, paused }: FeedProps) {
  const moderation = useModeration()
  const { account } = useSession()
  const listRef = useRef<HTMLDivElement>(null)
  const sentinelRef = useRef<HTMLDivElement>(null)
  const less = useLessLikeThis(generator)
  const reducedMotion = useReducedMotion()
  useFeedKeys(listRef, { onToggleMuted, reducedMotion })

  const { visible, hiddenCount, hiddenNote, hidden } = useMemo(() => {
    const ctx = moderation.context()
    const decided = feed.items.map((item) => ({ item, decision: moderateVideo(item.video, ctx) }))
    const visible = decided.flatMap(({ item, decision }) => (decision.action === 'hide' ? [] : [{ item, decision }]))
    // Asked-for-less videos go at once; they are not counted as hidden.
    return {
      visible: visible.filter(({ item }) => !less.dismissed.has(item.video.uri)),
      hiddenCount: decided.length - visible.length,
      hiddenNote: hiddenSentence(countHidden(decided.map((d) => d.decision))),
      hidden: hiddenUris(decided.map(({ item, decision }) => ({ uri: item.video.uri, decision }))),
    }
  }, [feed.items, moderation, less.dismissed])

  // Ask for the next page while the viewer is still a screen or so away from the end. Observing
  // again after every page (a new cursor) re-checks a sentinel that never left the screen, e.g.
  // when a whole page was hidden by label settings.
  const { loadMore, cursor } = feed
  useEffect(() => {
    const sentinel = sentinelRef.current
    if (!sentinel) return
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), {
      root: listRef.current,
      rootMargin: '0px 0px 150% 0px',
    })
    observer.observe(sentinel)
    return () => observer.disconnect()
  }, [loadMore, cursor])

  useEffect(() => {
    if (!focusUri) return
    const card = listRef.current?.querySelector(`[data-uri="${CSS.escape(focusUri)}"]`)
    card?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }, [focusUri, visible])

  // A new feed starts at the top.
  useEffect(() => {
    listRef.current?.scrollTo({ top: 0 })
  }, [generator.uri])

  const firstLoad = feed.items.length === 0 && !feed.ended
  return (
    <>
      <div className="feed-overlay-top">
        {header}
        {hiddenNote && (
          <p
            className="hidden-note"
            role="status"
            data-testid="hidden-note"
            data-removed-by-moderators={hidden.byModerators.join(' ')}
            data-hidden-by-settings={hidden.bySettings.join(' ')}
          >
            {hiddenNote}
          </p>
        )}
        {less.notice && (
          <p className={`hidden-note less-note is-${less.notice.kind}`} role="status" data-testid="less-like-this-note">
            {less.notice.text}
          </p>
        )}
      </div>
      <div className="feed" ref={listRef} aria-busy={feed.loading} aria-label={`${generator.displayName} feed`}>
        {visible.map(({ item, decision }) => (
          <VideoCard
            key={item.video.uri}
            item={item}
            decision={decision}
            muted={muted}
            onToggleMuted={onToggleMuted}
            onRemix={onRemix}
            onLessLikeThis={less.send}
            paused={paused}
            reducedMotion={reducedMotion}
          />
        ))}
        <div ref={sentinelRef} className="sentinel" aria-hidden="true" />
        {firstLoad && !feed.error && <div className="card card-message">Loading {generator.displayName}…</div>}
        {feed.error && (
          <div className="card card-message">
            <ErrorNote error={`Could not load the feed: ${feed.error}`} onRetry={feed.retry} />
          </div>
        )}
        {feed.loading && !firstLoad && (
          <p className="loading-more" role="status">
            Loading more…
          </p>
        )}
        {feed.ended && !feed.error && (
          <EndCard
            generator={generator}
            end={feed.end}
            loggedIn={account !== undefined}
            seen={visible.length}
            hidden={hiddenCount}
            hiddenNote={hiddenNote}
            onCreate={onCreate}
            onRestart={feed.retryFromStart}
            onOpenLogin={onOpenLogin}
          />
        )}
      </div>
    </>
  )
}
