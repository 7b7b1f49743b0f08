import { expiryText, personName, type PickedPerson } from './people'

export interface PersonCardProps {
  person: PickedPerson
  /** Absent for people who come with a remix: they are in the video whatever the creator picks. */
  onRemove?: () => void
}

/** One person in the video: whether their grant covers you, their conditions, until when. */
export function PersonCard({ person, onRemove }: PersonCardProps) {
  const { check, source } = person
  const until = expiryText(check.expiresAt, check.consented)
  return (
    <li
      className={`person-card ${check.consented ? 'is-consented' : 'is-unconsented'}`}
      data-testid="picked-person"
      data-did={check.subject.did}
      data-consented={String(check.consented)}
    >
      <div className="person-head">
        <span className="person-name">
          {personName(check)}
          {check.subject.displayName && <span className="muted"> · {check.subject.displayName}</span>}
        </span>
        <span className="consent-badge">{check.consented ? 'Covers you' : 'Does not cover you'}</span>
        {onRemove && (
          <button type="button" className="chip-remove" aria-label={`Remove ${personName(check)}`} onClick={onRemove}>
            ×
          </button>
        )}
      </div>
      {source === 'remix' && <p className="hint">In the video you are remixing, so in yours too.</p>}
      <p className="person-message" data-testid="person-message">
        {check.message}
      </p>
      {check.restrictions && (
        <p className="person-terms" data-testid="person-restrictions">
          <span className="muted">Their conditions: </span>“{check.restrictions}”
        </p>
      )}
      {check.consented && (
        <p className="person-terms" data-testid="person-expiry">
          <span className="muted">Grant: </span>
          {until ?? 'no end date'}
        </p>
      )}
    </li>
  )
}
