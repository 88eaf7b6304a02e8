import { score } from '@surv/risk-engine';
import type { MarketEvent } from '@surv/domain';
import { report, seededRandom } from './bench-report';

// Scores pre-parsed events on one core (the enricher's hot loop). Target: >= 2M events/s.
const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const rand = seededRandom(7);
const venues = ['XNYS', 'XNAS', 'ARCX', 'SGMA', 'UBSA', 'XLON', 'XETR', 'XTKS', 'XCME', 'COIN', 'XOFF', 'QQQQ'];
const types = ['ORDER_NEW', 'ORDER_CANCEL', 'ORDER_REPLACE', 'TRADE'] as const;
const t0 = Date.parse('2024-03-05T13:00:00Z');
const events: MarketEvent[] = [];
const times: number[] = [];
for (let i = 0; i < N; i++) {
  const t = t0 + Math.floor(i * 10 + rand() * 5); // ~100 events per second of market time
  const trade = rand() < 0.25;
  events.push({
    event_id: `e${i}`, event_type: trade ? 'TRADE' : types[Math.floor(rand() * 3)]!, event_time: new Date(t).toISOString(),
    symbol: `S${i % 200}`, venue: venues[i % venues.length]!, account_id: `A${i % 500}`, trader_id: `T${i % 300}`,
    beneficial_owner: `BO${i % 250}`, order_id: `O${i}`, side: rand() < 0.5 ? 'BUY' : 'SELL', price: 10 + rand() * 500,
    quantity: 1 + Math.floor(rand() * 5000),
    ...(trade ? { counterparty_account_id: `A${(i + 7) % 500}`, counterparty_beneficial_owner: `BO${(i * 7) % 250}`, trade_id: `X${i}` } : {}),
  });
  times.push(t);
}
const contexts = events.map((_, i) => ({ eventTimeMs: times[i]!, typicalNotional: 50_000 + (i % 200) * 1000, priorAlerts: i % 97 === 0 ? 2 : 0 }));

const run = (withTime: boolean) => {
  let checksum = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) checksum += score(events[i]!, withTime ? contexts[i] : { typicalNotional: 75_000 }).score;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, checksum };
};
run(true); // warm-up
const pre = run(true);
const parseTime = run(false);
report('risk-engine', 'score-preparsed', {
  events: N,
  throughput_eps: Math.round(N / pre.seconds),
  throughput_with_time_parse_eps: Math.round(N / parseTime.seconds),
  target_eps: 2_000_000,
  meets_target: N / pre.seconds >= 2_000_000,
});
