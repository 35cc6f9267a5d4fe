/**
 * DataFrame: named, equal-length Columns, immutable. Derived frames share column buffers.
 * Each method is one line that delegates to a verb in ./verbs/ (Arquero's layout).
 *
 * Ops record work on the active backend and return at once; only reads wait
 * (`toRecords`, `format`, `collect`), plus the ops whose output size is data-dependent
 * (`filter`, `groupBy(...).agg`), which read a 4-byte count (a control read).
 */
import { Column, type ColumnType } from '../src/column/column.js';
import { ensureBackend } from '../src/device/index.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import type { TypedArray } from '../src/dtypes.js';
import { ColumnNotFoundError, DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { showValue } from '../src/options.js';
import type { Table } from '../src/io/table.js';
import type { Expr } from './expr.js';
import { filter } from './verbs/filter.js';
import { explode } from './verbs/explode.js';
import { withColumns, evalColumn } from './verbs/with-columns.js';
import { sort, type SortOptions } from './verbs/sort.js';
import { PendingColumn, take } from './verbs/take.js';
import { SLOT } from './slot.js';
import { format, formatHost, toRecords } from './verbs/format.js';
import { GroupBy } from './verbs/group-by.js';
import { hasExpr, selectExprs } from './verbs/agg-expr.js';
import { join, type JoinOptions } from './verbs/join.js';
import { fromArrow, toArrow } from './verbs/arrow.js';
import type * as arrow from 'apache-arrow';
import { unique, uniqueArgs, type UniqueOptions } from './verbs/unique.js';
import { valueCounts, type ValueCountsOptions } from './verbs/value-counts.js';
import { rename } from './verbs/rename.js';
import { slice } from './verbs/slice.js';
import { fillNull, dropNulls, type FillValue } from './verbs/nulls.js';
import { describe } from './verbs/describe.js';
import { sample, sampleArgs, type SampleOptions } from './verbs/sample.js';
import { quantile, type QuantileOptions } from './verbs/quantile.js';
import { fromRecords, type FromRecordsOptions } from './verbs/from-records.js';
import { registerFrame } from './factory.js';
import { Series } from './series.js';
import { columnNames, nameOrNames, rowCount } from './arguments.js';

export type ColumnInput = Column | DataBuffer | TypedArray | ReadonlyArray<string | null | undefined> | ReadonlyArray<number | null | undefined> | ReadonlyArray<bigint | null | undefined> | ReadonlyArray<boolean | null | undefined>;

function toColumn(name: string, c: ColumnInput | PendingColumn): Column | PendingColumn {
  if (c instanceof Column || c instanceof PendingColumn) return c;
  if (c instanceof DataBuffer) return new Column({ type: c.dtype as ColumnType, data: c });
  if (Array.isArray(c)) {
    try {
      return Column.from(c as ReadonlyArray<string | number | bigint | boolean | null>);
    } catch (e) {
      if (e instanceof DTypeError) throw new DTypeError(`DataFrame: column '${name}': ${e.message}`);
      throw e;
    }
  }
  if (ArrayBuffer.isView(c)) return Column.from(c as TypedArray);
  throw new ValueError(`DataFrame: expected column '${name}' as a Column, DataBuffer, typed array or JS array (strings, numbers, bigints or booleans, with nulls), got ${typeof c}`);
}

export class DataFrame {
  readonly names: readonly string[];
  /** Columns, or (for a row-selected frame) columns gathered on first read. */
  private readonly slots: Array<Column | PendingColumn>;
  private readonly rows: number;
  private resolved: readonly Column[] | undefined;
  /** Name → position, made on the first lookup by name. */
  private positions: Map<string, number> | undefined;

  /**
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2]), name: ['a', 'b'] });
   * ```
   */
  constructor(columns: Record<string, ColumnInput> | ReadonlyArray<readonly [string, ColumnInput]>) {
    if (columns === null || typeof columns !== 'object' || ArrayBuffer.isView(columns) || (Array.isArray(columns) && !columns.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string'))) {
      throw new ValueError(`DataFrame: expected columns as an object { name: values } or an array of [name, values] pairs, got ${showValue(columns)}`);
    }
    const entries = Array.isArray(columns) ? (columns as ReadonlyArray<readonly [string, ColumnInput]>) : Object.entries(columns);
    const names = entries.map(([n]) => n);
    const seen = new Set<string>(); // not indexOf per name: quadratic for a frame of 100,000 columns
    for (const n of names) {
      if (seen.has(n)) throw new ValueError(`DataFrame: expected unique column names, got '${n}' twice`);
      seen.add(n);
    }
    const cols = entries.map(([n, c]) => toColumn(n, c));
    const len = cols[0]?.length ?? 0;
    cols.forEach((c, i) => {
      if (c.length !== len) throw new ShapeError(`DataFrame: expected every column to have ${len} rows, got ${c.length} in '${names[i]}'`);
      // Errors about lost device data name the column (internal '\u0000' names are not shown).
      if (c instanceof Column && !names[i]!.startsWith('\u0000')) for (const b of c.buffers()) b.nameAs(names[i]!);
    });
    this.names = names;
    this.slots = cols;
    this.rows = len;
  }

  /**
   * The Column objects in frame order, as Polars' `get_columns()` (a row-selected frame
   * gathers those not read yet). `df.columns` is the list of names; `df.column(name)` is one.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ lat: new Float64Array([48.85]), lon: new Float64Array([2.35]) });
   * const [lat, lon] = df.getColumns();
   * console.log(lat!.type, lon!.length); // float64 1
   * ```
   */
  getColumns(): readonly Column[] {
    if (!this.resolved) this.resolved = Object.freeze(this.slots.map((_, i) => this.resolveSlot(i)));
    return this.resolved;
  }

  /** Column i as it is held: a Column, or a PendingColumn not gathered yet. Internal (row selection). */
  [SLOT](i: number): Column | PendingColumn {
    return this.slots[i]!;
  }

  private resolveSlot(i: number): Column {
    const s = this.slots[i]!;
    if (s instanceof Column) return s;
    // Row numbers lost with their device make a ResidencyError naming this column.
    if (!this.names[i]!.startsWith('\u0000')) s.selection.rows.nameAs(this.names[i]!);
    const c = s.resolve();
    this.slots[i] = c;
    return c;
  }

  /**
   * Wrap what a reader returned (readCSV, readShapefile) without copying.
   *
   * @example
   * ```ts
   * const table: gf.Table = { names: ['x'], columns: [gf.Column.from(new Float64Array([1, 2]))], numRows: 2 };
   * const df = gf.DataFrame.fromTable(table);
   * console.log(df.schema); // { x: 'float64' }
   * ```
   */
  static fromTable(t: Table): DataFrame {
    if (!t || typeof t !== 'object' || !Array.isArray(t.names) || !Array.isArray(t.columns)) throw new ValueError(`DataFrame.fromTable: expected a table { names, columns }, got ${showValue(t)}`);
    return new DataFrame(t.names.map((n, i) => [n, t.columns[i]!] as const));
  }

  /**
   * The column names in order, as Polars' `df.columns` (the same list as `names`). The
   * Column objects are `getColumns()`, one of them `column(name)`.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2]), name: ['a', 'b'] });
   * df.columns; // ['x', 'name']
   * ```
   */
  get columns(): readonly string[] {
    return this.names;
  }

  /**
   * The column types in order, as Polars' `df.dtypes` (the type names of `schema`).
   *
   * @example
   * ```ts
   * new gf.DataFrame({ x: new Float64Array([1, 2]), name: ['a', 'b'] }).dtypes; // ['float64', 'utf8']
   * ```
   */
  get dtypes(): readonly ColumnType[] {
    return this.slots.map((c) => c.type);
  }

  /**
   * `[height, width]`: rows and columns, as Polars' and pandas' `df.shape`.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3]), name: ['a', 'b', 'c'] });
   * const [rows, cols] = df.shape;
   * console.log(rows, cols); // 3 2
   * ```
   */
  get shape(): [number, number] {
    return [this.rows, this.names.length];
  }

  /**
   * The number of rows (Polars' `height`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3]) });
   * console.log(`${df.height} rows`); // 3 rows
   * ```
   */
  get height(): number {
    return this.rows;
  }

  /**
   * The number of columns (Polars' `width`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3]), name: ['a', 'b', 'c'] });
   * console.log(`${df.width} columns`); // 2 columns
   * ```
   */
  get width(): number {
    return this.names.length;
  }

  /**
   * The number of rows: the same as `height`, kept under Arrow JS's name (`Table.numRows`,
   * which gpuframe's readers' tables share).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3]) });
   * console.log(df.numRows, df.numRows === df.height); // 3 true
   * ```
   */
  get numRows(): number {
    return this.rows;
  }

  /** Column names and types, e.g. `{ lat: 'float64', name: 'utf8' }`. */
  get schema(): Record<string, ColumnType> {
    return Object.fromEntries(this.names.map((n, i) => [n, this.slots[i]!.type]));
  }

  /**
   * The Column named `name` (what ops, spatial functions and estimators take); throws
   * ColumnNotFoundError (listing the names) if absent. `getColumn(name)` gives it as a Series,
   * with reductions.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ lat: new Float64Array([48.85, 51.5]) });
   * const lat = df.column('lat');
   * console.log(lat.type, await lat.toValues()); // float64 [48.85, 51.5]
   * ```
   */
  column(name: string): Column {
    if (typeof name !== 'string') throw new ValueError(`column: expected a column name, got ${showValue(name)}`);
    this.positions ??= new Map(this.names.map((n, k) => [n, k]));
    const i = this.positions.get(name) ?? -1;
    if (i < 0) throw new ColumnNotFoundError(`column: expected one of ${this.names.map((n) => `'${n}'`).join(', ')}, got '${name}'`);
    return this.resolveSlot(i);
  }

  /**
   * The column named `name` as a Series (Polars' `get_column`): the Column (`.column`) with
   * its name and the reductions `sum`, `mean`, `min`, `max`, `count`, `std`, `var`,
   * `median`, `nUnique` and `quantile`, each equal to `df.select(col(name).op())`.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ lat: new Float64Array([48, 51]) });
   * const meanLat = await df.getColumn('lat').mean();
   * console.log(meanLat); // 49.5
   * ```
   */
  getColumn(name: string): Series {
    return new Series(name, this.column(name));
  }

  /**
   * A frame with only the named columns, in that order (buffers shared). With expressions
   * (frame/verbs/agg-expr.ts) it is async, as Polars' `select`: aggregations
   * (`col('x').mean()`) give one row; row-wise expressions give one column each; mixing
   * the two is a ValueError. An output is named by `.alias(name)`, else by its first column;
   * equal names are a ValueError.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ name: ['a', 'b'], lat: new Float64Array([48, 51]), lon: new Float64Array([2, 0]) });
   * const xy = df.select('lon', 'lat');
   * const stats = await df.select(gf.col('lat').mean().alias('meanLat'), gf.col('lat').max());
   * console.log(xy.columns, await stats.toRecords()); // ['lon', 'lat'] [{ meanLat: 49.5, lat: 51 }]
   * ```
   */
  select(...names: Array<string | readonly string[]>): DataFrame;
  select(...exprs: Array<string | readonly string[] | Expr>): Promise<DataFrame>;
  select(...names: Array<string | readonly string[] | Expr>): DataFrame | Promise<DataFrame> {
    if (hasExpr(names)) return selectExprs(this, names);
    return new DataFrame(columnNames('select', names).map((n) => [n, this.column(n)] as const));
  }

  /**
   * A frame with columns added or replaced (buffers shared). Expression values are each
   * evaluated against this frame by one fused kernel (Polars `with_columns`); expressions
   * that can fail on data (strict casts that may not fit, sin/cos/tan) need `await df.eval(expr)`.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2]), y: new Float64Array([10, 20]) });
   * const df2 = df.withColumns({ z: gf.col('x').add(gf.col('y')).mul(2), id: new Int32Array([7, 8]) });
   * console.log(df2.columns, await df2.column('z').toValues()); // ['x', 'y', 'z', 'id'] [22, 44]
   * ```
   */
  withColumns(columns: Record<string, ColumnInput | Expr>): DataFrame {
    return withColumns(this, columns);
  }

  /**
   * A frame without the named columns (names, arrays of names, or both, as `select`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ iata: ['CDG'], name: ['Paris'], lat: new Float64Array([49]) });
   * const slim = df.drop('name');
   * const slimmer = df.drop(['name', 'iata']);
   * console.log(slim.columns, slimmer.columns); // ['iata', 'lat'] ['lat']
   * ```
   */
  drop(...columns: Array<string | readonly string[]>): DataFrame {
    const names = columnNames('drop', columns);
    for (const n of names) this.column(n);
    const dropped = new Set(names);
    return new DataFrame(this.names.flatMap((n) => (dropped.has(n) ? [] : [[n, this.column(n)] as const])));
  }

  /**
   * Rows where `predicate` is true (null counts as false). One fused kernel evaluates the
   * predicate into the kept row numbers; each column is gathered when first read.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ lat: new Float64Array([48, -33, 60]), elev: new Float64Array([100, 20, 2000]) });
   * const north = await df.filter(gf.col('lat').gt(0).and(gf.col('elev').lt(1000)));
   * console.log(north.numRows); // 1
   * ```
   */
  async filter(predicate: Expr): Promise<DataFrame> {
    await ensureBackend('filter');
    return filter(this, predicate);
  }

  /**
   * One row per element of the list column(s) `columns`, the other columns repeated (Polars'
   * `explode`); an empty or null list gives one row with a null element. Several columns
   * explode together when their lists have equal lengths in every row (ShapeError otherwise).
   *
   * @example
   * ```ts
   * const pts = new gf.Column({ type: 'list', data: gf.array(new Int32Array([0, 2, 2])), children: [gf.Column.from(new Float64Array([1, 2]))] });
   * const long = await new gf.DataFrame({ id: new Int32Array([7, 8]), pts }).explode('pts');
   * // id [7, 7, 8], pts [1, 2, null]
   * ```
   */
  async explode(columns: string | readonly string[]): Promise<DataFrame> {
    await ensureBackend('explode');
    return explode(this, columns);
  }

  /**
   * Rows ordered by one or more columns: stable, ascending by default, NaN after every
   * number (in ascending order). `descending` and `nullsLast` take one flag or one per key.
   * Nulls go last by default: pandas' `na_position='last'`, a deliberate difference from
   * Polars, whose default (`nulls_last=False`) puts them first; `{ nullsLast: false }` gives
   * Polars' order. An unknown option (`ascending`, `reverse`) is a ValueError with a hint.
   *
   * @example
   * ```ts
   * const df = gf.DataFrame.fromRecords([{ state: 'TX', pop: 5 }, { state: 'CA', pop: null }, { state: 'CA', pop: 9 }]);
   * const s = df.sort(['state', 'pop'], { descending: [false, true] });
   * console.log(await s.column('pop').toValues()); // [9n, null, 5n]: nulls last by default
   * const polarsOrder = df.sort('pop', { nullsLast: false });
   * ```
   */
  sort(by: string | readonly string[], options: SortOptions = {}): DataFrame {
    return sort(this, by, options);
  }

  /**
   * The first `n` rows (default 5). A negative `n` gives every row but the last `-n`, as
   * Polars (`head(-1)` drops the last row).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3, 4]) });
   * console.log(await df.head(3).format());
   * const allButLast = df.head(-1);
   * console.log(allButLast.numRows); // 3
   * ```
   */
  head(n = 5): DataFrame {
    const k = rowCount('head', n, true);
    return take(this, 0, Math.max(0, Math.min(k < 0 ? this.numRows + k : k, this.numRows)));
  }

  /**
   * The last `n` rows (default 5). A negative `n` gives every row but the first `-n`, as
   * Polars (`tail(-1)` drops the first row).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3, 4]) });
   * const last = df.tail(2);
   * const allButFirst = df.tail(-1);
   * console.log(await last.column('x').toValues(), allButFirst.numRows); // [3, 4] 3
   * ```
   */
  tail(n = 5): DataFrame {
    const m = rowCount('tail', n, true);
    const k = Math.max(0, Math.min(m < 0 ? this.numRows + m : m, this.numRows));
    return take(this, this.numRows - k, k);
  }

  /**
   * Group rows by key columns, then aggregate: `df.groupBy('k').agg({ n: ['x', 'count'] })`.
   * Groups come out sorted by key (nulls last), like Polars with `maintain_order=False`
   * followed by a sort.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ state: ['TX', 'CA', 'TX'], iata: ['AUS', 'SFO', 'DAL'], lat: new Float64Array([30, 37, 33]) });
   * const perState = await df.groupBy('state').agg({ airports: ['iata', 'count'], meanLat: ['lat', 'mean'] });
   * console.log(await perState.toRecords()); // [{ state: 'CA', airports: 1n, meanLat: 37 }, { state: 'TX', airports: 2n, meanLat: 31.5 }]
   * ```
   */
  groupBy(keys: string | readonly string[]): GroupBy {
    return new GroupBy(this, nameOrNames('groupBy', 'keys', keys));
  }

  /**
   * The frame as a readable table (the first `maxRows` rows), downloading what it shows.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2]), name: ['a', null] });
   * console.log(await df.format());
   * ```
   */
  async format(maxRows = 10): Promise<string> {
    await ensureBackend('format');
    return format(this, maxRows);
  }

  /**
   * The first rows as a table when the frame's columns are on the host (freshly loaded, or
   * after `await df.collect()`); otherwise a one-line summary such as
   * `DataFrame(3376 rows × 7 columns: iata utf8, lat float64, ...)`, since showing device
   * data needs a download (`await df.format()`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2]) });
   * console.log(String(await df.head(5).collect()));
   * ```
   */
  toString(): string {
    const table = formatHost(this, 10);
    if (table !== undefined) return table;
    const cols = this.names.map((n, i) => `${n} ${this.slots[i]!.type}`).join(', ');
    return `DataFrame(${this.numRows} rows × ${this.names.length} columns${cols ? `: ${cols}` : ''})`;
  }

  /**
   * Download every column to the host (one read per buffer not there yet) and return this
   * frame, whose columns are then on both host and device.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2]) });
   * const local = await df.collect();
   * console.log(String(local));
   * ```
   */
  async collect(): Promise<DataFrame> {
    await ensureBackend('collect');
    await Promise.all(this.getColumns().flatMap((c) => [c.data.toArray(), ...(c.validity ? [c.validity.toArray()] : [])]));
    return this;
  }

  /**
   * The rows as plain objects (nulls as null, 64-bit integers as bigint, strings decoded).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3]), name: ['a', null, 'c'] });
   * const rows = await df.head(2).toRecords();
   * console.log(rows); // [{ x: 1, name: 'a' }, { x: 2, name: null }]
   * ```
   */
  async toRecords(): Promise<Array<Record<string, unknown>>> {
    await ensureBackend('toRecords');
    return toRecords(this);
  }

  /**
   * A frame built from plain objects (the inverse of `toRecords`). Types are inferred as
   * Polars does (integers → int64, other numbers → float64, bigint → int64, string → utf8,
   * boolean → bool, Date → timestamp[ms]; null/undefined/missing → null) unless
   * `options.schema` gives them; a mix in one column is a DTypeError naming column and row.
   *
   * @example
   * ```ts
   * const df = gf.DataFrame.fromRecords([{ a: 1, b: 'x' }, { a: 2, b: null }]);
   * ```
   */
  static fromRecords(rows: ReadonlyArray<Record<string, unknown>>, options: FromRecordsOptions = {}): DataFrame {
    return fromRecords(rows, options);
  }

  /**
   * Columns renamed by `mapping` (old → new); order and buffers kept. A missing name is a
   * ColumnNotFoundError; a resulting duplicate name is a ValueError.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ lat: new Float64Array([48]), lon: new Float64Array([2]) });
   * const r = df.rename({ lat: 'latitude' });
   * console.log(r.columns); // ['latitude', 'lon']
   * ```
   */
  rename(mapping: Record<string, string>): DataFrame {
    return rename(this, mapping);
  }

  /**
   * `length` rows from `offset` (Polars `slice`): a negative offset counts from the end;
   * the range is clipped to the frame; no `length` means to the end.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3, 4]) });
   * const lastTwo = df.slice(-2);
   * console.log(await lastTwo.column('x').toValues(), await df.slice(1, 2).column('x').toValues()); // [3, 4] [2, 3]
   * ```
   */
  slice(offset: number, length?: number): DataFrame {
    return slice(this, offset, length);
  }

  /**
   * Nulls replaced by `value` in every column that holds it exactly, or per column with
   * `{ name: value }` (a value the column cannot hold is a DTypeError). Types never change.
   *
   * @example
   * ```ts
   * const df = gf.DataFrame.fromRecords([{ pop: 5, name: 'a' }, { pop: null, name: null }]);
   * const filled = df.fillNull({ pop: 0, name: 'unknown' });
   * console.log(await filled.toRecords()); // [{ pop: 5n, name: 'a' }, { pop: 0n, name: 'unknown' }]
   * ```
   */
  fillNull(value: FillValue | Record<string, FillValue>): DataFrame {
    return fillNull(this, value);
  }

  /**
   * Rows without a null in `subset` (default every column), as Polars `drop_nulls`. NaN is
   * not null. Async: the kept-row count is read back.
   *
   * @example
   * ```ts
   * const df = gf.DataFrame.fromRecords([{ lat: 48, lon: 2, name: null }, { lat: null, lon: 0, name: 'x' }]);
   * const complete = await df.dropNulls(['lat', 'lon']);
   * console.log(complete.numRows); // 1
   * ```
   */
  async dropNulls(subset?: string | readonly string[]): Promise<DataFrame> {
    await ensureBackend('dropNulls');
    return dropNulls(this, subset);
  }

  /**
   * Summary statistics as Polars `describe()`: a 'statistic' column (count, null_count,
   * mean, std (ddof 1), min, 25%, 50%, 75% (nearest), max) and one column per input column:
   * float64 for bool and 32-bit or float columns; utf8 for int64/uint64 (exact integers such
   * as '9007199254740993'; mean and std as float text) and for strings, dates and timestamps.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3, 4]), name: ['a', 'b', null, 'b'] });
   * console.log(await (await df.describe()).format(9));
   * ```
   */
  async describe(): Promise<DataFrame> {
    await ensureBackend('describe');
    return describe(this);
  }

  /**
   * Random rows, reproducible for a seed and identical on every backend (indices drawn on
   * the host by one seeded generator, rows gathered on the device). As Polars:
   * `sample(n, { seed, withReplacement, shuffle })`, or every option in one object with `n`
   * or `fraction` (`sample({ fraction: 0.1 })`); no `n` and no `fraction` draws 1 row.
   * The drawn rows come in frame order unless `shuffle: true`.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array(Array.from({ length: 50 }, (_, i) => i)) });
   * const s = df.sample(10, { seed: 42 });
   * const tenth = df.sample({ fraction: 0.1, seed: 7 });
   * console.log(s.numRows, tenth.numRows); // 10 5
   * ```
   */
  sample(n?: number, options?: Omit<SampleOptions, 'n' | 'fraction'>): DataFrame;
  sample(options?: SampleOptions): DataFrame;
  sample(nOrOptions?: number | SampleOptions, options?: Omit<SampleOptions, 'n' | 'fraction'>): DataFrame {
    return sample(this, sampleArgs(nOrOptions, options));
  }

  /**
   * One row with the `q` quantile of each numeric column (float64; nulls skipped; NaN is
   * the largest value). Interpolation 'nearest' by default, as Polars.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3, 4]) });
   * const median = await df.quantile(0.5, { interpolation: 'linear' });
   * console.log(await median.toRecords()); // [{ x: 2.5 }]
   * ```
   */
  async quantile(q: number, options: QuantileOptions = {}): Promise<DataFrame> {
    await ensureBackend('quantile');
    return quantile(this, q, options);
  }

  /**
   * One expression evaluated to a Column (Series arithmetic): one fused kernel, then a
   * 4-byte status read when the expression can fail (a strict cast that does not fit throws
   * OverflowError).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2]), y: new Float64Array([10, 20]), f: new Float64Array([1.5, 3e10]) });
   * const z = await df.eval(gf.col('x').mul(2).add(gf.col('y')));
   * console.log(await z.toValues()); // [12, 24]
   * await df.eval(gf.col('f').cast('int32')).catch((e) => console.log(e.name)); // OverflowError: 3e10 does not fit
   * ```
   */
  async eval(expr: Expr): Promise<Column> {
    await ensureBackend('eval');
    return evalColumn(this, expr);
  }

  /**
   * One row per distinct combination of `subset` (default: all columns), as Polars' `unique`
   * and pandas' `drop_duplicates`; `subset` is a name or an array of names, first argument
   * (Polars) or in the options. Nulls equal nulls, NaN equals NaN and -0 equals +0.
   * `keep`: 'first' (default), 'last', 'any' (Polars' default; here the first) or 'none'
   * (drop every duplicated row). Order: with
   * `maintainOrder` (default true) rows stay in frame order; otherwise sorted by the subset
   * columns, nulls last. Async: the number of rows is read back.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ state: ['TX', 'CA', 'TX'], city: ['Austin', 'LA', 'Austin'], pop: new Int32Array([1, 2, 3]) });
   * const firstPerState = await df.unique({ subset: 'state', keep: 'first' });
   * const lastPerPair = await df.unique(['state', 'city'], { keep: 'last' });
   * console.log(firstPerState.numRows, await lastPerPair.column('pop').toValues()); // 2 [2, 3]
   * ```
   */
  unique(subset?: string | readonly string[], options?: Omit<UniqueOptions, 'subset'>): Promise<DataFrame>;
  unique(options?: UniqueOptions): Promise<DataFrame>;
  async unique(subsetOrOptions?: string | readonly string[] | UniqueOptions, options?: Omit<UniqueOptions, 'subset'>): Promise<DataFrame> {
    const o = uniqueArgs(subsetOrOptions, options);
    await ensureBackend('unique');
    return unique(this, o);
  }

  /**
   * The distinct values of `column` and their row counts, as columns [column, 'count']
   * (count is uint32, as Polars). A null value is counted as a value. Sorted by count
   * descending, ties by value ascending with null last (`sort: false`: by value). Async.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ state: ['TX', 'CA', 'TX'] });
   * const perState = await df.valueCounts('state');
   * console.log(await perState.toRecords()); // [{ state: 'TX', count: 2 }, { state: 'CA', count: 1 }]
   * ```
   */
  async valueCounts(column: string, options?: ValueCountsOptions): Promise<DataFrame> {
    await ensureBackend('valueCounts');
    return valueCounts(this, column, options);
  }

  /**
   * A frame over an Arrow table (zero-copy on the host where Arrow's layout allows; see
   * `fromArrow` in frame/verbs/arrow.ts for the type mapping).
   *
   * @example
   * ```ts
   * const arrowTable = await new gf.DataFrame({ x: new Float64Array([1, 2]) }).toArrow(); // or apache-arrow's tableFromIPC(bytes)
   * const df = gf.DataFrame.fromArrow(arrowTable);
   * console.log(df.schema); // { x: 'float64' }
   * ```
   */
  static fromArrow(table: arrow.Table): DataFrame {
    return fromArrow(table);
  }

  /**
   * The frame as an Arrow table, downloading device-resident columns first (numeric, date and
   * timestamp buffers and validity bitmaps are shared, not copied).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2]), s: ['a', null] });
   * const table = await df.toArrow();
   * console.log(table.numRows, table.schema.fields.map((f) => String(f.type))); // 2 ['Float64', 'Utf8']
   * ```
   */
  async toArrow(): Promise<arrow.Table> {
    await ensureBackend('toArrow');
    return toArrow(this);
  }

  /**
   * Join with `other` on equal keys (`on`, or `leftOn` + `rightOn`), Polars' semantics:
   * - `how`: 'inner' (default), 'left', 'right', 'outer' (Polars 'full', with
   *   `coalesce=True`), 'semi' (left rows with a match), 'anti' (left rows without one).
   * - Keys: one or more columns of equal types in both frames (as Polars: int32 does not
   *   join int64; timestamps need the same unit and time zone); strings of two frames are
   *   compared as strings. Null keys match nothing (`join_nulls=False`); NaN matches NaN
   *   and -0 matches +0.
   * - Columns: the left frame's columns in their order (keys once), then the right frame's
   *   non-key columns, `suffix` (default '_right') appended to a name already taken.
   *   'right': the left non-key columns, then all right columns. 'outer': each left key
   *   column holds the left row's key, or the right row's key for right-only rows.
   *   semi/anti: the left columns only. The missing side of a left/right/outer row is null.
   * - Rows: in left row order, the matches of one left row in right row order
   *   (inner/left/semi/anti); 'right': in right row order, matches in left order; 'outer':
   *   the left join's rows, then the unmatched right rows in right order.
   * Async: the number of output rows is read back (one control read; two for outer).
   *
   * @example
   * ```ts
   * const trips = new gf.DataFrame({ trip: new Int32Array([1, 2, 3]), zone_id: new Int32Array([10, 20, 30]) });
   * const zones = new gf.DataFrame({ id: new Int32Array([10, 20]), zone: ['north', 'south'] });
   * const withNames = await trips.join(zones, { leftOn: 'zone_id', rightOn: 'id', how: 'left' });
   * console.log(await withNames.column('zone').toValues()); // ['north', 'south', null]
   * ```
   */
  async join(other: DataFrame, options: JoinOptions): Promise<DataFrame> {
    await ensureBackend('join');
    return join(this, other, options);
  }

  /** Free every column's buffers (shared buffers of derived frames too). */
  dispose(): void {
    for (const c of this.slots) {
      if (c instanceof PendingColumn) c.cancel();
      else c.dispose();
    }
  }
}

// Verbs build frames through frame/factory.ts, so they need not import this class (no cycle).
registerFrame(DataFrame);
