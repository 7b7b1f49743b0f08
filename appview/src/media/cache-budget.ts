import { createMediaStore, LocalMediaStore, LruFiles, type Logger, type MediaStat, type MediaStore, type MediaStoreConfig } from '@framewright/service-kit'
import { CACHED_MEDIA_FOLDERS } from './keys'

/**
 * The local media folder with a byte budget on what is only a cache: blobs copied from PDSes and
 * the thumbnails made from them (both can be made again). Every look-up of one counts as a use,
 * and storing one past the budget deletes the least recently used (LruFiles, which also reads the
 * folder back at start). Drafts are not a cache: they expire by age instead (DraftExpiry).
 */
export class BudgetedLocalMediaStore extends LocalMediaStore {
  readonly cache: LruFiles

  constructor(root: string, maxBytes: number, logger?: Logger) {
    super(root)
    this.cache = new LruFiles({ root, folders: [...CACHED_MEDIA_FOLDERS], maxBytes, logger })
  }

  override async put(key: string, file: string, contentType: string): Promise<void> {
    await super.put(key, file, contentType)
    if (!isCached(key)) return
    const stored = await super.stat(key)
    if (stored) await this.cache.add(key, stored.size)
  }

  // read() and localPath() look the key up through stat(), so every use of a cached object passes here.
  override async stat(key: string): Promise<MediaStat | undefined> {
    const stored = await super.stat(key)
    if (stored && isCached(key)) await this.cache.touch(key)
    return stored
  }

  override async delete(key: string): Promise<void> {
    await super.delete(key)
    if (isCached(key)) this.cache.forget(key)
  }

  /** Makes the folder and counts what an earlier run left in it, trimming it to the budget. */
  override async verify(): Promise<void> {
    await super.verify()
    await this.cache.start()
  }
}

function isCached(key: string): boolean {
  return CACHED_MEDIA_FOLDERS.some((folder) => key.startsWith(`${folder}/`))
}

/**
 * The appview's media store: the local folder under a cache budget, or the bucket (whose own
 * lifecycle rules bound it; this machine's scratch copies of it have their own budget).
 */
export function createAppviewMediaStore(cfg: MediaStoreConfig, mediaDir: string, cacheMaxBytes: number, logger?: Logger): MediaStore {
  if (cfg.kind === 'local') return new BudgetedLocalMediaStore(mediaDir, cacheMaxBytes, logger)
  return createMediaStore(cfg, mediaDir)
}
