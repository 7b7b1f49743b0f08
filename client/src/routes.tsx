import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react'

/** Fired on window whenever the app changes the URL path itself (pushState fires nothing). */
export const NAVIGATE_EVENT = 'framewright:navigate'

/** A screen with an address of its own: a person's profile or one video. */
export type PathRoute = { view: 'profile'; actor: string } | { view: 'video'; did: string; rkey: string }

/** The route a URL path names, or undefined for '/' and anything else (the hash names the screen then). */
export function routeFromPath(pathname: string): PathRoute | undefined {
  const parts = pathname.split('/').filter(Boolean).map(safeDecode)
  if (parts[0] === 'profile' && parts.length === 2 && parts[1]) return { view: 'profile', actor: parts[1] }
  if (parts[0] === 'video' && parts.length === 3 && parts[1]?.startsWith('did:') && parts[2]) return { view: 'video', did: parts[1], rkey: parts[2] }
  return undefined
}

/** The path of a profile (by handle when it verifies, else by DID). */
export function profilePath(actor: { did: string; handle?: string }): string {
  const name = actor.handle && actor.handle !== 'handle.invalid' ? actor.handle : actor.did
  return `/profile/${encodeURIComponent(name)}`
}

/** The path of a video's own page, from its at-uri (at://did/app.framewright.video.post/rkey). */
export function videoPath(uri: string): string {
  const [did = '', , rkey = ''] = uri.replace(/^at:\/\//, '').split('/')
  return `/video/${encodeURIComponent(did)}/${encodeURIComponent(rkey)}`
}

/** Moves to a path within the app without a reload, and tells whoever listens. */
export function goTo(path: string): void {
  if (location.pathname + location.hash === path) return
  history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

/** The current path route, following back/forward and in-app navigation. */
export function usePathRoute(): PathRoute | undefined {
  const [path, setPath] = useState(() => location.pathname)
  useEffect(() => {
    const update = () => setPath(location.pathname)
    window.addEventListener('popstate', update)
    window.addEventListener(NAVIGATE_EVENT, update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener(NAVIGATE_EVENT, update)
    }
  }, [])
  return routeFromPath(path)
}

/** A link to a path of the app: a real href (open in a new tab, copy), followed without a reload. */
export function Link({ to, onClick, ...rest }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    goTo(to)
  }
  return <a href={to} onClick={follow} {...rest} />
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}
