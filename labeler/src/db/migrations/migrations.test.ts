import { describeMigrations } from '@framewright/service-kit/testing'
import { migrations } from './index'

/** Tables this service reads and writes. */
const TABLES = ['label', 'label_explanation', 'report', 'bsky_video_post', 'known_fingerprint', 'known_copy_match', 'face_template', 'found_depiction', 'c2pa_fact', 'video', 'depiction', 'likeness_grant', 'follow', 'actor', 'participant', 'dead_letter', 'repo_state', 'ingest_cursor']

describeMigrations('labeler', migrations, TABLES)
