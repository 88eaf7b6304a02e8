/** A column of a catalog table, with its DuckDB type. */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
}

/** The lake layers the crawler catalogues. */
export type CatalogLayer = 'raw' | 'curated' | 'alerts' | 'reports';

/** One table, as a Glue crawler would register it. */
export interface CatalogTable {
  readonly name: string;
  readonly layer: CatalogLayer;
  /** Prefix of the table's objects, relative to the lake. */
  readonly location: string;
  readonly format: 'parquet' | 'json';
  /** File name suffix of the table's objects. */
  readonly extension: string;
  /** Data columns (partition keys excluded). */
  readonly columns: readonly CatalogColumn[];
  /** Hive partition keys, outermost first (always strings). */
  readonly partitionKeys: readonly string[];
  /** Every partition found, as key -> value, sorted. */
  readonly partitions: readonly Record<string, string>[];
  readonly objects: number;
}

/** What `crawlLake` writes to `<lake>/catalog.json`. */
export interface Catalog {
  readonly version: 1;
  readonly tables: readonly CatalogTable[];
}

/** Name of the catalog file at the lake's root. */
export const CATALOG_FILE = 'catalog.json';
