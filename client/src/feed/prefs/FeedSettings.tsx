import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ErrorNote } from '../../ui/ErrorNote'
import { errorMessage } from '../../ui/errors'
import { formFromPrefs, prefsFromForm, type PrefsForm } from './prefsForm'
import type { FeedPrefsState } from './useFeedPrefs'

export interface FeedSettingsProps {
  open: boolean
  onClose: () => void
  state: FeedPrefsState
  /** After a save, with the saved record's CID: the feed reloads to follow the new settings. */
  onSaved: (cid: string) => void
}

/**
 * Steer the feed: an instruction in the viewer's own words, muted tags, how many videos a day,
 * and a break reminder. Saved as the feed.prefs record in the viewer's own repository.
 */
export function FeedSettings({ open, onClose, state, onSaved }: FeedSettingsProps) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [form, setForm] = useState<PrefsForm>(() => formFromPrefs(state.prefs))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState(false)
  // Whether the viewer has typed since opening: prefs that arrive later must not overwrite that.
  const dirty = useRef(false)

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  // Each opening shows what is saved now, and so does a load that finishes before any typing.
  const { prefs } = state
  useEffect(() => {
    if (!open) return
    dirty.current = false
    setError(undefined)
    setSaved(false)
  }, [open])
  useEffect(() => {
    if (open && !dirty.current) setForm(formFromPrefs(prefs))
  }, [open, prefs])

  const set = (key: keyof PrefsForm) => (e: { target: { value: string } }) => {
    dirty.current = true
    setSaved(false)
    setForm((f) => ({ ...f, [key]: e.target.value }))
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    setBusy(true)
    try {
      const cid = await state.save(prefsFromForm(form, new Date(), state.prefs))
      setSaved(true)
      onSaved(cid)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <dialog ref={dialogRef} className="login-dialog settings-dialog" aria-labelledby="feed-settings-title" onClose={onClose} onCancel={onClose} data-testid="feed-settings">
      <form onSubmit={submit} className="login-form">
        <div className="dialog-head">
          <h2 id="feed-settings-title">Feed settings</h2>
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        <p className="hint">Saved in your own repository. Creation First reads them; any feed may. Nothing here is ranked by watch time.</p>
        <ErrorNote error={state.error} onRetry={state.reload} />
        <label className="field">
          <span className="field-label">Steer it in your words</span>
          <textarea
            data-testid="prefs-instruction"
            rows={2}
            value={form.instruction}
            onChange={set('instruction')}
            placeholder="more animation, less politics, no horror"
            maxLength={300}
          />
          <span className="hint">“more …” lifts videos with those words, “less …” lowers them, “no …” leaves them out.</span>
        </label>
        <label className="field">
          <span className="field-label">Muted tags</span>
          <input data-testid="prefs-muted-tags" value={form.mutedTags} onChange={set('mutedTags')} placeholder="politics, true crime" spellCheck={false} />
        </label>
        <div className="field-row">
          <label className="field">
            <span className="field-label">Videos per day</span>
            <input data-testid="prefs-daily-limit" inputMode="numeric" value={form.dailyLimit} onChange={set('dailyLimit')} placeholder="200" />
          </label>
          <label className="field">
            <span className="field-label">Break reminder (minutes)</span>
            <input data-testid="prefs-break-minutes" inputMode="numeric" value={form.breakReminderMinutes} onChange={set('breakReminderMinutes')} placeholder="off" />
          </label>
        </div>
        {error && (
          <p className="hint is-error" role="alert" data-testid="prefs-error">
            {error}
          </p>
        )}
        {saved && (
          <p className="hint settings-saved" role="status" data-testid="prefs-saved">
            Saved ✓ Your feed follows it as soon as the feed generator has read it.
          </p>
        )}
        <div className="settings-actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="btn btn-primary" data-testid="prefs-save" disabled={busy || state.loading}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  )
}
