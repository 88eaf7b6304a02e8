import { compileApplication } from '@surv/kav2-sql';
import { reportAppRun, seededRandom } from './bench-report';

// The machine-learning table functions with the Developer Guide's parameters, on pre-serialised JSON
// lines of two numeric columns (and one text column passed through), arrival time as ROWTIME: blood
// pressure readings for RANDOM_CUT_FOREST (goal with its defaults, 100 trees x 256 samples: several thousand
// rows/s on one core), points of a 10 x 10 plane with a 1 x 1 hotspot for HOTSPOTS. Never fails on timing.
const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const rand = seededRandom(17);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pressures: string[] = [];
const plane: string[] = [];
for (let i = 0; i < N; i++) {
  const high = rand() < 0.005;
  pressures.push(JSON.stringify({ x: high ? int(130, 200) : int(90, 120), y: high ? int(90, 150) : int(60, 80), level: high ? 'HIGH' : 'NORMAL' }));
  const hot = rand() < 0.2;
  plane.push(JSON.stringify(hot ? { x: 3.3 + rand(), y: 5.4 + rand(), level: 'Y' } : { x: rand() * 10, y: rand() * 10, level: 'N' }));
}
const schema = (x: string) => ({
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'X', SqlType: x, Mapping: '$.x' },
    { Name: 'Y', SqlType: x, Mapping: '$.y' },
    { Name: 'LEVEL', SqlType: 'VARCHAR(8)', Mapping: '$.level' },
  ],
});
const app = (x: string, fn: string, result: string) => `
  CREATE STREAM "DESTINATION_SQL_STREAM" (X ${x}, Y ${x}, LEVEL VARCHAR(8), ${result});
  CREATE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM * FROM TABLE(${fn});`;
const CURSOR = 'CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001")';
const scenarios: [string, string, unknown, readonly string[]][] = [
  ['random-cut-forest-defaults', app('INTEGER', `RANDOM_CUT_FOREST(${CURSOR})`, 'ANOMALY_SCORE DOUBLE'), schema('INTEGER'), pressures],
  ['random-cut-forest-with-explanation', app('INTEGER', `RANDOM_CUT_FOREST_WITH_EXPLANATION(${CURSOR}, 100, 256, 100000, 1, true)`, 'ANOMALY_SCORE DOUBLE, ANOMALY_EXPLANATION VARCHAR(512)'), schema('INTEGER'), pressures],
  ['hotspots-developer-guide', app('DOUBLE', `HOTSPOTS(${CURSOR}, 1000, 0.2, 17)`, 'HOTSPOTS_RESULT VARCHAR(10000)'), schema('DOUBLE'), plane],
];

for (const [scenario, sql, inputSchema, lines] of scenarios) {
  const run = () => {
    const a = compileApplication(sql, inputSchema);
    let out = 0;
    a.on('DESTINATION_SQL_STREAM', () => out++);
    const start = process.hrtime.bigint();
    lines.forEach((l, i) => a.push(l, { arrivalTime: i }));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { seconds, out, stateBytes: JSON.stringify(a.snapshot()).length };
  };
  reportAppRun(scenario, N, run);
}
