/**
 * groupBy(keys).agg(...): the rows are split into groups by ./grouping.ts (the registered
 * group-rows op: a stable sort by the keys on WebGPU, a hash of the keys on the CPU, the same
 * groups in key order on both), then each aggregation runs per group, over the values in
 * frame order:
 * - count, sum, mean, min, max, var, std: one reduction per group (the group-reduce op: a
 *   segmented reduction of the key-ordered values on the device, one pass over the rows on
 *   the CPU).
 * - first, last: a gather at each group's smallest / largest row number (the group's first
 *   and last rows in the frame's order, also when a float key group mixes -0 and +0); the
 *   first rows come with the groups, the last ones from the rows in group order.
 * The rows in group order (list, median, nunique, last) are built only when one of those
 * aggregations is asked for.
 * - median, nunique, quantile: a second stable sort by (group number, value) orders each
 *   group's values; median reads the middle ones, nunique counts value changes among valid
 *   rows, quantile gathers the one or two positions df.quantile's rules pick
 *   (./within-groups.ts).
 * The expression form (`agg(col('y').sum().alias('s'))`, ./agg-expr.ts) plans each
 * expression into these same aggregations (./aggregate.ts), so both forms give the same bits.
 * Packed columns (bool, int8, int16, uint8, uint16) are widened to 32-bit words for the
 * kernels (../../kernels/cast/widen.ts) and narrowed back where the result keeps their type.
 *
 * Groups come out in key order; null keys form one group, last (Polars keeps null keys;
 * pandas drops them by default).
 * Speed: on the device the reductions run one thread per group, so one huge group is summed
 * by one thread (correct, not parallel); median and nunique cost one extra two-key sort per
 * column.
 */
import { ensureBackend } from '../../src/device/index.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import type { DataFrame } from '../data-frame.js';
import { Expr } from '../expr.js';
import { aggExprs } from './agg-expr.js';
import { aggregate, ALL_OPS, baseOps, type AggItem, type AggOp } from './aggregate.js';
import { showValue } from '../../src/options.js';

export type { AggOp } from './aggregate.js';

/** An aggregation: `[column, op]`, e.g. `['fare', 'mean']`. */
export type AggSpec = readonly [string, AggOp];

/**
 * Rows grouped by key columns (`df.groupBy(...keys)`), waiting for `agg`: one output row per
 * group, keys first, then one column per `[column, op]`.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ k: ['a', 'b', 'a'], x: new Float64Array([1, 2, 3]) });
 * const out = await df.groupBy('k').agg({ n: ['x', 'count'], mean: ['x', 'mean'] });
 * console.log(await out.toRecords()); // [{ k: 'a', n: 2n, mean: 2 }, { k: 'b', n: 1n, mean: 2 }]
 * ```
 */
export class GroupBy {
  constructor(
    private readonly df: DataFrame,
    private readonly keys: readonly string[],
  ) {
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new ValueError(`groupBy: expected key column names, got ${showValue(keys)}`);
    if (!df || typeof (df as { column?: unknown }).column !== 'function') throw new ValueError(`groupBy: expected a DataFrame, got ${showValue(df)}`);
    if (keys.length === 0) throw new ValueError('groupBy: expected at least one key column, got none');
    for (const k of keys) df.column(k);
  }

  /**
   * Aggregate each group, with expressions as Polars (`agg(col('y').sum().alias('s'),
   * col('y').mean())`, see frame/verbs/agg-expr.ts) or the object form
   * `{ outName: [column, op] }`. Semantics (Polars, pandas where
   * Polars is silent); nulls are skipped by every op except first/last:
   * - count: int64, the non-null values. sum: skips nulls (0 for none); float64 for floats,
   *   int64 for signed integers, uint64 for unsigned and bool; exact (an int64 overflow is an
   *   OverflowError). mean: float64 (also for integers); null for a group without values.
   * - min/max: the column's type; NaN is ignored unless a group has only NaN.
   * - var/std: float64, ddof = 1 (sample), two-pass (mean, then squared deviations), exactly
   *   the CPU float64 result on both backends; null for fewer than 2 values; NaN/Inf give NaN.
   * - median: float64; the middle value, or the mean of the two middle values; NaN is
   *   skipped unless a group has only NaN (then NaN); null for a group without values.
   * - nunique: int64, distinct non-null values (nulls are not counted, as pandas' nunique;
   *   Polars' n_unique would count null as one value). NaN counts as one value and -0 == +0.
   * - first/last: the group's first/last row in the frame's order, a null included (Polars).
   * - Expressions only: `len()`, the rows, nulls included, as int64; `quantile(q,
   *   interpolation)`, float64, with `df.quantile`'s rules (nulls skipped, NaN the largest
   *   value, 'nearest' by default), numeric columns.
   * - list: a list column of the group's values in the frame's order, nulls included as null
   *   elements (Polars' `agg_list`); the list's child has the column's type.
   * Strings take count, min, max, first, last, nunique, list; dates and timestamps take those
   * and sum/mean; nested columns (lists, structs, geometry) take first, last, list. Groups
   * come out sorted by key, the null key last.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ state: ['TX', 'CA', 'TX'], iata: ['AUS', 'SFO', 'DAL'], latitude: new Float64Array([30, 37, 33]) });
   * const g = await df.groupBy('state').agg({ n: ['iata', 'count'], lat: ['latitude', 'mean'], sd: ['latitude', 'std'] });
   * console.log(await g.toRecords()); // [{ state: 'CA', n: 1n, lat: 37, sd: null }, { state: 'TX', n: 2n, lat: 31.5, sd: 2.1213203435596424 }]
   * const lats = await df.groupBy('state').agg({ lats: ['latitude', 'list'] }); // list<float64>, each state's in row order
   * const e = await df.groupBy('state').agg(gf.col('latitude').mean(), gf.col('iata').count().alias('n'));
   * console.log(e.columns); // ['state', 'latitude', 'n']
   * ```
   */
  agg(spec: Record<string, AggSpec>): Promise<DataFrame>;
  agg(...exprs: Expr[]): Promise<DataFrame>;
  async agg(...args: Array<Expr | Record<string, AggSpec>>): Promise<DataFrame> {
    await ensureBackend('groupBy.agg');
    const { df, keys } = this;
    if (args.length > 0 && args.every((a) => a instanceof Expr)) return aggExprs(df, keys, args as Expr[], 'groupBy.agg');
    const spec = args[0];
    if (args.length !== 1 || spec === null || typeof spec !== 'object' || spec instanceof Expr) {
      const got = args.map((a) => (a instanceof Expr ? a.toString() : a === null ? 'null' : typeof a)).join(', ');
      return Promise.reject(new ValueError(`groupBy.agg: expected expressions (col('x').mean(), ...) or one object { out: [column, op] }, got (${got})`));
    }
    return aggObject(df, keys, spec as Record<string, unknown>);
  }
}

/** The object form `{ out: [column, op] }`, checked: a bare op string names the fix. */
async function aggObject(df: DataFrame, keys: readonly string[], spec: Record<string, unknown>): Promise<DataFrame> {
  const items: AggItem[] = [];
  for (const [out, s] of Object.entries(spec)) {
    if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string' || typeof s[1] !== 'string') {
      const got = typeof s === 'string' ? `'${s}'` : (JSON.stringify(s) ?? typeof s);
      const hint = typeof s === 'string' && (ALL_OPS as readonly string[]).includes(s) ? ` (did you mean { ${out}: ['${out}', '${s}'] } or col('${out}').${s === 'nunique' ? 'nUnique' : s}()?)` : '';
      throw new ValueError(`groupBy.agg: expected [column, op] for output '${out}', got ${got}${hint}`);
    }
    const [name, op] = s as [string, string];
    const c = df.column(name);
    if (!(ALL_OPS as readonly string[]).includes(op)) throw new DTypeError(`groupBy: expected ${baseOps(c).join(' | ')} for '${name}' (${c.type}) in '${out}', got '${op}'`);
    items.push({ out, column: name, op: op as AggOp, label: `'${name}'` });
  }
  return aggregate(df, keys, items, 'groupBy');
}
