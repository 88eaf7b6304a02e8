import { readFileSync } from 'node:fs';
import { PipelineError } from './errors';

/** One of the surveillance queries shared verbatim by Athena named queries and local DuckDB. */
export interface NamedQuery {
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

/** The names, in report order; each is `queries/<name>.sql` in this package. */
export const NAMED_QUERY_NAMES = [
  'wash_trade_candidates', 'spoofing_candidates', 'high_risk_accounts', 'alert_summary', 'venue_activity',
] as const;
export type NamedQueryName = (typeof NAMED_QUERY_NAMES)[number];

/**
 * Folder holding the `.sql` files. Resolved from this module's URL: `src/` and `dist/` are both
 * one level below the package root, so the same path works from source and from the build.
 */
export const NAMED_QUERIES_DIR: URL = new URL('../queries/', import.meta.url);

/** The leading `--` comment block of a query, joined into one line. */
const descriptionOf = (sql: string): string => {
  const lines: string[] = [];
  for (const line of sql.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('--')) break;
    const text = t.slice(2).trim();
    if (text.startsWith('Tables:')) continue;
    lines.push(text);
  }
  return lines.join(' ');
};

/** Reads the named queries from a folder (default: this package's `queries/`). */
export const loadNamedQueries = (dir: URL | string = NAMED_QUERIES_DIR): readonly NamedQuery[] =>
  NAMED_QUERY_NAMES.map((name) => {
    const url = typeof dir === 'string' ? `${dir.replace(/\/?$/, '/')}${name}.sql` : new URL(`${name}.sql`, dir);
    let sql: string;
    try {
      sql = readFileSync(url, 'utf8');
    } catch (cause) {
      throw new PipelineError('PIPELINE_QUERY_MISSING', `named query file ${String(url)} cannot be read`, { cause });
    }
    return { name, description: descriptionOf(sql), sql: sql.trim().replace(/;\s*$/, '') };
  });

/** The 5 named surveillance queries: name, description (the file's leading comment) and SQL. */
export const NAMED_QUERIES: readonly NamedQuery[] = loadNamedQueries();
