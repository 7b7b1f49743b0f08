import { useEffect, useRef, useState } from 'react'
import { errorMessage } from '../ui/errors'
import { cameraUnavailableReason, CLIP_MS, mp4RecordingType, recordClip } from './camera'

export interface CameraCaptureProps {
  /** A clip was recorded; send it. */
  onRecorded: (clip: Blob) => void
  onClose: () => void
}

/** Records a few seconds of the person with their camera, as MP4, or says why this browser cannot. */
export function CameraCapture({ onRecorded, onClose }: CameraCaptureProps) {
  const unavailable = cameraUnavailableReason({ mediaDevices: navigator.mediaDevices, MediaRecorder: globalThis.MediaRecorder })
  const preview = useRef<HTMLVideoElement>(null)
  const [stream, setStream] = useState<MediaStream>()
  const [recording, setRecording] = useState(false)
  const [error, setError] = useState<string>()

  useEffect(() => {
    if (unavailable) return
    let live: MediaStream | undefined
    let cancelled = false
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'user' }, audio: false })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop())
        live = s
        setStream(s)
        if (preview.current) preview.current.srcObject = s
      })
      .catch((err: unknown) => setError(`Could not open your camera: ${errorMessage(err)}`))
    return () => {
      cancelled = true
      live?.getTracks().forEach((t) => t.stop())
    }
  }, [unavailable])

  const record = async () => {
    if (!stream) return
    setRecording(true)
    try {
      onRecorded(await recordClip(stream, mp4RecordingType(MediaRecorder)!))
    } catch (err) {
      setError(`Could not record: ${errorMessage(err)}`)
    } finally {
      setRecording(false)
    }
  }

  return (
    <div className="camera-capture" data-testid="face-camera">
      {unavailable ? (
        <p className="hint" data-testid="face-camera-unavailable">
          {unavailable}
        </p>
      ) : (
        <>
          <video ref={preview} className="camera-preview" autoPlay muted playsInline aria-label="Your camera" hidden={!stream} />
          {!stream && !error && <p className="muted">Asking for your camera…</p>}
          <p className="hint">Look at the camera and turn your head a little while it records {CLIP_MS / 1000} seconds. Only you should be in the picture.</p>
          <button type="button" className="btn btn-primary" data-testid="face-camera-record" disabled={!stream || recording} onClick={() => void record()}>
            {recording ? 'Recording…' : 'Record'}
          </button>
        </>
      )}
      {error && <p className="error-note" role="alert">{error}</p>}
      <button type="button" className="btn" onClick={onClose}>
        Close the camera
      </button>
    </div>
  )
}
