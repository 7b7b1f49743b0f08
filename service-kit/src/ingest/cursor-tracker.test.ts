import { describe, expect, it } from 'vitest'
import { CursorTracker } from './cursor-tracker'

describe('CursorTracker (the cursor rule)', () => {
  it('never passes an unfinished event, however the later ones finish', () => {
    const t = new CursorTracker(10)
    for (const seq of [11, 12, 15, 20]) t.add(seq)
    t.done(12)
    t.done(20)
    expect(t.cursor).toBe(10) // 11 is not done: nothing above it may be saved
    t.done(11)
    expect(t.cursor).toBe(12)
    t.done(15)
    expect(t.cursor).toBe(20)
    expect(t.unfinished).toBe(0)
  })

  it.each([
    ['in order', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['reversed', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['interleaved', [2, 1, 4, 3, 6, 8, 5, 7]],
  ])('is at every moment the highest seq with everything below it done (%s)', (_name, order) => {
    const t = new CursorTracker(0)
    for (let s = 1; s <= 8; s++) t.add(s)
    const done = new Set<number>()
    for (const seq of order) {
      t.done(seq)
      done.add(seq)
      let expected = 0
      while (done.has(expected + 1)) expected++
      expect(t.cursor).toBe(expected)
    }
  })

  it('refuses seqs that go backwards, and forgets everything on reset', () => {
    const t = new CursorTracker(5)
    expect(() => t.add(5)).toThrow()
    t.add(6)
    t.reset(0)
    expect(t.cursor).toBe(0)
    t.add(1)
    t.done(1)
    expect(t.cursor).toBe(1)
  })
})
