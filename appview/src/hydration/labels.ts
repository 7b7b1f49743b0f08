import type { Database } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'

/** A label as views carry it (signature included, so clients can verify it themselves). */
export interface LabelView {
  ver: 1
  src: string
  uri: string
  cid?: string
  val: string
  cts: string
  exp?: string
  sig: Uint8Array
}

/** Labels in force (not negated, not expired) on the given subjects, from the given labelers only. */
export async function labelsFor(db: Database<AppviewSchema>, subjects: string[], labelers: string[]): Promise<Map<string, LabelView[]>> {
  const result = new Map<string, LabelView[]>()
  if (subjects.length === 0 || labelers.length === 0) return result
  const now = new Date().toISOString()
  const rows = await db.db
    .selectFrom('label')
    .selectAll()
    .where('uri', 'in', [...new Set(subjects)])
    .where('src', 'in', labelers)
    .where('neg', '=', 0)
    .where((eb) => eb.or([eb('exp', 'is', null), eb('exp', '>', now)]))
    .execute()
  for (const row of rows) {
    const view: LabelView = { ver: 1, src: row.src, uri: row.uri, val: row.val, cts: row.cts, sig: new Uint8Array(row.sig) }
    if (row.cid) view.cid = row.cid
    if (row.exp) view.exp = row.exp
    const list = result.get(row.uri) ?? []
    list.push(view)
    result.set(row.uri, list)
  }
  return result
}
