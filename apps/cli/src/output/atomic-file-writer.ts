import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { makeDirectory } from '@surv/local-runtime';
import { CliError } from '../errors';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A file being written under a temporary name; readers see it only after `commit`. */
export interface AtomicFileWriter {
  /** Appends text; resolves once the stream can take more (backpressure). */
  write(text: string): Promise<void>;
  /** Flushes, then renames the temporary file over the target. */
  commit(): Promise<void>;
  /** Drops the temporary file: nothing half-written is left behind. */
  abort(): Promise<void>;
  /** The final path. */
  readonly path: string;
}

const closeStream = (stream: WriteStream): Promise<void> =>
  new Promise((resolvePromise, reject) => {
    stream.once('error', reject);
    stream.end(() => resolvePromise());
  });

/**
 * Opens `path` for writing through a temporary sibling (same folder, so the rename is atomic):
 * a crash or Ctrl-C leaves either the old file or the complete new one.
 */
export const openAtomicFile = async (path: string): Promise<AtomicFileWriter> => {
  // Refuse a folder now rather than after a long run, when the final rename would fail.
  if ((await stat(path).catch(() => undefined))?.isDirectory()) {
    throw new CliError('CLI_INPUT_REJECTED', `'${path}' is a folder; give a file name to write`, { hint: 'surv scan --help' });
  }
  await makeDirectory(dirname(path)).catch((e: Error) => {
    throw new CliError('CLI_INPUT_REJECTED', `cannot write '${path}': ${e.message}`, { hint: 'surv scan --alerts <file in a folder you can write>', cause: e });
  });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const stream = createWriteStream(temp, { flags: 'wx' });
  let failure: Error | undefined;
  stream.on('error', (e) => {
    failure = e;
  });
  await new Promise<void>((ok, fail) => {
    stream.once('open', () => ok());
    stream.once('error', fail);
  });
  let done = false;
  return {
    path,
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await new Promise<void>((ok) => stream.once('drain', ok));
    },
    async commit() {
      if (done) return;
      done = true;
      if (failure) throw failure;
      await closeStream(stream);
      await rename(temp, path);
    },
    async abort() {
      if (done) return;
      done = true;
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
};
