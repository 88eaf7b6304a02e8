import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { MarketEvent } from '@surv/domain';
import { DETECTION_THRESHOLDS, loadDetectionApplication, parseDocumentedThresholds } from '@surv/detection';
import { compileApplication } from '@surv/kav2-sql';
import { NAMED_QUERIES } from '@surv/pipeline';
import { simulateMarket } from '@surv/simulator';

// spoofing_candidates is the SPOOFING rule of @surv/detection re-run over the lake: the thresholds
// documented in detection.sql are the single source of truth, and the query must find what the
// streaming detector alerts on.
const query = NAMED_QUERIES.find((q) => q.name === 'spoofing_candidates')!.sql;
const detection = loadDetectionApplication();
const T = DETECTION_THRESHOLDS;

describe('spoofing_candidates thresholds', () => {
  it('lists the spoofing thresholds of detection.sql with the same values', () => {
    const listed = parseDocumentedThresholds(query);
    const source = parseDocumentedThresholds(detection.sql);
    expect(Object.keys(listed).sort()).toEqual(['WINDOW_MS', ...Object.keys(T).filter((k) => k.startsWith('SPOOF_'))].sort());
    for (const [name, value] of Object.entries(listed)) {
      expect(value, name).toBe(source[name]);
      expect(value, name).toBe(T[name as keyof typeof T]);
    }
  });

  it('uses those values and no other', () => {
    const uses = [
      `side_cancels >= ${T.SPOOF_MIN_CANCELS}`,
      `cancels_near_fill >= ${T.SPOOF_MIN_CANCELS}`,
      `w.buy_cancels + w.sell_cancels >= ${T.SPOOF_MIN_CANCELS}`,
      `side_cancels >= ${T.SPOOF_MIN_CANCEL_RATIO} * side_orders`,
      `side_cancelled_qty >= ${T.SPOOF_MIN_CANCEL_FILL_MULTIPLE} * side_traded_qty`,
      `opposite_fills >= ${T.SPOOF_MIN_OTHER_SIDE_FILLS}`,
      `side_cancelled_qty >= ${T.SPOOF_MIN_CANCEL_TO_OPPOSITE_FILL} * opposite_traded_qty`,
      `side_order_qty >= ${T.SPOOF_MIN_SIDE_SHARE} * (side_order_qty + opposite_order_qty)`,
      `last_placed > event_time - INTERVAL '${T.SPOOF_MAX_ORDER_AGE_MS / 1000}' SECOND`,
      `g.event_time > r.event_time - INTERVAL '${T.SPOOF_MAX_FILL_GAP_MS / 1000}' SECOND`,
    ];
    for (const u of uses) expect(query).toContain(u);
    expect(T.WINDOW_MS).toBe(60_000);
    const units = [...query.matchAll(/date_trunc\('(\w+)'/g)].map((m) => m[1]);
    expect(units.length).toBeGreaterThan(0);
    expect(new Set(units)).toEqual(new Set(['minute']));
    // Every comparison with a number in the body is one of the above.
    const body = query.slice(query.indexOf('WITH'));
    const compared = [...body.matchAll(/(>=|>|<=|<)\s*(\d+(?:\.\d+)?)\b/g)].map((m) => `${m[1]} ${m[2]}`);
    const allowed = new Set([...uses.map((u) => /(>=|>|<=|<) (\d+(?:\.\d+)?)/.exec(u)).filter((m) => m !== null).map((m) => `${m![1]} ${m![2]}`), '> 0']);
    for (const c of compared) expect(allowed, c).toContain(c);
  });
});

// ---------------------------------------------------------------------------------------------------
// The same candidates as the streaming detector, over the same events.

const COLUMNS = {
  event_id: 'VARCHAR', event_type: 'VARCHAR', event_time: 'VARCHAR', symbol: 'VARCHAR', venue: 'VARCHAR',
  account_id: 'VARCHAR', trader_id: 'VARCHAR', beneficial_owner: 'VARCHAR', order_id: 'VARCHAR', side: 'VARCHAR',
  price: 'DOUBLE', quantity: 'DOUBLE', counterparty_account_id: 'VARCHAR', counterparty_beneficial_owner: 'VARCHAR', trade_id: 'VARCHAR',
};

type Candidate = [windowStartMs: number, symbol: string, account: string, side: string, placed: number, pulled: number, nearFill: number];

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'surv-spoof-candidates-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** The named query over a `market_events` table shaped like the curated lake (TIMESTAMPTZ event_time, dt). */
const candidatesFromLake = async (events: readonly MarketEvent[]): Promise<Candidate[]> => {
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const columns = `{${Object.entries(COLUMNS).map(([k, v]) => `${k}: '${v}'`).join(', ')}}`;
  await connection.run(`CREATE OR REPLACE TABLE market_events AS
    SELECT * REPLACE (CAST(event_time AS TIMESTAMPTZ) AS event_time), strftime(CAST(event_time AS TIMESTAMP), '%Y-%m-%d') AS dt
    FROM read_json('${file}', format = 'newline_delimited', columns = ${columns})`);
  const reader = await connection.runAndReadAll(`SELECT epoch_ms(window_start) AS ws, * FROM (${query}) AS q`);
  return sortCandidates(reader.getRowObjects().map((r) => [
    Number(r['ws']), String(r['symbol']), String(r['account_id']), String(r['spoof_side']),
    Number(r['side_orders']), Number(r['side_cancels']), Number(r['cancels_near_fill']),
  ]));
};

/** The SPOOFING alert rows of the streaming application (KAV2 engine, event-time ROWTIME). */
const alertsFromStream = (events: readonly MarketEvent[]): Candidate[] => {
  const engine = compileApplication(detection.sql, detection.inputSchema, { rowtime: { field: 'event_time' } });
  const out: Candidate[] = [];
  engine.on('DESTINATION_SQL_STREAM', ({ values: v }) => {
    if (v['RULE'] !== 'SPOOFING') return;
    out.push([Number(v['WINDOW_START']), String(v['SYMBOL']), String(v['ACCOUNT_ID']), String(v['SPOOF_SIDE']),
      Number(v['ORDERS_PLACED']), Number(v['ORDERS_CANCELLED']), Number(v['CANCELS_NEAR_FILL'])]);
  });
  for (const e of events) engine.push(JSON.stringify(e));
  engine.flush();
  engine.close();
  return sortCandidates(out);
};

const sortCandidates = (c: Candidate[]): Candidate[] => [...c].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('spoofing_candidates on DuckDB', () => {
  it.each([[1, 'both-sides'], [2, 'both-sides'], [3, 'one-side']] as const)(
    'finds exactly the spoofing alerts of the streaming detector (simulated market, seed %i, %s)',
    async (seed, tradeReporting) => {
      const { events, groundTruth } = simulateMarket({ seed, tradeReporting });
      const stream = alertsFromStream(events);
      expect(stream.length).toBeGreaterThanOrEqual(groundTruth.filter((s) => s.expectedRule === 'SPOOFING').length);
      expect(await candidatesFromLake(events)).toEqual(stream);
    },
    60_000,
  );

  it('agrees at the cancel-latency and fill-gap boundaries', async () => {
    const base = Date.parse('2024-03-04T15:00:00.000Z');
    const events: MarketEvent[] = [];
    let n = 0;
    const ev = (at: number, type: MarketEvent['event_type'], account: string, side: 'BUY' | 'SELL', qty: number, extra: Partial<MarketEvent>): void => {
      events.push({
        event_id: `e${++n}`, event_type: type, event_time: new Date(base + at).toISOString(), symbol: 'ABC', venue: 'XNAS',
        account_id: account, trader_id: `T-${account}`, beneficial_owner: `O-${account}`, order_id: `o${n}`, side, price: 10, quantity: qty, ...extra,
      });
    };
    // [placed, cancelled, filled] ms inside the case's own minute: pulled (< 30 s) or not, within 15 s of the fill or not.
    const cases: [number, number, number][] = [[0, 29_996, 25_000], [0, 30_000, 25_000], [0, 15_997, 1_000], [0, 15_998, 1_000], [0, 1_000, 15_002], [0, 1_000, 21_004]];
    cases.forEach(([placed, cancelled, filled], k) => {
      const at = (ms: number) => k * 60_000 + ms;
      const acc = `P${k}`;
      for (let i = 0; i < 4; i++) ev(at(placed + i), 'ORDER_NEW', acc, 'BUY', 3_000, { order_id: `${acc}-${i}` });
      ev(at(filled), 'TRADE', acc, 'SELL', 100, { counterparty_account_id: 'X', counterparty_beneficial_owner: 'OX', trade_id: `t${k}` });
      for (let i = 0; i < 4; i++) ev(at(cancelled + i), 'ORDER_CANCEL', acc, 'BUY', 3_000, { order_id: `${acc}-${i}` });
    });
    events.sort((a, b) => Date.parse(a.event_time) - Date.parse(b.event_time));
    const stream = alertsFromStream(events);
    expect(stream.map((c) => [c[2], c[6]])).toEqual([['P0', 4], ['P2', 3], ['P4', 4]]);
    expect(await candidatesFromLake(events)).toEqual(stream);
  });
});
