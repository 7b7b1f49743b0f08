import { useEffect, useRef, type RefObject } from 'react'
import { feedKeyAction } from './feedKeys'

const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]'
const PRESSABLE = 'button, a[href], summary, [role="button"], [role="tab"]'
const DIALOG = 'dialog[open], [role="dialog"], [role="alertdialog"]'

/**
 * The feed's keyboard: listens on the window, so the keys work as soon as the page opens, with no
 * click on a video first (a click would pause it). Only while the feed list is on screen.
 */
export function useFeedKeys(listRef: RefObject<HTMLElement | null>, actions: { onToggleMuted: () => void; reducedMotion: boolean }): void {
  const { onToggleMuted, reducedMotion } = actions
  // The card a key is scrolling to: a second press before the scroll ends moves on from it, not from
  // whatever card happens to be nearest mid-scroll.
  const target = useRef<HTMLElement | null>(null)
  useEffect(() => {
    const list = listRef.current
    if (!list) return
    const settled = () => {
      target.current = null
    }
    list.addEventListener('scrollend', settled)
    return () => list.removeEventListener('scrollend', settled)
  }, [listRef])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const list = listRef.current
      if (!list || e.defaultPrevented || !list.checkVisibility()) return
      const el = e.target instanceof Element ? e.target : null
      const action = feedKeyAction(
        e.key,
        { ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey },
        { editable: !!el?.closest(EDITABLE), pressable: !!el?.closest(PRESSABLE), inDialog: !!el?.closest(DIALOG) || !!document.querySelector('dialog[open]') },
      )
      if (!action) return
      e.preventDefault()
      const cards = [...list.querySelectorAll<HTMLElement>('[data-testid="feed-item"], [data-testid="feed-end"]')]
      const pending = target.current ? cards.indexOf(target.current) : -1
      const at = pending >= 0 ? pending : currentIndex(list, cards)
      if (action === 'mute') onToggleMuted()
      else if (action === 'play-pause') {
        const video = cards[at]?.querySelector('video')
        if (video) void (video.paused ? video.play().catch(() => undefined) : video.pause())
      } else {
        const next = cards[action === 'next' ? at + 1 : at - 1]
        if (!next) return
        target.current = next
        next.scrollIntoView({ behavior: reducedMotion ? 'auto' : 'smooth', block: 'center' })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [listRef, onToggleMuted, reducedMotion])
}

/** The card whose middle is nearest the middle of the list: the one being watched. */
function currentIndex(list: HTMLElement, cards: HTMLElement[]): number {
  const box = list.getBoundingClientRect()
  const middle = box.top + box.height / 2
  let best = 0
  let bestDistance = Infinity
  cards.forEach((card, i) => {
    const r = card.getBoundingClientRect()
    const distance = Math.abs(r.top + r.height / 2 - middle)
    if (distance < bestDistance) {
      best = i
      bestDistance = distance
    }
  })
  return best
}
