import { Writable } from 'node:stream'
import { pino, type Logger } from 'pino'
import { LOG_REDACT_PATHS, REDACTED, type SecretScrubber } from '@framewright/service-kit'

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }
const SKIP = new Set(['level', 'time', 'msg', 'service', 'subsystem', 'err'])

/**
 * A logger for a person at a terminal: one short line per event ("12:00:01 labeler/engine  labels
 * changed  labels=[…]"); errors keep their stack. Services log structured JSON; this only formats it.
 * Secrets are kept out as by the services' own loggers: fields named like secrets, and the values
 * `scrubber` knows (the stack adds its keys and passwords once it has loaded them).
 */
export function createConsoleLogger(level: string, scrubber: SecretScrubber): Logger {
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of scrubber.scrub(chunk.toString('utf8')).split('\n')) {
        if (!line) continue
        try {
          process.stdout.write(format(JSON.parse(line)) + '\n')
        } catch {
          process.stdout.write(line + '\n')
        }
      }
      done()
    },
  })
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: LOG_REDACT_PATHS, censor: REDACTED } }, out)
}

function format(entry: Record<string, unknown>): string {
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : ''
  const level = LEVELS[Number(entry.level)] ?? ''
  const where = [entry.service, entry.subsystem].filter(Boolean).join('/')
  const fields = Object.entries(entry)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')
  const err = entry.err as { message?: string; stack?: string } | undefined
  const tail = err ? `\n    ${err.stack ?? err.message ?? JSON.stringify(err)}` : ''
  return `${time} ${level === 'info' ? '' : level + ' '}${where.padEnd(22)} ${entry.msg ?? ''} ${fields}${tail}`.trimEnd()
}
