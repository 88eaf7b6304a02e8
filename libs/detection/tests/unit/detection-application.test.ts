import { mkdtempSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { isSurvError, MARKET_EVENT_FIELDS } from '@surv/domain';
import { DETECTION_THRESHOLDS, loadDetectionApplication, parseDocumentedThresholds } from '@surv/detection';

const app = loadDetectionApplication();
const destinationColumns = (sql: string): string[] => {
  const body = /CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" \(([\s\S]*?)\);/.exec(sql)![1]!;
  return body.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('--')).map((l) => l.split(/\s+/)[0]!.replace(/"/g, ''));
};

describe('loadDetectionApplication', () => {
  it('returns the SQL reading SOURCE_SQL_STREAM_001 and writing DESTINATION_SQL_STREAM, with pumps', () => {
    expect(app.sql).toContain('FROM "SOURCE_SQL_STREAM_001"');
    expect(app.sql).toMatch(/CREATE OR REPLACE PUMP "\w+" AS INSERT INTO "DESTINATION_SQL_STREAM"/);
    expect(app.sql).toContain("STEP(s.ROWTIME BY INTERVAL '1' MINUTE)");
  });

  it('maps every market-event field to an upper-case column in the input schema', () => {
    const cols = app.inputSchema.RecordColumns;
    expect(cols.map((c) => c.Mapping)).toEqual(MARKET_EVENT_FIELDS.map((f) => `$.${f}`));
    expect(cols.map((c) => c.Name)).toEqual(MARKET_EVENT_FIELDS.map((f) => f.toUpperCase()));
    expect(cols.find((c) => c.Name === 'PRICE')!.SqlType).toBe('DOUBLE');
    expect(cols.find((c) => c.Name === 'QUANTITY')!.SqlType).toBe('DOUBLE');
  });

  it('declares the same output columns as the SQL destination stream, starting with the alert identity', () => {
    const names = app.outputSchema.Columns.map((c) => c.Name);
    expect(names).toEqual(destinationColumns(app.sql));
    expect(names.slice(0, 8)).toEqual(['RULE', 'PATTERN', 'SEVERITY', 'SYMBOL', 'ACCOUNT_ID', 'BENEFICIAL_OWNER', 'WINDOW_START', 'WINDOW_END']);
    expect(app.outputSchema.DestinationSchema.RecordFormatType).toBe('JSON');
  });

  it('has batch twins that return exactly the output columns, in order (DuckDB)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const cols = MARKET_EVENT_FIELDS.map((f) => `${f} ${f === 'price' || f === 'quantity' ? 'DOUBLE' : 'VARCHAR'}`).join(', ');
    await c.run(`CREATE TABLE events (${cols}, rowtime TIMESTAMP)`);
    for (const q of [app.batch.washTrade, app.batch.spoofing]) {
      const r = await c.runAndReadAll(q);
      expect(r.columnNames()).toEqual(app.outputSchema.Columns.map((x) => x.Name));
    }
    c.closeSync();
    instance.closeSync();
  });

  it('documents every threshold in the SQL header with the value DETECTION_THRESHOLDS holds', () => {
    expect(parseDocumentedThresholds(app.sql)).toEqual({ ...DETECTION_THRESHOLDS });
  });

  it('reads documented thresholds: names, numbers and durations, skipping prose and continuation lines', () => {
    const sql = [
      '-- An application.',
      '-- THRESHOLDS (prose)',
      '--   WINDOW                1 MINUTE  window length.',
      '--   MAX_AGE               30 SECOND an age;',
      '--                                   continued 15 times.',
      '--   MIN_RATIO             0.8       a ratio.',
      '--   SEVERITY                        CRITICAL >= 5.',
      '',
      'CREATE STREAM x (a INTEGER);',
      '--   AFTER_THE_HEADER      7',
    ].join('\n');
    expect(parseDocumentedThresholds(sql)).toEqual({ WINDOW_MS: 60_000, MAX_AGE_MS: 30_000, MIN_RATIO: 0.8 });
  });

  it('uses the thresholds in both the streaming and the batch SQL', () => {
    const t = DETECTION_THRESHOLDS;
    for (const sql of [app.sql, app.batch.spoofing]) {
      expect(sql).toContain(`p.CANCEL_COUNT >= ${t.SPOOF_MIN_CANCELS}`);
      expect(sql).toContain(`p.CANCEL_QTY >= ${t.SPOOF_MIN_CANCEL_FILL_MULTIPLE} * p.SIDE_FILLED_QTY`);
      expect(sql).toContain(`p.CANCEL_QTY >= ${t.SPOOF_MIN_CANCEL_TO_OPPOSITE_FILL} * p.OTHER_SIDE_FILLED_QTY`);
      expect(sql).toContain(`p.OTHER_SIDE_FILLS >= ${t.SPOOF_MIN_OTHER_SIDE_FILLS}`);
      expect(sql).toMatch(new RegExp(`${t.SPOOF_MIN_CANCEL_RATIO}( AS DOUBLE\\))? \\* p\\.NEW_COUNT`));
      expect(sql).toMatch(new RegExp(`${t.SPOOF_MIN_SIDE_SHARE}( AS DOUBLE\\))? \\* \\(p\\.ORDER_QTY`));
      expect(sql).toContain(`p.PRICE_LEVELS >= ${t.LAYERING_MIN_PRICE_LEVELS} OR p.REPLACE_COUNT >= ${t.LAYERING_MIN_REPLACES}`);
      expect(sql).toContain(`p.PULLS_NEAR_FILL >= ${t.SPOOF_MIN_CANCELS}`);
      expect(sql).toContain(`COUNT(CASE WHEN a.EVENT_TYPE = 'ORDER_CANCEL' THEN 1 END) >= ${t.SPOOF_MIN_CANCELS}`);
    }
    // Cancel latency and fill gap: sliding windows in the stream, their exact equivalents in DuckDB.
    expect(app.sql).toContain(`PARTITION BY s.SYMBOL, s.ACCOUNT_ID, s.ORDER_ID RANGE INTERVAL '${t.SPOOF_MAX_ORDER_AGE_MS / 1000}' SECOND PRECEDING`);
    expect(app.sql).toContain(`PARTITION BY a.SYMBOL, a.ACCOUNT_ID RANGE INTERVAL '${t.SPOOF_MAX_FILL_GAP_MS / 1000}' SECOND PRECEDING`);
    expect(app.batch.spoofing).toContain(`o.LAST_PLACED > o.rowtime - INTERVAL ${t.SPOOF_MAX_ORDER_AGE_MS / 1000} SECOND`);
    expect(app.batch.spoofing).toContain(`RANGE BETWEEN INTERVAL ${t.SPOOF_MAX_FILL_GAP_MS * 1000 - 1} MICROSECONDS PRECEDING AND CURRENT ROW`);
    for (const sql of [app.sql, app.batch.washTrade]) {
      expect(sql).toContain(`w.SHARED_OWNER_TRADES >= ${t.WASH_MIN_SHARED_OWNER_TRADES}`);
      expect(sql).toContain(`w.ANON_ACCOUNTS >= ${t.WASH_MIN_MATCHED_ACCOUNTS}`);
      expect(sql).toMatch(new RegExp(`${t.WASH_QTY_TOLERANCE}( AS DOUBLE\\))? \\* CASE`));
      expect(sql).toMatch(new RegExp(`${t.WASH_PRICE_TOLERANCE}( AS DOUBLE\\))? \\* \\(w\\.ANON_SELL_NOTIONAL`));
    }
  });

  it('reports a missing or malformed application with typed errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surv-det-app-'));
    try {
      expect(() => loadDetectionApplication({ sqlDir: join(dir, 'nope') })).toThrow(expect.objectContaining({ code: 'DETECTION_APP_NOT_FOUND' }));
      cpSync(join(__dirname, '..', '..', 'sql'), join(dir, 'sql'), { recursive: true });
      writeFileSync(join(dir, 'sql', 'output-schema.json'), '{"Name": "X"');
      let caught: unknown;
      try { loadDetectionApplication({ sqlDir: join(dir, 'sql') }); } catch (e) { caught = e; }
      expect(isSurvError(caught) && caught.code).toBe('DETECTION_APP_INVALID');
      writeFileSync(join(dir, 'sql', 'output-schema.json'), '{"Name": "X", "DestinationSchema": {"RecordFormatType": "CSV"}, "Columns": []}');
      expect(() => loadDetectionApplication({ sqlDir: join(dir, 'sql') })).toThrow(/output-schema\.json/);
      mkdirSync(join(dir, 'bad'));
      writeFileSync(join(dir, 'bad', 'detection.sql'), 'SELECT 1');
      expect(() => loadDetectionApplication({ sqlDir: join(dir, 'bad') })).toThrow(expect.objectContaining({ code: 'DETECTION_APP_INVALID' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
