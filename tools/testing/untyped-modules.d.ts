// kinesalite and s3rver ship no type declarations; the tests use a small, known part of each.
declare module 'kinesalite' {
  import type { Server } from 'node:http';
  interface KinesaliteOptions { createStreamMs?: number; deleteStreamMs?: number; updateStreamMs?: number; shardLimit?: number; path?: string }
  const kinesalite: (options?: KinesaliteOptions) => Server;
  export default kinesalite;
}

declare module 's3rver' {
  interface S3rverOptions {
    port?: number; address?: string; silent?: boolean; directory: string; resetOnClose?: boolean;
    configureBuckets?: { name: string; configs?: unknown[] }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
