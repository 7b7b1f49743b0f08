import type { VideoProvider } from './provider'

/** The providers this appview offers, by id. */
export class ProviderRegistry {
  private readonly byId = new Map<string, VideoProvider>()

  constructor(providers: VideoProvider[]) {
    for (const p of providers) this.byId.set(p.id, p)
  }

  get(id: string): VideoProvider | undefined {
    return this.byId.get(id)
  }

  list(): VideoProvider[] {
    return [...this.byId.values()]
  }
}
