/**
 * Distances between face descriptors (face-api's 128-number embeddings): the same person's faces
 * sit close together, different people's far apart. Euclidean distance, as face-api was trained for.
 */
export function descriptorDistance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`descriptors of ${a.length} and ${b.length} numbers`)
  let sum = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!
    sum += d * d
  }
  return Math.sqrt(sum)
}

/**
 * The distance under which two faces count as the same person. Chosen by bench/likeness.ts on
 * face-api's demo photos turned into clips (zoom and pan, crop, colour shift, blur, low bitrate,
 * mirrored): at 0.4 it matched 96.8 % of 154 clips of 22 people and none of 214 clips to anyone else,
 * while 0.45 already matched 4.7 % of them to someone else and 0.5 matched 12.6 % (see the README).
 */
export const DEFAULT_MATCH_DISTANCE = 0.4

/** A distance as the percentage people read ("82 % similar"): 0 apart is 100 %, 1 or more apart is 0 %. */
export function similarityPercent(distance: number): number {
  return Math.max(0, Math.min(100, Math.round((1 - distance) * 100)))
}

export interface Template {
  did: string
  descriptor: Float32Array
}

export interface FaceMatch {
  did: string
  distance: number
}

/** For each enrolled person, their closest template to this face, if within `maxDistance`; closest first. */
export function matchFace(face: Float32Array, templates: readonly Template[], maxDistance: number): FaceMatch[] {
  const best = new Map<string, number>()
  for (const t of templates) {
    const d = descriptorDistance(face, t.descriptor)
    if (d <= maxDistance && d < (best.get(t.did) ?? Infinity)) best.set(t.did, d)
  }
  return [...best].map(([did, distance]) => ({ did, distance })).sort((a, b) => a.distance - b.distance)
}
