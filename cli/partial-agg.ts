/**
 * Group-by aggregation split across partitions, for `gpuframe worker` (./worker.ts) and the
 * Dask bridge (python/gpuframe_dask): each partition's rows are reduced to partial aggregates
 * per group ('partial'), the partials of every partition are concatenated in partition order and
 * reduced again ('combine'), and 'final' is the plain one-process `groupBy(by).agg(aggs)`.
 *
 * Partials per output, for `aggs: { out: [column, op] }`:
 * - count: the partition's count (int64); combined by a sum (int64, exact).
 * - sum: the partition's sum; combined by a sum of the partials in partition order. Integer sums
 *   (int64/uint64) are exact; a float64 sum equals the one-process sum whenever the sums are
 *   exact in float64 (integer-valued data below 2^53, for one) and otherwise is the sum of the
 *   partition sums, the same for the same partitions however the tasks ran.
 * - min, max: the partition's; combined by min/max (nulls and NaN skipped as groupBy does, so
 *   a group whose values are all NaN in one partition takes the others').
 * - mean: a partial sum and count; combined as sum / count in float64 (null where the count is
 *   0), which is how groupBy computes a mean.
 * Other ops are a ValueError naming the output: they do not combine from partials this way.
 */
import * as gf from '../index.js';

/** The aggregations that combine exactly from per-partition partials. */
export const PARTIAL_OPS = ['count', 'sum', 'mean', 'min', 'max'] as const;
export type PartialOp = (typeof PARTIAL_OPS)[number];

/** A group-by request: key columns and `{ out: [column, op] }`. */
export interface AggRequest {
  by: string[];
  aggs: Record<string, [string, PartialOp]>;
}

/** Checks a request's `by` and `aggs` (from JSON), naming what is wrong. */
export function checkAgg(op: string, agg: unknown): AggRequest {
  const a = agg as Partial<AggRequest> | null;
  if (a === null || typeof a !== 'object') throw new gf.ValueError(`${op}: expected agg as { by: [...], aggs: { out: [column, op] } }, got ${JSON.stringify(agg)}`);
  if (!Array.isArray(a.by) || a.by.length === 0 || !a.by.every((k) => typeof k === 'string')) throw new gf.ValueError(`${op}: expected agg.by as a non-empty list of column names, got ${JSON.stringify(a.by)}`);
  if (a.aggs === null || typeof a.aggs !== 'object' || Array.isArray(a.aggs) || Object.keys(a.aggs).length === 0) throw new gf.ValueError(`${op}: expected agg.aggs as { out: [column, op] }, got ${JSON.stringify(a.aggs)}`);
  for (const [out, s] of Object.entries(a.aggs)) {
    if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string' || !(PARTIAL_OPS as readonly unknown[]).includes(s[1])) {
      throw new gf.ValueError(`${op}: expected agg.aggs.${out} as [column, ${PARTIAL_OPS.map((o) => `'${o}'`).join(' | ')}], got ${JSON.stringify(s)}`);
    }
    if (a.by.includes(out)) throw new gf.ValueError(`${op}: expected output names other than the keys, got '${out}' in both`);
  }
  return { by: a.by, aggs: a.aggs };
}

/** Partial column names of output number `i`: one per partial it needs. */
function partialNames(i: number, op: PartialOp): string[] {
  return op === 'mean' ? [`p${i}_sum`, `p${i}_count`] : [`p${i}_${op}`];
}

/** One partition's partial aggregates: keys, then `p<i>_<op>` columns. */
export async function partialAgg(df: gf.DataFrame, agg: AggRequest): Promise<gf.DataFrame> {
  const spec: Record<string, [string, gf.AggOp]> = {};
  Object.values(agg.aggs).forEach(([column, op], i) => {
    if (op === 'mean') {
      spec[`p${i}_sum`] = [column, 'sum'];
      spec[`p${i}_count`] = [column, 'count'];
    } else spec[`p${i}_${op}`] = [column, op];
  });
  return df.groupBy(agg.by).agg(spec);
}

/** The partials of every partition, in partition order, reduced to the final aggregates. */
export async function combineAgg(partials: readonly gf.DataFrame[], agg: AggRequest): Promise<gf.DataFrame> {
  const all = gf.concat(partials);
  const spec: Record<string, [string, gf.AggOp]> = {};
  const outs = Object.entries(agg.aggs);
  outs.forEach(([, [, op]], i) => {
    for (const name of partialNames(i, op)) spec[name] = [name, name.endsWith('_min') ? 'min' : name.endsWith('_max') ? 'max' : 'sum'];
  });
  const reduced = await all.groupBy(agg.by).agg(spec);
  const columns: Record<string, gf.Column> = {};
  for (const k of agg.by) columns[k] = reduced.column(k);
  for (const [i, [out, [, op]]] of outs.entries()) {
    columns[out] = op === 'mean' ? await meanOf(reduced.column(`p${i}_sum`), reduced.column(`p${i}_count`)) : reduced.column(partialNames(i, op)[0]!);
  }
  return new gf.DataFrame(columns);
}

/** sum / count in float64 per row, null where the count is 0 (groupBy's mean). */
async function meanOf(sum: gf.Column, count: gf.Column): Promise<gf.Column> {
  const s = (await sum.toValues()) as Array<number | bigint>;
  const n = (await count.toValues()) as Array<number | bigint>;
  const out = new Float64Array(s.length);
  const valid = new Uint8Array((s.length + 7) >> 3);
  for (let i = 0; i < s.length; i++) {
    const c = Number(n[i]!);
    if (c === 0) continue;
    out[i] = Number(s[i]!) / c;
    valid[i >> 3]! |= 1 << (i & 7);
  }
  return gf.Column.from(out, valid);
}

/** The one-process aggregation: `df.groupBy(by).agg(aggs)`. */
export async function finalAgg(df: gf.DataFrame, agg: AggRequest): Promise<gf.DataFrame> {
  return df.groupBy(agg.by).agg(agg.aggs);
}
