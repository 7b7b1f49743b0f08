import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OutboundClient, createLogger, Database, nameWords, namesIn, type FirehoseEvent, type IdResolver } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { GrantHolderNames } from './grant-holder-names'
import { describeEngines } from '@framewright/service-kit/testing'

const HOLDER = 'did:plc:holder'
const STRANGER = 'did:plc:stranger'

function profileEvent(did: string, kind: 'create' | 'update' | 'delete', displayName?: string, rkey = 'self'): FirehoseEvent {
  const base = { seq: 1, time: '', did, rev: '3kaaa', collection: 'app.bsky.actor.profile', rkey, uri: `at://${did}/app.bsky.actor.profile/${rkey}` }
  if (kind === 'delete') return { ...base, event: 'delete' }
  return { ...base, event: kind, cid: 'bafyprofile', record: { $type: 'app.bsky.actor.profile', displayName } }
}

const profileOp = (did: string, rkey = 'self') => ({ did, collection: 'app.bsky.actor.profile', rkey, action: 'update' as const })

describeEngines('grant holder names', (engine) => {
  describe('GrantHolderNames', () => {
    let db: Database<AppviewSchema>
    let names: GrantHolderNames

    beforeEach(async () => {
      db = engine.open<AppviewSchema>(migrations)
      await db.migrateToLatest()
      // No PDS is reachable here: names arrive from profile events only.
      const idResolver = { did: { resolve: async () => null } } as unknown as IdResolver
      names = new GrantHolderNames(db, idResolver, createLogger({ level: 'silent' }), new OutboundClient())
      const now = new Date().toISOString()
      await db.db
        .insertInto('likeness_grant')
        .values({ did: HOLDER, uri: `at://${HOLDER}/app.framewright.likeness.grant/self`, cid: 'bafygrant', audience: 'everyone', approved: '[]', restrictions: null, expiresAt: null, createdAt: now, indexedAt: now })
        .execute()
    })
    afterEach(async () => {
      await names.destroy()
      await db.close()
    })

    const known = async (text: string) => namesIn(text, await names.candidates(nameWords(text))).map((p) => p.did)

    it('keeps the display names of grant holders only, following their profile', async () => {
      await names.onProfileEvent(profileEvent(HOLDER, 'create', 'Carol Ann'))
      await names.onProfileEvent(profileEvent(STRANGER, 'create', 'Carol Ann'))
      await names.onProfileEvent(profileEvent(HOLDER, 'create', 'Someone Else', 'not-self'))
      expect(await known('carol ann by the sea')).toEqual([HOLDER])
      expect(await names.of([HOLDER, STRANGER])).toEqual(new Map([[HOLDER, 'Carol Ann']]))

      await names.onProfileEvent(profileEvent(HOLDER, 'update', '  Carol Ann Byrne '))
      expect(await known('carol ann by the sea')).toEqual([])
      expect(await known('CAROL ANN BYRNE by the sea')).toEqual([HOLDER])

      await names.onProfileEvent(profileEvent(HOLDER, 'delete'))
      expect(await known('carol ann byrne by the sea')).toEqual([])
    })

    it('finds grant holders by the start of their name, in any case', async () => {
      await names.onProfileEvent(profileEvent(HOLDER, 'create', 'Zoë Quill'))
      expect(await names.startingWith('zoë q', 5)).toEqual([{ did: HOLDER, displayName: 'Zoë Quill' }])
      expect(await names.startingWith('ZOE', 5)).toEqual([])
      expect(await names.startingWith('  ', 5)).toEqual([])
    })

    it('forgets a name once its grant is gone', async () => {
      await names.onProfileEvent(profileEvent(HOLDER, 'create', 'Carol Ann'))
      await db.db.deleteFrom('likeness_grant').execute()
      expect(await known('carol ann')).toEqual([])
      names.grantChanged(HOLDER)
      await names.idle()
      expect(await db.db.selectFrom('grant_holder_name').selectAll().execute()).toEqual([])
    })

    it('a name that cannot name anyone is kept but never matched', async () => {
      await names.onProfileEvent(profileEvent(HOLDER, 'create', '🌊'))
      expect(await names.of([HOLDER])).toEqual(new Map([[HOLDER, '🌊']]))
      expect(await known('🌊 waves')).toEqual([])
    })

    it('the firehose keeps only grant holders\' own profile records: those loaded at start, and anyone whose grant arrives', async () => {
      expect(names.keeps(profileOp(HOLDER))).toBe(false) // not loaded yet
      await names.load()
      expect(names.keeps(profileOp(HOLDER))).toBe(true)
      expect(names.keeps(profileOp(HOLDER, 'not-self'))).toBe(false)
      expect(names.keeps(profileOp(STRANGER))).toBe(false)
      names.grantChanged(STRANGER) // a grant of theirs was just indexed
      expect(names.keeps(profileOp(STRANGER))).toBe(true)
      await names.idle()
    })

    it('follows a profile inside an ingestion batch, through its transaction', async () => {
      // SQLite has one connection and the transaction holds it: a read through any other handle would never end.
      await db.db.transaction().execute((tx) => names.onProfileEvent(profileEvent(HOLDER, 'update', 'Carol Ann'), tx))
      expect(await names.of([HOLDER])).toEqual(new Map([[HOLDER, 'Carol Ann']]))
    })
  })
})
