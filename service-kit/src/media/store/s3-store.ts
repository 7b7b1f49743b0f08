import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { S3Client } from '@aws-sdk/client-s3'
import { ConfigError, UpstreamError } from '../../errors'
import { checkMediaKey, checkRange, MediaNotFoundError, MediaRangeError, type ByteRange, type MediaStat, type MediaStore } from './media-store'
import { ScratchCache } from './scratch-cache'

export interface S3MediaStoreOptions {
  bucket: string
  region: string
  /** An S3-compatible service's URL (MinIO, R2, B2, …); AWS itself when unset. */
  endpoint?: string
  /** Prepended to every key (`<prefix>/<key>`), so one bucket can hold several deployments. */
  prefix?: string
  /** Bucket in the path rather than the host name, as most self-hosted S3-compatible services want. */
  forcePathStyle?: boolean
  /** Local copies for localPath(): their folder and byte budget. */
  scratchDir: string
  scratchMaxBytes: number
  /** Tests pass fixed credentials; otherwise the SDK's standard chain (AWS_ACCESS_KEY_ID, …, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/** Small requests (head, delete) must answer within this; uploads within the longer one. */
type Sdk = typeof import('@aws-sdk/client-s3')

const SMALL_REQUEST_MS = 15_000
const UPLOAD_MS = 300_000

/**
 * Media in an S3-compatible bucket, reachable from every API replica and job runner. Credentials
 * come only from the environment through the SDK's own chain; they are never in our config or logs.
 */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const
  /** The SDK takes over half a second to load: only a process that uses S3 pays for it. */
  private sdk?: Promise<{ s3: Sdk; client: S3Client }>
  private readonly scratch: ScratchCache
  private readonly prefix: string
  private closed = false

  constructor(private readonly opts: S3MediaStoreOptions) {
    this.prefix = opts.prefix ? `${opts.prefix.replace(/^\/+|\/+$/g, '')}/` : ''
    this.scratch = new ScratchCache(opts.scratchDir, opts.scratchMaxBytes)
  }

  private connect(): Promise<{ s3: Sdk; client: S3Client }> {
    this.sdk ??= import('@aws-sdk/client-s3').then((s3) => ({
      s3,
      client: new s3.S3Client({
        region: this.opts.region,
        endpoint: this.opts.endpoint,
        forcePathStyle: this.opts.forcePathStyle,
        credentials: this.opts.credentials,
        // Checksums only where the API requires them: many S3-compatible services reject the
        // streaming-trailer uploads the SDK sends by default since early 2025.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 5_000, socketTimeout: 30_000 },
      }),
    }))
    return this.sdk
  }

  async put(key: string, file: string, contentType: string): Promise<void> {
    checkMediaKey(key)
    const { size } = await stat(file)
    const { s3, client } = await this.connect()
    await this.send('put', key, () =>
      client.send(
        new s3.PutObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key), Body: createReadStream(file), ContentLength: size, ContentType: contentType }),
        { abortSignal: AbortSignal.timeout(UPLOAD_MS) },
      ),
    )
    // A new version of the object makes any local copy stale.
    await this.scratch.drop(key)
  }

  async stat(key: string): Promise<MediaStat | undefined> {
    const objectKey = this.objectKey(key)
    const { s3, client } = await this.connect()
    try {
      const head = await client.send(new s3.HeadObjectCommand({ Bucket: this.opts.bucket, Key: objectKey }), {
        abortSignal: AbortSignal.timeout(SMALL_REQUEST_MS),
      })
      return { size: head.ContentLength ?? 0, contentType: head.ContentType }
    } catch (err) {
      if (statusOf(err) === 404) return undefined
      throw wrap('stat', key, err)
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    // The range is checked before it goes out: S3 ignores some malformed ranges and sends everything.
    if (range) checkRange(key, Number.MAX_SAFE_INTEGER, range)
    const objectKey = this.objectKey(key)
    const { s3, client } = await this.connect()
    try {
      const out = await client.send(
        new s3.GetObjectCommand({ Bucket: this.opts.bucket, Key: objectKey, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      )
      if (!(out.Body instanceof Readable)) throw new UpstreamError(`S3 sent no body for ${key}`)
      if (range) {
        const problem = rangeProblem(range, out.ContentRange)
        if (problem) {
          out.Body.destroy()
          throw problem === 'empty' ? new MediaRangeError(key, range) : new UpstreamError(`S3 sent ${problem} for bytes ${range.start}-${range.end} of ${key}`)
        }
      }
      return out.Body
    } catch (err) {
      if (err instanceof MediaRangeError || err instanceof UpstreamError) throw err
      const status = statusOf(err)
      if (status === 404) throw new MediaNotFoundError(key)
      if (status === 416 && range) throw new MediaRangeError(key, range)
      throw wrap('read', key, err)
    }
  }

  async localPath(key: string): Promise<string> {
    checkMediaKey(key)
    return this.scratch.path(key, () => this.read(key))
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key)
    const { s3, client } = await this.connect()
    await this.send('delete', key, () =>
      client.send(new s3.DeleteObjectCommand({ Bucket: this.opts.bucket, Key: objectKey }), { abortSignal: AbortSignal.timeout(SMALL_REQUEST_MS) }),
    )
    await this.scratch.drop(key)
  }

  async verify(): Promise<void> {
    const { s3, client } = await this.connect()
    try {
      await client.send(new s3.HeadBucketCommand({ Bucket: this.opts.bucket }), { abortSignal: AbortSignal.timeout(SMALL_REQUEST_MS) })
    } catch (err) {
      const status = statusOf(err)
      const where = this.opts.endpoint ?? `AWS region ${this.opts.region}`
      if (status === 404) throw new ConfigError('FRAMEWRIGHT_S3_BUCKET', `there is no bucket "${this.opts.bucket}" at ${where}`)
      if (status === 401 || status === 403) {
        throw new ConfigError('AWS_ACCESS_KEY_ID', `the S3 credentials in the environment are refused for bucket "${this.opts.bucket}" at ${where}`)
      }
      if ((err as { name?: string }).name === 'CredentialsProviderError') {
        throw new ConfigError('AWS_ACCESS_KEY_ID', 'no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or another source the AWS SDK reads)')
      }
      if (status === 301) throw new ConfigError('FRAMEWRIGHT_S3_REGION', `bucket "${this.opts.bucket}" is in another region than ${this.opts.region}`)
      throw wrap('reach the bucket for', this.opts.bucket, err)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.sdk) (await this.sdk).client.destroy()
  }

  private objectKey(key: string): string {
    return this.prefix + checkMediaKey(key)
  }

  private async send(op: string, key: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call()
    } catch (err) {
      throw wrap(op, key, err)
    }
  }
}

/**
 * Whether the bytes sent back are the ones asked for. Some S3-compatible servers answer a range
 * on an empty object with a 206 rather than 416, or read `bytes=0-0` as "from 0 to the end":
 * a player must never get other bytes than the Content-Range we then promise it.
 */
function rangeProblem(asked: ByteRange, contentRange: string | undefined): 'empty' | string | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange ?? '')
  if (!m) return `no usable Content-Range (${contentRange ?? 'none'})`
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (total === 0 || asked.start >= total) return 'empty'
  if (start !== asked.start || end !== Math.min(asked.end, total - 1)) return `bytes ${start}-${end}/${total}`
  return undefined
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode
}

/** S3 failures become UpstreamErrors naming the operation and key (never the credentials). */
function wrap(op: string, key: string, err: unknown): UpstreamError {
  const name = (err as { name?: string } | undefined)?.name
  return new UpstreamError(`media store could not ${op} ${key}: ${err instanceof Error ? err.message : String(err)}`, statusOf(err), name, { cause: err })
}
