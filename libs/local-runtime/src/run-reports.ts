import { join } from 'node:path';
import { generateReports } from '@surv/pipeline';
import { crawlLake } from './crawler';
import { FileObjectStore } from './file-object-store';
import { openLakeQueryEngine } from './open-lake-query-engine';

/** What `runReports` wrote. */
export interface LocalReportsResult {
  /** Absolute path of the self-contained HTML report. */
  readonly htmlPath: string;
  readonly queries: readonly { name: string; rowCount: number; files: string[] }[];
}

/**
 * Crawls the lake, runs the 5 named queries on DuckDB, writes their CSV/JSON and the HTML
 * report under `reports/`, then crawls again so the `report_<name>` tables are catalogued.
 */
export const runReports = async (lake: string, options: { now?: Date } = {}): Promise<LocalReportsResult> => {
  await crawlLake(lake);
  const engine = await openLakeQueryEngine(lake);
  let result;
  try {
    result = await generateReports(engine, new FileObjectStore(lake), { now: options.now ?? new Date() });
  } finally {
    await engine.close();
  }
  await crawlLake(lake);
  return {
    htmlPath: join(lake, ...result.htmlKey.split('/')),
    queries: result.queries.map((q) => ({ name: q.name, rowCount: q.rowCount, files: q.keys.map((k) => join(lake, ...k.split('/'))) })),
  };
};
