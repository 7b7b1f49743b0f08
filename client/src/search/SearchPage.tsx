import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { moderateVideo } from '../labels/moderation'
import { useModeration } from '../labels/ModerationContext'
import { ErrorNote } from '../ui/ErrorNote'
import { useSearch } from './useSearch'

/** Search people by handle or name, and videos by caption, tags and prompt. */
export function SearchPage({ active }: { active: boolean }) {
  const id = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [typed, setTyped] = useState('')
  const results = useSearch(typed)
  const moderation = useModeration()

  useEffect(() => {
    if (active) inputRef.current?.focus()
  }, [active])

  const videos = useMemo(() => {
    const ctx = moderation.context()
    return results.videos.flatMap((video) => {
      const decision = moderateVideo(video, ctx)
      return decision.action === 'hide' ? [] : [{ video, blurred: decision.action === 'warn' }]
    })
  }, [results.videos, moderation])

  const searched = results.query !== '' && !results.loading && !results.error
  return (
    <section className="page search-page" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Search</h1>
      <form role="search" className="search-form" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span className="field-label">People and videos</span>
          <input
            ref={inputRef}
            type="search"
            data-testid="search-input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="a handle, a name, or words from a caption, tag or prompt"
            maxLength={256}
            spellCheck={false}
            autoCapitalize="none"
          />
        </label>
      </form>
      {results.loading && (
        <p className="hint" role="status">
          Searching…
        </p>
      )}
      <ErrorNote error={results.error && `Could not search: ${results.error}`} />

      {searched && (
        <>
          <h2>People</h2>
          {results.actors.length === 0 ? (
            <p className="hint" data-testid="search-no-people">
              Nobody here matches “{results.query}”.
            </p>
          ) : (
            <ul className="search-people" data-testid="search-people">
              {results.actors.map((a) => (
                <li key={a.did} className="chip" data-testid="search-person" data-did={a.did}>
                  {a.displayName && <strong>{a.displayName} </strong>}
                  <span className="muted">@{a.handle}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>Videos</h2>
          {videos.length === 0 ? (
            <p className="hint" data-testid="search-no-videos">
              No videos match “{results.query}”.
            </p>
          ) : (
            <ul className="search-videos" data-testid="search-videos">
              {videos.map(({ video, blurred }) => (
                <li key={video.uri} className="panel search-video" data-testid="search-video" data-uri={video.uri}>
                  <img src={video.playback.thumbnail} alt={video.alt ?? video.text ?? 'A video'} className={blurred ? 'is-blurred' : undefined} loading="lazy" />
                  <div>
                    {video.text && <p className="caption">{video.text}</p>}
                    <p className="muted">
                      by @{video.creator.handle}
                      {video.tags?.length ? ` · ${video.tags.map((t) => `#${t}`).join(' ')}` : ''}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}
