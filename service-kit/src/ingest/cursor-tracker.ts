/**
 * The cursor rule: the position we may save is the highest seq such that every event at or below
 * it is finished. Events are registered in stream order and may finish in any order (a dropped
 * event finishes at once, a kept one only when its batch commits); the cursor never passes an
 * unfinished event, so a crash replays it instead of skipping it.
 */
export class CursorTracker {
  private readonly pending: { seq: number; done: boolean }[] = []
  private readonly bySeq = new Map<number, { seq: number; done: boolean }>()
  private head = 0
  private safe: number | undefined

  constructor(start?: number) {
    this.safe = start
  }

  /** Registers the next event of the stream (seqs must increase). */
  add(seq: number): void {
    const last = this.pending.at(-1)?.seq ?? this.safe
    if (last !== undefined && seq <= last) throw new Error(`seq ${seq} is not after ${last}`)
    const entry = { seq, done: false }
    this.pending.push(entry)
    this.bySeq.set(seq, entry)
  }

  /** Marks an event finished (applied, dropped, or set aside as a dead letter). */
  done(seq: number): void {
    const entry = this.bySeq.get(seq)
    if (!entry) return
    entry.done = true
    while (this.head < this.pending.length && this.pending[this.head]!.done) {
      const finished = this.pending[this.head++]!
      this.bySeq.delete(finished.seq)
      this.safe = finished.seq
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head)
      this.head = 0
    }
  }

  /** The highest seq with everything at or below it finished (undefined before anything finished). */
  get cursor(): number | undefined {
    return this.safe
  }

  /** Events registered and not yet finished. */
  get unfinished(): number {
    return this.bySeq.size
  }

  /** Forgets everything (the source was reset under us). */
  reset(to?: number): void {
    this.pending.length = 0
    this.bySeq.clear()
    this.head = 0
    this.safe = to
  }
}
