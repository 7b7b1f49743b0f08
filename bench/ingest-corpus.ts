/**
 * What each service should hold after replaying a corpus (bench/ingest.ts), computed from the
 * corpus itself with the services' own rules: our records validated with our lexicons, Bluesky
 * posts kept when they embed a video, follows kept when their author is a participant (and, at the
 * appview, follows of a member it notifies: a video's creator or someone depicted). Also, for
 * any seq, the video posts a service must hold once its cursor is there (the cursor rule check).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FRAMEWRIGHT_RECORDS, validateRecord } from '@framewright/lexicons'
import { BlockMap, decodeFrame, toLexRecord } from '@framewright/service-kit'
import { decode } from '@atcute/cbor'

const VIDEO = FRAMEWRIGHT_RECORDS.videoPost
const POST = 'app.bsky.feed.post'
const FOLLOW = 'app.bsky.graph.follow'

export interface Expected {
  events: number
  /** Video posts that exist (valid) at the end. */
  videos: Set<string>
  depictions: number
  /** Bluesky posts embedding a video, at the end (the labeler's table). */
  videoPosts: Set<string>
  /** Follows each service keeps (author a participant when the follow was made). */
  follows: { feedgen: number; labeler: number; appview: number }
  /** Every video post create or delete, in seq order: for "what must exist at cursor C". */
  videoTimeline: { seq: number; uri: string; exists: boolean }[]
  /** Video posts in the corpus whatever their validity, at the end (what a bare consumer stores). */
  allVideos: Set<string>
}

/** Reads the corpus (frames.bin and records.tsv) and works out what each service should hold. */
export function expectedFromCorpus(corpusDir: string): Expected {
  const buf = readFileSync(join(corpusDir, 'frames.bin'))
  const videos = new Map<string, number>() // uri → depiction count, for valid videos that exist
  const allVideos = new Set<string>()
  const videoPosts = new Set<string>()
  const videoTimeline: Expected['videoTimeline'] = []
  const grantHolders = new Set<string>()
  const viewers = new Set<string>()
  /** The appview's members: creators and depicted people of the videos seen so far. */
  const members = new Set<string>()
  const follows = { feedgen: new Set<string>(), labeler: new Set<string>(), appview: new Set<string>() }
  let events = 0
  for (let p = 4; p < buf.length; ) {
    const len = buf.readUInt32BE(p)
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset + p + 4, len)
    p += 4 + len
    events++
    const frame = decodeFrame(bytes)
    if (frame.t !== 'commit') continue
    let blocks: BlockMap | undefined
    for (const op of frame.ops) {
      const [collection] = op.path.split('/')
      const uri = `at://${frame.repo}/${op.path}`
      const record = () => {
        blocks ??= new BlockMap(frame.blocks)
        return decode(blocks.peek(op.cid!)!)
      }
      if (collection === VIDEO) {
        if (op.action === 'delete') {
          videos.delete(uri)
          allVideos.delete(uri)
          videoTimeline.push({ seq: frame.seq, uri, exists: false })
          continue
        }
        allVideos.add(uri)
        members.add(frame.repo)
        try {
          const valid = validateRecord(VIDEO, toLexRecord(record()))
          for (const d of valid.depicts ?? []) members.add(d.subject)
          videos.set(uri, new Set((valid.depicts ?? []).map((d) => d.subject)).size)
          videoTimeline.push({ seq: frame.seq, uri, exists: true })
        } catch {
          videos.delete(uri)
          videoTimeline.push({ seq: frame.seq, uri, exists: false })
        }
      } else if (collection === POST) {
        if (op.action === 'delete') videoPosts.delete(uri)
        else if (embedsVideo(record())) videoPosts.add(uri)
        else videoPosts.delete(uri)
      } else if (collection === FRAMEWRIGHT_RECORDS.likenessGrant && op.action !== 'delete') {
        grantHolders.add(frame.repo)
      } else if (collection === FRAMEWRIGHT_RECORDS.feedPrefs && op.action !== 'delete') {
        viewers.add(frame.repo)
      } else if (collection === FOLLOW) {
        const subject = op.action === 'delete' ? undefined : (record() as { subject?: unknown }).subject
        const ofMember = typeof subject === 'string' && subject !== frame.repo && members.has(subject)
        const keep = { feedgen: grantHolders.has(frame.repo) || viewers.has(frame.repo), labeler: grantHolders.has(frame.repo), appview: grantHolders.has(frame.repo) || ofMember }
        for (const service of ['feedgen', 'labeler', 'appview'] as const) {
          if (op.action === 'delete') follows[service].delete(uri)
          else if (keep[service]) follows[service].add(uri)
        }
      }
    }
  }
  return {
    events,
    videos: new Set(videos.keys()),
    depictions: [...videos.values()].reduce((a, b) => a + b, 0),
    videoPosts,
    follows: { feedgen: follows.feedgen.size, labeler: follows.labeler.size, appview: follows.appview.size },
    videoTimeline,
    allVideos,
  }
}

/** Whether a decoded post embeds a video blob (directly, or as a recordWithMedia's media). */
function embedsVideo(record: unknown): boolean {
  const embed = (record as { embed?: { $type?: string; video?: unknown; media?: { $type?: string; video?: unknown } } }).embed
  if (embed?.$type === 'app.bsky.embed.video') return isBlob(embed.video)
  if (embed?.$type === 'app.bsky.embed.recordWithMedia' && embed.media?.$type === 'app.bsky.embed.video') return isBlob(embed.media.video)
  return false
}

function isBlob(value: unknown): boolean {
  return (value as { $type?: string })?.$type === 'blob'
}

/** The video posts a service must hold once its cursor is at `cursor`. */
export function videosAt(timeline: Expected['videoTimeline'], cursor: number): Set<string> {
  const held = new Set<string>()
  for (const e of timeline) {
    if (e.seq > cursor) break
    if (e.exists) held.add(e.uri)
    else held.delete(e.uri)
  }
  return held
}
