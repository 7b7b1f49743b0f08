import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** A sealed template could not be opened: another key sealed it, or it was altered. */
export class SealedTemplateError extends Error {
  override name = 'SealedTemplateError'
}

const IV_BYTES = 12
const TAG_BYTES = 16
const VERSION = 1

/**
 * Seals face descriptors with AES-256-GCM under the labeler's template key, so that a copy of
 * the database alone (a backup, a leaked file) holds no usable face data. Each template gets its
 * own random nonce; the owner's DID is bound in as associated data, so a sealed template moved to
 * another person's row does not open.
 */
export class TemplateSealer {
  private readonly key: Buffer

  constructor(keyHex: string) {
    if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) throw new RangeError('a template key is 32 bytes of hex')
    this.key = Buffer.from(keyHex, 'hex')
  }

  /** version (1 byte) | nonce (12) | tag (16) | ciphertext of the float32 descriptor. */
  seal(did: string, descriptor: Float32Array): Uint8Array {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(did, 'utf8'))
    const plain = Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength)
    const body = Buffer.concat([cipher.update(plain), cipher.final()])
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body])
  }

  open(did: string, sealed: Uint8Array): Float32Array {
    const buf = Buffer.from(sealed)
    if (buf.length < 1 + IV_BYTES + TAG_BYTES || buf[0] !== VERSION) throw new SealedTemplateError('not a sealed template')
    const iv = buf.subarray(1, 1 + IV_BYTES)
    const tag = buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES)
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv)
    decipher.setAAD(Buffer.from(did, 'utf8'))
    decipher.setAuthTag(tag)
    let plain: Buffer
    try {
      plain = Buffer.concat([decipher.update(buf.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()])
    } catch (err) {
      throw new SealedTemplateError('the template does not open with this key', { cause: err })
    }
    if (plain.length % 4 !== 0) throw new SealedTemplateError('a template is a whole number of float32s')
    // Copied: Buffer pools are not 4-byte aligned.
    return new Float32Array(new Uint8Array(plain).buffer)
  }
}
