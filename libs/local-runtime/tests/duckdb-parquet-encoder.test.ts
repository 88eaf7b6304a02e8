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
  // Text that CSV must survive: quotes, commas, newlines, the NULL marker itself, non-ASCII.
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
});
