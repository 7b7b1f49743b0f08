import { useEffect, useState } from 'react'
import type { ListNotifications } from '@framewright/lexicons'
import { useAppview } from '../api/AppviewContext'
import { useLoad } from '../api/useLoad'
import { Link, profilePath, videoPath } from '../routes'
import { useSession } from '../session/SessionContext'
import { ErrorNote } from '../ui/ErrorNote'
import { ReportOutcomes } from './ReportOutcomes'

type Notification = ListNotifications.Notification

const SENTENCES: Record<string, string> = {
  depicted: 'made a video with you in it',
  remixed: 'remixed your video',
  replied: 'commented on your video',
  followed: 'followed you',
}

/** What happened, newest first; opening the page marks everything up to now as seen. */
export function NotificationsPage({ onSeen, onOpenLogin }: { onSeen: () => void; onOpenLogin: () => void }) {
  const appview = useAppview()
  const { account } = useSession()
  const list = useLoad(async () => (account ? await appview.listNotifications() : undefined), [appview, account], undefined)
  // What was new when this page opened stays marked new while it is open, though opening it marks
  // everything seen (a reload of the list, on a refreshed session, would otherwise unmark it).
  const [openedAt, setOpenedAt] = useState<{ did: string; seenAt: string }>()
  const listSeenAt = list.data?.seenAt
  useEffect(() => {
    if (account && listSeenAt && openedAt?.did !== account.did) setOpenedAt({ did: account.did, seenAt: listSeenAt })
  }, [account, listSeenAt, openedAt])

  useEffect(() => {
    if (!list.data) return
    appview.updateSeen(new Date().toISOString()).then(onSeen, () => undefined)
  }, [list.data, appview, onSeen])

  if (!account) {
    return (
      <section className="page">
        <h1>Notifications</h1>
        <p>Log in to see who made videos of you, remixed yours, commented or followed you.</p>
        <button type="button" className="btn btn-primary" onClick={onOpenLogin}>
          Log in
        </button>
      </section>
    )
  }
  return (
    <section className="page" aria-labelledby="notifications-title" data-testid="notifications-page">
      <h1 id="notifications-title">Notifications</h1>
      {list.error && <ErrorNote error={`Could not load your notifications: ${list.error}`} onRetry={list.retry} />}
      {list.loading && !list.data ? (
        <p className="muted">Loading…</p>
      ) : list.data?.notifications.length === 0 ? (
        <p className="muted">No one has made a video of you, remixed or commented on yours, or followed you yet: when they do, it shows here.</p>
      ) : (
        <ul className="notification-list">
          {list.data?.notifications.map((n) => <NotificationRow key={`${n.reason} ${n.uri}`} n={n} />)}
        </ul>
      )}
      <ReportOutcomes seenAt={openedAt?.did === account.did ? openedAt.seenAt : undefined} />
    </section>
  )
}

function NotificationRow({ n }: { n: Notification }) {
  const who = n.author.handle === 'handle.invalid' ? n.author.did : `@${n.author.handle}`
  // Where to go: the video it is about (a depiction or remix is itself a video).
  const target = n.reason === 'replied' ? n.reasonSubject : n.reason === 'followed' ? undefined : n.uri
  return (
    <li className={`notification${n.isRead ? '' : ' is-unread'}`} data-testid="notification" data-reason={n.reason}>
      <p>
        <Link to={profilePath(n.author)}>{who}</Link> {SENTENCES[n.reason] ?? n.reason}
        {!n.isRead && <span className="visually-hidden"> (new)</span>}
      </p>
      {n.text && <p className="muted notification-text">{n.text}</p>}
      {target && (
        <Link to={videoPath(target)} className="notification-open">
          Open the video
        </Link>
      )}
      <time className="muted" dateTime={n.indexedAt}>
        {new Date(n.indexedAt).toLocaleString()}
      </time>
    </li>
  )
}
