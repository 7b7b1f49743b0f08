import { describeMigrations } from '@framewright/service-kit/testing'
import { migrations } from './index'

/** Tables this service reads and writes (each engine adds its own search tables, see search/). */
const TABLES = ['feed_generator', 'labeler_service', 'label', 'actor_handle', 'generation_job', 'generation_quota', 'grant_holder_name', 'comment', 'post_like', 'notification', 'notification_seen', 'video_media', 'video', 'depiction', 'likeness_grant', 'follow', 'actor', 'participant', 'dead_letter', 'repo_state', 'ingest_cursor']

describeMigrations('appview', migrations, TABLES)
