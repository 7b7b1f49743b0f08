import { describe, expect, it } from 'vitest'
import { FfmpegError } from './ffmpeg'
import { isStorageFull, storing, StorageFullError } from './storage-full'

const errno = (code: string) => Object.assign(new Error(`${code}: something, write`), { code })

describe('isStorageFull', () => {
  it.each([
    ['ENOSPC from fs', errno('ENOSPC'), true],
    ['EDQUOT from fs', errno('EDQUOT'), true],
    ['a full disk as the cause of another error', new Error('could not cache', { cause: errno('ENOSPC') }), true],
    ['ffmpeg saying the disk is full', new FfmpegError('ffmpeg exited with code 1', ['[mp4 @ 0x1] Error writing trailer: No space left on device']), true],
    ['our own error', new StorageFullError('a blob'), true],
    ['another errno', errno('EACCES'), false],
    ['ffmpeg failing for another reason', new FfmpegError('ffmpeg exited with code 1', ['Invalid data found when processing input']), false],
    ['not an error', 'ENOSPC', false],
    ['nothing', undefined, false],
  ])('%s', (_name, err, full) => {
    expect(isStorageFull(err)).toBe(full)
  })
})

describe('storing', () => {
  it('turns a full disk into StorageFullError, naming what was stored and no path, keeping the cause', async () => {
    const cause = errno('ENOSPC')
    const err = await storing('video blob bafy', () => Promise.reject(cause)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StorageFullError)
    expect((err as Error).message).toBe("no room to store video blob bafy: this service's storage is full")
    expect((err as Error).cause).toBe(cause)
  })

  it('passes other errors and results through', async () => {
    const other = errno('EACCES')
    await expect(storing('x', () => Promise.reject(other))).rejects.toBe(other)
    await expect(storing('x', async () => 42)).resolves.toBe(42)
  })
})
