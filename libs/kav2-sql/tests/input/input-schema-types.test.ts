import { resolveInputSchema } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../helpers';

describe('input schema SqlType', () => {
  it('names a documented type the engine does not have (BINARY) as unsupported, not as invalid', () => {
    expect(() => resolveInputSchema(jsonSchema([['PAYLOAD', 'BINARY']]))).toThrow(
      expect.objectContaining({ code: 'KAV2_UNSUPPORTED', message: expect.stringContaining("column PAYLOAD has SqlType 'BINARY': type BINARY") }),
    );
  });

  it('still calls an unknown type invalid', () => {
    expect(() => resolveInputSchema(jsonSchema([['X', 'WIBBLE']]))).toThrow(expect.objectContaining({ code: 'KAV2_INVALID_SCHEMA' }));
  });
});
