import { parseMarketEvent } from '@surv/domain';
import { report, seededRandom } from './bench-report';

// Event-contract validation against the bare JSON.parse baseline, on the same serialised lines.
const N = Number(process.env.BENCH_EVENTS ?? 500_000);
const rand = seededRandom(11);
const lines: string[] = [];
const t0 = Date.parse('2024-03-05T14:00:00Z');
for (let i = 0; i < N; i++) {
  const trade = rand() < 0.25;
  lines.push(JSON.stringify({
    event_id: `e${i}`, event_type: trade ? 'TRADE' : 'ORDER_NEW', event_time: new Date(t0 + i * 7).toISOString(), symbol: `S${i % 200}`,
    venue: 'XNAS', account_id: `A${i % 500}`, trader_id: `T${i % 300}`, beneficial_owner: `BO${i % 250}`, order_id: `O${i}`,
    side: rand() < 0.5 ? 'BUY' : 'SELL', price: +(10 + rand() * 500).toFixed(2), quantity: 1 + Math.floor(rand() * 5000),
    ...(trade ? { counterparty_account_id: `A${(i + 7) % 500}`, counterparty_beneficial_owner: `BO${(i * 7) % 250}`, trade_id: `X${i}` } : {}),
  }));
}
const nowMs = t0 + N * 7;
const time = (f: () => number) => {
  f();
  const s = process.hrtime.bigint();
  const c = f();
  return { seconds: Number(process.hrtime.bigint() - s) / 1e9, c };
};
const base = time(() => { let c = 0; for (const l of lines) c += (JSON.parse(l) as { price: number }).price > 0 ? 1 : 0; return c; });
const parsed = time(() => { let c = 0; for (const l of lines) c += parseMarketEvent(l, { nowMs }).ok ? 1 : 0; return c; });
report('domain', 'parse-market-event', {
  lines: N,
  json_parse_baseline_eps: Math.round(N / base.seconds),
  parse_market_event_eps: Math.round(N / parsed.seconds),
  ratio_to_baseline: +(base.seconds / parsed.seconds).toFixed(2),
  all_valid: parsed.c === N,
});
