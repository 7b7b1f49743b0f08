import { useEffect, useState } from 'react'
import type { VideoView } from '../api/types'
import { useModeration } from '../labels/ModerationContext'
import { useSession } from '../session/SessionContext'
import { ErrorNote } from '../ui/ErrorNote'
import { BreakReminder } from './BreakReminder'
import { Feed } from './Feed'
import { FeedSettings } from './prefs/FeedSettings'
import { useFeedPrefs } from './prefs/useFeedPrefs'
import { useBreakReminder } from './useBreakReminder'
import { FeedPicker } from './FeedPicker'
import { useFeed } from './useFeed'
import { useFreshLabels } from './useFreshLabels'
import { usePublishedVideo, type PublishWait } from './usePublishedVideo'
import type { SuggestedFeeds } from './useSuggestedFeeds'

export interface FeedPageProps {
  /** The feeds on offer and the one picked (the picker itself is in the top bar). */
  suggested: SuggestedFeeds
  /** A video just published, to wait for and show. */
  publishedUri?: string
  onPublishedSettled: () => void
  onRemix: (video: VideoView) => void
  onCreate: () => void
  /** Opens the login dialog. */
  onOpenLogin?: () => void
  /** The feed screen is the one shown: watching time counts only then. */
  active: boolean
}

/** The feed screen: pick a feed, steer it, watch it to its end. */
export function FeedPage({ suggested, publishedUri, onPublishedSettled, onRemix, onCreate, onOpenLogin, active }: FeedPageProps) {
  const moderation = useModeration()
  const { account } = useSession()
  const prefs = useFeedPrefs()
  const [settingsOpen, setSettingsOpen] = useState(false)
  const reminderMinutes = account ? prefs.prefs?.breakReminderMinutes : undefined
  const reminder = useBreakReminder(reminderMinutes, active && !settingsOpen)
  const [muted, setMuted] = useState(true)
  const generator = suggested.selected
  const feed = useFeed(generator)
  useFreshLabels(feed, active)
  const wait = usePublishedVideo(publishedUri, feed, generator !== undefined)

  // Once the new video is on screen, the notice can go after a moment.
  useEffect(() => {
    if (wait.status !== 'found') return
    const t = setTimeout(onPublishedSettled, 4000)
    return () => clearTimeout(t)
  }, [wait.status, onPublishedSettled])

  const header = (
    <>
      {/* On narrow screens the top bar has no room for the picker: it floats over the video instead. */}
      <div className="feed-picker-overlay">
        <FeedPicker feeds={suggested.feeds} selected={generator?.uri} onSelect={suggested.select} />
      </div>
      {account && (
        <button type="button" className="btn btn-small feed-settings-button" data-testid="open-feed-settings" onClick={() => setSettingsOpen(true)}>
          Feed settings
        </button>
      )}
      <PublishNotice wait={wait} feedName={generator?.displayName} onDismiss={onPublishedSettled} />
      {moderation.error && <ErrorNote error={moderation.error} onRetry={moderation.reload} />}
    </>
  )

  return (
    <div className="feed-page">
      {suggested.error && (
        <div className="page-message">
          <ErrorNote error={`Could not load feeds: ${suggested.error}`} onRetry={suggested.retry} />
        </div>
      )}
      {!suggested.error && suggested.loading && suggested.feeds.length === 0 && <p className="page-message">Loading feeds…</p>}
      {!suggested.error && !suggested.loading && suggested.feeds.length === 0 && <p className="page-message">This appview knows of no video feeds yet.</p>}
      {generator && (
        <Feed
          generator={generator}
          feed={feed}
          muted={muted}
          onToggleMuted={() => setMuted((m) => !m)}
          onRemix={onRemix}
          onCreate={onCreate}
          onOpenLogin={onOpenLogin}
          focusUri={wait.status === 'found' ? wait.uri : undefined}
          header={header}
          paused={reminder.due}
        />
      )}
      {reminder.due && reminderMinutes !== undefined && (
        <BreakReminder
          minutes={reminderMinutes}
          onDismiss={reminder.dismiss}
          onCreate={() => {
            reminder.dismiss()
            onCreate()
          }}
        />
      )}
      {account && <FeedSettings open={settingsOpen} onClose={() => setSettingsOpen(false)} state={prefs} onSaved={feed.reloadForPrefs} />}
    </div>
  )
}

function PublishNotice({ wait, feedName, onDismiss }: { wait: PublishWait; feedName?: string; onDismiss: () => void }) {
  if (wait.status === 'idle') return null
  return (
    <div className={`publish-notice is-${wait.status}`} data-testid="publish-status" role="status">
      {wait.status === 'waiting' && (
        <>
          <span className="spinner" aria-hidden="true" /> Publishing… waiting for your video to appear
        </>
      )}
      {wait.status === 'found' && <>Published ✓</>}
      {wait.status === 'missing' && (
        <>
          <span>
            Published, but {feedName ?? 'this feed'} does not list it yet
            {wait.error ? ` (${wait.error})` : ''}. It may show up in a moment.
          </span>
          <button type="button" className="btn btn-small" onClick={onDismiss}>
            OK
          </button>
        </>
      )}
    </div>
  )
}
