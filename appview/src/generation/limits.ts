import type { VideoProvider } from './provider'

/**
 * What an operator lets creators spend: how many jobs a creator may queue per provider per UTC day,
 * and who may use the providers that cost the operator money or hardware (every provider but the
 * built-in procedural renderer). Counting happens in the job store (JobStore.createWithinLimits).
 */
export interface GenerationLimitsConfig {
  /** Jobs per creator per UTC day, by provider id. */
  dailyQuotas: Record<string, number>
  /** The quota of a provider not named in dailyQuotas. */
  defaultDailyQuota: number
  /** DIDs that may use paid providers; "*" opens them to everyone. Empty: nobody may. */
  paidAllowlist: string[]
}

/** The built-in quotas: generous for the free renderer, small for anything that costs. */
export const DEFAULT_DAILY_QUOTAS: Readonly<Record<string, number>> = { procedural: 200 }
export const DEFAULT_DAILY_QUOTA = 20

/** A FRAMEWRIGHT_GENERATION_QUOTAS entry that is not `provider:count`. */
export class QuotaSyntaxError extends Error {
  override name = 'QuotaSyntaxError'
}

/**
 * Reads `procedural:200,replicate:10,*:5` (the list already split on commas): a count per provider,
 * `*` for providers not named. Unnamed providers keep the built-in defaults.
 */
export function parseDailyQuotas(entries: string[]): Pick<GenerationLimitsConfig, 'dailyQuotas' | 'defaultDailyQuota'> {
  const dailyQuotas: Record<string, number> = { ...DEFAULT_DAILY_QUOTAS }
  let defaultDailyQuota = DEFAULT_DAILY_QUOTA
  for (const entry of entries) {
    const match = /^([a-z0-9*][a-z0-9_-]*|\*)\s*:\s*(\d+)$/i.exec(entry.trim())
    if (!match) throw new QuotaSyntaxError(`"${entry}" is not provider:jobs-per-day (e.g. replicate:10)`)
    const count = Number(match[2])
    if (match[1] === '*') defaultDailyQuota = count
    else dailyQuotas[match[1]!] = count
  }
  return { dailyQuotas, defaultDailyQuota }
}

/** The configured limits, asked per request. */
export class GenerationLimits {
  private readonly paidAllowed: ReadonlySet<string>

  constructor(readonly cfg: GenerationLimitsConfig) {
    this.paidAllowed = new Set(cfg.paidAllowlist)
  }

  /** Jobs a creator may queue with this provider per UTC day. */
  dailyQuota(providerId: string): number {
    return this.cfg.dailyQuotas[providerId] ?? this.cfg.defaultDailyQuota
  }

  /** Whether only allowlisted creators may use a provider (it costs the operator). */
  restricted(provider: Pick<VideoProvider, 'free'>): boolean {
    return !provider.free && !this.paidAllowed.has('*')
  }

  /** Whether `creator` may use `provider` at all. */
  mayUse(provider: Pick<VideoProvider, 'free'>, creator: string): boolean {
    return !this.restricted(provider) || this.paidAllowed.has(creator)
  }
}
