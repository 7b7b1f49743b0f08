import type { ReactNode } from 'react'
import type { View } from '../useHashView'

/** The drawing of each screen's icon (24×24, stroked), shared by the tab bar and the top bar's icon buttons. */
export const NAV_ICONS: Partial<Record<View, ReactNode>> = {
  feed: <path d="M8 5.5v13l10-6.5z" />,
  create: <path d="M12 5v14M5 12h14" />,
  consent: (
    <>
      <circle cx="12" cy="8" r="3.5" />
      <path d="M5 19.5c1-3.5 3.8-5.5 7-5.5s6 2 7 5.5" />
    </>
  ),
  search: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="M20 20l-4.5-4.5" />
    </>
  ),
  labels: <path d="M4 12.5V5h7.5l8.5 8.5-7.5 7.5zM8 8.5h.01" />,
  notifications: <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20.5a2 2 0 0 0 4 0" />,
  moderation: <path d="M12 3.5l7 3v5c0 4.5-3 7.8-7 9-4-1.2-7-4.5-7-9v-5z" />,
}

/** A screen's icon as an inline SVG that takes the text colour. */
export function NavIcon({ view, size = 22 }: { view: View; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {NAV_ICONS[view]}
    </svg>
  )
}
