import { describe, expect, it } from 'vitest'
import { cameraUnavailableReason, mp4RecordingType } from './camera'

const recorder = (types: string[]) => ({ isTypeSupported: (t: string) => types.includes(t) })

describe('cameraUnavailableReason', () => {
  it.each([
    ['no camera API (an insecure page)', { MediaRecorder: recorder(['video/mp4']) }, /cannot use a camera/],
    ['no recorder', { mediaDevices: {} }, /cannot record video/],
    ['a recorder that makes WebM only', { mediaDevices: {}, MediaRecorder: recorder(['video/webm']) }, /only as WebM/],
  ])('%s', (_what, env, sentence) => {
    expect(cameraUnavailableReason(env)).toMatch(sentence)
  })

  it('is undefined when the browser records MP4, and picks H.264 first', () => {
    const both = recorder(['video/mp4', 'video/mp4;codecs=avc1'])
    expect(cameraUnavailableReason({ mediaDevices: {}, MediaRecorder: both })).toBeUndefined()
    expect(mp4RecordingType(both)).toBe('video/mp4;codecs=avc1')
    expect(mp4RecordingType(recorder(['video/mp4']))).toBe('video/mp4')
  })
})
