import { readC2pa, type C2paFacts } from '@framewright/service-kit'
import type { Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'
import type { C2paFactSource } from '../detectors/c2pa'
import type { Analyser, ScanMedia, ScanSubject } from './analyser'

/** One scanned file's C2PA facts (JSON of C2paFacts), keyed by the video or post scanned. */
export interface C2paFactTable {
  subjectUri: string
  blobCid: string
  facts: string
  readAt: string
}

/** Reads the C2PA manifest of every scanned file (validated against this labeler's trust anchors) and keeps what it says. */
export class C2paAnalyser implements Analyser {
  readonly name = 'c2pa'

  constructor(private readonly trustAnchorsPem?: string) {}

  async analyse(subject: ScanSubject, media: ScanMedia, db: Kysely<LabelerSchema>): Promise<void> {
    const facts = await readC2pa(media.bytes, { trustAnchorsPem: this.trustAnchorsPem })
    const row = { subjectUri: subject.uri, blobCid: subject.blobCid, facts: JSON.stringify(facts), readAt: new Date().toISOString() }
    await db
      .insertInto('c2pa_fact')
      .values(row)
      .onConflict((oc) => oc.column('subjectUri').doUpdateSet({ blobCid: row.blobCid, facts: row.facts, readAt: row.readAt }))
      .execute()
  }
}

/** The C2PA detectors' facts, as the analyser stored them. */
export function storedC2paFacts(defaultDb: Kysely<LabelerSchema>): C2paFactSource {
  return {
    async c2paOf(uris, db = defaultDb) {
      if (uris.length === 0) return new Map()
      const rows = await db.selectFrom('c2pa_fact').select(['subjectUri', 'facts']).where('subjectUri', 'in', uris).execute()
      return new Map(rows.map((r) => [r.subjectUri, JSON.parse(r.facts) as C2paFacts]))
    },
  }
}
