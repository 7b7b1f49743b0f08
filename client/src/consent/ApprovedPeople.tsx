import type { Agent } from '@atproto/api'
import { useState, type FormEvent } from 'react'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import type { ApprovedPerson } from './grantForm'
import { resolvePerson } from './likenessRecords'

export interface ApprovedPeopleProps {
  agent: Agent
  people: ApprovedPerson[]
  onChange: (people: ApprovedPerson[]) => void
}

/** The people an 'approved' grant names: add by handle (resolved to a DID by your PDS), remove with ×. */
export function ApprovedPeople({ agent, people, onChange }: ApprovedPeopleProps) {
  const [typed, setTyped] = useState('')
  const [adding, setAdding] = useState(false)
  const [error, setError] = useState<string>()

  const add = async (e: FormEvent) => {
    e.preventDefault()
    e.stopPropagation()
    setAdding(true)
    setError(undefined)
    try {
      const person = await resolvePerson(agent, typed)
      if (person.did === agent.assertDid) throw new Error('That is you: you may always depict yourself.')
      if (!people.some((p) => p.did === person.did)) onChange([...people, person])
      setTyped('')
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setAdding(false)
    }
  }

  return (
    <div className="approved-people">
      {people.length === 0 ? (
        <p className="hint">Nobody yet. Add the people who may put you in their videos.</p>
      ) : (
        <ul className="chip-row" aria-label="Approved people">
          {people.map((p) => (
            <li key={p.did} className="chip approved-chip" data-testid="grant-approved-item" title={p.did}>
              {p.handle ? `@${p.handle}` : <span className="mono">{p.did}</span>}
              <button type="button" className="chip-remove" aria-label={`Remove ${p.handle ?? p.did}`} onClick={() => onChange(people.filter((x) => x.did !== p.did))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {/* Not a nested <form>: the grant editor is one. Enter in the field adds, it does not save. */}
      <div className="add-person">
        <input
          data-testid="grant-approved-input"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void add(e)
          }}
          placeholder="handle, e.g. alice.test"
          aria-label="Handle of someone to approve"
          aria-invalid={error ? true : undefined}
          spellCheck={false}
          autoCapitalize="none"
        />
        <button type="button" className="btn" data-testid="grant-approved-add" disabled={!typed.trim() || adding} onClick={(e) => void add(e)}>
          {adding ? 'Finding…' : 'Add'}
        </button>
      </div>
      <div data-testid="grant-approved-error">
        <ErrorNote error={error} />
      </div>
    </div>
  )
}
