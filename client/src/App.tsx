import { useCallback, useMemo, useState } from 'react'
import { AppviewProvider } from './api/AppviewContext'
import type { VideoView } from './api/types'
import type { ClientConfig } from './config'
import { ConsentPage } from './consent/ConsentPage'
import { CreatePage } from './create/CreatePage'
import { FeedPage } from './feed/FeedPage'
import { FeedPicker } from './feed/FeedPicker'
import { useSuggestedFeeds } from './feed/useSuggestedFeeds'
import { LabelPrefsProvider } from './labels/LabelPrefsContext'
import { LabelSettings } from './labels/LabelSettings'
import { ModerationProvider } from './labels/ModerationContext'
import { ModerationPage } from './moderation/ModerationPage'
import { SearchPage } from './search/SearchPage'
import { useModeratorAccess } from './moderation/useModeratorAccess'
import { LoginDialog } from './session/LoginDialog'
import { SessionProvider } from './session/SessionContext'
import { browserStore } from './storage'
import { TopBar } from './TopBar'
import { useHashView } from './useHashView'

/** The whole client: who is watching, through which appview and labelers, and its screens. */
export function App({ config }: { config: ClientConfig }) {
  const store = useMemo(() => browserStore(), [])
  return (
    <SessionProvider store={store}>
      <LabelPrefsProvider store={store} defaults={config.labelers}>
        <AppviewProvider config={config}>
          <ModerationProvider>
            <Screens config={config} />
          </ModerationProvider>
        </AppviewProvider>
      </LabelPrefsProvider>
    </SessionProvider>
  )
}

function Screens({ config }: { config: ClientConfig }) {
  const [view, navigate] = useHashView()
  const [loginOpen, setLoginOpen] = useState(false)
  const [remixOf, setRemixOf] = useState<VideoView>()
  const [publishedUri, setPublishedUri] = useState<string>()
  const suggested = useSuggestedFeeds(config.defaultFeed)
  const moderator = useModeratorAccess(config.labelers)

  const openLogin = useCallback(() => setLoginOpen(true), [])
  const remix = useCallback(
    (video: VideoView) => {
      setRemixOf(video)
      navigate('create')
    },
    [navigate],
  )
  const published = useCallback(
    (uri: string) => {
      setPublishedUri(uri)
      navigate('feed')
    },
    [navigate],
  )
  const settled = useCallback(() => setPublishedUri(undefined), [])

  // Every screen stays mounted: the feed keeps its place and a running job keeps polling.
  return (
    <div className="app">
      <TopBar
        view={view}
        onNavigate={navigate}
        onOpenLogin={openLogin}
        canModerate={moderator.labeler !== undefined}
        center={view === 'feed' && <FeedPicker feeds={suggested.feeds} selected={suggested.selected?.uri} onSelect={suggested.select} />}
      />
      <main className="screens">
        <div className="screen" hidden={view !== 'feed'}>
          <FeedPage
            suggested={suggested}
            publishedUri={publishedUri}
            onPublishedSettled={settled}
            onRemix={remix}
            onCreate={() => navigate('create')}
            onOpenLogin={openLogin}
            active={view === 'feed'}
          />
        </div>
        <div className="screen screen-scroll" hidden={view !== 'create'}>
          <CreatePage active={view === 'create'} remixOf={remixOf} onClearRemix={() => setRemixOf(undefined)} onOpenLogin={openLogin} onPublished={published} />
        </div>
        <div className="screen screen-scroll" hidden={view !== 'consent'}>
          {/* Mounted only while shown: each visit reads the grant and the videos afresh. */}
          {view === 'consent' && <ConsentPage onOpenLogin={openLogin} />}
        </div>
        <div className="screen screen-scroll" hidden={view !== 'search'}>
          <SearchPage active={view === 'search'} />
        </div>
        <div className="screen screen-scroll" hidden={view !== 'labels'}>
          <LabelSettings />
        </div>
        <div className="screen screen-scroll" hidden={view !== 'moderation'}>
          {/* Mounted only while shown: each visit reads the queue afresh. */}
          {view === 'moderation' && <ModerationPage access={moderator} />}
        </div>
      </main>
      <LoginDialog open={loginOpen} onClose={() => setLoginOpen(false)} defaultPds={config.pdsUrl} demoAccounts={config.demoAccounts ?? []} />
    </div>
  )
}
