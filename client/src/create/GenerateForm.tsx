import { useEffect, useId, useState, type FormEvent } from 'react'
import type { CreateJobInput } from '../api/appview'
import type { VideoView } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { PeoplePicker } from './PeoplePicker'
import { clampGraphemes, countGraphemes, PROMPT_MAX_GRAPHEMES } from './promptLimit'
import { blockedBy, jobErrorText, type PickedPerson } from './people'
import { useProviders } from './useProviders'
import { useRemixPeople } from './useRemixPeople'

const ASPECT_RATIOS = [
  { label: 'Provider default', value: '' },
  { label: '9:16 (vertical)', value: '9:16' },
  { label: '1:1 (square)', value: '1:1' },
  { label: '16:9 (wide)', value: '16:9' },
] as const

export interface GenerateFormProps {
  remixOf?: VideoView
  onClearRemix: () => void
  onSubmit: (input: CreateJobInput) => Promise<void>
}

/** What to make: prompt, provider and model, and optional seed, shape and length. */
export function GenerateForm({ remixOf, onClearRemix, onSubmit }: GenerateFormProps) {
  const id = useId()
  const { providers, loading, error: providersError, retry } = useProviders()
  const [prompt, setPrompt] = useState('')
  const [providerId, setProviderId] = useState('')
  const [model, setModel] = useState('')
  const [seed, setSeed] = useState('')
  const [aspect, setAspect] = useState('')
  const [seconds, setSeconds] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string>()
  const [refusal, setRefusal] = useState<string>()
  const [people, setPeople] = useState<PickedPerson[]>([])
  const remixPeople = useRemixPeople(remixOf, setPeople)
  const blocked = blockedBy(people)

  // Pick a provider that works once the list arrives (the built-in one when it is there).
  useEffect(() => {
    if (providerId && providers.some((p) => p.id === providerId && p.available)) return
    const usable = providers.filter((p) => p.available)
    setProviderId((usable.find((p) => p.id === 'procedural') ?? usable[0])?.id ?? '')
  }, [providers, providerId])

  useEffect(() => {
    if (remixOf) setPrompt(remixOf.generation.prompt)
  }, [remixOf])

  const provider = providers.find((p) => p.id === providerId)
  const seedValue = seed.trim() === '' ? undefined : Number(seed)
  const seedInvalid = seedValue !== undefined && !(Number.isInteger(seedValue) && seedValue >= 0 && seedValue <= 4294967295)
  const secondsValue = seconds.trim() === '' ? undefined : Number(seconds)
  const secondsInvalid = secondsValue !== undefined && !(secondsValue >= 1 && secondsValue <= 60)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!prompt.trim() || seedInvalid || secondsInvalid || blocked) return
    const [w, h] = aspect ? aspect.split(':').map(Number) : []
    setSubmitting(true)
    setError(undefined)
    setRefusal(undefined)
    try {
      await onSubmit({
        prompt: prompt.trim(),
        // 'procedural' is the lexicon's default, for when the provider list could not be loaded.
        provider: providerId || 'procedural',
        model: model || undefined,
        seed: seedValue,
        durationMs: secondsValue === undefined ? undefined : Math.round(secondsValue * 1000),
        aspectRatio: w && h ? { width: w, height: h } : undefined,
        remixOf: remixOf ? { uri: remixOf.uri, cid: remixOf.cid } : undefined,
        depicts: people.length > 0 ? people.map((p) => p.check.subject.did) : undefined,
      })
    } catch (err) {
      const { text, isRefusal } = jobErrorText(err, errorMessage)
      if (isRefusal) setRefusal(text)
      else setError(text)
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <form className="panel create-form" onSubmit={submit}>
      {remixOf && (
        <div className="remix-banner">
          <span>
            Remixing <strong>@{remixOf.creator.handle}</strong>’s video
          </span>
          <button type="button" className="btn btn-small" onClick={onClearRemix}>
            Not a remix
          </button>
        </div>
      )}
      <label className="field">
        <span className="field-label">Prompt</span>
        <textarea
          data-testid="create-prompt"
          value={prompt}
          onChange={(e) => {
            // Stops at the lexicon's limit, counted as the appview counts it (graphemes).
            setPrompt(clampGraphemes(e.target.value, PROMPT_MAX_GRAPHEMES))
            setRefusal(undefined)
          }}
          rows={4}
          required
          aria-describedby={`${id}-prompt-count`}
          placeholder="A paper boat drifting through a neon city at night…"
        />
        <PromptCounter id={`${id}-prompt-count`} count={countGraphemes(prompt)} />
      </label>

      <div className="field-row">
        <label className="field">
          <span className="field-label">Provider</span>
          <select
            data-testid="create-provider"
            value={providerId}
            onChange={(e) => {
              setProviderId(e.target.value)
              setModel('')
            }}
            disabled={loading}
          >
            {loading && <option value="">Loading…</option>}
            {!loading && providers.length === 0 && <option value="">Appview default</option>}
            {providers.map((p) => (
              <option key={p.id} value={p.id} disabled={!p.available}>
                {p.displayName}
                {p.available ? '' : ' (not configured)'}
              </option>
            ))}
          </select>
        </label>
        {provider && provider.models.length > 1 && (
          <label className="field">
            <span className="field-label">Model</span>
            <select value={model} onChange={(e) => setModel(e.target.value)}>
              <option value="">Default ({provider.models[0]})</option>
              {provider.models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {provider && (provider.description || provider.dailyQuota !== undefined) && (
        <p className="hint" data-testid="create-provider-hint">
          {provider.description}
          {provider.dailyQuota !== undefined && ` Up to ${provider.dailyQuota} videos a day per account.`}
          {provider.restricted && ' Only accounts the appview’s operator lists may use it.'}
        </p>
      )}

      <PeoplePicker people={people} onChange={setPeople} />
      <ErrorNote error={remixPeople.error && `Could not check the people of the video you are remixing: ${remixPeople.error}`} onRetry={remixPeople.retry} />
      <ErrorNote error={providersError && `Could not load providers: ${providersError}`} onRetry={retry} />

      <details className="more-options">
        <summary>More options</summary>
        <div className="field-row">
          <label className="field">
            <span className="field-label">Seed</span>
            <input
              data-testid="create-seed"
              inputMode="numeric"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              placeholder="random"
              aria-invalid={seedInvalid}
              aria-describedby={`${id}-seed-hint`}
            />
            <span id={`${id}-seed-hint`} className={seedInvalid ? 'hint is-error' : 'hint'}>
              {seedInvalid ? 'A whole number from 0 to 4294967295.' : 'Same prompt + seed, same video.'}
            </span>
          </label>
          <label className="field">
            <span className="field-label">Shape</span>
            <select value={aspect} onChange={(e) => setAspect(e.target.value)}>
              {ASPECT_RATIOS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Length (s)</span>
            <input inputMode="decimal" value={seconds} onChange={(e) => setSeconds(e.target.value)} placeholder="default" aria-invalid={secondsInvalid} />
            {secondsInvalid && <span className="hint is-error">1 to 60 seconds.</span>}
          </label>
        </div>
      </details>

      <ErrorNote error={error} />
      {(refusal ?? blocked) && (
        <p className="people-refusal" role="alert" data-testid="create-refusal">
          {refusal ?? `Nothing can be made with these people: ${blocked}`}
        </p>
      )}
      <button
        type="submit"
        className="btn btn-primary btn-wide"
        data-testid="create-generate"
        disabled={submitting || !prompt.trim() || seedInvalid || secondsInvalid || !!blocked || remixPeople.loading}
      >
        {submitting ? 'Starting…' : 'Generate'}
      </button>
    </form>
  )
}

/** How much of the prompt's limit is used; said aloud only near the end. */
function PromptCounter({ id, count }: { id: string; count: number }) {
  const left = PROMPT_MAX_GRAPHEMES - count
  const near = left <= 100
  return (
    <span id={id} className={`hint prompt-counter${left === 0 ? ' is-full' : ''}`} data-testid="prompt-counter" aria-live={near ? 'polite' : 'off'}>
      {count.toLocaleString('en')} / {PROMPT_MAX_GRAPHEMES.toLocaleString('en')}
      {left === 0 ? ' — that is the limit' : ''}
    </span>
  )
}
