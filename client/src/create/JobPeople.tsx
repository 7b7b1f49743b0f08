import { useAppview } from '../api/AppviewContext'
import type { ConsentCheck, JobView } from '../api/types'
import { useLoad } from '../api/useLoad'
import { personName } from './people'

const NONE: ConsentCheck[] = []

/**
 * Who a job depicts (as picked, named in the prompt, or from a remixed video) and the conditions
 * their grants set, which the provider was given too. The names come from one checkConsent call.
 */
export function JobPeople({ job }: { job: JobView }) {
  const appview = useAppview()
  const depicts = job.depicts ?? []
  const key = depicts.join(' ')
  const { data: checks } = useLoad(() => (depicts.length > 0 ? appview.checkConsent(depicts) : Promise.resolve(NONE)), [appview, key], NONE)
  if (depicts.length === 0) return null
  const name = (did: string) => {
    const check = checks.find((c) => c.subject.did === did)
    return check ? personName(check) : did
  }
  const restrictions = job.restrictions ?? []
  return (
    <div className="job-people" data-testid="job-people">
      <p>
        <span className="muted">In this video: </span>
        {depicts.map(name).join(', ')}
      </p>
      {restrictions.length > 0 && (
        <ul className="job-restrictions">
          {restrictions.map((r) => (
            <li key={r.subject} data-testid="job-restriction">
              <span className="muted">{name(r.subject)} asks: </span>“{r.text}”
            </li>
          ))}
        </ul>
      )}
      {restrictions.length > 0 && <p className="hint">Providers that take a negative prompt were given these conditions.</p>}
    </div>
  )
}
