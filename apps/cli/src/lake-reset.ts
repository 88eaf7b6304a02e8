import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LAKE_PREFIXES } from '@surv/domain';
import { CliError } from './errors';
import { ensureLake } from './lake-dir';

/** Top-level entries a surv lake may hold: the layer folders, the catalog and the report page. */
const LAKE_ENTRIES = new Set([...Object.values(LAKE_PREFIXES).map((p) => p.split('/')[0]!), 'catalog.json']);

/** True for names the CLI or the runtime leave at a lake's root (temporary files included). */
const isLakeEntry = (name: string): boolean => LAKE_ENTRIES.has(name) || /^catalog\.json\.tmp-\d+$/.test(name);

/**
 * Empties a lake folder for a fresh run (creating it when missing). Refuses a folder holding anything
 * a surv lake does not, so a mistyped `--lake ~` never deletes someone's files.
 */
export const resetLake = async (lake: string, command: string): Promise<void> => {
  const entries = await readdir(lake).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw new CliError('CLI_INPUT_REJECTED', `cannot use '${lake}' as a lake: ${e.message}`, { hint: `surv ${command} --lake <new folder>`, cause: e });
  });
  const foreign = entries.filter((n) => !isLakeEntry(n));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', ...' : '');
    throw new CliError('CLI_INPUT_REJECTED', `'${lake}' holds files that are not a surv lake (${shown}); refusing to clear it`, {
      hint: `surv ${command} --lake <new folder>`,
    });
  }
  for (const name of entries) await rm(join(lake, name), { recursive: true, force: true });
  await ensureLake(lake, command);
};
