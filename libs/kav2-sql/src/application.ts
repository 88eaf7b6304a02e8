import { isSurvError } from '@surv/domain';
import { bind } from './analyzer/bind';
import { type StreamDef } from './analyzer/bound';
import { type Column, type SqlValue, formatType, t } from './analyzer/sql-type';
import { isTimestampMs, MAX_TIMESTAMP_MS, parseTimestampText } from './datetime/datetime';
import { SqlError } from './errors';
import { type ApplicationOptions, resolveApplicationOptions } from './application-options';
import { type ColumnInfo, type OutputRow } from './format-row';
import { type InputSchema, resolveInputSchema } from './input/input-schema';
import { inputStreamIndex, type RecordRouting } from './input/input-routing';
import { jsonText, UNPRINTABLE } from './input/json-text';
import { loadReferenceTable, type ReferenceDataSource, type ReferenceTable } from './input/reference-data';
import { isInheritedName, ownField } from './input/json-path';
import { createFlatJsonMapper, createRecordMapper, recordText } from './input/record-mapper';
import { tokenize } from './lexer/tokenize';
import { parse } from './parser/parse';
import { explain as explainPlan } from './planner/explain';
import { type LogicalPlan } from './planner/logical-plan';
import { plan as planApplication } from './planner/plan';
import { compile, type CompiledPump } from './runtime/compile';
import { type Operator, StatelessOperator } from './runtime/operator';
import { type Row, RowError } from './runtime/row';
import { RowQueue } from './row-queue';

/**
 * Layout of operator state in snapshots. Bumped whenever one changes (2: sliding-window partitions
 * keyed by their value tuples), so a state taken by another engine version fails the fingerprint
 * check instead of being misread.
 */
const STATE_FORMAT = 2;

/** Name of the stream that receives rows the application could not process. */
export const ERROR_STREAM = 'error_stream';

/**
 * Columns of `error_stream`, as the Developer Guide's Error Handling page lists them: every row says what failed
 * (ERROR_NAME, MESSAGE) and carries the data: DATA_ROW is the failed record or row as hex-encoded UTF-8 text
 * (the record as received, or the row as JSON named by its stream's columns).
 */
export const ERROR_STREAM_COLUMNS: readonly Column[] = [
  { name: 'ERROR_TIME', type: t('TIMESTAMP') },
  { name: 'ERROR_LEVEL', type: t('VARCHAR', 10) },
  { name: 'ERROR_NAME', type: t('VARCHAR', 32) },
  { name: 'MESSAGE', type: t('VARCHAR', 4096) },
  { name: 'DATA_ROWTIME', type: t('TIMESTAMP') },
  { name: 'DATA_ROW', type: t('VARCHAR', 49152) },
  { name: 'PUMP_NAME', type: t('VARCHAR', 128) },
];

/** JSON-serialisable state of an application: the watermark and each operator's window state. */
export interface ApplicationState {
  readonly version: 1;
  /** Hash of the application's plan: a state only restores into the same SQL and input schema. */
  readonly fingerprint: string;
  readonly watermark: number | null;
  readonly pumps: Readonly<Record<string, readonly unknown[]>>;
}

/** A running KDA SQL application (see `compileApplication`). */
export interface Application {
  /**
   * Feeds one record (JSON text, UTF-8 bytes, or a parsed object). Bad records go to error_stream; never throws for data.
   * With `inputParallelism` above 1, the record's `shard` or `partitionKey` picks its input stream (see `inputStreamIndex`).
   */
  push(record: string | Uint8Array | Record<string, unknown>, meta?: PushMeta): void;
  /** End of input: closes every open window now (KDA never emits a window that does not close). */
  flush(): void;
  /** Moves time forward without a row, closing windows that end at or before `rowtimeMs`. */
  advanceTo(rowtimeMs: number): void;
  /** Subscribes to an in-application stream (or 'error_stream', or the input stream); returns unsubscribe. */
  on(stream: string, listener: (row: OutputRow) => void): () => void;
  /** The stream's rows as an async iterable, ending after close(). */
  rows(stream: string): AsyncIterable<OutputRow>;
  /** Stops the application: listeners are dropped, iterables end, push() is refused. */
  close(): void;
  /** In-application streams declared by CREATE STREAM, in declaration order. */
  readonly outputStreams: readonly string[];
  /** Columns of a stream (declared, input, or error_stream) with KDA type text. */
  columns(stream: string): readonly ColumnInfo[];
  /** The plan, one pump per block. */
  explain(): string;
  /** Compact JSON state (accumulators per open group, sliding-window rows). */
  snapshot(): ApplicationState;
  /** Continues exactly where `snapshot()` left off (same SQL and schema). */
  restore(state: ApplicationState): void;
}

/** What push() may know of a record besides its data: when it arrived and where it came from. */
export interface PushMeta extends RecordRouting {
  /** Arrival time (epoch ms): ROWTIME unless the application reads it from a field. @default the clock */
  readonly arrivalTime?: number;
}

/** Loads the reference tables; their names share the namespace of streams. */
const loadReferenceTables = (sources: readonly ReferenceDataSource[], inputNames: readonly string[]): ReferenceTable[] => {
  const tables = sources.map(loadReferenceTable);
  const names = new Set<string>(inputNames);
  for (const tb of tables) {
    if (names.has(tb.def.name)) throw new SqlError('KAV2_DUPLICATE_NAME', `reference table ${tb.def.name} is named like ${inputNames.includes(tb.def.name) ? 'an input stream' : 'another reference table'}`);
    names.add(tb.def.name);
  }
  return tables;
};

/** Runs the compile-time stages; shared by compileApplication and checkApplication. */
const compileStages = (sql: string, inputSchema: InputSchema | unknown, options?: ApplicationOptions) => {
  const opts = resolveApplicationOptions(options);
  const schema = resolveInputSchema(inputSchema);
  const columns = schema.columns.map((c) => ({ name: c.name, type: c.type }));
  const [input, ...parallelInputs] = opts.inputStreamNames.map((name): StreamDef => ({ name, columns }));
  const tables = loadReferenceTables(opts.referenceData, opts.inputStreamNames);
  const statements = parse(tokenize(sql));
  const bound = bind(statements, { input: input!, parallelInputs, tables: tables.map((tb) => tb.def) });
  const logical = planApplication(bound);
  return { opts, schema, logical, portability: bound.portability, tables: new Map(tables.map((tb) => [tb.def.name, tb.rows] as const)) };
};

/** Reads a rowtime field (`f`, `$.f` or a dotted path) from a record; built once per application. */
const fieldReader = (field: string): ((obj: unknown) => unknown) => {
  const path = field.startsWith('$.') ? field.slice(2) : field;
  const parts = path.split('.');
  if (parts.length === 1 && !isInheritedName(path)) {
    return (obj) => (typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[path] : undefined);
  }
  return (obj) => {
    const direct = ownField(obj, path);
    if (direct !== undefined || parts.length === 1) return direct;
    let cur: unknown = obj;
    for (const part of parts) cur = ownField(cur, part);
    return cur;
  };
};

/** A stream's columns, the listeners of its rows and the pumps that read it. */
interface Channel {
  readonly columns: readonly Column[];
  readonly listeners: Set<(row: OutputRow) => void>;
  readonly readers: ((row: Row) => void)[];
}

class RunningApplication implements Application {
  readonly outputStreams: readonly string[];
  /** Every stream's listeners and reading pumps, resolved once: a pump's insert holds its target's channel. */
  private readonly channels = new Map<string, Channel>();
  /** The in-application input streams' channels (one unless InputParallelism is above 1). */
  private readonly inputChannels: readonly Channel[];
  private readonly queues = new Set<RowQueue>();
  private readonly pumps: readonly CompiledPump[];
  /** Operators that keep time-dependent state, in pump order: the only ones time moving on concerns. */
  private readonly timed: readonly Operator[];
  private readonly mapFlat: ((obj: Record<string, unknown>, out: SqlValue[]) => void) | undefined;
  /** The input row of the flat path, refilled per record (operators never keep rows: see Operator.push). */
  private readonly flatRow: Row;
  private readonly mapRecord: (record: unknown) => ReturnType<ReturnType<typeof createRecordMapper>>;
  private readonly readRowtime: ((obj: unknown) => unknown) | undefined;
  private watermark = -Infinity;
  /** Where an input row carries APPROXIMATE_ARRIVAL_TIME (after its columns; -1 when the schema has the column). */
  private readonly arrivalIndex: number;
  private closed = false;

  constructor(
    private readonly stages: ReturnType<typeof compileStages>,
  ) {
    const { logical, schema, opts } = stages;
    this.outputStreams = logical.streams.map((s) => s.name);
    const channel = (columns: readonly Column[]): Channel => ({ columns, listeners: new Set(), readers: [] });
    for (const input of logical.inputs) this.channels.set(input.name, channel(input.columns));
    for (const s of logical.streams) this.channels.set(s.name, channel(s.columns));
    this.channels.set(ERROR_STREAM, channel(ERROR_STREAM_COLUMNS));
    this.inputChannels = logical.inputs.map((i) => this.channels.get(i.name)!);
    const startTime = opts.clock();
    const pipeline = compile(logical, { now: opts.clock, startTime, tables: stages.tables, randomSeed: opts.randomSeed }, {
      emitter: (stream) => {
        const channel = this.channels.get(stream)!;
        return (row) => this.send(channel, row);
      },
      error: (pump, name, message, row, _stage, source) => this.error(name, message, row.rowtime, this.describeRow(row, source), pump),
    });
    this.pumps = pipeline.pumps;
    for (const p of this.pumps) {
      for (const input of p.inputs) this.channels.get(input.source)!.readers.push(input.push);
    }
    this.timed = this.pumps.flatMap((p) => p.operators.filter((o) => !(o instanceof StatelessOperator)));
    this.mapRecord = createRecordMapper(schema);
    this.mapFlat = createFlatJsonMapper(schema);
    this.flatRow = { rowtime: 0, values: new Array<SqlValue>(schema.columns.length + 1).fill(null) };
    this.arrivalIndex = schema.columns.some((c) => c.name === 'APPROXIMATE_ARRIVAL_TIME') ? -1 : schema.columns.length;
    this.readRowtime = opts.rowtime === 'arrival' ? undefined : fieldReader(opts.rowtime.field);
  }

  /** DATA_ROW text: named by the source stream's columns when the failing stage saw that stream's rows, else positional. */
  private describeRow(row: Row, source: string | undefined): string {
    const cols = source === undefined ? undefined : this.channels.get(source)?.columns;
    // An input row also carries APPROXIMATE_ARRIVAL_TIME after its columns; DATA_ROW names the columns only.
    if (!cols || row.values.length < cols.length || row.values.length > cols.length + 1) return JSON.stringify(row.values);
    return JSON.stringify(Object.fromEntries(cols.map((c, i) => [c.name, row.values[i] ?? null])));
  }

  private send(channel: Channel, row: Row): void {
    const ls = channel.listeners;
    if (ls.size > 0) {
      const cols = channel.columns;
      const values: Record<string, SqlValue> = {};
      for (let i = 0; i < cols.length; i++) values[cols[i]!.name] = row.values[i] ?? null;
      const out: OutputRow = { rowtime: row.rowtime, values };
      for (const l of [...ls]) l(out);
    }
    const readers = channel.readers;
    for (let i = 0; i < readers.length; i++) readers[i]!(row);
  }

  private error(name: string, message: string, dataRowtime: number | null, data: string, pump: string | null): void {
    const now = this.stages.opts.clock();
    // DATA_ROW holds "the hex-encoded data in the original row" (Developer Guide, Error Handling).
    const values = [now, 'ERROR', name, message, dataRowtime, Buffer.from(data, 'utf8').toString('hex'), pump];
    this.send(this.channels.get(ERROR_STREAM)!, { rowtime: dataRowtime ?? now, values });
  }

  private assertOpen(): void {
    if (this.closed) throw new SqlError('KAV2_INVALID_STATE', 'the application is closed');
  }

  private advanceAll(rowtime: number): void {
    if (rowtime <= this.watermark) return;
    this.watermark = rowtime;
    const timed = this.timed;
    for (let i = 0; i < timed.length; i++) timed[i]!.advance(rowtime);
  }

  push(record: string | Uint8Array | Record<string, unknown>, meta?: PushMeta): void {
    this.assertOpen();
    const input = this.inputChannels[inputStreamIndex(this.inputChannels.length, meta)]!;
    const arrival = meta?.arrivalTime ?? this.stages.opts.clock();
    if (!isTimestampMs(arrival)) {
      this.error('ROWTIME_FAILED', `arrival time must be epoch ms within ±${MAX_TIMESTAMP_MS}, got ${String(arrival)}`, null, recordText(record), null);
      return;
    }
    if (this.mapFlat !== undefined) {
      if (typeof record === 'string') {
        if (this.pushFlat(record, arrival, input)) return;
      } else if (!(record instanceof Uint8Array) && this.pushObject(record, arrival, input)) {
        return;
      }
    }
    const mapped = this.mapRecord(record);
    if (!mapped.ok) {
      this.error(mapped.name, mapped.reason, arrival, mapped.raw, null);
      return;
    }
    for (const r of mapped.rows) this.pushRow({ rowtime: 0, values: r.values }, r.source, mapped.root, arrival, input);
  }

  /**
   * Flat JSON text mapped without the general mapper's intermediate objects. Returns false for any
   * record the fast path does not cover (bad JSON, not an object, a value that fails its column):
   * the general path then reports it exactly as it always does.
   */
  private pushFlat(text: string, arrival: number, input: Channel): boolean {
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch {
      return false;
    }
    return this.pushObject(root as Record<string, unknown>, arrival, input);
  }

  /** A parsed flat record (pushed as one, or `pushFlat`'s parse); false when it is no object or a value fails (the general path reports it). */
  private pushObject(record: Record<string, unknown>, arrival: number, input: Channel): boolean {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
    const row = this.flatRow;
    try {
      this.mapFlat!(record, row.values);
    } catch (e) {
      if (e instanceof RowError) return false;
      throw e;
    }
    this.pushRow(row, record, record, arrival, input);
    return true;
  }

  /** One mapped row into its input stream, with ROWTIME from its field (replay) or its arrival. */
  private pushRow(row: Row, source: unknown, root: unknown, arrival: number, input: Channel): void {
    let rowtime = arrival;
    const rt = this.stages.opts.rowtime;
    const readRowtime = this.readRowtime;
    if (rt !== 'arrival' && readRowtime !== undefined) {
      const raw = readRowtime(source) ?? readRowtime(root);
      const ms = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseTimestampText(raw) : NaN;
      if (!isTimestampMs(ms)) {
        const why = raw === undefined ? 'missing' : Number.isFinite(ms) ? `out of the timestamp range (±${MAX_TIMESTAMP_MS} ms): ${jsonText(raw) ?? UNPRINTABLE}` : `not a timestamp: ${jsonText(raw) ?? UNPRINTABLE}`;
        this.error('ROWTIME_FAILED', `rowtime field ${rt.field} is ${why}`, null, jsonText(source) ?? UNPRINTABLE, null);
        return;
      }
      rowtime = ms;
    }
    this.advanceAll(rowtime);
    row.rowtime = rowtime;
    if (this.arrivalIndex >= 0) row.values[this.arrivalIndex] = arrival;
    this.send(input, row);
  }

  flush(): void {
    this.assertOpen();
    for (const p of this.pumps) p.flush();
  }

  advanceTo(rowtimeMs: number): void {
    this.assertOpen();
    if (!isTimestampMs(rowtimeMs)) throw new SqlError('KAV2_INVALID_ARGUMENT', `advanceTo needs epoch ms within ±${MAX_TIMESTAMP_MS}, got ${rowtimeMs}`);
    this.advanceAll(rowtimeMs);
  }

  private knownStream(stream: string): void {
    if (!this.channels.has(stream)) {
      throw new SqlError('KAV2_UNKNOWN_STREAM', `unknown stream ${stream}; known: ${[...this.channels.keys()].join(', ')}`);
    }
  }

  on(stream: string, listener: (row: OutputRow) => void): () => void {
    this.assertOpen();
    this.knownStream(stream);
    const set = this.channels.get(stream)!.listeners;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  rows(stream: string): AsyncIterable<OutputRow> {
    this.knownStream(stream);
    const q = new RowQueue();
    if (this.closed) {
      q.end();
      return q;
    }
    this.queues.add(q);
    this.on(stream, (r) => q.push(r));
    return q;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const channel of this.channels.values()) channel.listeners.clear();
    for (const q of this.queues) q.end();
    this.queues.clear();
  }

  columns(stream: string): readonly ColumnInfo[] {
    this.knownStream(stream);
    return this.channels.get(stream)!.columns.map((c) => ({ name: c.name, type: formatType(c.type) }));
  }

  explain(): string {
    return explainPlan(this.stages.logical);
  }

  private fingerprint(): string {
    // FNV-1a over the plan text: stable across processes, changes when the SQL or schema does.
    const text = `state format ${STATE_FORMAT}\n${explainPlan(this.stages.logical)}`;
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  }

  snapshot(): ApplicationState {
    const pumps: Record<string, unknown[]> = {};
    for (const p of this.pumps) pumps[p.name] = p.operators.map((o) => o.snapshot());
    return { version: 1, fingerprint: this.fingerprint(), watermark: Number.isFinite(this.watermark) ? this.watermark : null, pumps };
  }

  restore(state: ApplicationState): void {
    this.assertOpen();
    if (typeof state !== 'object' || state === null || state.version !== 1 || typeof state.pumps !== 'object') {
      throw new SqlError('KAV2_INVALID_STATE', 'not an application state (expected { version: 1, fingerprint, watermark, pumps })');
    }
    if (state.fingerprint !== this.fingerprint()) {
      throw new SqlError('KAV2_INVALID_STATE', `state was taken from a different application (fingerprint ${String(state.fingerprint)}, expected ${this.fingerprint()})`);
    }
    for (const p of this.pumps) {
      const ops = state.pumps[p.name];
      if (!Array.isArray(ops) || ops.length !== p.operators.length) {
        throw new SqlError('KAV2_INVALID_STATE', `state does not match this application: pump ${p.name} is missing or has a different shape`);
      }
    }
    for (const p of this.pumps) {
      const ops = state.pumps[p.name]!;
      p.operators.forEach((o, i) => o.restore(ops[i]));
    }
    this.watermark = state.watermark ?? -Infinity;
  }
}

/**
 * Compiles a KDA SQL-1_0 application (CREATE STREAM / CREATE PUMP statements) against its input
 * schema and returns a running application. Throws `SqlError` (code KAV2_*, with line and column)
 * for invalid or unsupported SQL, naming the construct.
 */
export const compileApplication = (sql: string, inputSchema: InputSchema | unknown, options?: ApplicationOptions): Application =>
  new RunningApplication(compileStages(sql, inputSchema, options));

/** A problem found by `checkApplication`. */
export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** An error stops the application from compiling; a warning names SQL this engine runs and KDA refuses. */
  readonly severity: 'error' | 'warning';
}

/**
 * Parses and type-checks an application without running it: the first error with its position, or,
 * when it compiles, a warning for each construct Kinesis Data Analytics itself would refuse ([] when none).
 */
export const checkApplication = (sql: string, inputSchema: InputSchema | unknown, options?: ApplicationOptions): Diagnostic[] => {
  try {
    const seen = new Set<string>();
    const warnings: Diagnostic[] = [];
    for (const n of compileStages(sql, inputSchema, options).portability) {
      const key = `${n.pos.line}:${n.pos.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      warnings.push({ code: 'KAV2_KDA_PORTABILITY', message: n.message, line: n.pos.line, column: n.pos.column, severity: 'warning' });
    }
    return warnings.sort((a, b) => a.line - b.line || a.column - b.column);
  } catch (e) {
    if (isSurvError(e)) {
      const pos = e as unknown as { line?: number; column?: number };
      return [{ code: e.code, message: e.message, line: pos.line ?? 0, column: pos.column ?? 0, severity: 'error' }];
    }
    throw e;
  }
};

/** The logical plan of an application (for tooling such as `surv sql explain`). */
export const planOf = (sql: string, inputSchema: InputSchema | unknown, options?: ApplicationOptions): LogicalPlan =>
  compileStages(sql, inputSchema, options).logical;
