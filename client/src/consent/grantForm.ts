import { ids, InvalidRecordError, validateRecord, type LikenessGrant } from '@framewright/lexicons'

export type Audience = 'self' | 'approved' | 'mutuals' | 'everyone'

/** What each audience means, in the words the consent centre shows. */
export const AUDIENCES: { value: Audience; title: string; description: string }[] = [
  { value: 'self', title: 'Only you', description: 'Nobody else may put you in a video. Videos of you by others are labeled unconsented.' },
  { value: 'approved', title: 'People you approve', description: 'Only the people you list below may depict you.' },
  { value: 'mutuals', title: 'Mutuals', description: 'People you follow who also follow you may depict you.' },
  { value: 'everyone', title: 'Everyone', description: 'Anyone may depict you, within your restrictions.' },
]

/** Someone the grant names: a DID, and the handle it was added by when known. */
export interface ApprovedPerson {
  did: string
  handle?: string
}

/** The grant editor's state: what the person chose, before it becomes a record. */
export interface GrantForm {
  audience: Audience
  approved: ApprovedPerson[]
  restrictions: string
  /** A calendar day (YYYY-MM-DD, local time) after which the grant lapses; '' for never. */
  expiresOn: string
}

/** The form cannot become a valid grant; the message says what to fix. */
export class GrantFormError extends Error {
  override name = 'GrantFormError'
}

/** The form for a person with no grant yet: nobody but them. */
export function emptyGrantForm(): GrantForm {
  return { audience: 'self', approved: [], restrictions: '', expiresOn: '' }
}

/** The form showing an existing grant. Audiences this client does not know read as 'self', the safe choice. */
export function formFromGrant(grant: LikenessGrant.Record | undefined): GrantForm {
  if (!grant) return emptyGrantForm()
  const known = AUDIENCES.some((a) => a.value === grant.audience)
  return {
    audience: known ? (grant.audience as Audience) : 'self',
    approved: (grant.approved ?? []).map((did) => ({ did })),
    restrictions: grant.restrictions ?? '',
    expiresOn: grant.expiresAt ? localDay(new Date(grant.expiresAt)) : '',
  }
}

/**
 * The grant record the form describes, validated against its lexicon. Approved people are written
 * only for the 'approved' audience; a reference clip from an earlier version is kept.
 */
export function grantFromForm(form: GrantForm, now: Date, previous?: LikenessGrant.Record): LikenessGrant.Record {
  if (form.audience === 'approved' && form.approved.length === 0) {
    throw new GrantFormError('Add at least one person, or choose “Only you”.')
  }
  let expiresAt: string | undefined
  if (form.expiresOn) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(form.expiresOn)
    if (!match) throw new GrantFormError('The expiry date is not a date.')
    // The grant lasts through the whole chosen day, where the person is.
    const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999)
    if (Number.isNaN(end.getTime()) || localDay(end) !== form.expiresOn) throw new GrantFormError('The expiry date is not a date.')
    if (end.getTime() <= now.getTime()) throw new GrantFormError('The expiry date has passed: pick a later day, or none.')
    expiresAt = end.toISOString()
  }
  const restrictions = form.restrictions.trim()
  const record = {
    $type: ids.AppFramewrightLikenessGrant,
    audience: form.audience,
    approved: form.audience === 'approved' ? [...new Set(form.approved.map((p) => p.did))] : undefined,
    restrictions: restrictions || undefined,
    reference: previous?.reference,
    expiresAt,
    createdAt: now.toISOString(),
  }
  const clean = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined))
  try {
    return validateRecord(ids.AppFramewrightLikenessGrant, clean)
  } catch (err) {
    if (err instanceof InvalidRecordError) throw new GrantFormError(`This grant would not be valid: ${err.message}`)
    throw err
  }
}

/** A handle or DID as typed, normalised: no '@', no spaces, handles lower-case. */
export function normalizeIdentifier(input: string): string {
  const trimmed = input.trim().replace(/^@/, '')
  return trimmed.startsWith('did:') ? trimmed : trimmed.toLowerCase()
}

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}
