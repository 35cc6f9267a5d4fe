/**
 * describe: summary statistics per column, as Polars `DataFrame.describe()`.
 *
 * Rows: count, null_count, mean, std, min, 25%, 50%, 75%, max; a 'statistic' column first.
 * - Numeric columns (int and float types) → float64: count of non-null values, nulls, mean,
 *   std with ddof = 1 (null below two values), min and max ignoring NaN (NaN only when every
 *   value is NaN), and the percentiles with 'nearest' interpolation on the device sort
 *   shared with `quantile` (NaN counts as the largest value there). Mean and std are NaN
 *   when a NaN is present, as Polars.
 * - bool → float64: count, null_count, mean (share of true), min and max as 0/1.
 * - utf8, categorical, date, timestamp → utf8: count, null_count, min and max (lexical for
 *   strings, ISO text for dates and timestamps).
 * Everything else is null. Mean, std, min and max are computed on the host in float64 after
 * one download of the column (sequential two-pass sums); percentiles read only two values.
 */
import { Column } from '../../src/column/column.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { columnQuantiles, floatColumn, isNumeric } from './quantile.js';
import { isoOf } from './format.js';

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
    if (isNumeric(c)) cols.push([name, floatColumn(await numericStats(c, true))]);
    else if (c.type === 'bool') cols.push([name, floatColumn(await numericStats(c, false))]);
    else cols.push([name, Column.from(await textStats(c))]);
  }
  return createFrame(cols);
}
