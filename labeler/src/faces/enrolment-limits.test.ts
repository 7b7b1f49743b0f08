import { DEFAULT_MEDIA_LIMITS, MediaBusyError, MediaTools, defaultFfmpegPaths } from '@framewright/service-kit'
import { describe, expect, it } from 'vitest'
import { Enroller, EnrollmentError } from './enrolment'

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.alloc(2_000)])

/** An enroller whose face engine and template store are never reached: the media limits stop it first. */
const enroller = (tools: MediaTools) => new Enroller(undefined as never, undefined as never, tools)

describe('enrolment under the media limits', () => {
  it('says the photo is too large, by the lexicon error name, when it is over the input limit', async () => {
    const tools = new MediaTools(defaultFfmpegPaths(), { ...DEFAULT_MEDIA_LIMITS, maxInputBytes: 1_000 })
    const err = await enroller(tools).enroll('did:plc:someone', JPEG).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EnrollmentError)
    expect(err).toMatchObject({ name: 'MediaTooLarge' })
  })

  it('passes "busy" through as it is (a 503 at the edge), not as undecodable media', async () => {
    const tools = new MediaTools(defaultFfmpegPaths(), { ...DEFAULT_MEDIA_LIMITS, concurrency: 1, maxWaiting: 0 })
    let release!: () => void
    const holding = tools.run({ tool: 'ffmpeg' }, () => new Promise<void>((resolve) => (release = resolve)))
    const err = await enroller(tools).enroll('did:plc:someone', JPEG).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MediaBusyError)
    release()
    await holding
  })
})
