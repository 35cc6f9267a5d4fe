/**
 * Estimator inputs: feature columns laid out structure-of-arrays, one float64 or float32
 * DataBuffer per feature, given directly or as named columns of a frame. Validated once
 * here, at the public boundary; the columns' buffers are bound as they are (no copies).
 */
import { DTypeError, ShapeError, ValueError } from '../src/errors.js';
import { DataBuffer } from '../src/memory/data-buffer.js';

/** What an estimator needs of a frame column: its data and optional validity bitmap. */
export interface FrameColumnLike {
  readonly data: DataBuffer;
  readonly validity?: DataBuffer<'uint8'>;
}

/** Anything with `column(name)`, such as a DataFrame. */
export interface FrameLike {
  column(name: string): FrameColumnLike;
}

/**
 * Features: one DataBuffer per feature (float64 or float32, all the same length), or a frame
 * and the names of its feature columns.
 *
 * @example
 * ```ts
 * const X1: Features = [gf.array(new Float64Array([0, 1])), gf.array(new Float64Array([2, 3]))];
 * const X2: Features = { frame: df, columns: ['lon', 'lat'] };
 * ```
 */
export type Features = readonly DataBuffer[] | { readonly frame: FrameLike; readonly columns: readonly string[] };

export interface ResolvedFeatures {
  readonly cols: DataBuffer[];
  readonly validity: Array<DataBuffer<'uint8'> | undefined>;
  /** Names for messages: the frame's column names, or `X[j]`. */
  readonly names: string[];
  readonly n: number;
  readonly d: number;
}

const FEATURE_DTYPES = ['float64', 'float32'];

/**
 * Check features and return their buffers. Throws ValueError (no columns), DTypeError (a
 * column that is not float64 or float32, naming it), ShapeError (columns of different
 * lengths, or a validity bitmap too short); a missing frame column throws what the frame
 * throws (ColumnNotFoundError for a DataFrame).
 *
 * @example
 * ```ts
 * const { n, d } = resolveFeatures('KMeans.fit', [gf.array(new Float64Array([1, 2]))]); // n 2, d 1
 * ```
 */
export function resolveFeatures(op: string, X: Features): ResolvedFeatures {
  let cols: DataBuffer[];
  let validity: Array<DataBuffer<'uint8'> | undefined>;
  let names: string[];
  if (Array.isArray(X)) {
    cols = [...(X as readonly DataBuffer[])];
    validity = cols.map(() => undefined);
    names = cols.map((_, j) => `X[${j}]`);
  } else if (X && typeof X === 'object' && 'frame' in X && 'columns' in X) {
    const { frame, columns } = X as { frame: FrameLike; columns: readonly string[] };
    if (!Array.isArray(columns)) throw new ValueError(`${op}: expected columns as an array of names, got ${typeof columns}`);
    names = columns.map((c) => String(c));
    const picked = names.map((name) => frame.column(name));
    cols = picked.map((c) => c.data);
    validity = picked.map((c) => c.validity);
  } else {
    throw new ValueError(`${op}: expected an array of DataBuffers or { frame, columns }, got ${Object.prototype.toString.call(X)}`);
  }
  if (cols.length === 0) throw new ValueError(`${op}: expected at least one feature column, got 0`);
  cols.forEach((c, j) => {
    if (!(c instanceof DataBuffer)) throw new ValueError(`${op}: expected column '${names[j]}' to be a DataBuffer, got ${Object.prototype.toString.call(c)}`);
    if (!FEATURE_DTYPES.includes(c.dtype)) throw new DTypeError(`${op}: expected column '${names[j]}' of dtype float64 | float32, got ${c.dtype}`);
  });
  const n = cols[0]!.length;
  cols.forEach((c, j) => {
    if (c.length !== n) throw new ShapeError(`${op}: expected every column of length ${n} (as '${names[0]}'), got ${c.length} for '${names[j]}'`);
    const v = validity[j];
    if (v && (v.dtype !== 'uint8' || v.length < Math.ceil(n / 8))) {
      throw new ShapeError(`${op}: expected the validity of '${names[j]}' as ${Math.ceil(n / 8)} uint8 bytes, got ${v.length} ${v.dtype}`);
    }
  });
  return { cols, validity, names, n, d: cols.length };
}

/**
 * Host-side check for NaN, ±Inf and nulls, where every buffer has host bytes (nothing is
 * downloaded). Returns false, checking nothing, when some bytes are only on the device.
 */
export function checkFiniteOnHost(op: string, f: ResolvedFeatures): boolean {
  const hosted = (b: DataBuffer | undefined) => b === undefined || b.residency !== 'device';
  if (!f.cols.every(hosted) || !f.validity.every(hosted)) return false;
  f.cols.forEach((c, j) => {
    const v = f.validity[j]?.hostView(op) as Uint8Array | undefined;
    const x = c.hostView(op) as Float64Array | Float32Array;
    for (let i = 0; i < f.n; i++) {
      if (v && ((v[i >> 3]! >> (i & 7)) & 1) === 0) throw nullError(op, f.names[j]!);
      if (x[i]! - x[i]! !== 0) throw nonFiniteError(op, f.names[j]!);
    }
  });
  return true;
}

/** The error for a column holding nulls (scikit-learn refuses missing values). */
export function nullError(op: string, name: string): ValueError {
  return new ValueError(`${op}: expected no nulls in column '${name}', got nulls (drop or fill them first)`);
}

/** The error for a column holding NaN or ±Inf (scikit-learn refuses both). */
export function nonFiniteError(op: string, name: string): ValueError {
  return new ValueError(`${op}: expected finite values in column '${name}', got NaN or ±Inf`);
}

/**
 * The two spellings of feature input as one: `(frame, ['x', 'y'])` (scikit-learn on a
 * DataFrame) becomes `{ frame, columns: ['x', 'y'] }`; anything else passes through.
 */
export function asFeatures(op: string, X: Features | FrameLike, columns?: readonly string[]): Features {
  if (columns === undefined) return X as Features;
  if (Array.isArray(X) || !('column' in (X as object))) throw new ValueError(`${op}: expected a DataFrame with a column list, got column names without a frame`);
  return { frame: X as FrameLike, columns };
}
