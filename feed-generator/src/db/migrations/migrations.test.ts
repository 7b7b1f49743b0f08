import { describeMigrations } from '@framewright/service-kit/testing'
import { migrations } from './index'

/** Tables this service reads and writes (each engine may add its own search tables). */
const TABLES = ['feed_item', 'feed_prefs', 'feed_served', 'feed_interaction', 'video', 'depiction', 'likeness_grant', 'likeness_review', 'follow', 'actor', 'participant', 'dead_letter', 'repo_state', 'ingest_cursor']

describeMigrations('feed-generator', migrations, TABLES)
