import { Appview, configFromEnv } from './index'

const appview = await Appview.create(configFromEnv())
await appview.start()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void appview.destroy().then(() => process.exit(0)))
}
