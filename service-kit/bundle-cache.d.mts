export declare const CACHE_DIR: URL
export declare function stemOf(entryPath: string): string
export declare function cachedBundle(stem: string): URL | undefined
export declare function saveBundle(stem: string, bundle: { js: string; map?: string; inputs: string[]; startedAt: number }): URL
