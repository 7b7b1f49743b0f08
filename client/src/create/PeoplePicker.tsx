import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { ActorView } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { addPerson, type PickedPerson } from './people'
import { PersonCard } from './PersonCard'

/** How long typing pauses before the appview is asked for suggestions. */
const TYPEAHEAD_DELAY_MS = 200

export interface PeoplePickerProps {
  people: PickedPerson[]
  onChange: (people: PickedPerson[]) => void
}

/**
 * "Who is in this video": add people by handle or name, with suggestions as you type. Each person
 * is checked against their likeness grant before anything is generated: whether it covers you,
 * their conditions, and until when. Someone whose grant does not cover you cannot be added, and
 * the picker says why in their own grant's terms.
 */
export function PeoplePicker({ people, onChange }: PeoplePickerProps) {
  const id = useId()
  const appview = useAppview()
  const [typed, setTyped] = useState('')
  const [suggestions, setSuggestions] = useState<ActorView[]>([])
  const [active, setActive] = useState(0)
  const [checking, setChecking] = useState(false)
  const [refusal, setRefusal] = useState<string>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    const q = typed.trim()
    if (!q) {
      setSuggestions([])
      return
    }
    let cancelled = false
    const timer = setTimeout(() => {
      appview.searchTypeahead(q).then(
        (actors) => {
          if (cancelled) return
          setSuggestions(actors.filter((a) => !people.some((p) => p.check.subject.did === a.did)))
          setActive(0)
        },
        // Suggestions are a help, not a requirement: a full handle can still be added with Enter.
        () => !cancelled && setSuggestions([]),
      )
    }, TYPEAHEAD_DELAY_MS)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [appview, typed, people])

  const add = async (subject: string) => {
    setChecking(true)
    setRefusal(undefined)
    setError(undefined)
    try {
      const [check] = await appview.checkConsent([subject])
      if (!check) return
      const out = addPerson(people, check, 'picked')
      if (out.refusal) setRefusal(out.refusal)
      else onChange(out.people)
      setTyped('')
      setSuggestions([])
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setChecking(false)
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      if (suggestions.length === 0) return
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length)
    } else if (e.key === 'Enter') {
      // Not the form's submit: Enter here adds a person.
      e.preventDefault()
      const chosen = suggestions[active]
      const handle = typed.trim().replace(/^@/, '')
      if (chosen) void add(chosen.did)
      else if (handle.includes('.')) void add(handle)
    } else if (e.key === 'Escape') {
      setSuggestions([])
    }
  }

  const listId = `${id}-suggestions`
  const open = suggestions.length > 0
  return (
    <div className="people-picker" data-testid="people-picker">
      <div>
        <span className="field-label" id={`${id}-label`}>
          Who is in this video
        </span>
        <p className="hint">Add everyone whose likeness it uses. Their likeness grant is checked before anything is made; people your prompt names are checked too.</p>
      </div>
      {people.length > 0 && (
        <ul className="picked-people" aria-label="People in this video">
          {people.map((p) => (
            <PersonCard key={p.check.subject.did} person={p} onRemove={p.source === 'picked' ? () => onChange(people.filter((x) => x !== p)) : undefined} />
          ))}
        </ul>
      )}
      <div className="typeahead">
        <input
          data-testid="people-input"
          role="combobox"
          aria-labelledby={`${id}-label`}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value)
            setRefusal(undefined)
          }}
          onKeyDown={onKeyDown}
          placeholder="Add a person by handle or name"
          spellCheck={false}
          autoCapitalize="none"
          autoComplete="off"
          disabled={checking}
        />
        {open && (
          <ul className="typeahead-list" id={listId} role="listbox" data-testid="people-suggestions">
            {suggestions.map((a, i) => (
              <li
                key={a.did}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'typeahead-option is-active' : 'typeahead-option'}
                data-testid="people-suggestion"
                // mousedown, not click: the input keeps focus and the list stays until the choice is made.
                onMouseDown={(e) => {
                  e.preventDefault()
                  void add(a.did)
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="typeahead-handle">@{a.handle}</span>
                {a.displayName && <span className="muted"> · {a.displayName}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      {checking && <p className="hint">Checking their likeness grant…</p>}
      {refusal && (
        <p className="people-refusal" role="alert" data-testid="people-refusal">
          {refusal}
        </p>
      )}
      <ErrorNote error={error && `Could not check that person: ${error}`} />
    </div>
  )
}
