import { lexToJson } from '@atproto/lexicon'
import type { Kysely } from 'kysely'
import { BSKY_RECORDS } from '@framewright/lexicons'
import {
  UnprocessableEventError,
  validBsky,
  createVideoGraphIngester,
  type Database,
  type FirehoseEvent,
  type FirehoseIngester,
  type IngestSource,
  type VideoGraph,
} from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import { upsertGeneratorRecord } from '../feeds/generator-records'
import { GrantHolderNames } from '../likeness/grant-holder-names'
import { SocialIndexer } from '../social/indexer'
import { ACTORS, NOT_A_REPLY, PEOPLE, type SocialMembers } from '../social/members'
import type { VideoMedia } from '../media/video-media'

const GENERATOR = BSKY_RECORDS.generator
const LABELER_SERVICE = BSKY_RECORDS.labelerService

/**
 * The appview's ingestion: the video graph (videos, grants, reviews, follows) plus the records
 * that tell us which feeds and labelers exist. Hydration reads consent at request time, so graph
 * changes need no follow-up work here, except that grant holders' display names (which prompts can
 * name them by) follow their grants and profiles.
 */
export function createAppviewIngester(
  opts: IngestSource & { db: Database<AppviewSchema>; graph: VideoGraph; names?: GrantHolderNames; social?: SocialMembers; media?: VideoMedia },
): FirehoseIngester {
  const { names, social, media } = opts
  const socialIndexer = social && new SocialIndexer(social)
  return createVideoGraphIngester({
    ...opts,
    db: opts.db.db,
    reads: opts.db.reads(),
    extraCollections: [GENERATOR, LABELER_SERVICE, ...(names ? [GrantHolderNames.collection] : []), ...(social ? SocialIndexer.collections : [])],
    // Of the network's profiles, only grant holders' are read: the rest are dropped before verification.
    // Of its replies and likes, only those about our members' posts.
    keep: (op) => {
      // Judged in stream order: a video passing here counts its people for the follows after it.
      social?.noteVideo(op)
      if (op.collection === GrantHolderNames.collection) return !!names?.keeps(op)
      if (SocialIndexer.collections.includes(op.collection)) return !!social?.keepsInteraction(op)
      return true
    },
    // Most replies and likes are dropped on their raw record as they arrive, never queued; of the
    // rest, those the arrival could not judge are judged on it again with their batch, undecoded.
    // Posts that are not replies need nothing of the appview's state to drop: dropped as they arrive,
    // on the firehose's own thread.
    arrivalDrops: social ? [NOT_A_REPLY] : [],
    dropOnArrival: social && ((op, record) => social.dropOnArrival(op, record)),
    // The same, judged on the arrival thread (when there is one) with the sets it reads.
    arrivalSets: social && (names ? names.mirrorTo(social.arrival) : social.arrival),
    followSubjects: social && PEOPLE,
    followActors: social && ACTORS,
    keepRaw: social && ((op, record) => social.mayKeepInteraction(op, record)),
    keepFollow: social && ((op) => social.keepsFollow(op)),
    keepFollowRaw: social && ((op, record) => social.mayKeepFollow(op, record)),
    dropFollowOnArrival: social && ((op, record) => social.dropFollowOnArrival(op, record)),
    // A re-synced repo that no longer has a comment or like takes it out of the index.
    heldRecords: social && ((tx, did) => SocialIndexer.heldRecords(tx, did)),
    mayKeep: (collection, did) => (collection === GrantHolderNames.collection ? !!names?.mayKeep(did) : true),
    batch: () => {
      const socialBatch = socialIndexer?.batch()
      return {
        onEvent: async (evt, tx) => {
          await indexDiscoveryRecord(tx, evt)
          await names?.onProfileEvent(evt, tx)
          await socialBatch?.onEvent(evt, tx)
        },
        // A grant holder's display name is what a prompt can name them by: read again when the grant
        // changes (in the background, once this batch has committed).
        finish: async (changes, tx, written) => {
          for (const change of changes) if (change.kind === 'grant') names?.grantChanged(change.subject)
          await socialBatch?.finish(changes, tx, written)
          // New videos are probed for sound now, in the background, so that no read has to wait for it.
          const created = [...new Set(changes.flatMap((c) => (c.kind === 'video' && !c.deleted ? [c.uri] : [])))]
          if (media && created.length > 0) {
            const after = written ? created.map((uri) => written.after(uri)) : []
            const rows = after.length > 0 && after.every((a) => a !== undefined) ? after.flatMap((a) => (a!.row ? [a!.row] : [])) : await tx.selectFrom('video').select(['creator', 'blobCid']).where('uri', 'in', created).execute()
            for (const r of rows) media.prime(r.creator, r.blobCid)
          }
        },
      }
    },
  })
}

/** Feed generator and labeler service records, and identity changes (which invalidate handles). */
async function indexDiscoveryRecord(db: Kysely<AppviewSchema>, evt: FirehoseEvent): Promise<void> {
  if (evt.event === 'identity') {
    await db.deleteFrom('actor_handle').where('did', '=', evt.did).execute()
    return
  }
  if (evt.event !== 'create' && evt.event !== 'update' && evt.event !== 'delete') return
  const uri = evt.uri.toString()
  if (evt.collection === GENERATOR) {
    if (evt.event === 'delete') {
      await db.deleteFrom('feed_generator').where('uri', '=', uri).execute()
      return
    }
    if (!(await upsertGeneratorRecord(db, { uri, cid: evt.cid.toString(), creator: evt.did }, evt.record))) {
      await db.deleteFrom('feed_generator').where('uri', '=', uri).execute()
      validBsky(GENERATOR, evt.record, uri) // names what is wrong with it
      throw new UnprocessableEventError(`feed generator ${uri} is not valid`)
    }
  } else if (evt.collection === LABELER_SERVICE) {
    if (evt.rkey !== 'self') return
    if (evt.event === 'delete') {
      await db.deleteFrom('labeler_service').where('did', '=', evt.did).execute()
      return
    }
    const { policies } = validBsky(LABELER_SERVICE, evt.record, uri)
    const row = { did: evt.did, cid: evt.cid.toString(), policies: JSON.stringify(lexToJson(policies as never)), indexedAt: new Date().toISOString() }
    await db.insertInto('labeler_service').values(row).onConflict((oc) => oc.column('did').doUpdateSet(row)).execute()
  }
}
