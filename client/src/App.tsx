import { useCallback, useMemo, useState } from 'react'
import { AppviewProvider } from './api/AppviewContext'
import type { VideoView } from './api/types'
import type { ClientConfig } from './config'
import { ConsentPage } from './consent/ConsentPage'
import { CreatePage } from './create/CreatePage'
import { FeedPage } from './feed/FeedPage'
import { FeedPicker } from './feed/FeedPicker'
import { useSuggestedFeeds } from './feed/useSuggestedFeeds'
import { FeedManager } from './prefs/FeedManager'
import { useSavedFeeds } from './prefs/useSavedFeeds'
import { LabelPrefsProvider } from './labels/LabelPrefsContext'
import { LabelSettings } from './labels/LabelSettings'
import { ModerationProvider } from './labels/ModerationContext'
import { ModerationPage } from './moderation/ModerationPage'
import { SearchPage } from './search/SearchPage'
import { useModeratorAccess } from './moderation/useModeratorAccess'
import { LoginDialog } from './session/LoginDialog'
import { SessionProvider } from './session/SessionContext'
import { TabBar } from './shell/TabBar'
import { browserStore, type KeyValueStore } from './storage'
import { TopBar } from './TopBar'
import { useHashView } from './useHashView'
import { usePathRoute } from './routes'
import { NotificationsPage } from './social/NotificationsPage'
import { ProfilePage } from './social/ProfilePage'
import { useUnreadCount } from './social/useUnreadCount'
import { VideoPage } from './social/VideoPage'

/** The whole client: who is watching, through which appview and labelers, and its screens. */
export function App({ config }: { config: ClientConfig }) {
  const store = useMemo(() => browserStore(), [])
  const identity = useMemo(() => identityServices(config), [config])
  return (
    <SessionProvider store={store} config={config}>
      <LabelPrefsProvider store={store} defaults={config.labelers} identity={identity}>
        <AppviewProvider config={config}>
          <ModerationProvider>
            <Screens config={config} store={store} />
          </ModerationProvider>
        </AppviewProvider>
      </LabelPrefsProvider>
    </SessionProvider>
  )
}

/** Where the browser looks up handles and DIDs (adding feeds and labelers). */
function identityServices(config: ClientConfig) {
  return { handleResolverUrl: config.handleResolverUrl ?? config.pdsUrl, plcUrl: config.plcUrl ?? 'https://plc.directory' }
}

function Screens({ config, store }: { config: ClientConfig; store: KeyValueStore }) {
  const [view, navigate] = useHashView()
  const [loginOpen, setLoginOpen] = useState(false)
  const [feedsOpen, setFeedsOpen] = useState(false)
  const [remixOf, setRemixOf] = useState<VideoView>()
  const [publishedUri, setPublishedUri] = useState<string>()
  const identity = useMemo(() => identityServices(config), [config])
  const saved = useSavedFeeds(store, identity)
  const suggested = useSuggestedFeeds(config.defaultFeed, saved.pinnedViews)
  const moderator = useModeratorAccess(config.labelers)
  const route = usePathRoute()
  const unread = useUnreadCount()

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
        unreadCount={unread.count}
        center={
          view === 'feed' && (
            <>
              <FeedPicker feeds={suggested.feeds} selected={suggested.selected?.uri} onSelect={suggested.select} />
              <button type="button" className="btn btn-small btn-ghost feed-manager-open" data-testid="open-feed-manager" onClick={() => setFeedsOpen(true)} aria-label="Your feeds">
                + Feeds
              </button>
            </>
          )
        }
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
        {/* Profiles, videos and notifications: mounted only while shown, read afresh on each visit. */}
        {route?.view === 'profile' && (
          <div className="screen screen-scroll">
            <ProfilePage key={route.actor} actor={route.actor} onOpenLogin={openLogin} />
          </div>
        )}
        {route?.view === 'video' && (
          <div className="screen screen-scroll">
            <VideoPage key={`${route.did}/${route.rkey}`} did={route.did} rkey={route.rkey} onRemix={remix} onOpenLogin={openLogin} />
          </div>
        )}
        {view === 'notifications' && (
          <div className="screen screen-scroll">
            <NotificationsPage onSeen={unread.clear} onOpenLogin={openLogin} />
          </div>
        )}
      </main>
      <TabBar view={view} onNavigate={navigate} canModerate={moderator.labeler !== undefined} />
      <FeedManager open={feedsOpen} onClose={() => setFeedsOpen(false)} feeds={saved} />
      <LoginDialog open={loginOpen} onClose={() => setLoginOpen(false)} defaultPds={config.pdsUrl} demoAccounts={config.demoAccounts ?? []} />
    </div>
  )
}
