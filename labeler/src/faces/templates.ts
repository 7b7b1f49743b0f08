import type { Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'
import type { Template } from './match'
import type { TemplateSealer } from './sealed'

/** The most templates kept per person: enrolling again adds views of the face, up to this. */
export const MAX_TEMPLATES_PER_PERSON = 10

/** Numbers in one face descriptor (face-api's recognition net). */
export const DESCRIPTOR_LENGTH = 128

/**
 * One template: a view of the face (a photo, a frame of a clip) as one descriptor or several
 * variants of it (the photo mirrored, slightly blurred), sealed together so that a person counts
 * and removes templates as the views they gave, not as our augmentations.
 */
export function templateOf(variants: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(variants.length * DESCRIPTOR_LENGTH)
  variants.forEach((v, i) => {
    if (v.length !== DESCRIPTOR_LENGTH) throw new RangeError(`a descriptor has ${DESCRIPTOR_LENGTH} numbers, not ${v.length}`)
    out.set(v, i * DESCRIPTOR_LENGTH)
  })
  return out
}

export interface Enrollment {
  enrolled: boolean
  templates: number
  since?: string
  updatedAt?: string
}

/**
 * Enrolled face templates, sealed at rest. Every scan reads them from the database afresh (a few
 * hundred bytes a person): no copy in memory can outlive an unenroll.
 */
export class TemplateStore {
  constructor(
    private readonly db: Kysely<LabelerSchema>,
    private readonly sealer: TemplateSealer,
  ) {}

  /** Adds templates for `did` (each a descriptor or several, see templateOf), dropping their oldest beyond the limit. */
  async add(did: string, descriptors: Float32Array[], now = new Date()): Promise<Enrollment> {
    await this.db.transaction().execute(async (tx) => {
      const createdAt = now.toISOString()
      for (const d of descriptors) await tx.insertInto('face_template').values({ did, sealed: this.sealer.seal(did, d), createdAt }).execute()
      const ids = await tx.selectFrom('face_template').select('id').where('did', '=', did).orderBy('id', 'desc').execute()
      const extra = ids.slice(MAX_TEMPLATES_PER_PERSON).map((r) => r.id)
      if (extra.length > 0) await tx.deleteFrom('face_template').where('id', 'in', extra).execute()
    })
    return this.enrollment(did)
  }

  /** The caller's own status: never any descriptor. */
  async enrollment(did: string): Promise<Enrollment> {
    const row = await this.db
      .selectFrom('face_template')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('createdAt').as('since'), eb.fn.max('createdAt').as('updatedAt')])
      .where('did', '=', did)
      .executeTakeFirst()
    const templates = Number(row?.n ?? 0)
    if (templates === 0) return { enrolled: false, templates: 0 }
    return { enrolled: true, templates, since: row!.since as string, updatedAt: row!.updatedAt as string }
  }

  /** Deletes every template of `did`; how many there were. */
  async remove(did: string): Promise<number> {
    const res = await this.db.deleteFrom('face_template').where('did', '=', did).executeTakeFirst()
    return Number(res.numDeletedRows)
  }

  /** Every descriptor of every template, opened: what a scan compares faces with. Read per scan, never cached. */
  async all(): Promise<Template[]> {
    const rows = await this.db.selectFrom('face_template').select(['did', 'sealed']).execute()
    return rows.flatMap((r) => {
      const all = this.sealer.open(r.did, r.sealed)
      return Array.from({ length: Math.floor(all.length / DESCRIPTOR_LENGTH) }, (_, i) => ({
        did: r.did,
        descriptor: all.slice(i * DESCRIPTOR_LENGTH, (i + 1) * DESCRIPTOR_LENGTH),
      }))
    })
  }

  /** How many people are enrolled (a count only). */
  async people(): Promise<number> {
    const row = await this.db.selectFrom('face_template').select((eb) => eb.fn.count<number>('did').distinct().as('n')).executeTakeFirst()
    return Number(row?.n ?? 0)
  }
}
