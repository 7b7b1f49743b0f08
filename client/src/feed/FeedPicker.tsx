import type { GeneratorView } from '../api/types'

export interface FeedPickerProps {
  feeds: readonly GeneratorView[]
  selected?: string
  onSelect: (uri: string) => void
}

/** The video feeds on offer, as tabs. */
export function FeedPicker({ feeds, selected, onSelect }: FeedPickerProps) {
  if (feeds.length === 0) return null
  return (
    <nav className="feed-tabs" aria-label="Feeds">
      {feeds.map((f) => (
        <button key={f.uri} type="button" className="feed-tab" aria-pressed={f.uri === selected} title={describe(f)} onClick={() => onSelect(f.uri)}>
          {f.displayName}
        </button>
      ))}
    </nav>
  )
}

function describe(f: GeneratorView): string {
  return f.description ? `${f.description} — by @${f.creator.handle}` : `by @${f.creator.handle}`
}
