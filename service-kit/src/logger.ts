import { pino, type Logger } from 'pino'

export type { Logger }

/** The root logger of a process; services take children of it, one per subsystem. */
export function createLogger(opts: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: opts.name,
    level: opts.level ?? 'info',
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  })
}

/**
 * A warning about something that can happen thousands of times a second under load (a queue full, a
 * probe skipped): logged at most once per `everyMs`, with how many happened since the last line, so
 * a surge is visible without the log itself becoming the surge.
 */
export class ThrottledWarning {
  private suppressed = 0
  private last = -Infinity

  constructor(
    private readonly logger: Logger,
    private readonly msg: string,
    private readonly everyMs = 10_000,
  ) {}

  warn(fields: Record<string, unknown>): void {
    const now = Date.now()
    if (now - this.last < this.everyMs) {
      this.suppressed++
      return
    }
    this.logger.warn({ ...fields, ...(this.suppressed > 0 ? { alsoSinceLastLine: this.suppressed } : {}) }, this.msg)
    this.last = now
    this.suppressed = 0
  }
}
