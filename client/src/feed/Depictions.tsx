import type { DepictionView } from '../api/types'
import { Link, profilePath } from '../routes'

const REASONS: Record<string, string> = {
  self: 'the creator depicts themself',
  'grant-everyone': 'their grant allows everyone',
  'grant-mutuals': 'their grant allows mutuals, and they are',
  'grant-approved': 'their grant lists the creator',
  'no-grant': 'they have not granted their likeness',
  'grant-self-only': 'their grant allows nobody else',
  'grant-expired': 'their grant has expired',
  'not-mutuals': 'their grant allows mutuals only',
  'not-approved': 'their grant does not list the creator',
  'unknown-audience': 'their grant is not understood',
  'rejected-by-subject': 'they rejected this video',
}

/** Who the video depicts, each with whether they consented under Framewright's consent rule. */
export function Depictions({ depicts }: { depicts: readonly DepictionView[] }) {
  if (depicts.length === 0) return null
  return (
    <ul className="chip-row" aria-label="People depicted">
      {depicts.map(({ subject, consent }) => {
        const why = REASONS[consent.reason] ?? consent.reason
        return (
          <li key={subject.did}>
            <span
              className={`chip depicts ${consent.consented ? 'is-consented' : 'is-unconsented'}`}
              title={`${consent.consented ? 'Consented' : 'Not consented'}: ${why}`}
            >
              depicts <Link to={profilePath(subject)}>@{subject.handle}</Link> <span className="consent-badge">{consent.consented ? '✓ consented' : '✕ no consent'}</span>
            </span>
          </li>
        )
      })}
    </ul>
  )
}
