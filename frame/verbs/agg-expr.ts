/**
 * Aggregations as expressions, as Polars: `df.select(col('x').mean().alias('m'))` (one row)
 * and `df.groupBy('k').agg(col('y').sum().alias('s'), col('y').mean())` (one row per group).
 *
 * Each expression is planned in three steps:
 * 1. Every aggregation node `inner.op()` becomes one grouped aggregation (./aggregate.ts,
 *    the path of the object form `{ out: [column, op] }`, so the semantics and the bits are
 *    the same). A bare column is aggregated in place; a computed input
 *    (`col('a').mul(col('b')).sum()`) is first evaluated over the frame's rows into a
 *    temporary column by the fused kernel (as `df.eval`).
 * 2. What lies above the aggregations (`col('x').sum().div(col('x').count())`) is evaluated
 *    over the aggregated rows, where it may use the group keys.
 * 3. Output names: the outermost `.alias(name)`, else the expression's first column
 *    (Polars), else 'literal'. Two equal names, or an output named like a key, is a
 *    ValueError.
 *
 * Whole-frame `select` is the grouped path with one group: a constant key over every row.
 * A frame without rows is aggregated as one all-null row, which gives Polars' results for
 * an empty input (count/len/nUnique 0, sum 0, the rest null).
 *
 * Decisions: in `select`, mixing aggregated and row-wise expressions is a ValueError
 * (Polars would broadcast the aggregate; say `withColumns` for that). In `agg`, an
 * expression without an aggregation gives each group's values as a list (Polars'
 * implicit `implode`). An aggregation inside another aggregation's input is a ValueError.
 */
import { Column } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { ColumnNotFoundError, ValueError } from '../../src/errors.js';
import type { DataFrame } from '../data-frame.js';
import { Expr, type AggExprOp, type ExprNode } from '../expr.js';
import { createFrame } from '../factory.js';
import { aggregate, type AggItem } from './aggregate.js';
import { gatherColumn } from './take.js';
import { evalColumn } from './with-columns.js';

/** Fields of an expression node that hold no child node. */
const NOT_NODES = new Set(['options', 'over', 'values']);

/** `n` with `f` applied top-down: where `f` returns a node, that node replaces the subtree. */
function mapNodes(n: ExprNode, f: (n: ExprNode) => ExprNode | undefined): ExprNode {
  const visit = (v: unknown, key?: string): unknown => {
    if (key !== undefined && NOT_NODES.has(key)) return v;
    if (Array.isArray(v)) return v.map((x) => visit(x));
    if (v === null || typeof v !== 'object') return v;
    if ('kind' in v) {
      const r = f(v as ExprNode);
      if (r) return r;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x, k)]));
  };
  return visit(n) as ExprNode;
}

/** Every node of `n`, depth first, left before right. */
function nodes(n: ExprNode): ExprNode[] {
  const out: ExprNode[] = [];
  mapNodes(n, (x) => {
    out.push(x);
    return undefined;
  });
  return out;
}

const isAggregated = (n: ExprNode): boolean => nodes(n).some((x) => x.kind === 'agg');

/** The output name: the outermost alias, else the first column, else 'literal' (Polars). */
export function outputName(n: ExprNode): string {
  for (const x of nodes(n)) if (x.kind === 'alias' || x.kind === 'col') return x.name;
  return 'literal';
}

function stripAlias(n: ExprNode): ExprNode {
  return mapNodes(n, (x) => (x.kind === 'alias' ? stripAlias(x.arg) : undefined));
}

const OPS: Record<AggExprOp, AggItem['op']> = {
  count: 'count', len: 'len', sum: 'sum', mean: 'mean', min: 'min', max: 'max', std: 'std', var: 'var',
  median: 'median', nUnique: 'nunique', quantile: 'quantile', first: 'first', last: 'last',
};

function checkNames(names: readonly string[], keys: readonly string[], op: string): void {
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new ValueError(`${op}: expected distinct output names, got '${dup}' twice (name each with .alias('...'))`);
  const key = names.find((n) => keys.includes(n));
  if (key !== undefined) throw new ValueError(`${op}: expected output names distinct from the keys, got '${key}' (rename it with .alias('...'))`);
}

const TMP = '\u0000agg';
/** The internal op of an expression without aggregation in `agg` (never built by users). */
const IMPLODE = 'implode' as AggExprOp;

/**
 * `groupBy(keys).agg(...exprs)` (and `select` through one constant key): keys first, then
 * one column per expression. `lenOf`: the column whose non-null count is `len()`.
 */
export async function aggExprs(df: DataFrame, keys: readonly string[], exprs: readonly Expr[], op: string, lenOf?: Column): Promise<DataFrame> {
  const names = exprs.map((e) => outputName(e.node));
  checkNames(names, keys, op);
  const items: AggItem[] = [];
  const inputs: Array<{ name: string; node: ExprNode }> = [];
  const outers = exprs.map((e, k) => {
    // Without an aggregation: each group's values as a list (Polars' implicit implode).
    const node: ExprNode = isAggregated(e.node) ? stripAlias(e.node) : { kind: 'agg', op: IMPLODE, arg: stripAlias(e.node) };
    const outer = mapNodes(node, (x) => {
      if (x.kind !== 'agg') return undefined;
      if (isAggregated(x.arg)) throw new ValueError(`${op}: expected an aggregation over row values, got one inside another in ${e.toString()}`);
      const out = `${TMP}${items.length}`;
      let column: string;
      if (x.arg.kind === 'col') {
        column = x.arg.name;
        if (!df.names.includes(column)) throw new ColumnNotFoundError(`${op}: expected a column of the frame in ${e.toString()}, got '${column}' (columns: ${df.names.map((n) => `'${n}'`).join(', ')})`);
      } else {
        column = `${TMP}in${inputs.length}`;
        inputs.push({ name: column, node: x.arg });
      }
      const o = x.op === IMPLODE ? 'list' : OPS[x.op];
      items.push({ out, column, op: o, label: new Expr(x.arg).toString(), shown: names[k], q: x.q, interpolation: x.interpolation });
      return { kind: 'col', name: out };
    });
    for (const c of nodes(outer)) {
      if (c.kind === 'col' && !c.name.startsWith(TMP) && !keys.includes(c.name)) {
        throw new ValueError(`${op}: expected every column outside an aggregation to be aggregated, got col(${JSON.stringify(c.name)}) in ${e.toString()} (aggregate it, e.g. col(${JSON.stringify(c.name)}).first())`);
      }
    }
    return outer;
  });
  // Computed inputs over the frame's rows, then the grouped aggregations.
  const own = new Set(df.names.map((n) => df.column(n)));
  const temps: Column[] = [];
  let agg: DataFrame;
  try {
    for (const { node } of inputs) temps.push(await evalColumn(df, new Expr(node)));
    const wide = createFrame([...df.names.map((n) => [n, df.column(n)] as [string, Column]), ...inputs.map(({ name }, i) => [name, temps[i]!] as [string, Column])]);
    agg = await aggregate(wide, keys, items, op, lenOf, true);
  } finally {
    for (const t of temps) if (!own.has(t)) t.dispose();
  }
  // What lies above the aggregations, over the aggregated rows.
  const columns: Array<[string, Column]> = keys.map((k) => [k, agg.column(k)]);
  try {
    for (const [i, outer] of outers.entries()) {
      columns.push([names[i]!, outer.kind === 'col' ? agg.column(outer.name) : await evalColumn(agg, new Expr(outer))]);
    }
  } catch (err) {
    for (const [, c] of columns) if (!agg.names.some((n) => agg.column(n) === c)) c.dispose();
    agg.dispose();
    throw err;
  }
  const kept = new Set(columns.map(([, c]) => c));
  for (const n of agg.names) if (!kept.has(agg.column(n))) agg.column(n).dispose();
  return createFrame(columns);
}

/** Whether `select`'s arguments hold an expression (then `select` is async). */
export function hasExpr(args: readonly unknown[]): boolean {
  return args.some((a) => a instanceof Expr);
}

/**
 * `df.select(...)` with expressions: all aggregated → one row (Polars); none aggregated →
 * one column per expression over the rows (bare columns shared, not copied); mixed → a
 * ValueError. Names as strings (or arrays of names) stand for `col(name)`.
 */
export async function selectExprs(df: DataFrame, args: ReadonlyArray<string | readonly string[] | Expr>): Promise<DataFrame> {
  const exprs = args.flatMap((a): Expr[] => {
    if (a instanceof Expr) return [a];
    if (typeof a === 'string') return [new Expr({ kind: 'col', name: a })];
    if (Array.isArray(a) && a.every((x) => typeof x === 'string')) return a.map((x: string) => new Expr({ kind: 'col', name: x }));
    throw new ValueError(`select: expected column names, arrays of names or expressions, got ${a === null ? 'null' : typeof a}`);
  });
  const agg = exprs.map((e) => isAggregated(e.node));
  if (agg.every((x) => !x)) {
    checkNames(exprs.map((e) => outputName(e.node)), [], 'select');
    const cols: Array<[string, Column]> = [];
    for (const e of exprs) cols.push([outputName(e.node), await evalColumn(df, e)]);
    return createFrame(cols);
  }
  if (!agg.every((x) => x)) {
    const a = exprs[agg.indexOf(true)]!;
    const r = exprs[agg.indexOf(false)]!;
    throw new ValueError(`select: expected every expression aggregated or none, got ${a.toString()} (one row) next to ${r.toString()} (one per row); aggregate both, or add the aggregate as a column with withColumns`);
  }
  checkNames(exprs.map((e) => outputName(e.node)), [], 'select');
  // One group holding every row: a constant key. A frame without rows becomes one all-null
  // row with a null key, so len() (the key's non-null count) is 0.
  const n = df.numRows;
  const empty = n === 0;
  const key = Column.from(new Uint8Array(Math.max(n, 1)), empty ? new Uint8Array(1) : undefined);
  const temps: Column[] = [key];
  let base = df;
  if (empty) {
    const at = DataBuffer.fromHost(new Uint32Array(1), 'uint32');
    base = createFrame(df.names.map((name) => [name, gatherColumn(df.column(name), at, { inRange: false })] as [string, Column]));
    at.dispose();
    temps.push(...base.names.map((name) => base.column(name)));
  }
  const KEY = `${TMP}all`;
  try {
    const withKey = createFrame([...base.names.map((name) => [name, base.column(name)] as [string, Column]), [KEY, key]]);
    const r = await aggExprs(withKey, [KEY], exprs, 'select', key);
    r.column(KEY).dispose();
    return createFrame(r.names.slice(1).map((name) => [name, r.column(name)] as [string, Column]));
  } finally {
    for (const t of temps) t.dispose();
  }
}
