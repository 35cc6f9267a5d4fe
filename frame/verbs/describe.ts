/**
 * describe: summary statistics per column, as Polars `DataFrame.describe()`.
 *
 * Rows: count, null_count, mean, std, min, 25%, 50%, 75%, max; a 'statistic' column first.
 * - int32, uint32, float32, float64 → float64 (every such value is exact in float64): count
 *   of non-null values, nulls, mean, std with ddof = 1 (null below two values), min and max
 *   ignoring NaN (NaN only when every value is NaN), and the percentiles with 'nearest'
 *   interpolation on the device sort shared with `quantile` (NaN counts as the largest value
 *   there). Mean and std are NaN when a NaN is present, as Polars.
 * - int64, uint64 → utf8 (Polars casts to float64 and rounds 9007199254740993 to
 *   9007199254740992; a float64 column cannot hold them, so gpuframe gives text): count,
 *   null_count, min, the percentiles and max as exact integers (`'9007199254740993'`); mean
 *   (from the exact bigint sum) and std (from exact bigint squared deviations, one rounding
 *   each for the numerator and denominator) as float text that always reads as a float
 *   (`'2251799813685249.8'`, `'3.0'`, `'1.5e+20'`; see format.ts `floatText`).
 * - bool → float64: count, null_count, mean (share of true), min and max as 0/1.
 * - utf8, categorical, date, timestamp → utf8: count, null_count, min and max (lexical for
 *   strings, ISO text for dates and timestamps).
 * Everything else is null. Mean, std, min and max are computed on the host after one
 * download of the column (sequential two-pass sums); percentiles read only a few values.
 */
import { Column } from '../../src/column/column.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../../kernels/gather/gather.js';
import { columnQuantiles, floatColumn, isNumeric, quantilePositions, validCount } from './quantile.js';
import { floatText, isoOf } from './format.js';
import { sortPermutation } from './sort.js';

const STATS = ['count', 'null_count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'] as const;

function validAt(bits: Uint8Array | undefined, i: number): boolean {
  return !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
}

async function numericStats(c: Column, withPercentiles: boolean): Promise<Array<number | null>> {
  const data = await c.data.toArray();
  const bits = c.validity ? await c.validity.toArray() : undefined;
  const xs: number[] = [];
  for (let i = 0; i < c.length; i++) if (validAt(bits, i)) xs.push(Number(data[i]!));
  const nv = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = nv > 0 ? sum / nv : null;
  let ss = 0;
  for (const x of xs) ss += (x - mean!) * (x - mean!);
  const std = nv > 1 ? Math.sqrt(ss / (nv - 1)) : null;
  let min: number | null = null;
  let max: number | null = null;
  let sawNaN = false;
  for (const x of xs) {
    if (Number.isNaN(x)) {
      sawNaN = true;
      continue;
    }
    if (min === null || x < min || (x === 0 && min === 0 && Object.is(x, -0))) min = x;
    if (max === null || x > max || (x === 0 && max === 0 && Object.is(max, -0))) max = x;
  }
  if (min === null && sawNaN) min = max = NaN;
  const [p25, p50, p75] = withPercentiles ? await columnQuantiles(c, [0.25, 0.5, 0.75], 'nearest') : [null, null, null];
  return [nv, c.length - nv, mean, withPercentiles ? std : null, min, p25!, p50!, p75!, max];
}

/**
 * The exact nearest-rank percentiles of a 64-bit integer column: the sorted positions of
 * `quantile`'s 'nearest' rule, gathered on the device and read back as bigints.
 */
async function exactPercentiles(c: Column, qs: readonly number[]): Promise<Array<bigint | null>> {
  const nv = await validCount(c);
  if (nv === 0) return qs.map(() => null);
  const perm = sortPermutation(createFrame({ v: c }), 'v', {});
  const at = DataBuffer.fromHost(Uint32Array.from(qs, (q) => quantilePositions(q, nv, 'nearest')[0]), 'uint32');
  const rows = gather(perm, at);
  const vals = gather(c.data, rows.values);
  const raw = (await vals.values.toArray()) as BigInt64Array | BigUint64Array;
  for (const b of [perm, at, rows.values, rows.validity, vals.values, vals.validity]) b.dispose();
  return Array.from(raw);
}

/** int64/uint64: exact integers as text, mean and std as float text. */
async function wideIntStats(c: Column): Promise<Array<string | null>> {
  const data = (await c.data.toArray()) as BigInt64Array | BigUint64Array;
  const bits = c.validity ? await c.validity.toArray() : undefined;
  const xs: bigint[] = [];
  for (let i = 0; i < c.length; i++) if (validAt(bits, i)) xs.push(data[i]!);
  const nv = xs.length;
  const n = BigInt(nv);
  let sum = 0n;
  let min: bigint | undefined;
  let max: bigint | undefined;
  for (const x of xs) {
    sum += x;
    if (min === undefined || x < min) min = x;
    if (max === undefined || x > max) max = x;
  }
  // mean = q + r / n with q = trunc(sum / n): exact while |q| < 2^53, one rounding after.
  const mean = nv > 0 ? Number(sum / n) + Number(sum % n) / nv : null;
  // Σ (x − sum/n)² = Σ (n·x − sum)² / n², exact in bigint; std = sqrt(that / (n − 1)).
  let ss = 0n;
  for (const x of xs) ss += (n * x - sum) ** 2n;
  const std = nv > 1 ? Math.sqrt(Number(ss) / (nv * nv * (nv - 1))) : null;
  const [p25, p50, p75] = await exactPercentiles(c, [0.25, 0.5, 0.75]);
  const int = (v: bigint | null | undefined) => (v === null || v === undefined ? null : String(v));
  const flt = (v: number | null) => (v === null ? null : floatText(v, true));
  return [String(nv), String(c.length - nv), flt(mean), flt(std), int(min), int(p25), int(p50), int(p75), int(max)];
}

async function textStats(c: Column): Promise<Array<string | null>> {
  const data = await c.data.toArray();
  const bits = c.validity ? await c.validity.toArray() : undefined;
  let nv = 0;
  let lo: number | bigint | undefined;
  let hi: number | bigint | undefined;
  for (let i = 0; i < c.length; i++) {
    if (!validAt(bits, i)) continue;
    nv++;
    const v = data[i]!;
    // Dictionary codes are in lexical order; dates and timestamps are ordered integers.
    if (lo === undefined || v < lo) lo = v;
    if (hi === undefined || v > hi) hi = v;
  }
  const show = (v: number | bigint | undefined) => (v === undefined ? null : c.dictionary ? c.dictionary[Number(v)]! : isoOf(c, v));
  return [String(nv), String(c.length - nv), null, null, show(lo), null, null, null, show(hi)];
}

export async function describe(df: DataFrame): Promise<DataFrame> {
  const cols: Array<[string, Column]> = [['statistic', Column.from([...STATS])]];
  for (let i = 0; i < df.names.length; i++) {
    const c = df.getColumns()[i]!;
    const name = df.names[i]!;
    if (c.type === 'int64' || c.type === 'uint64') cols.push([name, Column.from(await wideIntStats(c))]);
    else if (isNumeric(c)) cols.push([name, floatColumn(await numericStats(c, true))]);
    else if (c.type === 'bool') cols.push([name, floatColumn(await numericStats(c, false))]);
    else cols.push([name, Column.from(await textStats(c))]);
  }
  return createFrame(cols);
}
