import { useCallback, useEffect, useState } from 'react'

export type View = 'feed' | 'create' | 'consent' | 'labels' | 'moderation' | 'search'

/** The screen named by the URL hash (#/create, #/consent, #/labels, #/moderation, #/search; anything else is the feed). */
export function viewFromHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return name === 'create' || name === 'consent' || name === 'labels' || name === 'moderation' || name === 'search' ? name : 'feed'
}

/** The current screen, kept in the URL hash so that reload and back work. */
export function useHashView(): [View, (view: View) => void] {
  const [view, setView] = useState(() => viewFromHash(location.hash))
  useEffect(() => {
    const onChange = () => setView(viewFromHash(location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  const navigate = useCallback((next: View) => {
    const hash = next === 'feed' ? '#/' : `#/${next}`
    if (location.hash !== hash) location.hash = hash
    setView(next)
  }, [])
  return [view, navigate]
}
