import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import type { MarketEvent } from '@surv/domain';
import { loadDetectionApplication } from '@surv/detection';

/** A row with upper-case column names, TIMESTAMPs as epoch ms and integers as numbers (the engine's shape). */
export type Row = Record<string, string | number | null>;

const COLUMNS = {
  event_id: 'VARCHAR', event_type: 'VARCHAR', event_time: 'VARCHAR', symbol: 'VARCHAR', venue: 'VARCHAR',
  account_id: 'VARCHAR', trader_id: 'VARCHAR', beneficial_owner: 'VARCHAR', order_id: 'VARCHAR', side: 'VARCHAR',
  price: 'DOUBLE', quantity: 'DOUBLE', counterparty_account_id: 'VARCHAR', counterparty_beneficial_owner: 'VARCHAR', trade_id: 'VARCHAR',
};

export const normalise = (value: unknown): string | number | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof DuckDBTimestampValue) return Number(value.micros / 1000n);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
};

/** Runs the batch twins of the detection rules in DuckDB over the events; rows in a stable order. */
export const runBatchDetection = async (events: readonly MarketEvent[]): Promise<Row[]> => {
  const app = loadDetectionApplication();
  const dir = mkdtempSync(join(tmpdir(), 'surv-detection-'));
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    const columns = `{${Object.entries(COLUMNS).map(([k, v]) => `${k}: '${v}'`).join(', ')}}`;
    await connection.run(
      `CREATE TABLE events AS SELECT *, CAST(event_time AS TIMESTAMP) AS rowtime
       FROM read_json('${file}', format = 'newline_delimited', columns = ${columns})`,
    );
    const rows: Row[] = [];
    for (const query of [app.batch.washTrade, app.batch.spoofing]) {
      const reader = await connection.runAndReadAll(query);
      for (const r of reader.getRowObjects()) {
        rows.push(Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toUpperCase(), normalise(v)])));
      }
    }
    return sortRows(rows);
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Stable order for comparing result sets: rule, window, symbol, key, side. */
export const sortRows = (rows: Row[]): Row[] =>
  [...rows].sort((a, b) => {
    const key = (r: Row) => [r['RULE'], String(r['WINDOW_START']).padStart(16, '0'), r['SYMBOL'], r['ACCOUNT_ID'] ?? '', r['BENEFICIAL_OWNER'] ?? '', r['SPOOF_SIDE'] ?? ''].join('|');
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
