import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueryEngine } from '@surv/pipeline';
import { CATALOG_FILE, type Catalog, type CatalogTable } from './catalog';
import { crawlLake, tableSource } from './crawler';
import { DuckDbQueryEngine, sqlIdent, sqlString } from './duckdb-query-engine';

/** The view that exposes one catalog table, partitions included as string columns. */
export const viewSql = (lake: string, t: CatalogTable): string => {
  if (t.objects === 0) {
    const cols = [...t.columns.map((c) => `CAST(NULL AS ${c.type}) AS ${sqlIdent(c.name)}`), ...t.partitionKeys.map((k) => `CAST(NULL AS VARCHAR) AS ${sqlIdent(k)}`)];
    return `CREATE OR REPLACE VIEW ${sqlIdent(t.name)} AS SELECT ${cols.join(', ')} WHERE false`;
  }
  return `CREATE OR REPLACE VIEW ${sqlIdent(t.name)} AS SELECT * FROM ${tableSource(lake, t, t.format === 'json' ? t.columns : undefined)}`;
};

/** A DuckDB engine over the lake with every catalog table registered as a view. */
export type LakeQueryEngine = QueryEngine & { close(): Promise<void> };

/**
 * Opens DuckDB over a lake folder and registers the catalog's tables as views (`market_events`,
 * `alerts`, `raw_events`, `report_<name>`). Crawls first when there is no `catalog.json` yet.
 */
export const openLakeQueryEngine = async (lake: string): Promise<LakeQueryEngine> => {
  let catalog: Catalog;
  try {
    catalog = JSON.parse(await readFile(join(lake, CATALOG_FILE), 'utf8')) as Catalog;
  } catch {
    catalog = await crawlLake(lake);
  }
  const engine = await DuckDbQueryEngine.open();
  try {
    await engine.run(`SET TimeZone = ${sqlString('UTC')}`).catch(() => undefined);
    for (const t of catalog.tables) await engine.run(viewSql(lake, t));
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
};
