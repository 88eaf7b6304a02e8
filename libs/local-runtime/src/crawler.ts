import { writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { LAKE_PREFIXES, MARKET_EVENT_FIELDS, hivePartitions } from '@surv/domain';
import { CURATED_COLUMNS } from '@surv/pipeline';
import { CATALOG_FILE, type Catalog, type CatalogColumn, type CatalogLayer, type CatalogTable } from './catalog';
import { DuckDbQueryEngine, sqlString } from './duckdb-query-engine';
import { FileObjectStore } from './file-object-store';

interface LayerSpec {
  readonly name: string;
  readonly layer: CatalogLayer;
  readonly location: string;
  readonly format: 'parquet' | 'json';
  readonly extension: string;
  /** Columns when the layer holds no object yet, so queries over it still run (and return nothing). */
  readonly fallback: readonly CatalogColumn[];
  /** Partition keys of the layer's key layout, for the same reason. */
  readonly fallbackPartitions: readonly string[];
}

const CURATED_FALLBACK: CatalogColumn[] = CURATED_COLUMNS.map((c) => ({
  name: c.name, type: c.type === 'STRING' ? 'VARCHAR' : c.type === 'DOUBLE' ? 'DOUBLE' : 'TIMESTAMP WITH TIME ZONE',
}));
const RAW_FALLBACK: CatalogColumn[] = MARKET_EVENT_FIELDS.map((name) => ({ name, type: name === 'price' || name === 'quantity' ? 'DOUBLE' : 'VARCHAR' }));
const ALERT_FALLBACK: CatalogColumn[] = [
  'alert_id', 'rule', 'pattern', 'severity', 'symbol', 'account_id', 'beneficial_owner', 'window_start', 'window_end',
].map((name) => ({ name, type: 'VARCHAR' })).concat([{ name: 'evidence', type: 'JSON' }, { name: 'detected_at', type: 'VARCHAR' }]);

const FIXED_LAYERS: readonly LayerSpec[] = [
  { name: 'raw_events', layer: 'raw', location: LAKE_PREFIXES.raw, format: 'json', extension: '.jsonl', fallback: RAW_FALLBACK, fallbackPartitions: ['year', 'month', 'day', 'hour'] },
  { name: 'market_events', layer: 'curated', location: LAKE_PREFIXES.curated, format: 'parquet', extension: '.parquet', fallback: CURATED_FALLBACK, fallbackPartitions: ['dt', 'hour'] },
  { name: 'alerts', layer: 'alerts', location: LAKE_PREFIXES.alerts, format: 'json', extension: '.json', fallback: ALERT_FALLBACK, fallbackPartitions: ['dt'] },
];

/** The DuckDB table function reading a table's objects (partition columns come from the paths). */
export const tableSource = (lake: string, t: Pick<CatalogTable, 'location' | 'format' | 'extension'>, columns?: readonly CatalogColumn[]): string => {
  const glob = sqlString(`${join(lake, t.location)}/**/*${t.extension}`);
  if (t.format === 'parquet') return `read_parquet(${glob}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`;
  const cols = columns ? `, columns = {${columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ')}}` : '';
  // Raw objects hold records as delivered, bad ones included: skip what is not JSON.
  return `read_json(${glob}, format = 'newline_delimited', hive_partitioning = true, hive_types_autocast = false, ignore_errors = true${cols})`;
};

// JSON holds text: Glue and Athena see strings where DuckDB would guess dates, so keep them text.
const textual = (type: string): string => (/^(DATE|TIME|TIMESTAMP)/.test(type) ? 'VARCHAR' : type);

const crawlTable = async (engine: DuckDbQueryEngine, store: FileObjectStore, lake: string, spec: LayerSpec): Promise<CatalogTable | undefined> => {
  const partitionKeys: string[] = [];
  const seen = new Map<string, Record<string, string>>();
  let objects = 0;
  for await (const o of store.listObjects(spec.location)) {
    if (!o.key.endsWith(spec.extension) || o.size === 0) continue;
    objects++;
    const parts = hivePartitions(o.key.slice(spec.location.length));
    for (const k of Object.keys(parts)) if (!partitionKeys.includes(k)) partitionKeys.push(k);
    const id = JSON.stringify(parts);
    if (!seen.has(id)) seen.set(id, parts);
  }
  const partitions = [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, p]) => p);
  let columns: CatalogColumn[];
  if (objects === 0) {
    if (spec.layer === 'reports') return undefined;
    columns = [...spec.fallback];
    partitionKeys.push(...spec.fallbackPartitions);
  } else {
    const described = await engine.query(`DESCRIBE SELECT * FROM ${tableSource(lake, spec)}`);
    columns = described.rows
      .map((r) => ({ name: String(r['column_name']), type: spec.format === 'json' ? textual(String(r['column_type'])) : String(r['column_type']) }))
      .filter((c) => !partitionKeys.includes(c.name));
    // Inference only sees fields some object has (no alert with an account_id yet, say); the layer's
    // contract columns are always there, so every named query binds on any lake.
    for (const c of spec.fallback) if (!columns.some((x) => x.name === c.name)) columns.push(c);
  }
  return { name: spec.name, layer: spec.layer, location: spec.location, format: spec.format, extension: spec.extension, columns, partitionKeys, partitions, objects };
};

const reportLayers = async (store: FileObjectStore): Promise<LayerSpec[]> => {
  const names = new Set<string>();
  for await (const o of store.listObjects(LAKE_PREFIXES.reports)) {
    if (o.key.endsWith('.json')) names.add(o.key.slice(LAKE_PREFIXES.reports.length).split('/')[0]!);
  }
  return [...names].sort().map((n) => ({
    name: `report_${n}`, layer: 'reports' as const, location: `${LAKE_PREFIXES.reports}${n}/`, format: 'json' as const, extension: '.json', fallback: [], fallbackPartitions: ['dt'],
  }));
};

/**
 * The local crawler (Glue's role): finds each layer's objects and partitions, infers the
 * table schema with DuckDB, and writes `<lake>/catalog.json` with the raw, curated, alerts and
 * report tables. A layer with no objects yet still gets its table (contract columns), so the
 * named queries run on a fresh lake.
 */
export const crawlLake = async (lake: string): Promise<Catalog> => {
  const store = new FileObjectStore(lake);
  const engine = await DuckDbQueryEngine.open({ threads: 2 });
  try {
    const tables: CatalogTable[] = [];
    for (const spec of [...FIXED_LAYERS, ...(await reportLayers(store))]) {
      const t = await crawlTable(engine, store, lake, spec);
      if (t) tables.push(t);
    }
    const catalog: Catalog = { version: 1, tables };
    const path = join(lake, CATALOG_FILE);
    await writeFile(`${path}.tmp-${process.pid}`, `${JSON.stringify(catalog, null, 2)}\n`);
    await rename(`${path}.tmp-${process.pid}`, path);
    return catalog;
  } finally {
    await engine.close();
  }
};
