/**
 * Series: one named column with Polars' reductions (`df.getColumn('x').sum()`). Each
 * reduction is the one-row `select` of the matching aggregation expression over a one-column
 * frame, so `await s.sum()` is by construction the value of `df.select(col('x').sum())`
 * (same kernels, same semantics: see `GroupBy.agg`), on either backend.
 */
import type { Column, ColumnType } from '../src/column/column.js';
import { ValueError } from '../src/errors.js';
import { showValue } from '../src/options.js';
import { col, type Expr } from './expr.js';
import { createFrame } from './factory.js';
import type { QuantileInterpolation } from './verbs/quantile.js';

/** A reduction's value as `toRecords` gives it: 64-bit integers as bigint, strings decoded, null for none. */
export type Scalar = number | bigint | string | boolean | null;

/**
 * A named column and its reductions (Polars' `Series`). `df.getColumn(name)` gives one;
 * `series.column` is the Column that ops and estimators take. Reductions read one value back
 * (async), with the aggregation semantics of `groupBy().agg` (Polars; pandas where Polars is silent):
 * - nulls are skipped; `count` counts the non-null values (int64, so a bigint);
 * - `sum`: exact; int64 (bigint) for signed integers, uint64 for unsigned and bool, float64
 *   for floats; 0 for no values; an int64 overflow is an OverflowError;
 * - `mean`, `median`, `quantile`: float64; null for no values; `std`/`var`: ddof 1, null
 *   below two values;
 * - `min`/`max`: the column's type (strings as strings, by UTF-8 bytes); NaN only when every
 *   value is NaN; null for no values;
 * - `nUnique`: distinct non-null values (bigint); NaN counts once and -0 equals +0.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 4]), k: new Int32Array([1, 2, 3]) });
 * await df.getColumn('x').mean(); // 2.3333333333333335
 * await df.getColumn('k').sum(); // 6n (int64, exact)
 * ```
 */
export class Series {
  constructor(
    readonly name: string,
    readonly column: Column,
  ) {}

  /** The column's type, e.g. 'float64'. */
  get dtype(): ColumnType {
    return this.column.type;
  }

  /** The number of values, nulls included. */
  get length(): number {
    return this.column.length;
  }

  /** The values as JS values (see `Column.toValues`). */
  toValues(): Promise<unknown[]> {
    return this.column.toValues();
  }

  /** The number of nulls. */
  nullCount(): Promise<number> {
    return this.column.nullCount();
  }

  /** The sum of the non-null values (see the class notes for its type). */
  sum(): Promise<number | bigint> {
    return this.reduce(col(this.name).sum()) as Promise<number | bigint>;
  }

  /** The mean (float64), or null without values. */
  mean(): Promise<number | null> {
    return this.reduce(col(this.name).mean()) as Promise<number | null>;
  }

  /** The smallest value, in the column's type, or null without values. */
  min(): Promise<Scalar> {
    return this.reduce(col(this.name).min());
  }

  /** The largest value, in the column's type, or null without values. */
  max(): Promise<Scalar> {
    return this.reduce(col(this.name).max());
  }

  /** The number of non-null values (int64, a bigint). */
  count(): Promise<bigint> {
    return this.reduce(col(this.name).count()) as Promise<bigint>;
  }

  /** The sample standard deviation (ddof 1), or null below two values. */
  std(): Promise<number | null> {
    return this.reduce(col(this.name).std()) as Promise<number | null>;
  }

  /** The sample variance (ddof 1), or null below two values. */
  var(): Promise<number | null> {
    return this.reduce(col(this.name).var()) as Promise<number | null>;
  }

  /** The median (float64; the mean of the two middle values for an even count). */
  median(): Promise<number | null> {
    return this.reduce(col(this.name).median()) as Promise<number | null>;
  }

  /** The number of distinct non-null values (a bigint). */
  nUnique(): Promise<bigint> {
    return this.reduce(col(this.name).nUnique()) as Promise<bigint>;
  }

  /** The `q` quantile (float64), interpolation 'nearest' by default as Polars. */
  quantile(q: number, interpolation: QuantileInterpolation = 'nearest'): Promise<number | null> {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) return Promise.reject(new ValueError(`quantile: expected q as a number in [0, 1], got ${showValue(q)}`));
    return this.reduce(col(this.name).quantile(q, interpolation)) as Promise<number | null>;
  }

  /** One aggregation over this column alone, read back as a JS value. */
  private async reduce(agg: Expr): Promise<Scalar> {
    const out = await createFrame([[this.name, this.column]]).select(agg.alias(this.name));
    try {
      const [v] = await out.column(this.name).toValues();
      return v as Scalar;
    } finally {
      out.dispose();
    }
  }
}
