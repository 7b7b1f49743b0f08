/** Where the client keeps small bits of state between visits; localStorage in the browser. */
export interface KeyValueStore {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

/** The browser's localStorage, or memory when it is unavailable (private mode, tests). */
export function browserStore(): KeyValueStore {
  try {
    const ls = globalThis.localStorage
    const probe = '__framewright_probe__'
    ls.setItem(probe, '1')
    ls.removeItem(probe)
    return {
      get: (k) => ls.getItem(k),
      set: (k, v) => ls.setItem(k, v),
      remove: (k) => ls.removeItem(k),
    }
  } catch {
    return memoryStore()
  }
}

/** A store that forgets everything when the page closes. */
export function memoryStore(initial: Record<string, string> = {}): KeyValueStore {
  const map = new Map(Object.entries(initial))
  return {
    get: (k) => map.get(k) ?? null,
    set: (k, v) => void map.set(k, v),
    remove: (k) => void map.delete(k),
  }
}

/** Reads a JSON value, falling back when it is absent or unreadable (e.g. written by an older version). */
export function readJson<T>(store: KeyValueStore, key: string, fallback: T, isValid: (v: unknown) => v is T): T {
  const raw = store.get(key)
  if (raw === null) return fallback
  try {
    const parsed: unknown = JSON.parse(raw)
    return isValid(parsed) ? parsed : fallback
  } catch {
    return fallback
  }
}

/** Writes a JSON value. */
export function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  store.set(key, JSON.stringify(value))
}
