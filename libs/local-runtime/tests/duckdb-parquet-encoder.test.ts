import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMarketEvent } from '@surv/domain';
import { encodeCuratedParquet, type CuratedEvent } from '@surv/pipeline';
import { DuckDbParquetEncoder, DuckDbQueryEngine } from '@surv/local-runtime';
import { removeTempDirs, tempDir } from './temp-dirs';

afterAll(removeTempDirs);

const rows: CuratedEvent[] = [
  { event_time: '2024-03-04T14:30:00.123456Z', counterparty_account_id: 'ACC-2', counterparty_beneficial_owner: 'BO-2', trade_id: 'T1', event_type: 'TRADE' },
  { event_time: '2024-03-04T14:31:00Z', event_type: 'ORDER_NEW' },
  // Text the staging must survive: quotes, commas, newlines, the NULL marker itself, non-ASCII.
  { event_time: '2024-03-04T14:32:00Z', event_type: 'ORDER_NEW', symbol: 'A,"B"\nC', trader_id: '\\N', account_id: 'Ünïcødé €', order_id: '"' },
].map((over, i) => {
  const p = parseMarketEvent(JSON.stringify({
    event_id: `e${i}`, symbol: 'ACME', venue: 'XNYS', account_id: 'ACC-1', trader_id: 'T', beneficial_owner: 'BO-1', order_id: `o${i}`, side: 'BUY', price: 10.5, quantity: 3, ...over,
  }), { nowMs: Date.UTC(2030, 0) });
  if (!p.ok) throw new Error(p.reason);
  return { event: p.event, eventTimeMs: p.eventTimeMs, riskScore: 12.5 + i, venueCategory: 'LIT_EXCHANGE', regulatoryFlags: i ? [] : ['LARGE_NOTIONAL', 'OFF_HOURS'], shardId: 'shardId-000000000000', sequenceNumber: String(i + 1) };
});

describe('DuckDbParquetEncoder', () => {
  it('writes the same rows and column types as the pure-JS encoder, microseconds included', async () => {
    const dir = await tempDir('surv-enc-');
    const encoder = await DuckDbParquetEncoder.open();
    const [a, b] = await Promise.all([encoder.encode(rows), encoder.encode(rows.slice(1))]);
    await encoder.close();
    await writeFile(join(dir, 'duck.parquet'), a!);
    await writeFile(join(dir, 'js.parquet'), encodeCuratedParquet(rows));
    await writeFile(join(dir, 'duck-one.parquet'), b!);
    const engine = await DuckDbQueryEngine.open();
    try {
      await engine.run(`SET TimeZone = 'UTC'`);
      const read = (f: string) => engine.query(`SELECT *, epoch_us(event_time) AS us FROM read_parquet('${join(dir, f)}') ORDER BY event_id`);
      const duck = await read('duck.parquet'), js = await read('js.parquet');
      expect(duck.columns).toEqual(js.columns);
      expect(duck.rows).toEqual(js.rows);
      expect(duck.rows[0]).toMatchObject({ us: Date.UTC(2024, 2, 4, 14, 30) * 1000 + 123456, regulatory_flags: 'LARGE_NOTIONAL,OFF_HOURS', trade_id: 'T1' });
      expect(duck.rows[1]).toMatchObject({ trade_id: null, regulatory_flags: '' });
      expect(duck.rows[2]).toMatchObject({ symbol: 'A,"B"\nC', trader_id: '\\N', account_id: 'Ünïcødé €', order_id: '"', trade_id: null });
      expect((await read('duck-one.parquet')).rows).toEqual(duck.rows.slice(1));
      const types = async (f: string) => (await engine.query(`DESCRIBE SELECT * FROM read_parquet('${join(dir, f)}')`)).rows.map((r) => `${r['column_name']}:${r['column_type']}`);
      expect(await types('duck.parquet')).toEqual(await types('js.parquet'));
    } finally {
      await engine.close();
    }
  });

  it('keeps control characters, turns a lone surrogate into U+FFFD and writes times beyond 2^53 µs exactly', async () => {
    const p = parseMarketEvent(JSON.stringify({
      event_id: 'far', event_type: 'ORDER_NEW', event_time: '9999-12-31T23:59:59.999999Z', symbol: 'ACME', venue: 'XNYS', account_id: 'a\u0000b\u0001\t',
      trader_id: 'T\ud800', beneficial_owner: '\\ud800', order_id: 'o', side: 'BUY', price: 0.1 + 0.2, quantity: 123456789012345.67,
    }), { nowMs: Number.POSITIVE_INFINITY });
    if (!p.ok) throw new Error(p.reason);
    const row: CuratedEvent = { event: p.event, eventTimeMs: p.eventTimeMs, riskScore: 1 / 3, venueCategory: 'LIT_EXCHANGE', regulatoryFlags: [], shardId: 's', sequenceNumber: '1' };
    const dir = await tempDir('surv-enc-');
    const encoder = await DuckDbParquetEncoder.open();
    await writeFile(join(dir, 'edge.parquet'), await encoder.encode([row]));
    await encoder.close();
    const engine = await DuckDbQueryEngine.open();
    try {
      const [r] = (await engine.query(`SELECT *, epoch_us(event_time)::VARCHAR AS us FROM read_parquet('${join(dir, 'edge.parquet')}')`)).rows;
      expect(r).toMatchObject({
        account_id: 'a\u0000b\u0001\t', trader_id: 'T\ufffd', beneficial_owner: '\\ud800', price: 0.1 + 0.2, quantity: 123456789012345.67, risk_score: 1 / 3,
        us: BigInt(Math.round(p.eventTimeMs * 1000)).toString(),
      });
    } finally {
      await engine.close();
    }
  });
});
