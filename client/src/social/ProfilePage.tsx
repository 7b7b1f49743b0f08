import { useState } from 'react'
import type { GetProfile } from '@framewright/lexicons'
import { useAppview } from '../api/AppviewContext'
import type { VideoView } from '../api/types'
import { useLoad } from '../api/useLoad'
import { ErrorNote } from '../ui/ErrorNote'
import { FollowButton } from './FollowButton'
import { VideoGrid } from './VideoGrid'

type Tab = 'made' | 'depicted'
const NO_VIDEOS: VideoView[] = []

/** /profile/<handle>: who someone is, their videos, the videos they allowed others to make of them, and Follow. */
export function ProfilePage({ actor, onOpenLogin }: { actor: string; onOpenLogin: () => void }) {
  const appview = useAppview()
  const [tab, setTab] = useState<Tab>('made')
  const profile = useLoad<GetProfile.ProfileView | undefined>(() => appview.getProfile(actor), [appview, actor], undefined)
  const did = profile.data?.did
  const videos = useLoad(async () => (did ? (await appview.getAuthorVideos(did, tab)).videos : NO_VIDEOS), [appview, did, tab], NO_VIDEOS)

  if (profile.error) return <section className="page"><ErrorNote error={`Could not load ${actor}: ${profile.error}`} onRetry={profile.retry} /></section>
  const p = profile.data
  if (!p) return <section className="page"><p className="muted">Loading {actor}…</p></section>
  const handle = p.handle === 'handle.invalid' ? p.did : `@${p.handle}`

  return (
    <section className="page profile" aria-labelledby="profile-name" data-testid="profile-page" data-did={p.did}>
      <header className="profile-head">
        {p.avatar ? <img className="avatar" src={p.avatar} alt="" /> : <span className="avatar avatar-empty" aria-hidden="true">{(p.displayName || p.handle).slice(0, 1).toUpperCase()}</span>}
        <div className="profile-names">
          <h1 id="profile-name">{p.displayName || handle}</h1>
          <p className="muted" data-testid="profile-handle">{handle}</p>
          <p className="muted">{p.videoCount === 1 ? '1 video' : `${p.videoCount} videos`}</p>
        </div>
        <FollowButton did={p.did} following={p.viewer?.following} onOpenLogin={onOpenLogin} />
      </header>
      {p.description && <p className="profile-bio">{p.description}</p>}
      <div className="tabs" role="tablist" aria-label="Videos">
        <button type="button" role="tab" aria-selected={tab === 'made'} className="tab" onClick={() => setTab('made')}>
          Videos
        </button>
        <button type="button" role="tab" aria-selected={tab === 'depicted'} className="tab" onClick={() => setTab('depicted')} data-testid="tab-depicted">
          Videos they are in
        </button>
      </div>
      {videos.error ? (
        <ErrorNote error={`Could not load the videos: ${videos.error}`} onRetry={videos.retry} />
      ) : videos.loading && videos.data.length === 0 ? (
        <p className="muted">Loading…</p>
      ) : (
        <VideoGrid
          videos={videos.data}
          empty={tab === 'made' ? 'No videos yet.' : 'No videos of them that they have allowed.'}
        />
      )}
    </section>
  )
}
