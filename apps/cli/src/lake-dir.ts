import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { makeDirectory } from '@surv/local-runtime';
import { CliError } from './errors';

/** Where the lake lives when `--lake` is not given, relative to the working directory. */
export const DEFAULT_LAKE = './surv-lake';

/** The absolute lake folder from `--lake` (or the default). */
export const lakePath = (flag: string | boolean | undefined, cwd: string): string => resolve(cwd, typeof flag === 'string' ? flag : DEFAULT_LAKE);

/** Refuses to read a lake that is not there: the user probably wants to create it first. */
export const requireLake = async (lake: string): Promise<void> => {
  const info = await stat(lake).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new CliError('CLI_INPUT_REJECTED', `no lake at '${lake}'`, { hint: 'surv demo --lake DIR' });
  }
};

/** Creates the lake folder when missing, before any work: a lake that cannot exist is refused up front. */
export const ensureLake = async (lake: string, command: string): Promise<void> => {
  await makeDirectory(lake).catch((e: Error) => {
    throw new CliError('CLI_INPUT_REJECTED', `cannot use '${lake}' as a lake: ${e.message}`, { hint: `surv ${command} --lake <new folder>`, cause: e });
  });
};
