/**
 * quantile: one row of quantiles over the numeric columns. Each column is sorted on the
 * device (stable radix sort, nulls last, NaN after every number); the one or two sorted
 * positions a quantile needs are gathered on the device and read back (a few bytes), and
 * the interpolation is one float64 operation on the host, so both backends agree exactly.
 */
import { Column } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { ValueError } from '../../src/errors.js';
import { checkOptions } from '../../src/options.js';
import { gather } from '../../kernels/gather/gather.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { sortPermutation } from './sort.js';

export type QuantileInterpolation = 'nearest' | 'linear' | 'lower' | 'higher' | 'midpoint';

export interface QuantileOptions {
  /** How a quantile between two sorted values is chosen. Default 'nearest', as Polars. */
  interpolation?: QuantileInterpolation;
}

const NUMERIC = ['int32', 'uint32', 'int64', 'uint64', 'float32', 'float64'];
const METHODS: QuantileInterpolation[] = ['nearest', 'linear', 'lower', 'higher', 'midpoint'];

/** Whether quantile and describe treat the column as numeric. */
export function isNumeric(c: Column): boolean {
  return NUMERIC.includes(c.type);
}

/** Valid (non-null) rows of a column: reads only its bitmap (n / 8 bytes). */
export async function validCount(c: Column): Promise<number> {
  return c.length - (await c.nullCount());
}

/** Polars' positions for quantile q over `nv` sorted valid values: [lower index, float index, upper index]. */
export function quantilePositions(q: number, nv: number, method: QuantileInterpolation): [number, number, number] {
  const f = (nv - 1) * q;
  if (method === 'nearest') {
    const i = Math.min(nv - 1, Math.round(f)); // f >= 0, so Math.round is Rust's round (half away from zero)
    return [i, i, i];
  }
  const base = Math.min(nv - 1, Math.max(0, method === 'higher' ? Math.ceil(f) : Math.floor(f)));
  const top = Math.min(nv - 1, Math.ceil(f));
  return [base, f, top];
}

function interpolate(method: QuantileInterpolation, lo: number, hi: number, base: number, f: number, top: number): number {
  if (method === 'nearest' || method === 'lower' || method === 'higher' || top === base) return lo;
  if (method === 'midpoint') return (lo + hi) / 2;
  return (f - base) * (hi - lo) + lo;
}

/**
 * The quantiles `qs` of a numeric column (nulls skipped; NaN sorts above +Inf, so it is the
 * largest value), or null for each when the column has no valid value. One device sort,
 * one gather of the needed positions, one small read.
 */
export async function columnQuantiles(c: Column, qs: readonly number[], method: QuantileInterpolation): Promise<Array<number | null>> {
  const nv = await validCount(c);
  if (nv === 0) return qs.map(() => null);
  const pos = qs.map((q) => quantilePositions(q, nv, method));
  const perm = sortPermutation(createFrame({ v: c }), 'v', {});
  const at = DataBuffer.fromHost(Uint32Array.from(pos.flatMap(([b, , t]) => [b, t])), 'uint32');
  const rows = gather(perm, at);
  const vals = gather(c.data, rows.values);
  const raw = await vals.values.toArray();
  for (const b of [perm, at, rows.values, rows.validity, vals.values, vals.validity]) b.dispose();
  return pos.map(([b, f, t], k) => interpolate(method, Number(raw[2 * k]!), Number(raw[2 * k + 1]!), b, f, t));
}

/**
 * One row: the `q` quantile of every numeric column (int and float types), as float64.
 * Follows Polars `DataFrame.quantile`: default interpolation 'nearest' (index
 * round((valid − 1) × q), half away from zero); nulls are skipped; NaN counts as the
 * largest value; a column with no valid value gives null. Non-numeric columns are left out.
 */
export async function quantile(df: DataFrame, q: number, options: QuantileOptions = {}): Promise<DataFrame> {
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new ValueError(`quantile: expected q in [0, 1], got ${String(q)}`);
  checkOptions('quantile', options, ['interpolation']);
  const method = options.interpolation ?? 'nearest';
  if (!METHODS.includes(method)) throw new ValueError(`quantile: expected interpolation ${METHODS.join(' | ')}, got '${String(method)}'`);
  const cols: Array<[string, Column]> = [];
  for (let i = 0; i < df.names.length; i++) {
    const c = df.getColumns()[i]!;
    if (!isNumeric(c)) continue;
    const [v] = await columnQuantiles(c, [q], method);
    cols.push([df.names[i]!, floatColumn([v!])]);
  }
  return createFrame(cols);
}

/** A float64 column from numbers and nulls. */
export function floatColumn(values: ReadonlyArray<number | null>): Column {
  const data = Float64Array.from(values, (v) => v ?? 0);
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== null) bits[i >> 3]! |= 1 << (i & 7);
  });
  const hasNull = values.some((v) => v === null);
  return new Column({ type: 'float64', data: DataBuffer.fromHost(data, 'float64'), validity: hasNull ? DataBuffer.fromHost(bits, 'uint8') : undefined });
}
