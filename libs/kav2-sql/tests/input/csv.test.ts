import { compileApplication, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { splitCsvFields, splitCsvRows, splitCsvRowsAt } from '../../src/input/csv';
import { T0, dataRowText } from '../helpers';

describe('CSV records', () => {
  it('splits rows and fields at delimiters of any length', () => {
    expect(splitCsvRows('a|b\r\nc|d\r\n\r\n', '\r\n', '|')).toEqual(['a|b', 'c|d']);
    expect(splitCsvFields('a||b||', '||')).toEqual(['a', 'b', '']);
  });

  it('reads quoted fields: delimiters inside are text, "" is one quote, blanks around the quotes are dropped', () => {
    expect(splitCsvFields('"Smith, Jr.",Anne,7', ',')).toEqual(['Smith, Jr.', 'Anne', '7']);
    expect(splitCsvFields('"name1", "address1"', ',')).toEqual(['name1', 'address1']);
    expect(splitCsvFields('"O""Brien",5" screen,""', ',')).toEqual(['O"Brien', '5" screen', '']);
    expect(splitCsvRows('"two\nlines",1\nx,2\n', '\n', ',')).toEqual(['"two\nlines",1', 'x,2']);
    expect(splitCsvRowsAt('"two\nlines",1\n\nx,2\n', '\n', ',')).toEqual([{ row: '"two\nlines",1', line: 1 }, { row: 'x,2', line: 4 }]);
  });

  it('reports a quoted field that never closes or has text after its closing quote', () => {
    expect(splitCsvFields('"open,1', ',')).toEqual({ error: 'field 1 opens a quote that is never closed' });
    expect(splitCsvFields('a,"b"c,1', ',')).toEqual({ error: 'field 2 has text after its closing quote' });
  });

  it('maps quoted CSV records to columns and sends a malformed one to error_stream', () => {
    const schema = {
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
      RecordColumns: [{ Name: 'LastName', SqlType: 'VARCHAR(16)' }, { Name: 'FirstName', SqlType: 'VARCHAR(16)' }, { Name: 'CustomerId', SqlType: 'INTEGER' }],
    };
    const app = compileApplication(`CREATE STREAM "D" (LAST_NAME VARCHAR(16), ID INTEGER);
      CREATE PUMP P AS INSERT INTO "D" SELECT STREAM "LastName", "CustomerId" FROM "SOURCE_SQL_STREAM_001";`, schema, { clock: () => T0 });
    const rows: OutputRow[] = [];
    const errors: OutputRow[] = [];
    app.on('D', (r) => rows.push(r));
    app.on('error_stream', (r) => errors.push(r));
    for (const rec of ['"Smith, Jr.",Anne,7', '"O""Brien", "Pat" ,9', '"open,x,1']) app.push(rec);
    expect(rows.map((r) => r.values)).toEqual([{ LAST_NAME: 'Smith, Jr.', ID: 7 }, { LAST_NAME: 'O"Brien', ID: 9 }]);
    expect(errors.map((e) => [e.values.ERROR_NAME, e.values.MESSAGE, dataRowText(e)])).toEqual([
      ['MAPPING_FAILED', 'CSV row: field 1 opens a quote that is never closed', '"open,x,1'],
    ]);
  });

  it('takes ROWTIME from a CSV column named as the rowtime field', () => {
    const schema = {
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
      RecordColumns: [{ Name: 'TS', SqlType: 'TIMESTAMP' }, { Name: 'N', SqlType: 'INTEGER' }],
    };
    const app = compileApplication(`CREATE STREAM "D" (N INTEGER);
      CREATE PUMP P AS INSERT INTO "D" SELECT STREAM N FROM "SOURCE_SQL_STREAM_001";`, schema, { clock: () => T0, rowtime: { field: 'TS' } });
    const rows: OutputRow[] = [];
    app.on('D', (r) => rows.push(r));
    app.push('2018-06-13 14:11:00.500,1');
    expect(rows.map((r) => [r.rowtime, r.values.N])).toEqual([[Date.parse('2018-06-13T14:11:00.500Z'), 1]]);
  });
});
