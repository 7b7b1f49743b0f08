/** How long a recorded enrolment clip runs: enough frames for a few angles, small enough to send. */
export const CLIP_MS = 4_000

/** MP4 types to ask MediaRecorder for, best first; the labeler takes MP4 only. */
const MP4_TYPES = ['video/mp4;codecs=avc1', 'video/mp4']

/**
 * Why this browser cannot record an enrolment clip, as a sentence, or undefined when it can: a camera
 * needs a secure page, and the labeler takes MP4, which not every browser's recorder makes.
 */
export function cameraUnavailableReason(env: { mediaDevices?: unknown; MediaRecorder?: { isTypeSupported(t: string): boolean } }): string | undefined {
  if (!env.mediaDevices) return 'This browser cannot use a camera on this page (cameras need a secure page and your permission). Choose a photo instead.'
  if (!env.MediaRecorder) return 'This browser cannot record video. Choose a photo instead.'
  if (!mp4RecordingType(env.MediaRecorder)) return 'This browser records video only as WebM, and the labeler takes MP4. Choose a photo instead, or use a browser that records MP4.'
  return undefined
}

/** The MP4 type this browser's MediaRecorder makes, if any. */
export function mp4RecordingType(recorder: { isTypeSupported(t: string): boolean }): string | undefined {
  return MP4_TYPES.find((t) => recorder.isTypeSupported(t))
}

/** Records CLIP_MS of the stream as MP4. */
export function recordClip(stream: MediaStream, mimeType: string): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const chunks: Blob[] = []
    const recorder = new MediaRecorder(stream, { mimeType })
    recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data)
    recorder.onerror = () => reject(new Error('the recording failed'))
    recorder.onstop = () => resolve(new Blob(chunks, { type: 'video/mp4' }))
    recorder.start()
    setTimeout(() => recorder.state !== 'inactive' && recorder.stop(), CLIP_MS)
  })
}
