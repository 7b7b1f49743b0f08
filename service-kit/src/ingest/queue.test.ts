import { describe, expect, it } from 'vitest'
import { BoundedQueue } from './queue'

function queue(maxItems: number, maxBytes: number) {
  const flow: string[] = []
  const q = new BoundedQueue<Uint8Array>({ maxItems, maxBytes }, (b) => b.byteLength, {
    pause: () => flow.push('pause'),
    resume: () => flow.push('resume'),
  })
  return { q, flow }
}

describe('BoundedQueue', () => {
  it('pauses its producer when full by count, and resumes once drained below half', async () => {
    const { q, flow } = queue(4, 1_000_000)
    for (let i = 0; i < 3; i++) q.push(new Uint8Array(1))
    expect(flow).toEqual([])
    q.push(new Uint8Array(1))
    expect(flow).toEqual(['pause'])
    expect(q.isPaused).toBe(true)
    q.push(new Uint8Array(1)) // what was already in flight still lands: nothing is lost
    expect(q.length).toBe(5)
    expect(await q.take(2)).toHaveLength(2)
    expect(flow).toEqual(['pause']) // 3 left: above half of 4
    expect(await q.take(1)).toHaveLength(1)
    expect(flow).toEqual(['pause', 'resume'])
    expect(q.isPaused).toBe(false)
  })

  it('shows its last item only while it is still queued (a producer folds into it, never into one taken)', async () => {
    const { q } = queue(10, 1_000_000)
    expect(q.last()).toBeUndefined()
    const a = new Uint8Array(1)
    const b = new Uint8Array(2)
    q.push(a)
    q.push(b)
    expect(q.last()).toBe(b)
    await q.take(1)
    expect(q.last()).toBe(b)
    await q.take(1)
    expect(q.last()).toBeUndefined()
  })

  it('pauses when full by bytes, however few items', async () => {
    const { q, flow } = queue(1000, 100)
    for (let i = 0; i < 3; i++) q.push(new Uint8Array(40))
    expect(flow).toEqual(['pause'])
    expect(q.byteSize).toBe(120)
    await q.take(1)
    expect(flow).toEqual(['pause']) // 80 bytes: still above half
    await q.take(1)
    expect(flow).toEqual(['pause', 'resume'])
    expect(q.byteSize).toBe(40)
  })

  it('take waits for an item, returns them in order, and stops waiting when aborted', async () => {
    const { q } = queue(10, 1000)
    const waiting = q.take(10)
    q.push(new Uint8Array([1]))
    expect((await waiting).map((b) => b[0])).toEqual([1])
    q.push(new Uint8Array([2]))
    q.push(new Uint8Array([3]))
    expect((await q.take(1)).map((b) => b[0])).toEqual([2])
    expect((await q.take(10)).map((b) => b[0])).toEqual([3])
    const abort = new AbortController()
    const idle = q.take(10, abort.signal)
    abort.abort()
    expect(await idle).toEqual([])
  })
})
