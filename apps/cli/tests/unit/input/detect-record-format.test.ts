import { describe, expect, it } from 'vitest';
import { detectRecordFormat, MAX_DETECT_CHARS } from '../../../src/input/detect-record-format';

describe('detectRecordFormat', () => {
  it('takes a first line that is one whole object for JSON lines, LF or CRLF', () => {
    expect(detectRecordFormat('{"a":"}{"}\n{"b":2}', false)).toBe('jsonl');
    expect(detectRecordFormat('\n  {"a":1} \r\n', false)).toBe('jsonl');
    expect(detectRecordFormat('{"a":1}', true)).toBe('jsonl');
  });

  it('sends an array, concatenated objects and pretty-printed objects to the splitter', () => {
    expect(detectRecordFormat(' \r\n[', false)).toBe('json');
    expect(detectRecordFormat('{"a":1}{"b"', false)).toBe('json');
    expect(detectRecordFormat('{"a":1} ,\n{"b":2}', false)).toBe('json');
    expect(detectRecordFormat('{\n  "a": 1\n}', false)).toBe('json');
    expect(detectRecordFormat('{"a": 1,\r\n "b": {', false)).toBe('json');
    expect(detectRecordFormat('{\n', true)).toBe('json');
  });

  it('keeps JSON lines whose first line is broken, or that do not start with an object', () => {
    expect(detectRecordFormat('{"event_id": "broken",\n\n{"event_id": "E1"}\n', false)).toBe('jsonl');
    expect(detectRecordFormat('not json\n{"a":1}\n', false)).toBe('jsonl');
    expect(detectRecordFormat('', true)).toBe('jsonl');
  });

  it('asks for more text until it can tell, and not past its limit', () => {
    for (const head of ['', '  \n', '{"a":', '{"a":1}', '{"a":1}  ', '{\n']) expect(detectRecordFormat(head, false), head).toBeUndefined();
    expect(detectRecordFormat(`{"a":"${'x'.repeat(MAX_DETECT_CHARS)}`, false)).toBe('jsonl');
  });
});
