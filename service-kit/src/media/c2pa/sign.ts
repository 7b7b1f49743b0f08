/**
 * Signing a video file with a C2PA manifest: the manifest definition (what the file claims about
 * itself) goes through c2pa-rs's builder, which hashes the file, embeds the manifest store and asks
 * us for the claim's COSE signature, made with the operator's credentials.
 */
import { coseSign1Es256 } from './cose'
import { parseC2paCredentials, type C2paCredentials, type C2paCredentialsPem } from './credentials'
import { c2paWasm, MemoryBlob } from './wasm'

/** A C2PA manifest definition in c2pa-rs's JSON shape (claim_generator_info, title, assertions, …). */
export type ManifestDefinition = Record<string, unknown>

/** Signs media with one operator's credentials. */
export class C2paSigner {
  private constructor(private readonly credentials: C2paCredentials) {}

  /** From PEM credentials; throws C2paCredentialsError when they are unusable. */
  static fromPem(pem: C2paCredentialsPem): C2paSigner {
    return new C2paSigner(parseC2paCredentials(pem))
  }

  /** Who signs (the end-entity certificate's subject). */
  get subject(): string {
    return this.credentials.subject
  }

  /** The bytes of `media` (of MIME type `format`) with the manifest embedded and signed. */
  async sign(media: Uint8Array, format: string, manifest: ManifestDefinition): Promise<Uint8Array> {
    const { WasmBuilder } = c2paWasm()
    const { privateKey, chain } = this.credentials
    // Room for the chain, the signature and COSE's framing; what is left over becomes padding.
    const reserveSize = chain.reduce((n, c) => n + c.length + 8, 0) + 1024
    const builder = WasmBuilder.fromJson(JSON.stringify(manifest))
    try {
      const signed = await builder.sign(
        {
          alg: 'es256',
          reserveSize,
          sign: async (claim: Uint8Array) => coseSign1Es256({ claim, privateKey, chain, size: reserveSize }) as Uint8Array<ArrayBuffer>,
        },
        [],
        format,
        new MemoryBlob(media).asBlob(),
      )
      return signed
    } finally {
      builder.free()
    }
  }
}
