import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import type { SavedFeeds } from './useSavedFeeds'
import './prefs.css'

/**
 * The viewer's saved feeds: add any feed generator by bsky.app link or at:// URI, pin it as a tab,
 * remove it. Signed in, the list is the account's Bluesky one, so the Bluesky app shows the same.
 */
export function FeedManager({ open, onClose, feeds }: { open: boolean; onClose: () => void; feeds: SavedFeeds }) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [input, setInput] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  const run = async (work: () => Promise<string | undefined | void>) => {
    setBusy(true)
    setError(undefined)
    try {
      const problem = await work()
      if (problem) setError(problem)
      return !problem
    } catch (err) {
      setError(errorMessage(err))
      return false
    } finally {
      setBusy(false)
    }
  }

  const add = async (e: FormEvent) => {
    e.preventDefault()
    if (await run(() => feeds.add(input))) setInput('')
  }

  return (
    <dialog ref={dialogRef} className="login-dialog feed-manager" aria-labelledby="feed-manager-title" data-testid="feed-manager" onClose={onClose} onCancel={onClose}>
      <div className="feed-manager-body">
        <div className="dialog-head">
          <h2 id="feed-manager-title">Your feeds</h2>
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        <p className="hint" data-testid="feeds-kept-in">
          {feeds.keptIn === 'account'
            ? 'Kept in your Bluesky account’s preferences: the Bluesky app shows the same saved and pinned feeds.'
            : 'Kept in this browser. Log in to keep them with your Bluesky account.'}
        </p>
        <ErrorNote error={feeds.error} />
        {!feeds.loading && feeds.saved.length === 0 && <p className="muted">No saved feeds yet.</p>}
        <ul className="saved-feeds">
          {feeds.saved.map((f) => {
            const view = feeds.views.get(f.uri)
            return (
              <li key={f.id} className="saved-feed" data-testid="saved-feed" data-uri={f.uri} data-pinned={f.pinned}>
                <div className="saved-feed-name">
                  <strong>{view?.displayName ?? f.uri.split('/').pop()}</strong>
                  <span className="muted">{view ? `by @${view.creator.handle}` : 'Reading…'}</span>
                </div>
                <button type="button" className="btn btn-small" aria-pressed={f.pinned} data-testid="saved-feed-pin" disabled={busy} onClick={() => void run(() => feeds.setPinned(f, !f.pinned))}>
                  {f.pinned ? 'Pinned' : 'Pin'}
                </button>
                <button type="button" className="btn btn-small btn-ghost" data-testid="saved-feed-remove" disabled={busy} onClick={() => void run(() => feeds.remove(f))}>
                  Remove
                </button>
              </li>
            )
          })}
        </ul>
        <form className="add-feed" onSubmit={(e) => void add(e)}>
          <label className="field">
            <span className="field-label">Add a feed</span>
            <input
              data-testid="feed-add-input"
              value={input}
              onChange={(e) => setInput(e.target.value)}
              placeholder="https://bsky.app/profile/…/feed/… or at://…"
              spellCheck={false}
              autoCapitalize="none"
            />
          </label>
          <button type="submit" className="btn btn-primary" data-testid="feed-add-submit" disabled={busy || !input.trim()}>
            {busy ? 'Adding…' : 'Add'}
          </button>
        </form>
        <div data-testid="feed-add-error">
          <ErrorNote error={error} />
        </div>
      </div>
    </dialog>
  )
}
