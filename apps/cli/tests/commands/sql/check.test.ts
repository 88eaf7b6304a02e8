import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sqlCheckCommand } from '../../../src/commands/sql/check';
import { captureIo, fixture, parseLines, rejection, tempDir } from './sql-io';

describe('surv sql check', () => {
  it('accepts a valid application', async () => {
    const c = captureIo();
    await sqlCheckCommand.run(['stagger-window/app.sql', '--schema', 'stagger-window/input-schema.json'], c.io);
    expect(c.stdout()).toEqual(['stagger-window/app.sql: ok']);
  });

  it('reports a parse error at its position and refuses the input', async () => {
    const c = captureIo();
    const e = await rejection(sqlCheckCommand.run(['error-missing-from/app.sql', '--schema', 'error-missing-from/input-schema.json'], c.io));
    expect(c.stdout()[0]).toMatch(/^error-missing-from\/app\.sql:4:1: error\[KAV2_PARSE_UNEXPECTED\]: \S/);
    expect(c.stdout()[0]).not.toMatch(/\(line \d+, column \d+\)$/);
    expect(e).toMatchObject({ code: 'CLI_INPUT_REJECTED', detailCode: 'KAV2_PARSE_UNEXPECTED', message: '1 error in error-missing-from/app.sql' });
    expect(e['hint']).toMatch(/error-missing-from\/app\.sql:4:1/);
  });

  it('names the input stream with --input-stream, as the NamePrefix of KDA does', async () => {
    const args = ['in-application-stream-pump/app.sql', '--schema', 'in-application-stream-pump/input-schema.json'];
    const unnamed = captureIo();
    await rejection(sqlCheckCommand.run(args, unnamed.io));
    expect(unnamed.stdout()[0]).toMatch(/error\[KAV2_UNKNOWN_STREAM\]: unknown stream INPUTSTREAM/);
    const named = captureIo();
    await sqlCheckCommand.run([...args, '--input-stream', 'INPUTSTREAM'], named.io);
    expect(named.stdout()).toEqual(['in-application-stream-pump/app.sql: ok']);
  });

  it('knows SOURCE_SQL_STREAM_002 ... once --input-parallelism creates them', async () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (t VARCHAR(4));
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM TICKER_SYMBOL FROM "SOURCE_SQL_STREAM_002";`;
    const dir = tempDir({ 'app.sql': sql, 'schema.json': readFileSync(fixture('stagger-window', 'input-schema.json'), 'utf8') });
    const one = captureIo();
    await rejection(sqlCheckCommand.run(['app.sql', '--schema', 'schema.json'], { ...one.io, cwd: dir }));
    expect(one.stdout()[0]).toMatch(/^app\.sql:2:88: error\[KAV2_UNKNOWN_STREAM\]: unknown stream SOURCE_SQL_STREAM_002/);
    const two = captureIo();
    await sqlCheckCommand.run(['app.sql', '--schema', 'schema.json', '--input-parallelism', '2'], { ...two.io, cwd: dir });
    expect(two.stdout()).toEqual(['app.sql: ok']);
    const bad = await rejection(sqlCheckCommand.run(['app.sql', '--schema', 'schema.json', '--input-parallelism', 'two'], { ...captureIo().io, cwd: dir }));
    expect(bad).toMatchObject({ code: 'CLI_USAGE', message: "--input-parallelism must be an integer from 1 to 64, got 'two'" });
  });

  it('accepts an application KDA would refuse, with a warning at each COUNT(DISTINCT), as text or JSON', async () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (t VARCHAR(4), n BIGINT);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM TICKER_SYMBOL, COUNT(DISTINCT EVENT_TIME) FROM "SOURCE_SQL_STREAM_001"
  GROUP BY TICKER_SYMBOL, STEP(ROWTIME BY INTERVAL '1' MINUTE);`;
    const dir = tempDir({ 'app.sql': sql, 'schema.json': readFileSync(fixture('stagger-window', 'input-schema.json'), 'utf8') });
    const text = captureIo();
    await sqlCheckCommand.run(['app.sql', '--schema', 'schema.json'], { ...text.io, cwd: dir });
    expect(text.stdout()[0]).toMatch(/^app\.sql:3:32: warning\[KAV2_KDA_PORTABILITY\]: COUNT\(DISTINCT \.\.\.\) in an aggregate query/);
    expect(text.stdout()[1]).toBe('app.sql: ok for this engine, 1 warning (Kinesis Data Analytics would refuse it)');
    const json = captureIo();
    await sqlCheckCommand.run(['app.sql', '--schema', 'schema.json', '--json'], { ...json.io, cwd: dir });
    expect(parseLines(json.stdout())).toEqual([expect.objectContaining({ line: 3, column: 32, severity: 'warning', code: 'KAV2_KDA_PORTABILITY' })]);
  });

  it('prints diagnostics as JSON with --json', async () => {
    const c = captureIo();
    await rejection(sqlCheckCommand.run(['error-missing-from/app.sql', '--schema', 'error-missing-from/input-schema.json', '--json'], c.io));
    expect(parseLines(c.stdout())[0]).toEqual(
      expect.objectContaining({ file: 'error-missing-from/app.sql', line: 4, column: 1, code: 'KAV2_PARSE_UNEXPECTED' }),
    );
    // The position has its own keys: the message does not repeat it.
    expect(String((parseLines(c.stdout())[0] as Record<string, unknown>)['message'])).not.toMatch(/\(line \d+, column \d+\)$/);
  });

  it('accepts a schema wrapped under InputSchema', async () => {
    const schema = JSON.parse(readFileSync(fixture('stagger-window', 'input-schema.json'), 'utf8')) as unknown;
    const dir = tempDir({ 'app.sql': readFileSync(fixture('stagger-window', 'app.sql'), 'utf8'), 'schema.json': JSON.stringify({ InputSchema: schema }) });
    const c = captureIo({ cwd: dir });
    await sqlCheckCommand.run(['app.sql', '--schema', 'schema.json'], c.io);
    expect(c.stdout()).toEqual(['app.sql: ok']);
  });

  it('refuses missing files and bad schemas with a hint, and missing flags as usage errors', async () => {
    const dir = tempDir({ 'app.sql': 'SELECT 1', 'bad.json': 'nope' });
    expect(await rejection(sqlCheckCommand.run(['none.sql', '--schema', 'bad.json'], captureIo({ cwd: dir }).io))).toMatchObject({
      code: 'CLI_INPUT_REJECTED', hint: 'surv sql check --help',
    });
    expect((await rejection(sqlCheckCommand.run(['app.sql', '--schema', 'bad.json'], captureIo({ cwd: dir }).io)))['message']).toMatch(/not valid JSON/);
    expect(await rejection(sqlCheckCommand.run(['app.sql'], captureIo({ cwd: dir }).io))).toMatchObject({ code: 'CLI_USAGE' });
    expect(await rejection(sqlCheckCommand.run([], captureIo({ cwd: dir }).io))).toMatchObject({ code: 'CLI_USAGE' });
  });
});
