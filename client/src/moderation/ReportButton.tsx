import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { VideoView } from '../api/types'
import { useModeration } from '../labels/ModerationContext'
import { useSession } from '../session/SessionContext'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'

/** The reasons a viewer picks from; the labeler accepts these (its service record's reasonTypes). */
const REASONS = [
  { value: 'com.atproto.moderation.defs#reasonMisleading', title: 'Deepfake or misleading', hint: 'It passes someone off as saying or doing what they did not.' },
  { value: 'com.atproto.moderation.defs#reasonViolation', title: 'Breaks the rules', hint: 'Impersonation, harassment, or other rule-breaking.' },
  { value: 'com.atproto.moderation.defs#reasonOther', title: 'Something else', hint: 'Say what in the box below.' },
] as const

/**
 * A rail button that reports a video to the viewer's labeler, through the viewer's own PDS (which
 * proxies com.atproto.moderation.createReport to the labeler, as any Bluesky client's report does).
 * Shown only to someone logged in, and only when a labeler is accepted.
 */
export function ReportButton({ video }: { video: VideoView }) {
  const { account } = useSession()
  const { labelers, labelerName } = useModeration()
  const [open, setOpen] = useState(false)
  const labeler = labelers[0]
  if (!account || !labeler) return null
  return (
    <>
      <button type="button" className="rail-button" data-testid="report-open" onClick={() => setOpen(true)} aria-label="Report this video">
        <IconFlag />
        <span className="rail-label">Report</span>
      </button>
      {open && <ReportDialog video={video} labelerDid={labeler.did} labelerName={labelerName(labeler.did)} onClose={() => setOpen(false)} />}
    </>
  )
}

interface ReportDialogProps {
  video: VideoView
  labelerDid: string
  labelerName: string
  onClose: () => void
}

function ReportDialog({ video, labelerDid, labelerName, onClose }: ReportDialogProps) {
  const { account } = useSession()
  const id = useId()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [reasonType, setReasonType] = useState<string>(REASONS[0].value)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [sent, setSent] = useState(false)

  useEffect(() => {
    dialogRef.current?.showModal()
  }, [])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!account) return
    setBusy(true)
    setError(undefined)
    try {
      await account.agent.withProxy('atproto_labeler', labelerDid).com.atproto.moderation.createReport({
        reasonType,
        reason: reason.trim() || undefined,
        subject: { $type: 'com.atproto.repo.strongRef', uri: video.uri, cid: video.cid },
      })
      setSent(true)
    } catch (err) {
      setError(`Could not send the report: ${errorMessage(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <dialog ref={dialogRef} className="login-dialog report-dialog" aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose} data-testid="report-dialog">
      <form onSubmit={submit} className="login-form">
        <div className="dialog-head">
          <h2 id={`${id}-title`}>Report this video</h2>
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        {sent ? (
          <p role="status" data-testid="report-sent">
            Sent to {labelerName}. Its moderators review every report; a decision shows up as a label on the video.
          </p>
        ) : (
          <>
            <p className="hint">Your report goes to {labelerName}, through your own PDS. Its moderators see who sent it.</p>
            <fieldset className="audience-choices">
              <legend className="field-label">What is wrong</legend>
              {REASONS.map((r) => (
                <label key={r.value} className={`audience-choice ${reasonType === r.value ? 'is-on' : ''}`}>
                  <input type="radio" name={`${id}-reason-type`} checked={reasonType === r.value} onChange={() => setReasonType(r.value)} data-testid={`report-type-${r.value.split('#reason')[1]!.toLowerCase()}`} />
                  <span className="audience-title">{r.title}</span>
                  <span className="hint">{r.hint}</span>
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span className="field-label">Details (optional)</span>
              <textarea data-testid="report-text" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. This is me, and I never made or approved it." />
            </label>
            <ErrorNote error={error} />
            <button type="submit" className="btn btn-primary btn-wide" data-testid="report-submit" disabled={busy}>
              {busy ? 'Sending…' : 'Send report'}
            </button>
          </>
        )}
      </form>
    </dialog>
  )
}

function IconFlag() {
  return (
    <svg width={22} height={22} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 22V4" />
      <path d="M4 4h13l-2 4 2 4H4" />
    </svg>
  )
}
