import type { ObjectInfo, ObjectStore } from '@surv/pipeline';

/** An in-memory ObjectStore for unit tests; `failOn` makes puts of matching keys fail. */
export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();
  puts = 0;
  failOn: (key: string) => boolean = () => false;

  async putObject(key: string, body: Uint8Array | string): Promise<void> {
    this.puts++;
    if (this.failOn(key)) throw new Error(`injected failure for ${key}`);
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }

  async getObject(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key);
  }

  async *listObjects(prefix: string): AsyncIterable<ObjectInfo> {
    for (const key of [...this.objects.keys()].sort()) if (key.startsWith(prefix)) yield { key, size: this.objects.get(key)!.length };
  }

  text(key: string): string {
    return new TextDecoder().decode(this.objects.get(key));
  }

  keys(prefix = ''): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}
