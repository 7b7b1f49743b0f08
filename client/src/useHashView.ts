import { useCallback, useEffect, useState } from 'react'
import { NAVIGATE_EVENT, routeFromPath } from './routes'

export type View = 'feed' | 'create' | 'consent' | 'labels' | 'moderation' | 'notifications' | 'search' | 'profile' | 'video'

const HASH_VIEWS = ['create', 'consent', 'labels', 'moderation', 'notifications', 'search'] as const

/** The screen named by the URL hash (#/create, #/consent, #/labels, #/moderation, #/notifications, #/search; anything else is the feed). */
export function viewFromHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return (HASH_VIEWS as readonly string[]).includes(name ?? '') ? (name as View) : 'feed'
}

/** The screen the URL names: a path route (/profile/…, /video/…) first, then the hash. */
export function viewFromLocation(pathname: string, hash: string): View {
  return routeFromPath(pathname)?.view ?? viewFromHash(hash)
}

/** The current screen, kept in the URL (path for profiles and videos, hash for the rest) so that reload and back work. */
export function useHashView(): [View, (view: View) => void] {
  const [view, setView] = useState(() => viewFromLocation(location.pathname, location.hash))
  useEffect(() => {
    const onChange = () => setView(viewFromLocation(location.pathname, location.hash))
    window.addEventListener('hashchange', onChange)
    window.addEventListener('popstate', onChange)
    window.addEventListener(NAVIGATE_EVENT, onChange)
    return () => {
      window.removeEventListener('hashchange', onChange)
      window.removeEventListener('popstate', onChange)
      window.removeEventListener(NAVIGATE_EVENT, onChange)
    }
  }, [])
  const navigate = useCallback((next: View) => {
    // Profiles and videos are reached by their links (goTo), not by name.
    if (next === 'profile' || next === 'video') return
    const hash = next === 'feed' ? '#/' : `#/${next}`
    if (location.pathname !== '/') {
      // Leaving a profile or video page: back to the app's root, with the screen in the hash.
      history.pushState(null, '', `/${hash}`)
      window.dispatchEvent(new Event(NAVIGATE_EVENT))
    } else if (location.hash !== hash) location.hash = hash
    setView(next)
  }, [])
  return [view, navigate]
}
