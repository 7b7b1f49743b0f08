import { lexicons as bskyLexicons, type AppBskyFeedGenerator, type AppBskyFeedLike, type AppBskyFeedPost, type AppBskyGraphFollow, type AppBskyLabelerService } from '@atproto/api'
import { BlobRef, type LexiconDoc } from '@atproto/lexicon'
import { CID } from 'multiformats/cid'
import { ids, lexicons, schemaDict } from './generated/lexicons'
import type * as VideoPost from './generated/types/app/framewright/video/post'
import type * as LikenessGrant from './generated/types/app/framewright/likeness/grant'
import type * as LikenessReview from './generated/types/app/framewright/likeness/review'
import type * as FeedPrefs from './generated/types/app/framewright/feed/prefs'

/** The record collections Framewright defines. */
export const FRAMEWRIGHT_RECORDS = {
  videoPost: ids.AppFramewrightVideoPost,
  likenessGrant: ids.AppFramewrightLikenessGrant,
  likenessReview: ids.AppFramewrightLikenessReview,
  feedPrefs: ids.AppFramewrightFeedPrefs,
} as const

export type RecordTypes = {
  [ids.AppFramewrightVideoPost]: VideoPost.Record
  [ids.AppFramewrightLikenessGrant]: LikenessGrant.Record
  [ids.AppFramewrightLikenessReview]: LikenessReview.Record
  [ids.AppFramewrightFeedPrefs]: FeedPrefs.Record
}
export type FramewrightCollection = keyof RecordTypes

/** A record failed validation: its lexicon, or a rule the lexicon library does not enforce. */
export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError'
  constructor(
    readonly collection: string,
    message: string,
  ) {
    super(`invalid ${collection} record: ${message}`)
  }
}

/**
 * Validates a record of one of our collections against its lexicon, then checks what
 * @atproto/lexicon does not: every blob's mime type against `accept` and its size against `maxSize`.
 * Accepts records as ingested (BlobRef instances) or as JSON (typed blob objects).
 */
export function validateRecord<C extends FramewrightCollection>(collection: C, value: unknown): RecordTypes[C] {
  const asLex = validAgainst(lexicons, collection, value)
  const doc = lexiconDoc(collection)
  const main = doc?.defs.main
  if (main?.type === 'record') checkBlobs(collection, doc!, main.record as SchemaNode, asLex, '')
  return asLex as RecordTypes[C]
}

/**
 * The Bluesky records our services read from the network: replies and likes of companion posts,
 * follows (the consent rule's mutuals, notifications), feed generators and labeler services.
 */
export const BSKY_RECORDS = {
  post: 'app.bsky.feed.post',
  like: 'app.bsky.feed.like',
  follow: 'app.bsky.graph.follow',
  generator: 'app.bsky.feed.generator',
  labelerService: 'app.bsky.labeler.service',
} as const

export type BskyRecordTypes = {
  'app.bsky.feed.post': AppBskyFeedPost.Record
  'app.bsky.feed.like': AppBskyFeedLike.Record
  'app.bsky.graph.follow': AppBskyGraphFollow.Record
  'app.bsky.feed.generator': AppBskyFeedGenerator.Record
  'app.bsky.labeler.service': AppBskyLabelerService.Record
}
export type BskyCollection = keyof BskyRecordTypes

/**
 * Validates a Bluesky record we read against Bluesky's own lexicons (those of the pinned
 * @atproto/api), as records of ours are validated against ours: a follow whose subject is not a
 * DID, a like whose subject is not a strong ref, is an InvalidRecordError, never a row.
 */
export function validateBskyRecord<C extends BskyCollection>(collection: C, value: unknown): BskyRecordTypes[C] {
  return validAgainst(bskyLexicons, collection, value) as BskyRecordTypes[C]
}

/** A record value of `collection` (its $type filled in, JSON blobs as BlobRefs), valid by `schemas`' lexicon for it. */
function validAgainst(schemas: { assertValidRecord(nsid: string, value: unknown): unknown }, collection: string, value: unknown): unknown {
  if (!value || typeof value !== 'object') throw new InvalidRecordError(collection, 'not an object')
  const withType = { ...(value as Record<string, unknown>) }
  if (withType.$type !== undefined && withType.$type !== collection) throw new InvalidRecordError(collection, `$type is ${String(withType.$type)}`)
  withType.$type = collection
  const asLex = normalizeBlobs(withType)
  try {
    schemas.assertValidRecord(collection, asLex)
  } catch (err) {
    throw new InvalidRecordError(collection, err instanceof Error ? err.message : String(err))
  }
  return asLex
}

const docs = new Map<string, LexiconDoc | undefined>()

function lexiconDoc(nsid: string): LexiconDoc | undefined {
  if (!docs.has(nsid)) docs.set(nsid, Object.values(schemaDict).find((d) => d.id === nsid) as unknown as LexiconDoc | undefined)
  return docs.get(nsid)
}

/**
 * Converts JSON blob objects ({$type:'blob', ref:{$link}, …}) into BlobRefs, leaving the rest as is:
 * the same object where nothing in it changed (a record read from a repo has BlobRefs already, and
 * most have no blob at all), a copy of only what leads to a change.
 */
function normalizeBlobs(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const v = normalizeBlobs(value[i])
      if (v !== value[i]) (out ??= value.slice())[i] = v
    }
    return out ?? value
  }
  if (!value || typeof value !== 'object' || value instanceof BlobRef || ArrayBuffer.isView(value)) return value
  const obj = value as Record<string, unknown>
  if (obj.$type === 'blob' && obj.ref && typeof obj.ref === 'object' && '$link' in obj.ref) {
    const link = (obj.ref as { $link: unknown }).$link
    try {
      return new BlobRef(CID.parse(String(link)), String(obj.mimeType), Number(obj.size))
    } catch {
      return value // not a CID: lexicon validation reports it
    }
  }
  if (obj.constructor !== Object && obj.constructor !== undefined) return value // CID and friends
  let out: Record<string, unknown> | undefined
  for (const k in obj) {
    const v = normalizeBlobs(obj[k])
    if (v !== obj[k]) (out ??= { ...obj })[k] = v
  }
  return out ?? value
}

/** The parts of a lexicon schema node this walk reads. */
type SchemaNode = {
  type: string
  accept?: string[]
  maxSize?: number
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  ref?: string
}

function checkBlobs(collection: string, doc: LexiconDoc, def: SchemaNode, value: unknown, path: string): void {
  if (value === undefined || value === null) return
  switch (def.type) {
    case 'blob': {
      if (!(value instanceof BlobRef)) return
      if (!('$type' in value.original)) {
        throw new InvalidRecordError(collection, `${path}: legacy blob references (without a size) are not accepted`)
      }
      if (def.accept && !def.accept.some((pattern) => mimeMatches(pattern, value.mimeType))) {
        throw new InvalidRecordError(collection, `${path}: mime type ${value.mimeType} is not one of ${def.accept.join(', ')}`)
      }
      if (def.maxSize !== undefined && value.size > def.maxSize) {
        throw new InvalidRecordError(collection, `${path}: blob of ${value.size} bytes is over the ${def.maxSize}-byte limit`)
      }
      return
    }
    case 'object':
      for (const [key, prop] of Object.entries(def.properties ?? {})) {
        checkBlobs(collection, doc, prop, (value as Record<string, unknown>)[key], path ? `${path}.${key}` : key)
      }
      return
    case 'array':
      if (Array.isArray(value)) value.forEach((item, i) => checkBlobs(collection, doc, def.items!, item, `${path}[${i}]`))
      return
    case 'ref': {
      const target = resolveLocalRef(doc, def.ref!)
      if (target) checkBlobs(collection, doc, target, value, path)
      return
    }
    default:
      return
  }
}

/** Resolves '#name' and 'nsid#name' refs within our own lexicons (refs elsewhere hold no blobs we police). */
function resolveLocalRef(doc: LexiconDoc, ref: string): SchemaNode | undefined {
  // Generated schemas spell refs 'lex:nsid#name'; hand-written ones 'nsid#name' or '#name'.
  const bare = ref.replace(/^lex:/, '')
  const [nsid, name = 'main'] = bare.startsWith('#') ? [doc.id, bare.slice(1)] : bare.split('#')
  if (!nsid?.startsWith('app.framewright.')) return undefined
  return lexiconDoc(nsid)?.defs[name] as SchemaNode | undefined
}

function mimeMatches(pattern: string, mime: string): boolean {
  if (pattern === '*/*') return true
  if (pattern.endsWith('/*')) return mime.startsWith(pattern.slice(0, -1))
  return pattern === mime
}
