import { useEffect, useRef, useState } from 'react'
import type { GeneratorView } from '../api/types'

export interface FeedPickerProps {
  feeds: readonly GeneratorView[]
  selected?: string
  onSelect: (uri: string) => void
}

/**
 * The video feeds on offer, as tabs. When they do not fit, the row scrolls sideways and its cut
 * edge fades, so a half-shown tab reads as "more this way" rather than as a broken label.
 */
export function FeedPicker({ feeds, selected, onSelect }: FeedPickerProps) {
  const ref = useRef<HTMLElement>(null)
  const overflow = useOverflow(ref)
  useEffect(() => {
    // Keep the selected feed in view when it is one of the hidden ones.
    ref.current?.querySelector<HTMLElement>('[aria-pressed="true"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' })
  }, [selected])
  if (feeds.length === 0) return null
  return (
    <nav ref={ref} className="feed-tabs" data-overflow={overflow} aria-label="Feeds">
      {feeds.map((f) => (
        <button key={f.uri} type="button" className="feed-tab" aria-pressed={f.uri === selected} title={describe(f)} onClick={() => onSelect(f.uri)}>
          {f.displayName}
        </button>
      ))}
    </nav>
  )
}

/** Which ends of a sideways-scrolling row have more beyond them: 'none', 'start', 'end' or 'both'. */
function useOverflow(ref: React.RefObject<HTMLElement | null>): 'none' | 'start' | 'end' | 'both' {
  const [state, setState] = useState<'none' | 'start' | 'end' | 'both'>('none')
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => {
      const start = el.scrollLeft > 1
      const end = el.scrollLeft + el.clientWidth < el.scrollWidth - 1
      setState(start && end ? 'both' : start ? 'start' : end ? 'end' : 'none')
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    el.addEventListener('scroll', measure, { passive: true })
    return () => {
      observer.disconnect()
      el.removeEventListener('scroll', measure)
    }
  })
  return state
}

function describe(f: GeneratorView): string {
  return f.description ? `${f.description} — by @${f.creator.handle}` : `by @${f.creator.handle}`
}
