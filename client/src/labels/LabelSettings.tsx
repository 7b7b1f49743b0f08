import { useState, type FormEvent } from 'react'
import type { LabelerView, LabelValueDefinition } from '../api/types'
import { useSession } from '../session/SessionContext'
import { ErrorNote } from '../ui/ErrorNote'
import { useLabelPrefs } from './LabelPrefsContext'
import { ScanCoverage } from './ScanCoverage'
import { defaultSettingOf, LABEL_SETTINGS, localizedStrings, type LabelSetting } from './moderation'
import { useModeration } from './ModerationContext'

const SETTING_NAMES: Record<LabelSetting, string> = { show: 'Show', warn: 'Warn', hide: 'Hide' }

/** Which labelers the viewer listens to, and what each of their labels does. */
export function LabelSettings() {
  const { acceptedLabelers, addLabeler } = useLabelPrefs()
  const { labelers, loading, error, reload } = useModeration()
  const { account } = useSession()
  const [newDid, setNewDid] = useState('')
  const [addError, setAddError] = useState<string>()
  const [adding, setAdding] = useState(false)

  const add = async (e: FormEvent) => {
    e.preventDefault()
    setAdding(true)
    const err = await addLabeler(newDid)
    setAdding(false)
    setAddError(err)
    if (!err) setNewDid('')
  }

  return (
    <section className="page labels-page" aria-labelledby="labels-title">
      <h1 id="labels-title">Labels</h1>
      <p className="lede">
        Labelers are independent moderation services. Pick the ones you trust, and decide what each of their labels does: show the video, warn before showing
        it, or hide it. Moderators’ <code>!hide</code> and <code>!warn</code> always apply.
      </p>
      <p className="hint" data-testid="labels-kept-in">
        {account
          ? 'Kept in your Bluesky account’s preferences: the Bluesky app uses the same labelers and the same choices.'
          : 'Kept in this browser. Log in to keep them with your Bluesky account.'}
      </p>
      <ErrorNote error={error} onRetry={reload} />
      {acceptedLabelers.length === 0 && <p className="panel">You accept no labelers: videos come without labels.</p>}
      {acceptedLabelers.map((did) => (
        <LabelerPanel key={did} did={did} view={labelers.find((l) => l.did === did)} loading={loading} />
      ))}
      <form className="panel add-labeler" onSubmit={(e) => void add(e)}>
        <label className="field">
          <span className="field-label">Add a labeler by handle or DID</span>
          <input data-testid="labeler-add-input" value={newDid} onChange={(e) => setNewDid(e.target.value)} placeholder="moderation.example.com or did:plc:…" spellCheck={false} autoCapitalize="none" />
        </label>
        <button type="submit" className="btn" data-testid="labeler-add-submit" disabled={adding || !newDid.trim()}>
          Add
        </button>
        <ErrorNote error={addError} />
      </form>
    </section>
  )
}

function LabelerPanel({ did, view, loading }: { did: string; view?: LabelerView; loading: boolean }) {
  const { removeLabeler, fixedLabelers } = useLabelPrefs()
  const [removeError, setRemoveError] = useState<string>()
  const fixed = fixedLabelers.includes(did)
  const definitions = view ? orderedDefinitions(view) : []
  return (
    <article className="panel labeler" data-testid="labeler" data-did={did} aria-label={`Labeler ${view?.creator.handle ?? did}`}>
      <div className="labeler-head">
        <div>
          <h2>{view ? view.creator.displayName || `@${view.creator.handle}` : did}</h2>
          <p className="muted mono">
            {view ? `@${view.creator.handle} · ${did}` : loading ? 'Loading…' : 'This appview has not seen this labeler’s service record.'}
          </p>
        </div>
        {fixed ? (
          <span className="muted" title="This app’s own labeler stays on while you are signed in, as Bluesky’s own moderation does in the Bluesky app.">
            Always on
          </span>
        ) : (
          <button type="button" className="btn btn-small" onClick={async () => setRemoveError(await removeLabeler(did))}>
            Remove
          </button>
        )}
      </div>
      <ErrorNote error={removeError} />
      {view?.endpoint && <ScanCoverage endpoint={view.endpoint} />}
      {view && definitions.length === 0 && <p className="muted">This labeler publishes no label definitions.</p>}
      {definitions.length > 0 && (
        <ul className="label-defs">
          {definitions.map((def) => (
            <LabelDefRow key={def.identifier} labeler={did} def={def} />
          ))}
        </ul>
      )}
    </article>
  )
}

function LabelDefRow({ labeler, def }: { labeler: string; def: LabelValueDefinition }) {
  const { settings, setLabelSetting } = useLabelPrefs()
  const langs = navigator.languages?.length ? navigator.languages : ['en']
  const { name, description } = localizedStrings(def, langs)
  const fallback = defaultSettingOf(def)
  const chosen = settings[labeler]?.[def.identifier]
  const current = chosen ?? fallback
  const group = `setting-${labeler}-${def.identifier}`
  return (
    <li className="label-def" data-testid="label-def" data-val={def.identifier} data-labeler={labeler}>
      <div className="label-def-text">
        <p className="label-def-name">
          {name} <code className="muted">{def.identifier}</code>
        </p>
        <p className="hint">{description}</p>
      </div>
      <fieldset className="segmented" aria-label={`${name}: what to do`}>
        <legend className="visually-hidden">{name}</legend>
        {LABEL_SETTINGS.map((s) => (
          <label key={s} className={current === s ? 'is-on' : undefined}>
            <input
              type="radio"
              name={group}
              value={s}
              checked={current === s}
              onChange={() => setLabelSetting(labeler, def.identifier, s === fallback ? undefined : s)}
              data-testid={`label-setting-${s}`}
            />
            {SETTING_NAMES[s]}
          </label>
        ))}
      </fieldset>
    </li>
  )
}

/** Definitions in the order the labeler lists its values, then any it defines but does not list. */
function orderedDefinitions(view: LabelerView): LabelValueDefinition[] {
  const defs = view.policies.labelValueDefinitions ?? []
  const order = view.policies.labelValues
  const rank = (d: LabelValueDefinition) => {
    const i = order.indexOf(d.identifier)
    return i === -1 ? order.length : i
  }
  return [...defs].sort((a, b) => rank(a) - rank(b))
}
