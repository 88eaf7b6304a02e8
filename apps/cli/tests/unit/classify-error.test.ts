import { describe, expect, it } from 'vitest';
import { SurvError } from '@surv/domain';
import { classifyError } from '../../src/classify-error';
import { CliError } from '../../src/errors';

const lib = (code: string, message = 'boom', cause?: unknown) => new SurvError(code, message, { cause });

describe('classifyError', () => {
  it('passes CLI errors through unchanged', () => {
    const e = new CliError('CLI_USAGE', 'x');
    expect(classifyError(e)).toBe(e);
  });

  it('maps backend failures (DuckDB, lake I/O, AWS) to exit 4 with the library code shown', () => {
    for (const code of ['LOCAL_IO_FAILED', 'LOCAL_QUERY_FAILED', 'LOCAL_NOTIFY_FAILED', 'AWS_KINESIS_THROTTLED', 'PIPELINE_WRITE_FAILED']) {
      const c = classifyError(lib(code))!;
      expect(c.exitCode, code).toBe(4);
      expect(c.detailCode).toBe(code);
    }
  });

  it('maps SQL DuckDB refuses (parse, bind, unknown table) to refused input, exit 3, pointing at surv catalog', () => {
    const c = classifyError(lib('LOCAL_QUERY_FAILED', 'DuckDB query failed: Binder Error: column "nope" not found'))!;
    expect(c.exitCode).toBe(3);
    expect(c.hint).toBe('surv catalog');
    const viaCause = classifyError(lib('LOCAL_QUERY_FAILED', 'query failed', new Error('Parser Error: syntax error at or near "SELEC"')))!;
    expect(viaCause.exitCode).toBe(3);
  });

  it('maps refused input (KAV2 SQL errors, bad options) to exit 3; KAV2 errors hint at surv sql check', () => {
    const c = classifyError(lib('KAV2_PARSE_UNEXPECTED', 'expected FROM at 3:14'))!;
    expect(c.exitCode).toBe(3);
    expect(c.hint).toBe('surv sql check <app.sql>');
    expect(classifyError(lib('SIMULATOR_OPTIONS_INVALID'))!.exitCode).toBe(3);
  });

  it('maps an aborted run to exit 130', () => {
    expect(classifyError(lib('LOCAL_ABORTED'))!.exitCode).toBe(130);
  });

  it("maps the system's file errors (EACCES, ENOSPC) to exit 4", () => {
    const e = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(classifyError(e)).toMatchObject({ exitCode: 4, detailCode: 'ENOSPC' });
  });

  it('leaves anything else to be reported as a bug', () => {
    expect(classifyError(new TypeError('x is undefined'))).toBeUndefined();
    expect(classifyError('a string')).toBeUndefined();
    for (const code of ['KAV2_INVALID_STATE', 'DETECTION_APP_NOT_FOUND', 'PIPELINE_QUERY_MISSING']) expect(classifyError(lib(code)), code).toBeUndefined();
  });
});
