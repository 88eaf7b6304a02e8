import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, T0 } from '../helpers';

const schema = jsonSchema([['F', 'VARCHAR(16)'], ['S', 'VARCHAR(16)']]);
const app = (expr: string, type = 'VARCHAR(32)') => `CREATE STREAM "DESTINATION_SQL_STREAM" (R ${type});
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM ${expr} AS R FROM "SOURCE_SQL_STREAM_001";`;

// SQL Reference, Datetime Conversion Functions: "all other characters from 'A' to 'Z' and from 'a' to 'z' are
// reserved" in a date and time pattern; SimpleDateFormat refuses them ("Illegal pattern character").
describe('date format patterns', () => {
  it('refuses a constant pattern with a reserved letter where it is written', () => {
    for (const expr of ["TIMESTAMP_TO_CHAR('yyyy q', TIMESTAMP '2001-07-04 12:08:56')", "CHAR_TO_TIMESTAMP('yyyy q', S)"]) {
      const e = compileErrorOf(app(expr, expr.startsWith('CHAR') ? 'TIMESTAMP' : 'VARCHAR(32)'), schema);
      expect(e.code).toBe('KAV2_INVALID_ARGUMENT');
      expect(e.message).toContain("unsupported date format letter 'q' in 'yyyy q'");
      expect([e.line, e.column]).toEqual([3, 17]);
    }
  });

  it('refuses a reserved letter in a log-parse column format', () => {
    const e = compileErrorOf(app("VARIABLE_COLUMN_LOG_PARSE(S, 'T TYPE TIMESTAMP ''yyyy q''', ',')"), schema);
    expect(e.code).toBe('KAV2_INVALID_ARGUMENT');
    expect(e.message).toContain("column T: unsupported date format letter 'q'");
  });

  it('sends the row to error_stream when a pattern computed per row has a reserved letter', () => {
    const { rows, errors } = runApp(app("TIMESTAMP_TO_CHAR(F, TIMESTAMP '2001-07-04 12:08:56')"), schema, [
      { at: T0, rec: { F: 'yyyy q', S: '' } },
      { at: T0, rec: { F: 'yyyy', S: '' } },
    ]);
    expect(rows.map((r) => r.values.R)).toEqual(['2001']);
    expect(errors.map((r) => [r.values.ERROR_NAME, r.values.MESSAGE])).toEqual([['INVALID_ARGUMENT', "unsupported date format letter 'q' in 'yyyy q'"]]);
  });
});
