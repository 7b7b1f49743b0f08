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
