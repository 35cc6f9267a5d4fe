/**
 * Every kind of X an estimator takes, resolved to one float64/float32 buffer per feature:
 * - a DataFrame (every column) or a DataFrame plus column names (`fit(df, ['a', 'b'])`), or
 *   `{ frame, columns }`;
 * - Columns; an Arrow Table (every column);
 * - DataBuffers or typed arrays, one per feature (structure of arrays);
 * - `number[][]`, one inner array per sample (scikit-learn's row-major lists).
 * The first three are the "frame" kind (outputs come back as Columns and frames), the rest
 * the "array" kind (outputs come back as DataBuffers); see ml/output.ts.
 *
 * float64 and float32 columns are bound as they are (no copy). 8-, 16- and 32-bit integer and
 * bool columns are cast to float64 on the backend (exact). int64/uint64 are refused: their
 * values beyond 2^53 would round, so the cast is the user's to write. Strings, dates,
 * timestamps and nested columns are refused with their logical type named.
 */
import { Column } from '../src/column/column.js';
import { ensureBackend } from '../src/device/index.js';
import { DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import type { TypedArray } from '../src/dtypes.js';
import { DataFrame } from '../frame/data-frame.js';
import { col } from '../frame/expr.js';
import type * as arrow from 'apache-arrow';
import type { ResolvedFeatures } from './input.js';

/** `{ frame, columns }`: named columns of a frame. */
export interface FrameSelection {
  readonly frame: DataFrame;
  readonly columns: readonly string[];
}

/** Any X an estimator takes (see the module comment). */
export type MatrixInput = DataFrame | FrameSelection | readonly Column[] | arrow.Table | readonly DataBuffer[] | readonly TypedArray[] | ReadonlyArray<readonly number[]>;

/** Inputs whose outputs come back as Columns and DataFrames. */
export type FrameKindInput = DataFrame | FrameSelection | readonly Column[] | arrow.Table;

/** 'frame': outputs as Columns / DataFrames; 'array': outputs as DataBuffers. */
export type InputKind = 'frame' | 'array';

/** X resolved: the feature buffers, the kind of output to give, and what to free after use. */
export interface InputMatrix extends ResolvedFeatures {
  readonly kind: InputKind;
  /** Free the buffers made here (casts, host conversions); the caller's buffers are kept. */
  release(): void;
}

/** One resolved vector input (a target y, sample weights). */
export interface InputVector {
  readonly data: DataBuffer;
  readonly validity: DataBuffer<'uint8'> | undefined;
  readonly name: string;
  readonly length: number;
  release(): void;
}

const FLOATS = ['float64', 'float32'];
const CASTABLE = ['int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32', 'bool'];

const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);
const isArrowTable = (v: unknown): v is arrow.Table =>
  !!v && typeof v === 'object' && 'schema' in v && 'numRows' in v && typeof (v as { getChildAt?: unknown }).getChildAt === 'function';

/**
 * Resolve X (and the column names of the `fit(df, names)` spelling). Throws ValueError for
 * an unknown kind or no features, ShapeError for ragged input, DTypeError for a column of a
 * type no estimator takes (its logical type named), ColumnNotFoundError for a missing name.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5]), b: new Int32Array([0, 1, 6]), s: ['x', 'y', 'z'] });
 * const byName = await new gf.KMeans({ nClusters: 2 }).fit(df, ['a', 'b']); // int32 b read as float64
 * const byRows = await new gf.KMeans({ nClusters: 2 }).fit([[0, 0], [1, 1], [5, 6]]);
 * byName.clusterCenters; // Float64Array [0.5, 0.5, 5, 6]
 * byRows.clusterCenters; // the same
 * ```
 */
export async function resolveInput(op: string, X: MatrixInput, columns?: readonly string[]): Promise<InputMatrix> {
  await ensureBackend(op);
  const owned: DataBuffer[] = [];
  const release = () => owned.forEach((b) => b.dispose());
  try {
    const { kind, named } = collect(op, X, columns, owned);
    if (named.length === 0) throw new ValueError(`${op}: expected at least one feature column, got 0`);
    const cols: DataBuffer[] = [];
    const validity: Array<DataBuffer<'uint8'> | undefined> = [];
    for (const [name, c] of named) {
      const v = await asFloat(op, name, c, owned);
      cols.push(v.data);
      validity.push(v.validity);
    }
    const n = cols[0]!.length;
    named.forEach(([name], j) => {
      if (cols[j]!.length !== n) throw new ShapeError(`${op}: expected every feature of length ${n} (as '${named[0]![0]}'), got ${cols[j]!.length} for '${name}'`);
    });
    return { cols, validity, names: named.map(([name]) => name), n, d: cols.length, kind, release };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * Resolve a vector input such as y: a column name (of `frame`), a Column, a DataBuffer, a
 * typed array or `number[]`, cast to float64 where it is an integer or bool column. With `n`,
 * its length must equal n (ShapeError naming `what`).
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ x: new Float64Array([0, 1, 2]), target: new Float64Array([1, 3, 5]) });
 * const byName = await new gf.LinearRegression().fit(df, 'target'); // y by column name
 * const byArray = await new gf.LinearRegression().fit([[0], [1], [2]], [1, 3, 5]);
 * byName.coef; // Float64Array [2] (to rounding)
 * byArray.coef; // the same
 * ```
 */
export async function resolveVector(op: string, what: string, frame: DataFrame | undefined, y: unknown, n?: number): Promise<InputVector> {
  await ensureBackend(op);
  const owned: DataBuffer[] = [];
  const release = () => owned.forEach((b) => b.dispose());
  try {
    let c: Column;
    let name = what;
    if (typeof y === 'string') {
      if (!frame) throw new ValueError(`${op}: expected ${what} as a Column or array (a column name needs X as a DataFrame), got '${y}'`);
      c = frame.column(y);
      name = y;
    } else c = asColumn(op, what, y, owned);
    const v = await asFloat(op, name, c, owned);
    if (n !== undefined && v.data.length !== n) throw new ShapeError(`${op}: expected ${what} of length ${n} (the number of samples), got ${v.data.length}`);
    return { data: v.data, validity: v.validity, name, length: v.data.length, release };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * The frame a column-name y (or weights) is read from: X itself, or the frame of
 * `{ frame, columns }`; undefined for the array kinds.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5, 6]), y: ['p', 'p', 'q', 'q'] });
 * const nb = await new gf.GaussianNB().fit({ frame: df, columns: ['a'] }, 'y'); // y read from df
 * nb.classes; // ['p', 'q']
 * ```
 */
export function frameOfInput(X: MatrixInput): DataFrame | undefined {
  if (X instanceof DataFrame) return X;
  if (X && typeof X === 'object' && !Array.isArray(X) && 'frame' in X && (X as FrameSelection).frame instanceof DataFrame) return (X as FrameSelection).frame;
  return undefined;
}

/**
 * The feature columns of a fit or score that takes y (and weights) by column name: the
 * explicit `columns` when given; with X a DataFrame, every column but the named targets
 * (so `fit(df, 'y')` never reads y as a feature); otherwise undefined (X as it is).
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5, 6]), b: new Float64Array([0, 1, 5, 5]), y: ['p', 'p', 'q', 'q'] });
 * const knn = await new gf.KNeighborsClassifier({ nNeighbors: 1 }).fit(df, 'y'); // features a, b
 * knn.featureNamesIn; // ['a', 'b']
 * ```
 */
export function featureColumns(X: MatrixInput, columns: readonly string[] | undefined, ...targets: unknown[]): readonly string[] | undefined {
  if (columns !== undefined || !(X instanceof DataFrame)) return columns;
  const skip = targets.filter((t): t is string => typeof t === 'string');
  return skip.length === 0 ? undefined : X.names.filter((nm) => !skip.includes(nm));
}

/** The columns of X with their names, and the output kind. */
function collect(op: string, X: MatrixInput, columns: readonly string[] | undefined, owned: DataBuffer[]): { kind: InputKind; named: Array<[string, Column]> } {
  if (columns !== undefined && !(X instanceof DataFrame)) throw new ValueError(`${op}: expected a DataFrame with a column list, got column names without a frame`);
  if (X instanceof DataFrame) {
    if (columns !== undefined && !Array.isArray(columns)) throw new ValueError(`${op}: expected columns as an array of names, got ${typeof columns}`);
    const names = columns ?? X.names;
    return { kind: 'frame', named: names.map((name) => [String(name), X.column(String(name))]) };
  }
  if (isArrowTable(X)) {
    const df = DataFrame.fromArrow(X);
    return { kind: 'frame', named: df.names.map((name) => [name, df.column(name)]) };
  }
  if (X && typeof X === 'object' && !Array.isArray(X) && 'frame' in X && 'columns' in X) {
    const { frame, columns: cs } = X as FrameSelection;
    if (!(frame instanceof DataFrame)) throw new ValueError(`${op}: expected { frame } as a DataFrame, got ${Object.prototype.toString.call(frame)}`);
    if (!Array.isArray(cs)) throw new ValueError(`${op}: expected { columns } as an array of names, got ${typeof cs}`);
    return { kind: 'frame', named: cs.map((name) => [String(name), frame.column(String(name))]) };
  }
  if (!Array.isArray(X)) throw new ValueError(`${op}: expected X as a DataFrame, { frame, columns }, Columns, an Arrow Table, DataBuffers, typed arrays or number[][], got ${Object.prototype.toString.call(X)}`);
  const list = X as readonly unknown[];
  if (list.length > 0 && list.every((c) => c instanceof Column)) return { kind: 'frame', named: list.map((c, j) => [`x${j}`, c as Column]) };
  if (list.length > 0 && Array.isArray(list[0])) return { kind: 'array', named: rows(op, list, owned) };
  return { kind: 'array', named: list.map((c, j) => [`X[${j}]`, asColumn(op, `X[${j}]`, c, owned)]) };
}

/** number[][] (one array per sample) as one float64 column per feature. */
function rows(op: string, list: readonly unknown[], owned: DataBuffer[]): Array<[string, Column]> {
  const n = list.length;
  const d = (list[0] as unknown[]).length;
  const cols = Array.from({ length: d }, () => new Float64Array(n));
  list.forEach((r, i) => {
    if (!Array.isArray(r)) throw new ValueError(`${op}: expected X[${i}] as an array of numbers (number[][] input), got ${Object.prototype.toString.call(r)}`);
    if (r.length !== d) throw new ShapeError(`${op}: expected every row of X with ${d} values (as X[0]), got ${r.length} in X[${i}]`);
    for (let j = 0; j < d; j++) {
      const v = r[j];
      if (typeof v !== 'number') throw new DTypeError(`${op}: expected numbers in X, got ${typeof v} at X[${i}][${j}]`);
      cols[j]![i] = v;
    }
  });
  return cols.map((c, j) => {
    const b = DataBuffer.fromHost(c, 'float64');
    owned.push(b);
    return [`X[${j}]`, new Column({ type: 'float64', data: b })];
  });
}

/** A DataBuffer, typed array, Column or number[] as a Column. */
function asColumn(op: string, what: string, c: unknown, owned: DataBuffer[]): Column {
  if (c instanceof Column) return c;
  if (c instanceof DataBuffer) return new Column({ type: c.dtype, data: c });
  if (isTypedArray(c)) {
    const b = DataBuffer.fromHost(c);
    owned.push(b);
    return new Column({ type: b.dtype, data: b });
  }
  if (Array.isArray(c) && c.every((v) => typeof v === 'number')) {
    const b = DataBuffer.fromHost(Float64Array.from(c as number[]), 'float64');
    owned.push(b);
    return new Column({ type: 'float64', data: b });
  }
  throw new ValueError(`${op}: expected ${what} as a Column, DataBuffer, typed array or number[], got ${Object.prototype.toString.call(c)}`);
}

/** A numeric column as float64/float32 data (integers and bools cast on the backend). */
async function asFloat(op: string, name: string, c: Column, owned: DataBuffer[]): Promise<{ data: DataBuffer; validity: DataBuffer<'uint8'> | undefined }> {
  if (FLOATS.includes(c.type)) return { data: c.data, validity: c.validity };
  if (CASTABLE.includes(c.type)) {
    const out = await new DataFrame({ v: c }).eval(col('v').cast('float64'));
    owned.push(out.data);
    if (out.validity && out.validity !== c.validity) owned.push(out.validity);
    return { data: out.data, validity: out.validity };
  }
  if (c.type === 'int64' || c.type === 'uint64') {
    throw new DTypeError(`${op}: expected column '${name}' as a float or 32-bit integer column, got ${c.type} (values beyond 2^53 would round: cast it yourself, col('${name}').cast('float64'))`);
  }
  const hint = c.type === 'utf8' || c.type === 'categorical' ? ' (encode it first: OneHotEncoder or LabelEncoder)' : '';
  throw new DTypeError(`${op}: expected column '${name}' as a numeric column, got ${c.type}${hint}`);
}
