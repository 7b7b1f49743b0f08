import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * Field names whose values never reach a log line, wherever they sit (up to three levels deep:
 * `{ err: { config: { password } } }`): passwords, tokens, JWTs, keys, the Authorization header.
 */
const SECRET_FIELDS = [
  'password',
  'adminPassword',
  'secret',
  'jwtSecret',
  'token',
  'apiToken',
  'apiKey',
  'accessJwt',
  'refreshJwt',
  'jwt',
  'authorization',
  'Authorization',
  'cookie',
  'privateKeyPem',
  'signingKeyHex',
  'templateKeyHex',
  'rotationKeyHex',
  'plcRotationKeyHex',
  'secretAccessKey',
  'sessionToken',
]

/** pino `redact` paths for SECRET_FIELDS at any of the first levels of a log line. */
export const LOG_REDACT_PATHS: string[] = SECRET_FIELDS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`])

/** What a redacted value is logged as. */
export const REDACTED = '[redacted]'

/** Where a logger writes its lines (stdout unless given; tests capture them). */
export interface LogDestination {
  write(line: string): void
}

/**
 * Replaces every known secret value in a log line, wherever it is (an upstream's error message that
 * quotes our token, a URL with a password in it), as written and as JSON escapes it.
 */
export class SecretScrubber {
  private readonly values = new Set<string>()

  constructor(secrets: Iterable<string | undefined> = []) {
    this.add(secrets)
  }

  /** Adds secret values; blanks and values too short to be a secret (under 6 characters) are ignored. */
  add(secrets: Iterable<string | undefined>): void {
    for (const secret of secrets) {
      if (!secret || secret.length < 6) continue
      this.values.add(secret)
      this.values.add(JSON.stringify(secret).slice(1, -1))
    }
  }

  scrub(line: string): string {
    for (const value of this.values) if (line.includes(value)) line = line.split(value).join(REDACTED)
    return line
  }
}

/**
 * The root logger of a process; services take children of it, one per subsystem. Fields named like
 * secrets (LOG_REDACT_PATHS) are redacted, and the values in `secrets` (the service's own keys,
 * tokens and passwords) are scrubbed from every line, wherever they appear.
 */
export function createLogger(opts: { level?: string; name?: string; secrets?: Iterable<string | undefined> | SecretScrubber; destination?: LogDestination } = {}): Logger {
  const scrubber = opts.secrets instanceof SecretScrubber ? opts.secrets : new SecretScrubber(opts.secrets)
  const out = opts.destination ?? process.stdout
  return pino(
    {
      name: opts.name,
      level: opts.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: LOG_REDACT_PATHS, censor: REDACTED },
    },
    { write: (line: string) => void out.write(scrubber.scrub(line)) },
  )
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
