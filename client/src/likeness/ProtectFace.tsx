import { useState, type ChangeEvent } from 'react'
import { useLoad } from '../api/useLoad'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { CameraCapture } from './CameraCapture'
import { enrollFailure, offersNoFaceProtection, type Enrollment, type FaceLabelerClient } from './faceLabeler'
import type { FaceLabeler } from './useFaceLabeler'

export interface ProtectFaceProps {
  face: FaceLabeler
  /** Enrolment changed: what the labeler finds may change too. */
  onChanged: () => void
}

/**
 * "Protect my face": register your face with a labeler you trust, privately, so that it finds you in
 * videos whose creators do not say you are in them; see what it keeps, and remove it.
 */
export function ProtectFace({ face, onChanged }: ProtectFaceProps) {
  return (
    <section className="panel protect-face" aria-labelledby="protect-face-title" data-testid="protect-face">
      <h2 id="protect-face-title">Protect my face</h2>
      <p className="hint">
        A labeler can look for your face in every new video, so that videos of you show up below even when their creators do not say you are in them. It keeps
        only face templates — numbers that describe your face — never your photo, and shows them to nobody.
      </p>
      <ErrorNote error={face.error} />
      {face.loading && face.choices.length === 0 && <p className="muted">Looking for your labelers…</p>}
      {!face.loading && !face.error && face.choices.length === 0 && (
        <p className="muted" data-testid="face-no-labeler">
          None of the labelers you accept can be reached for this. Add one under Labels.
        </p>
      )}
      {face.choices.length > 1 && (
        <label className="field">
          <span className="field-label">Labeler</span>
          <select data-testid="face-labeler" value={face.chosen?.did} onChange={(e) => face.choose(e.target.value)}>
            {face.choices.map((c) => (
              <option key={c.did} value={c.did}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {face.client && face.chosen && <Enrolment key={face.client.did} client={face.client} name={face.chosen.name} onChanged={onChanged} />}
    </section>
  )
}

type EnrolmentState = { offered: false } | { offered: true; enrollment: Enrollment }

function Enrolment({ client, name, onChanged }: { client: FaceLabelerClient; name: string; onChanged: () => void }) {
  const loaded = useLoad<EnrolmentState | undefined>(
    async () => {
      try {
        return { offered: true, enrollment: await client.getEnrollment() }
      } catch (err) {
        if (offersNoFaceProtection(err)) return { offered: false }
        throw err
      }
    },
    [client],
    undefined,
  )
  const [updated, setUpdated] = useState<Enrollment>()
  const [busy, setBusy] = useState<'enroll' | 'remove'>()
  const [error, setError] = useState<string>()
  const [confirming, setConfirming] = useState(false)
  const [camera, setCamera] = useState(false)

  if (loaded.error) return <ErrorNote error={`Could not ask ${name} about your face: ${loaded.error}`} onRetry={loaded.retry} />
  const state = loaded.data
  if (!state) return <p className="muted">Asking {name}…</p>
  if (!state.offered) {
    return (
      <p className="face-status" data-testid="face-unsupported">
        {name} does not offer face protection. Videos of you still show up below when their creators say you are in them.
      </p>
    )
  }
  const enrollment = updated ?? state.enrollment

  const send = async (media: Blob) => {
    setBusy('enroll')
    setError(undefined)
    setCamera(false)
    try {
      setUpdated(await client.enroll(media))
      onChanged()
    } catch (err) {
      setError(enrollFailure(err))
    } finally {
      setBusy(undefined)
    }
  }
  const choosePhoto = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (file) void send(file)
  }
  const remove = async () => {
    setBusy('remove')
    setError(undefined)
    try {
      await client.unenroll()
      setUpdated({ enrolled: false, templates: 0 })
      setConfirming(false)
      onChanged()
    } catch (err) {
      setError(`Could not remove your face: ${errorMessage(err)}`)
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <div className="enrolment">
      <p className={`face-status ${enrollment.enrolled ? 'is-protected' : ''}`} data-testid="face-status" data-enrolled={String(enrollment.enrolled)}>
        {enrollment.enrolled
          ? `Protected by ${name}: ${enrollment.templates} face template${enrollment.templates === 1 ? '' : 's'} kept${enrollment.since ? ` since ${new Date(enrollment.since).toLocaleDateString()}` : ''}.`
          : `Not protected: ${name} does not know your face.`}
      </p>
      <div className="face-actions">
        <label className={`btn btn-primary file-button ${busy ? 'is-disabled' : ''}`}>
          {busy === 'enroll' ? 'Sending…' : enrollment.enrolled ? 'Add another photo' : 'Choose a photo'}
          <input type="file" accept="image/jpeg,image/png" className="visually-hidden" data-testid="face-photo" disabled={busy !== undefined} onChange={choosePhoto} />
        </label>
        <button type="button" className="btn" data-testid="face-record" disabled={busy !== undefined || camera} onClick={() => setCamera(true)}>
          Record a few seconds
        </button>
        {enrollment.enrolled && !confirming && (
          <button type="button" className="btn danger" data-testid="face-remove" disabled={busy !== undefined} onClick={() => setConfirming(true)}>
            Remove my face
          </button>
        )}
      </div>
      {camera && <CameraCapture onRecorded={(clip) => void send(clip)} onClose={() => setCamera(false)} />}
      {confirming && (
        <div className="confirm-revoke" role="alertdialog" aria-labelledby="face-remove-question" data-testid="face-remove-dialog">
          <p id="face-remove-question">
            Remove your face from {name}? It deletes every template at once and stops looking for you in new videos. Labels it already gave stay until those videos
            are checked again.
          </p>
          <div className="grant-actions">
            <button type="button" className="btn danger-solid" data-testid="face-remove-confirm" disabled={busy !== undefined} onClick={() => void remove()}>
              {busy === 'remove' ? 'Removing…' : 'Yes, remove my face'}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error-note" role="alert" data-testid="face-error">
          {error}
        </p>
      )}
    </div>
  )
}
