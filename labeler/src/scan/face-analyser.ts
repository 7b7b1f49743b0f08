import type { Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'
import type { FaceEngine } from '../faces/engine'
import { matchFace, similarityPercent } from '../faces/match'
import type { TemplateStore } from '../faces/templates'
import type { Analyser, ScanMedia, ScanSubject } from './analyser'

/** One person's matches over the frames of a video. */
export interface FoundPerson {
  did: string
  distance: number
  frameMs: number
  framesMatched: number
  framesSampled: number
}

/**
 * Frames of a video that may get SSD's thorough look when the tiny detector found no face in them.
 * One, not every frame: a video with no face at all then costs four tiny passes and one SSD pass
 * instead of four SSD passes. bench/likeness.ts found the same people with one as with two (96.8 %
 * recall, no false match, over 214 clips) for half the SSD passes (71 instead of 141), and SSD is
 * about five times the tiny detector's cost per frame.
 */
export const DEFAULT_FALLBACK_FRAMES = 1

/**
 * Finds enrolled people in the frames: every face in every frame is compared with every template
 * (read from the database for this scan, so an unenrolled person is never found again), and a person
 * counts as found when any face is within the match distance of one of their templates. Faces are
 * found by the tiny detector first, with SSD as the fallback (FaceEngine.detectCascade).
 */
export class FaceAnalyser implements Analyser {
  readonly name = 'face-match'

  constructor(
    private readonly engine: FaceEngine,
    private readonly templates: TemplateStore,
    private readonly maxDistance: number,
    private readonly onFrames: (n: number) => void = () => {},
    private readonly fallbackFrames = DEFAULT_FALLBACK_FRAMES,
  ) {}

  async analyse(subject: ScanSubject, media: ScanMedia, db: Kysely<LabelerSchema>): Promise<void> {
    const templates = await this.templates.all()
    const found = templates.length === 0 ? [] : await this.find(media, templates)
    const foundAt = new Date().toISOString()
    await db.transaction().execute(async (tx) => {
      // A re-scan replaces what an earlier one found.
      await tx.deleteFrom('found_depiction').where('subjectUri', '=', subject.uri).where('method', '=', this.name).execute()
      for (const p of found) {
        await tx
          .insertInto('found_depiction')
          .values({
            subjectUri: subject.uri,
            did: p.did,
            author: subject.author,
            method: this.name,
            similarity: similarityPercent(p.distance),
            frameMs: p.frameMs,
            framesMatched: p.framesMatched,
            framesSampled: p.framesSampled,
            declared: subject.declared.includes(p.did) ? 1 : 0,
            foundAt,
          })
          .execute()
      }
    })
  }

  private async find(media: ScanMedia, templates: Awaited<ReturnType<TemplateStore['all']>>): Promise<FoundPerson[]> {
    const { faces } = await this.engine.detectCascade(media.frames, this.fallbackFrames)
    this.onFrames(media.frames.length)
    return foundPeople(faces.map((f, i) => ({ atMs: media.frames[i]!.atMs, descriptors: f.map((x) => x.descriptor) })), templates, this.maxDistance)
  }
}

/** Aggregates per-frame matches into one row per person: closest frame, and in how many frames they matched. */
export function foundPeople(
  frames: { atMs: number; descriptors: Float32Array[] }[],
  templates: Parameters<typeof matchFace>[1],
  maxDistance: number,
): FoundPerson[] {
  const people = new Map<string, FoundPerson>()
  for (const frame of frames) {
    const inFrame = new Map<string, number>()
    for (const d of frame.descriptors) {
      for (const m of matchFace(d, templates, maxDistance)) inFrame.set(m.did, Math.min(m.distance, inFrame.get(m.did) ?? Infinity))
    }
    for (const [did, distance] of inFrame) {
      const p = people.get(did) ?? { did, distance: Infinity, frameMs: 0, framesMatched: 0, framesSampled: frames.length }
      p.framesMatched++
      if (distance < p.distance) Object.assign(p, { distance, frameMs: frame.atMs })
      people.set(did, p)
    }
  }
  return [...people.values()].sort((a, b) => a.distance - b.distance)
}
