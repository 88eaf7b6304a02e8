/**
 * Reserved words that can never be an unquoted column alias or identifier in this dialect.
 * (KDA reserves many more; these are the ones the grammar needs to stop an expression.)
 */
export const RESERVED = new Set([
  'SELECT', 'STREAM', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'WINDOW', 'WINDOWED', 'AS', 'AND', 'OR', 'NOT',
  'IS', 'NULL', 'TRUE', 'FALSE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'IN', 'BETWEEN', 'LIKE', 'SIMILAR',
  'ESCAPE', 'UNION', 'JOIN', 'ON', 'OVER', 'PARTITION', 'ORDER', 'RANGE', 'ROWS', 'PRECEDING', 'FOLLOWING',
  'INSERT', 'INTO', 'CREATE', 'PUMP', 'DISTINCT', 'ALL', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'CROSS', 'FULL',
  'INTERVAL', 'LIMIT', 'TO', 'FOR', 'USING', 'NATURAL', 'EXCEPT', 'INTERSECT', 'VALUES',
]);

/** Time units and their canonical names (plural forms and abbreviations KDA accepts). */
export const TIME_UNITS: Readonly<Record<string, string>> = {
  YEAR: 'YEAR', YEARS: 'YEAR', MONTH: 'MONTH', MONTHS: 'MONTH', DAY: 'DAY', DAYS: 'DAY', HOUR: 'HOUR',
  HOURS: 'HOUR', MINUTE: 'MINUTE', MINUTES: 'MINUTE', SECOND: 'SECOND', SECONDS: 'SECOND',
  MILLISECOND: 'MILLISECOND', MILLISECONDS: 'MILLISECOND', WEEK: 'WEEK', QUARTER: 'QUARTER',
};

/** SQL type names and their canonical form. */
export const TYPE_NAMES: Readonly<Record<string, string>> = {
  VARCHAR: 'VARCHAR', CHAR: 'CHAR', CHARACTER: 'CHAR', INTEGER: 'INTEGER', INT: 'INTEGER', BIGINT: 'BIGINT',
  SMALLINT: 'SMALLINT', TINYINT: 'TINYINT', DOUBLE: 'DOUBLE', FLOAT: 'DOUBLE', REAL: 'REAL', DECIMAL: 'DECIMAL',
  NUMERIC: 'DECIMAL', DEC: 'DECIMAL', BOOLEAN: 'BOOLEAN', TIMESTAMP: 'TIMESTAMP', DATE: 'DATE', TIME: 'TIME',
  VARBINARY: 'VARBINARY', BINARY: 'VARBINARY',
};
