import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sqlCheckCommand } from '../../../src/commands/sql/check';
import { sqlRunCommand } from '../../../src/commands/sql/run';
import { captureIo, fixture, parseLines, rejection, tempDir } from './sql-io';

const NAME = 'join-reference-data-company-name';
const expected = () => parseLines(readFileSync(fixture(NAME, 'expected.jsonl'), 'utf8').split('\n').filter(Boolean));
const args = (...more: string[]) => [`${NAME}/app.sql`, '--schema', `${NAME}/input-schema.json`, '--input', `${NAME}/input.jsonl`, ...more];
const REF = `CompanyName=${NAME}/reference-schema.json:${NAME}/TickerReference.csv`;

describe('surv sql run --reference', () => {
  it('loads a reference table and prints the documented join of the Developer Guide reference-data example', async () => {
    const c = captureIo();
    await sqlRunCommand.run(args('--reference', REF, '--rowtime', '__arrival'), c.io);
    expect(parseLines(c.stdout())).toEqual(expected());
    const inline = captureIo();
    await sqlRunCommand.run(args(`--reference=${REF}`, '--rowtime', '__arrival'), inline.io);
    expect(parseLines(inline.stdout())).toEqual(expected());
  });

  it('without the table, refuses the SQL naming the unknown table', async () => {
    const e = await rejection(sqlRunCommand.run(args(), captureIo().io));
    expect(e).toMatchObject({ code: 'CLI_INPUT_REJECTED', detailCode: 'KAV2_UNKNOWN_STREAM' });
    expect(e['message']).toMatch(/unknown stream or reference table CompanyName/);
  });

  it('refuses a bad record of the reference data, naming table, record and reason', async () => {
    const dir = tempDir({
      'ref.json': readFileSync(fixture(NAME, 'reference-schema.json'), 'utf8').replace('"VARCHAR(16)"', '"INTEGER"'),
      'ref.csv': 'AMZN,1\nASD,lots\n',
    });
    const e = await rejection(sqlRunCommand.run(args('--reference', `CompanyName=${dir}/ref.json:${dir}/ref.csv`), captureIo().io));
    expect(e).toMatchObject({ code: 'CLI_INPUT_REJECTED', detailCode: 'KAV2_INVALID_REFERENCE_DATA' });
    expect(e['message']).toMatch(/reference table CompanyName: record 2 \(line 2\): column Company: value "lots" cannot be read as INTEGER/);
  });

  it('is a usage error when the value is not TABLE=SCHEMA:DATA, and lists the flag in --help', async () => {
    for (const bad of ['CompanyName', 'CompanyName=schema.json', '=s.json:d.csv', 'T=:d.csv', 'T=s.json:']) {
      const e = await rejection(sqlRunCommand.run(args('--reference', bad), captureIo().io));
      expect(e['code'], bad).toBe('CLI_USAGE');
    }
    expect((await rejection(sqlRunCommand.run(args('--reference'), captureIo().io)))['code']).toBe('CLI_USAGE');
    expect(sqlRunCommand.help).toMatch(/--reference TABLE=SCHEMA:DATA/);
  });

  it('surv sql check takes the same flag: the joined table is known, and its bad data is refused', async () => {
    const check = (...more: string[]) => [`${NAME}/app.sql`, '--schema', `${NAME}/input-schema.json`, ...more];
    const ok = captureIo();
    await sqlCheckCommand.run(check('--reference', REF), ok.io);
    expect(ok.stdout()).toEqual([`${NAME}/app.sql: ok`]);
    const unknown = captureIo();
    const e = await rejection(sqlCheckCommand.run(check(), unknown.io));
    expect(e).toMatchObject({ code: 'CLI_INPUT_REJECTED', detailCode: 'KAV2_UNKNOWN_STREAM' });
    expect(unknown.stdout().join("\n")).toMatch(/unknown stream or reference table CompanyName/);
    const dir = tempDir({ 'ref.json': readFileSync(fixture(NAME, 'reference-schema.json'), 'utf8').replace('"VARCHAR(16)"', '"INTEGER"'), 'ref.csv': 'AMZN,lots\n' });
    const badIo = captureIo();
    const bad = await rejection(sqlCheckCommand.run(check('--reference', `CompanyName=${dir}/ref.json:${dir}/ref.csv`), badIo.io));
    expect(bad).toMatchObject({ code: 'CLI_INPUT_REJECTED', detailCode: 'KAV2_INVALID_REFERENCE_DATA' });
    expect(badIo.stdout().join('\n')).toMatch(/reference table CompanyName: record 1 \(line 1\): column Company: value "lots" cannot be read as INTEGER/);
    expect(sqlCheckCommand.help).toMatch(/--reference TABLE=SCHEMA:DATA/);
  });
});
