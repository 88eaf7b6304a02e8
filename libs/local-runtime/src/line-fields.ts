const SYMBOL_RE = /"symbol"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/**
 * The partition key a producer would use: the event's symbol, read without parsing the whole
 * line (the enricher parses it properly). Lines without one share a fixed key.
 */
export const partitionKeyOf = (line: string): string => {
  const m = SYMBOL_RE.exec(line);
  return m && m[1] ? m[1] : '~nosymbol';
};
