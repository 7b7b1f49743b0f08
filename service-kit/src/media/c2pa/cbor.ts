/**
 * The few CBOR items a COSE_Sign1 needs (RFC 8949): unsigned and negative integers, byte and text
 * strings, arrays, maps with integer or text keys, tags and null. DAG-CBOR encoders (the ones the
 * atproto code uses) only allow text keys, and COSE headers are keyed by integers.
 */

export type CborValue = number | string | Uint8Array | null | CborValue[] | CborMap | CborTag
export type CborMap = Map<number | string, CborValue>

export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

/** Encodes a value; maps keep their insertion order (COSE only needs that to be stable). */
export function encodeCbor(value: CborValue): Uint8Array {
  const parts: Uint8Array[] = []
  write(value, parts)
  return Buffer.concat(parts)
}

function write(value: CborValue, out: Uint8Array[]): void {
  if (value === null) {
    out.push(Uint8Array.of(0xf6))
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`CBOR here takes integers only, got ${value}`)
    if (value >= 0) head(0, value, out)
    else head(1, -1 - value, out)
  } else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    head(3, bytes.length, out)
    out.push(bytes)
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out)
    out.push(value)
  } else if (Array.isArray(value)) {
    head(4, value.length, out)
    for (const item of value) write(item, out)
  } else if (value instanceof Map) {
    head(5, value.size, out)
    for (const [k, v] of value) {
      write(k, out)
      write(v, out)
    }
  } else {
    head(6, value.tag, out)
    write(value.value, out)
  }
}

/** The initial byte(s): major type and argument, in the shortest form. */
function head(major: number, arg: number, out: Uint8Array[]): void {
  const m = major << 5
  if (arg < 24) out.push(Uint8Array.of(m | arg))
  else if (arg < 0x100) out.push(Uint8Array.of(m | 24, arg))
  else if (arg < 0x10000) out.push(Uint8Array.of(m | 25, arg >> 8, arg & 0xff))
  else if (arg < 0x100000000) {
    const b = Buffer.alloc(5)
    b[0] = m | 26
    b.writeUInt32BE(arg, 1)
    out.push(b)
  } else {
    const b = Buffer.alloc(9)
    b[0] = m | 27
    b.writeBigUInt64BE(BigInt(arg), 1)
    out.push(b)
  }
}
