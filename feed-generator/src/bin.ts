import { FeedGenerator, configFromEnv } from './index'

const feedgen = await FeedGenerator.create(configFromEnv())
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void feedgen.destroy().then(() => process.exit(0)))
}
// A standby ingest process waits inside start() for the writer lock: it must still stop when told.
await feedgen.start()
