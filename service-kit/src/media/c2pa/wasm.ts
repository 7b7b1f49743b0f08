/**
 * Loads the C2PA reference implementation (c2pa-rs compiled to WebAssembly) once per process, from
 * the npm package itself: nothing is fetched at run time. Node has no native binding for C2PA
 * that installs here (c2pa-node downloads a binary), and the wasm build is the same Rust code.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as c2pa from '@contentauth/c2pa-wasm'

export type C2paWasm = typeof c2pa

let loaded: C2paWasm | undefined

/** The initialised wasm module (compiling its 9 MB takes a moment, so only on first use). */
export function c2paWasm(): C2paWasm {
  if (!loaded) {
    const wasmPath = createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm')
    c2pa.initSync({ module: readFileSync(wasmPath) })
    installFileReaderSync()
    loaded = c2pa
  }
  return loaded
}

// Registered, not private: a process may load this module more than once (vitest loads it once per
// project's global setup), and the FileReaderSync the first copy installs must read the others' blobs.
const BYTES = Symbol.for('framewright.c2pa.memoryBlobBytes')

/**
 * The part of a browser Blob the wasm signer reads its source through (`size`, `slice`, and a
 * synchronous FileReaderSync over it), backed by bytes in memory. Node's own Blob can only be read
 * asynchronously, which the wasm's synchronous reads cannot wait for.
 */
export class MemoryBlob {
  readonly [BYTES]: Uint8Array
  constructor(bytes: Uint8Array) {
    this[BYTES] = bytes
  }

  get size(): number {
    return this[BYTES].length
  }

  slice(start = 0, end = this.size): MemoryBlob {
    return new MemoryBlob(this[BYTES].subarray(start, end))
  }

  /** Typed as a Blob for the wasm bindings, which only ever use the members above. */
  asBlob(): Blob {
    return this as unknown as Blob
  }
}

/** A FileReaderSync that reads MemoryBlobs, installed only where the platform has none (Node). */
function installFileReaderSync(): void {
  const global = globalThis as { FileReaderSync?: unknown }
  if (global.FileReaderSync) return
  global.FileReaderSync = class {
    readAsArrayBuffer(blob: MemoryBlob): ArrayBuffer {
      const bytes = blob[BYTES]
      if (!bytes) throw new TypeError('this FileReaderSync only reads in-memory blobs')
      return bytes.slice().buffer
    }
  }
}
