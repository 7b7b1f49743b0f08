/**
 * Dead letters, for an operator: the events a service set aside (an invalid record, a bad signature)
 * with their reasons, and replaying them once whatever failed is fixed. A replay marks each letter's
 * repo for re-import and removes the letter; the service's running writer imports those repos (as
 * they are now, verified) within a few seconds, and files again any record that still fails.
 *
 *   npm run dead-letters -- <appview|feedgen|labeler> [list]            the latest 50, newest first
 *   npm run dead-letters -- <appview|feedgen|labeler> replay <id…|--all>
 *
 * The service's database is the one its own settings name (FRAMEWRIGHT_APPVIEW_DB, …, or the file
 * under FRAMEWRIGHT_DATA_DIR that `npm start` uses), or --db FILE|URL.
 */
import { existsSync } from 'node:fs'
import { dbLocationOf as appviewDb, readEnv as appviewEnv } from '@framewright/appview'
import { dbLocationOf as feedgenDb, readEnv as feedgenEnv } from '@framewright/feed-generator'
import { dbLocationOf as labelerDb, readEnv as labelerEnv } from '@framewright/labeler'
import { Database, isPostgresUrl, replayDeadLetters, type IngestSchema } from '@framewright/service-kit'

const SERVICES: Record<string, () => string> = {
  appview: () => appviewDb(appviewEnv()),
  feedgen: () => feedgenDb(feedgenEnv()),
  labeler: () => labelerDb(labelerEnv()),
}

const argv = process.argv.slice(2)
const dbAt = argv.indexOf('--db')
const explicitDb = dbAt >= 0 ? argv.splice(dbAt, 2)[1] : undefined
const [service, command = 'list', ...rest] = argv
if (!service || !SERVICES[service] || !['list', 'replay'].includes(command) || (command === 'replay' && rest.length === 0)) {
  console.error('usage: npm run dead-letters -- <appview|feedgen|labeler> [list | replay <id…|--all>] [--db FILE|URL]')
  process.exit(2)
}
const ids = rest.includes('--all') ? undefined : rest.map(Number)
if (ids?.some((id) => !Number.isInteger(id) || id <= 0)) {
  console.error(`not dead letter ids: ${rest.join(' ')}`)
  process.exit(2)
}

// The service made and migrated its database when it first started; this only reads and marks.
const location = explicitDb ?? SERVICES[service]!()
if (!isPostgresUrl(location) && !existsSync(location)) {
  console.error(`${service}: no database at ${location} (has the service run here? set its _DB setting, FRAMEWRIGHT_DATA_DIR or --db)`)
  process.exit(1)
}
const database = Database.open<IngestSchema>(location, {})
try {
  if (command === 'list') {
    const letters = await database.db
      .selectFrom('dead_letter')
      .select(['id', 'seq', 'did', 'subject', 'reason', 'detail', 'attempts', 'createdAt'])
      .orderBy('id', 'desc')
      .limit(50)
      .execute()
    if (letters.length === 0) console.log(`${service}: no dead letters`)
    for (const l of letters) console.log(`#${l.id} seq ${l.seq ?? '-'} ${l.createdAt} ${l.reason} ×${l.attempts}\n    ${l.subject ?? l.did ?? '(no repo)'}\n    ${l.detail}`)
  } else {
    const done = await replayDeadLetters(database.db, { ids })
    console.log(`${service}: ${done.replayed} dead letter(s) replayed; ${done.repos.length} repo(s) marked for re-import${done.kept > 0 ? `; ${done.kept} name no repo and stay` : ''}`)
    console.log('the running service imports them within seconds: watch app.framewright.ingest.getStatus (resyncsPending, deadLetters)')
  }
} finally {
  await database.close()
}
