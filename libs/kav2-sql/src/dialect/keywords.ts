/**
 * Words the grammar needs to stop an expression or a name: never an unquoted column alias or identifier.
 * PRECEDING, FOLLOWING and PUMP are keywords but not reserved (they are not on the SQL Reference's list of reserved
 * words), so they stay usable as names.
 */
export const RESERVED = new Set([
  'SELECT', 'STREAM', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'WINDOW', 'WINDOWED', 'AS', 'AND', 'OR', 'NOT',
  'IS', 'NULL', 'TRUE', 'FALSE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'IN', 'BETWEEN', 'LIKE', 'SIMILAR',
  'ESCAPE', 'UNION', 'JOIN', 'ON', 'OVER', 'PARTITION', 'ORDER', 'RANGE', 'ROWS',
  'INSERT', 'INTO', 'CREATE', 'DISTINCT', 'ALL', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'CROSS', 'FULL',
  'INTERVAL', 'LIMIT', 'TO', 'FOR', 'USING', 'NATURAL', 'EXCEPT', 'INTERSECT', 'VALUES',
]);

/**
 * Reserved words of the SQL Reference's "Reserved Words and Keywords" page (A to G, as the stored copy of the page
 * shows them) that the grammar does not need as stop-words. As unquoted names (a stream, pump, window, column or
 * alias being declared) they are refused; quoted ("COUNT") they are names like any other. Later letters of the
 * page are not in the stored copy, so only the grammar's own words (RESERVED) are refused there.
 */
export const RESERVED_NAMES = new Set([
  'ABS', 'ALLOCATE', 'ALLOW', 'ALTER', 'ANALYZE', 'ANY', 'APPROXIMATE_ARRIVAL_TIME', 'ARE', 'ARRAY', 'ASENSITIVE',
  'ASYMMETRIC', 'AT', 'ATOMIC', 'AUTHORIZATION', 'AVG', 'BEGIN', 'BIGINT', 'BINARY', 'BIT', 'BLOB', 'BOOLEAN', 'BOTH',
  'CALL', 'CALLED', 'CARDINALITY', 'CASCADED', 'CAST', 'CEIL', 'CEILING', 'CHAR', 'CHARACTER', 'CHARACTER_LENGTH',
  'CHAR_LENGTH', 'CHECK', 'CHECKPOINT', 'CLOB', 'CLOSE', 'CLUSTERED', 'COALESCE', 'COLLATE', 'COLLECT', 'COLUMN',
  'COMMIT', 'CONDITION', 'CONNECT', 'CONSTRAINT', 'CONVERT', 'CORR', 'CORRESPONDING', 'COUNT', 'COVAR_POP',
  'COVAR_SAMP', 'CUBE', 'CUME_DIST', 'CURRENT', 'CURRENT_CATALOG', 'CURRENT_DATE', 'CURRENT_DEFAULT_TRANSFORM_GROUP',
  'CURRENT_PATH', 'CURRENT_ROLE', 'CURRENT_SCHEMA', 'CURRENT_TIME', 'CURRENT_TIMESTAMP',
  'CURRENT_TRANSFORM_GROUP_FOR_TYPE', 'CURRENT_USER', 'CURSOR', 'CYCLE', 'DATE', 'DAY', 'DEALLOCATE', 'DEC', 'DECIMAL',
  'DECLARE', 'DEFAULT', 'DELETE', 'DENSE_RANK', 'DEREF', 'DESCRIBE', 'DETERMINISTIC', 'DISALLOW', 'DISCONNECT',
  'DOUBLE', 'DROP', 'DYNAMIC', 'EACH', 'ELEMENT', 'EVERY', 'EXEC', 'EXECUTE', 'EXISTS', 'EXP', 'EXPLAIN', 'EXP_AVG',
  'EXTERNAL', 'EXTRACT', 'FETCH', 'FILTER', 'FIRST_VALUE', 'FLOAT', 'FLOOR', 'FOREIGN', 'FREE', 'FUNCTION', 'FUSION',
  'GET', 'GLOBAL', 'GRANT', 'GROUPING',
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
