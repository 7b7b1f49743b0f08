import { FeedGenerator, configFromEnv } from './index'

const feedgen = await FeedGenerator.create(configFromEnv())
await feedgen.start()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void feedgen.destroy().then(() => process.exit(0)))
}
