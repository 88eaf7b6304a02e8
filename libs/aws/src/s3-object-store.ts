import {
  GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type PutObjectCommandInput, type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectInfo, ObjectStore, PutObjectOptions } from '@surv/pipeline';
import { AwsAdapterError, describeError, type FailedObjectKey } from './errors';

const MIB = 1024 * 1024;

export interface S3ObjectStoreOptions {
  /** The S3 client, built with `awsClientConfig({ service: 's3' })` (path style on emulators). */
  readonly client: S3Client;
  /** The lake bucket. */
  readonly bucket: string;
  /** KMS key (id, ARN or alias) for SSE-KMS; absent means the bucket's default KMS key. @default undefined */
  readonly kmsKeyId?: string;
  /** S3 Bucket Keys cut KMS requests (and cost) per object. @default true */
  readonly bucketKeyEnabled?: boolean;
  /** Bodies of this many bytes or more go up as a multipart upload. @default 8 MiB */
  readonly multipartThreshold?: number;
  /** Part size of multipart uploads, at least 5 MiB (the S3 minimum). @default 8 MiB */
  readonly partSize?: number;
  /** Parts uploaded in parallel per multipart upload. @default 4 */
  readonly partConcurrency?: number;
  /** Objects written in parallel by `putObjects`. @default 8 */
  readonly putConcurrency?: number;
  /** Keys per ListObjectsV2 page, 1..1000. @default 1000 */
  readonly listPageSize?: number;
}

/** One object for `putObjects`. */
export interface ObjectEntry {
  readonly key: string;
  readonly body: Uint8Array | string;
  readonly contentType?: string;
}

const encoder = new TextEncoder();
const MAX_KEY_BYTES = 1024;

/** S3 rejects or mangles these; the lake-key helpers of `@surv/domain` never produce them. */
const checkKey = (key: string): void => {
  const bytes = encoder.encode(key).length;
  if (bytes === 0 || bytes > MAX_KEY_BYTES) throw new AwsAdapterError('AWS_INVALID_OPTIONS', `object key must be 1..1024 bytes, got ${bytes}`);
  if (key.startsWith('/')) throw new AwsAdapterError('AWS_INVALID_OPTIONS', `object key '${key}' must not start with '/'`);
};

const isMissing = (e: unknown): boolean => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
};

/**
 * `ObjectStore` on S3. Every write asks for SSE-KMS (with the configured key and Bucket Keys), so objects
 * are encrypted even where the bucket default is missing; large bodies go up as multipart uploads, which
 * S3 makes visible only on completion (readers see the old object or the new one, never a part).
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly kmsKeyId: string | undefined;
  private readonly bucketKeyEnabled: boolean;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly partConcurrency: number;
  private readonly putConcurrency: number;
  private readonly listPageSize: number;

  constructor(options: S3ObjectStoreOptions) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `'${options.bucket}' is not a valid S3 bucket name`);
    }
    this.client = options.client;
    this.bucket = options.bucket;
    this.kmsKeyId = options.kmsKeyId;
    this.bucketKeyEnabled = options.bucketKeyEnabled ?? true;
    this.multipartThreshold = options.multipartThreshold ?? 8 * MIB;
    this.partSize = options.partSize ?? 8 * MIB;
    this.partConcurrency = options.partConcurrency ?? 4;
    this.putConcurrency = options.putConcurrency ?? 8;
    this.listPageSize = options.listPageSize ?? 1000;
    if (!(this.partSize >= 5 * MIB)) throw new AwsAdapterError('AWS_INVALID_OPTIONS', `partSize must be >= 5 MiB, got ${this.partSize}`);
    if (!(this.multipartThreshold >= this.partSize)) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `multipartThreshold (${this.multipartThreshold}) must be >= partSize (${this.partSize})`);
    }
    for (const [name, v, max] of [['partConcurrency', this.partConcurrency, 64], ['putConcurrency', this.putConcurrency, 256], ['listPageSize', this.listPageSize, 1000]] as const) {
      if (!Number.isInteger(v) || v < 1 || v > max) throw new AwsAdapterError('AWS_INVALID_OPTIONS', `${name} must be an integer 1..${max}, got ${v}`);
    }
  }

  async putObject(key: string, body: Uint8Array | string, options: PutObjectOptions = {}): Promise<void> {
    checkKey(key);
    const bytes = typeof body === 'string' ? encoder.encode(body) : body;
    const params: PutObjectCommandInput = {
      Bucket: this.bucket,
      Key: key,
      Body: bytes,
      ContentType: options.contentType ?? 'application/octet-stream',
      ServerSideEncryption: 'aws:kms',
      BucketKeyEnabled: this.bucketKeyEnabled,
      ...(this.kmsKeyId !== undefined ? { SSEKMSKeyId: this.kmsKeyId } : {}),
    };
    try {
      if (bytes.length >= this.multipartThreshold) {
        const upload = new Upload({
          client: this.client, params, partSize: this.partSize, queueSize: this.partConcurrency, leavePartsOnError: false,
        });
        await upload.done();
      } else {
        await this.client.send(new PutObjectCommand({ ...params, ContentLength: bytes.length }));
      }
    } catch (cause) {
      const { errorCode, errorMessage } = describeError(cause);
      throw new AwsAdapterError('S3_PUT_FAILED', `put s3://${this.bucket}/${key} failed: ${errorCode}: ${errorMessage}`, {
        cause, details: { failedKeys: [{ key, errorCode, errorMessage }] },
      });
    }
  }

  /**
   * Writes many objects concurrently. Every object that can be written is; if some fail, throws
   * `S3_PUT_FAILED` whose `details.failedKeys` names exactly those keys (the others are stored).
   */
  async putObjects(entries: readonly ObjectEntry[]): Promise<void> {
    for (const e of entries) checkKey(e.key);
    const failedKeys: FailedObjectKey[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const entry = entries[next++] as ObjectEntry;
        try {
          await this.putObject(entry.key, entry.body, entry.contentType !== undefined ? { contentType: entry.contentType } : {});
        } catch (e) {
          const failed = e instanceof AwsAdapterError ? e.details.failedKeys?.[0] : undefined;
          failedKeys.push(failed ?? { key: entry.key, ...describeError(e) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.putConcurrency, entries.length) }, worker));
    if (failedKeys.length > 0) {
      failedKeys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      throw new AwsAdapterError(
        'S3_PUT_FAILED',
        `${failedKeys.length} of ${entries.length} objects were not written to s3://${this.bucket}: ${failedKeys.slice(0, 5).map((f) => f.key).join(', ')}${failedKeys.length > 5 ? ', ...' : ''}`,
        { details: { failedKeys } },
      );
    }
  }

  async getObject(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (res.Body === undefined) return new Uint8Array(0);
      return await res.Body.transformToByteArray();
    } catch (cause) {
      if (isMissing(cause)) return undefined;
      const { errorCode, errorMessage } = describeError(cause);
      throw new AwsAdapterError('S3_GET_FAILED', `get s3://${this.bucket}/${key} failed: ${errorCode}: ${errorMessage}`, { cause });
    }
  }

  async *listObjects(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({
          Bucket: this.bucket, Prefix: prefix, MaxKeys: this.listPageSize, ...(token !== undefined ? { ContinuationToken: token } : {}),
        }));
      } catch (cause) {
        const { errorCode, errorMessage } = describeError(cause);
        throw new AwsAdapterError('S3_LIST_FAILED', `list s3://${this.bucket}/${prefix} failed: ${errorCode}: ${errorMessage}`, { cause });
      }
      for (const o of page.Contents ?? []) {
        if (o.Key !== undefined) yield { key: o.Key, size: o.Size ?? 0 };
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}
