import type { Agent } from '@atproto/api'
import type { LikenessGrant } from '@framewright/lexicons'
import { useEffect, useState, type FormEvent } from 'react'
import { useLoad } from '../api/useLoad'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { ApprovedPeople } from './ApprovedPeople'
import { AUDIENCES, formFromGrant, grantFromForm, type GrantForm } from './grantForm'
import { handleOf, loadGrant, revokeGrant, saveGrant } from './likenessRecords'

export interface GrantEditorProps {
  agent: Agent
  /** Called after the grant was written or deleted: videos of this person are re-evaluated. */
  onChanged: () => void
}

/** "My likeness grant": who may depict me, on what terms, until when — read from and written to my own PDS. */
export function GrantEditor({ agent, onChanged }: GrantEditorProps) {
  const loaded = useLoad(() => loadGrant(agent), [agent], undefined as LikenessGrant.Record | undefined)
  // Bumped when the saved grant changes here, so that the form starts again from what was saved.
  const [saved, setSaved] = useState<{ grant?: LikenessGrant.Record; version: number }>()
  const grant = saved ? saved.grant : loaded.data

  const changed = (next: LikenessGrant.Record | undefined) => {
    setSaved((s) => ({ grant: next, version: (s?.version ?? 0) + 1 }))
    onChanged()
  }

  return (
    <section className="panel grant-editor" aria-labelledby="grant-title" data-testid="grant-editor">
      <div className="section-head">
        <h2 id="grant-title">My likeness grant</h2>
        <GrantStatus grant={grant} loading={loaded.loading && !saved} />
      </div>
      <p className="hint">
        Your grant is a record in your own repository. Every Framewright service reads it: the generator refuses to render you for people it does not cover,
        and the labeler marks their videos of you. Changes are retroactive — narrow or revoke it, and videos already made of you become labeled unconsented.
      </p>
      <ErrorNote error={loaded.error} onRetry={loaded.retry} />
      {!loaded.loading && !loaded.error && (
        <GrantFormView key={saved?.version ?? 0} agent={agent} grant={grant} onSaved={changed} onRevoked={() => changed(undefined)} />
      )}
    </section>
  )
}

function GrantStatus({ grant, loading }: { grant?: LikenessGrant.Record; loading: boolean }) {
  if (loading) return <span className="muted">Loading…</span>
  const title = AUDIENCES.find((a) => a.value === grant?.audience)?.title
  return (
    <span className={`grant-status ${grant && grant.audience !== 'self' ? 'is-open' : 'is-closed'}`} data-testid="grant-status">
      {!grant ? 'No grant: only you' : `${title ?? grant.audience}${grant.expiresAt ? ` · until ${new Date(grant.expiresAt).toLocaleDateString()}` : ''}`}
    </span>
  )
}

interface GrantFormViewProps {
  agent: Agent
  grant?: LikenessGrant.Record
  onSaved: (grant: LikenessGrant.Record) => void
  onRevoked: () => void
}

function GrantFormView({ agent, grant, onSaved, onRevoked }: GrantFormViewProps) {
  const [form, setForm] = useState<GrantForm>(() => formFromGrant(grant))
  const [busy, setBusy] = useState(false)
  const [confirmRevoke, setConfirmRevoke] = useState(false)
  const [error, setError] = useState<string>()
  const set = (patch: Partial<GrantForm>) => setForm((f) => ({ ...f, ...patch }))

  // A saved grant holds DIDs only: show handles where the PDS can tell them.
  useEffect(() => {
    let cancelled = false
    const unnamed = form.approved.filter((p) => !p.handle)
    if (unnamed.length === 0) return
    Promise.all(unnamed.map(async (p) => [p.did, await handleOf(agent, p.did)] as const)).then((named) => {
      if (cancelled) return
      const byDid = new Map(named.filter(([, h]) => h))
      if (byDid.size > 0) setForm((f) => ({ ...f, approved: f.approved.map((p) => (p.handle ? p : { ...p, handle: byDid.get(p.did) })) }))
    })
    return () => {
      cancelled = true
    }
    // Only the grant as loaded needs naming; people added here come with their handle.
  }, [agent])

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    try {
      await action()
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }

  const save = (e: FormEvent) => {
    e.preventDefault()
    void run(async () => {
      const record = grantFromForm(form, new Date(), grant)
      await saveGrant(agent, record)
      onSaved(record)
    })
  }

  const revoke = () => void run(async () => {
    await revokeGrant(agent)
    onRevoked()
  })

  return (
    <form className="grant-form" onSubmit={save}>
      <fieldset className="audience-choices">
        <legend className="field-label">Who may depict you</legend>
        {AUDIENCES.map((a) => (
          <label key={a.value} className={`audience-choice ${form.audience === a.value ? 'is-on' : ''}`}>
            <input type="radio" name="audience" value={a.value} checked={form.audience === a.value} onChange={() => set({ audience: a.value })} data-testid={`grant-audience-${a.value}`} />
            <span className="audience-title">{a.title}</span>
            <span className="hint">{a.description}</span>
          </label>
        ))}
      </fieldset>
      {form.audience === 'approved' && <ApprovedPeople agent={agent} people={form.approved} onChange={(approved) => set({ approved })} />}
      <div className="field-row">
        <label className="field">
          <span className="field-label">Restrictions (optional)</span>
          <textarea data-testid="grant-restrictions" rows={2} maxLength={3000} value={form.restrictions} onChange={(e) => set({ restrictions: e.target.value })} placeholder="e.g. no political content, no ads" />
        </label>
        <label className="field grant-expiry">
          <span className="field-label">Expires (optional)</span>
          <input type="date" data-testid="grant-expires" value={form.expiresOn} onChange={(e) => set({ expiresOn: e.target.value })} />
        </label>
      </div>
      <ErrorNote error={error} />
      <div className="grant-actions">
        <button type="submit" className="btn btn-primary" data-testid="grant-save" disabled={busy}>
          {busy ? 'Saving…' : 'Save grant'}
        </button>
        {grant && !confirmRevoke && (
          <button type="button" className="btn btn-ghost danger" data-testid="grant-revoke" disabled={busy} onClick={() => setConfirmRevoke(true)}>
            Revoke…
          </button>
        )}
      </div>
      {grant && confirmRevoke && (
        <div className="confirm-revoke" role="alertdialog" aria-labelledby="revoke-q">
          <p id="revoke-q">
            Revoke your grant? Nobody else may depict you any more, and every video already made of you is labeled unconsented.
          </p>
          <div className="grant-actions">
            <button type="button" className="btn danger-solid" data-testid="grant-revoke-confirm" disabled={busy} onClick={revoke}>
              Yes, revoke
            </button>
            <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setConfirmRevoke(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </form>
  )
}
