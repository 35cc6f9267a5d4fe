/**
 * Polars-like expressions: `col('lat').gt(0).and(col('elev').lt(1000))`,
 * `col('x').add(col('y')).mul(2)`, `when(col('x').gt(0)).then(col('x')).otherwise(0)`.
 *
 * An expression is a small immutable tree. `df.withColumns`, `df.eval` and `df.filter` bind
 * it to a frame (frame/bind-expr.ts) and compile it into ONE generated kernel per tree shape
 * (kernels/expr): columns become bindings by index and literals go into a literal table, so
 * no user string (a column name, a literal) ever enters shader text, and changing a literal
 * reuses the compiled pipeline.
 *
 * Semantics follow Polars:
 * - Nulls propagate: `null op x` is null. Comparisons with a null operand are null; Kleene
 *   logic: `false AND null` is false, `true OR null` is true. `filter` keeps rows whose
 *   predicate is true (null counts as false).
 * - Types: int op int gives the wider int type (int32 + uint32 → int64, int64 + uint64 →
 *   float64) and wraps on overflow, as Polars does; `div` is true division (int / int →
 *   float64); any float64 operand gives float64; float32 stays float32 only when every
 *   operand is float32 or a literal (int32/int64 with float32 → float64, as Polars).
 *   A number literal takes the type of the other side when it fits (`col(int32).add(1)` is
 *   int32, `col(float32).mul(2.5)` is float32).
 * - Integer `floorDiv` and `mod` by zero give null; `mod` takes the divisor's sign.
 * - Comparing a column with a literal is exact in the column's own type (`int64 > 2^53 + 0.5`
 *   is exact), strings compare through the sorted dictionary.
 */
import { ValueError } from '../src/errors.js';
import { showValue } from '../src/options.js';
import type { QuantileInterpolation } from './verbs/quantile.js';
import { showStr, strArgs, strPattern, type StrArgs, type StrFn, type StrNode, type StrPatternOptions } from './bind-str.js';

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type Literal = number | bigint | string | boolean;
export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'floorDiv' | 'mod' | 'pow' | 'atan2';
export type FnOp = 'neg' | 'abs' | 'floor' | 'ceil' | 'sqrt' | 'exp' | 'log' | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan';
/** Target types of `cast`. */
export type CastType = 'bool' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';
export type DatePart = 'year' | 'month' | 'day' | 'hour';
/** Window operations evaluated before the fused kernel (frame/verbs/window.ts). */
export type WindowOp = 'cumSum' | 'cumMin' | 'cumMax' | 'cumCount' | 'rollingSum' | 'rollingMean' | 'rollingMin' | 'rollingMax' | 'rank' | 'shift';
/** List operations, evaluated per row before the fused kernel (frame/bind-expr.ts). */
export type ListOp = 'len' | 'get' | 'sum' | 'mean' | 'min' | 'max';
/** Aggregations (`col('x').sum()`), evaluated only by `select` and `groupBy().agg` (frame/verbs/agg-expr.ts). */
export type AggExprOp = 'count' | 'len' | 'sum' | 'mean' | 'min' | 'max' | 'std' | 'var' | 'median' | 'nUnique' | 'quantile' | 'first' | 'last';
const QUANTILE_METHODS: readonly QuantileInterpolation[] = ['nearest', 'linear', 'lower', 'higher', 'midpoint'];

export type ExprNode =
  | { kind: 'col'; name: string }
  | { kind: 'lit'; value: Literal | null }
  | { kind: 'cmp'; op: CompareOp; left: ExprNode; right: ExprNode }
  | { kind: 'and' | 'or'; left: ExprNode; right: ExprNode }
  | { kind: 'not'; arg: ExprNode }
  | { kind: 'isNull' | 'isNotNull'; arg: ExprNode }
  | { kind: 'arith'; op: ArithOp; left: ExprNode; right: ExprNode }
  | { kind: 'fn'; op: FnOp; arg: ExprNode }
  | { kind: 'round'; arg: ExprNode; decimals: number }
  | { kind: 'cast'; arg: ExprNode; dtype: CastType; strict: boolean }
  | { kind: 'fillNull'; arg: ExprNode; value: ExprNode }
  | { kind: 'when'; branches: ReadonlyArray<{ cond: ExprNode; value: ExprNode }>; otherwise: ExprNode }
  | { kind: 'isIn'; arg: ExprNode; values: ReadonlyArray<Literal | null> }
  /** A string function, run on the dictionary (frame/bind-str.ts). */
  | StrNode
  | { kind: 'dt'; part: DatePart; arg: ExprNode }
  | { kind: 'window'; op: WindowOp; arg: ExprNode; options: Readonly<Record<string, unknown>>; over?: readonly string[] }
  | { kind: 'list'; op: ListOp; arg: ExprNode; index: number }
  /** An aggregation (`select` and `groupBy().agg` only); `q` and `interpolation` for quantile. */
  | { kind: 'agg'; op: AggExprOp; arg: ExprNode; q?: number; interpolation?: QuantileInterpolation }
  /** The value under the output name `name` (`select`, `agg`); transparent inside an expression. */
  | { kind: 'alias'; arg: ExprNode; name: string }
  /** An int64 count of `unit`s since the epoch, typed as a timestamp (built by `datetime`, frame/datetime.ts). */
  | { kind: 'timestamp'; arg: ExprNode; unit: 'us' };

type WindowNode = Extract<ExprNode, { kind: 'window' }>;

/** `n` with every window node (innermost first) replaced by `f(node)`. */
function partitionWindows(n: ExprNode, f: (w: WindowNode) => WindowNode): ExprNode {
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = k === 'options' || k === 'over' ? x : visit(x);
      return 'kind' in v && (v as ExprNode).kind === 'window' ? f(out as WindowNode) : out;
    }
    return v;
  };
  return visit(n) as ExprNode;
}

function lift(x: Expr | Literal | null): ExprNode {
  if (x instanceof Expr) return x.node;
  if (x === null || typeof x === 'number' || typeof x === 'bigint' || typeof x === 'string' || typeof x === 'boolean') return { kind: 'lit', value: x };
  throw new ValueError(`expr: expected an expression or a number, bigint, string, boolean or null literal, got ${typeof x}`);
}

const CAST_TYPES: readonly CastType[] = ['bool', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64'];

/**
 * An expression over a frame's columns, built with `col`, `lit` and `when` and evaluated by
 * `filter`, `withColumns` and `select` as one fused kernel per call.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3]) });
 * const e = gf.col('x').mul(2).gt(3); // an Expr
 * console.log(e.toString(), (await df.filter(e)).numRows); // ((col("x") * 2) > 3) 2
 * ```
 */
export class Expr {
  constructor(readonly node: ExprNode) {}

  private arith(op: ArithOp, other: Expr | Literal | null): Expr {
    return new Expr({ kind: 'arith', op, left: this.node, right: lift(other) });
  }
  private fn(op: FnOp): Expr {
    return new Expr({ kind: 'fn', op, arg: this.node });
  }
  private cmp(op: CompareOp, other: Expr | Literal | null): Expr {
    return new Expr({ kind: 'cmp', op, left: this.node, right: lift(other) });
  }

  /** `this + other`. */
  add(other: Expr | Literal | null): Expr { return this.arith('add', other); }
  /** `this - other`. */
  sub(other: Expr | Literal | null): Expr { return this.arith('sub', other); }
  /** `this * other`. */
  mul(other: Expr | Literal | null): Expr { return this.arith('mul', other); }
  /** True division `this / other`: int / int is float64 (Polars `/`). */
  div(other: Expr | Literal | null): Expr { return this.arith('div', other); }
  /** Floor division (Polars `//`): rounds toward −∞; integer division by zero is null. */
  floorDiv(other: Expr | Literal | null): Expr { return this.arith('floorDiv', other); }
  /** Modulo with the divisor's sign (Polars `%`); integer modulo by zero is null; floats: `x − y·floor(x / y)`. */
  mod(other: Expr | Literal | null): Expr { return this.arith('mod', other); }
  /** `this ** exponent`, as a float (float64, or float32 for a float32 base and exponent). */
  pow(exponent: Expr | Literal): Expr { return this.arith('pow', exponent); }
  /** The angle of the point (x = other, y = this) in radians, in [−π, π] (Polars `arctan2(y, x)`). */
  atan2(x: Expr | Literal): Expr { return this.arith('atan2', x); }
  /** `-this` (integers wrap). */
  neg(): Expr { return this.fn('neg'); }
  /** `|this|` (integers wrap: abs(int32 min) is int32 min). */
  abs(): Expr { return this.fn('abs'); }
  /** Largest integer ≤ this (integers unchanged). */
  floor(): Expr { return this.fn('floor'); }
  /** Smallest integer ≥ this (integers unchanged). */
  ceil(): Expr { return this.fn('ceil'); }
  /** Round half away from zero to `decimals` places (Polars: `(x · 10^d).round() / 10^d`); integers unchanged. */
  round(decimals = 0): Expr {
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 300) throw new ValueError(`round: expected decimals as an integer in 0..300, got ${decimals}`);
    return new Expr({ kind: 'round', arg: this.node, decimals });
  }
  /** Square root (correctly rounded; integers give float64). */
  sqrt(): Expr { return this.fn('sqrt'); }
  /** e^this. */
  exp(): Expr { return this.fn('exp'); }
  /** Natural logarithm. */
  log(): Expr { return this.fn('log'); }
  /** Sine (radians). */
  sin(): Expr { return this.fn('sin'); }
  /** Cosine (radians). */
  cos(): Expr { return this.fn('cos'); }
  /** Tangent (radians). */
  tan(): Expr { return this.fn('tan'); }
  /** Arcsine, in [−π/2, π/2]. */
  asin(): Expr { return this.fn('asin'); }
  /** Arccosine, in [0, π]. */
  acos(): Expr { return this.fn('acos'); }
  /** Arctangent, in [−π/2, π/2]. */
  atan(): Expr { return this.fn('atan'); }

  /**
   * Convert to `dtype`. Strict (the default, as Polars): a value that does not fit the
   * target (float → int out of range, NaN or ±Inf; int → narrower or other-signed int out of
   * range) makes the evaluation fail with an OverflowError. `{ strict: false }` makes such
   * values null. float → int truncates toward zero; int64 → float64 rounds to nearest.
   */
  cast(dtype: CastType, options: { strict?: boolean } = {}): Expr {
    if (!CAST_TYPES.includes(dtype)) throw new ValueError(`cast: expected one of ${CAST_TYPES.join(', ')}, got '${String(dtype)}'`);
    return new Expr({ kind: 'cast', arg: this.node, dtype, strict: options.strict ?? true });
  }
  /** Null values replaced by `value` (a literal or an expression; types unify as in arithmetic). */
  fillNull(value: Expr | Literal): Expr {
    return new Expr({ kind: 'fillNull', arg: this.node, value: lift(value) });
  }
  /**
   * Whether the value is in `values` (numbers, bigints, strings or booleans; nulls in the list
   * are ignored, and a null value gives null, as Polars). NaN is in a list holding NaN. The
   * list goes into the literal table, never into shader text.
   */
  isIn(values: ReadonlyArray<Literal | null>): Expr {
    if (!Array.isArray(values)) throw new ValueError(`isIn: expected an array of literals, got ${typeof values}`);
    for (const v of values) lift(v);
    return new Expr({ kind: 'isIn', arg: this.node, values: [...values] });
  }

  /**
   * `this == other`. All six comparisons (eq, ne, lt, le, gt, ge, and so between, when
   * conditions and filters) follow Polars' order, the one sort, join, unique, groupBy and isIn
   * use: NaN equals NaN and is greater than every number (+Inf included), -0 equals +0, and a
   * null operand gives null. A literal is compared exactly in the column's type; an int and a
   * float compare in float64.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([NaN, -0, 1]), b: new Float64Array([NaN, 0, 2]) });
   * const same = await df.filter(gf.col('a').eq(gf.col('b'))); // rows 0 and 1
   * const big = await df.filter(gf.col('a').gt(Infinity)); // row 0: NaN > +Inf
   * ```
   */
  eq(other: Expr | Literal | null): Expr { return this.cmp('eq', other); }
  /** `this != other`. */
  ne(other: Expr | Literal | null): Expr { return this.cmp('ne', other); }
  /** `this < other`. */
  lt(other: Expr | Literal | null): Expr { return this.cmp('lt', other); }
  /** `this <= other`. */
  le(other: Expr | Literal | null): Expr { return this.cmp('le', other); }
  /** `this > other`. */
  gt(other: Expr | Literal | null): Expr { return this.cmp('gt', other); }
  /** `this >= other`. */
  ge(other: Expr | Literal | null): Expr { return this.cmp('ge', other); }
  /** `lo <= this <= hi`. */
  between(lo: Expr | Literal, hi: Expr | Literal): Expr {
    return this.ge(lo).and(this.le(hi));
  }
  /** Kleene AND. */
  and(other: Expr | boolean | null): Expr {
    return new Expr({ kind: 'and', left: this.node, right: lift(other) });
  }
  /** Kleene OR. */
  or(other: Expr | boolean | null): Expr {
    return new Expr({ kind: 'or', left: this.node, right: lift(other) });
  }
  /** Kleene NOT (null stays null). */
  not(): Expr {
    return new Expr({ kind: 'not', arg: this.node });
  }
  /** True where the value is null (never null itself). */
  isNull(): Expr {
    return new Expr({ kind: 'isNull', arg: this.node });
  }
  /** True where the value is not null (never null itself). */
  isNotNull(): Expr {
    return new Expr({ kind: 'isNotNull', arg: this.node });
  }

  /** String functions (utf8 and categorical columns). */
  get str(): StrNamespace {
    return new StrNamespace(this.node);
  }
  /** Date and time parts (date and timestamp columns). */
  get dt(): DtNamespace {
    return new DtNamespace(this.node);
  }
  /** List functions (list columns): `col('pts').list.len()`. */
  get list(): ListNamespace {
    return new ListNamespace(this.node);
  }

  /** Running sum (frame/verbs/window.ts `applyWindow`, evaluated before the fused kernel). */
  cumSum(): Expr { return this.window('cumSum', {}); }
  /** Running minimum. */
  cumMin(): Expr { return this.window('cumMin', {}); }
  /** Running maximum. */
  cumMax(): Expr { return this.window('cumMax', {}); }
  /** Running count of non-null values. */
  cumCount(): Expr { return this.window('cumCount', {}); }
  /** Sum over a trailing window of `window` rows (`minPeriods`: valid values needed, default `window`). */
  rollingSum(window: number, options: { minPeriods?: number } = {}): Expr { return this.window('rollingSum', { window, ...options }); }
  /** Mean over a trailing window of `window` rows. */
  rollingMean(window: number, options: { minPeriods?: number } = {}): Expr { return this.window('rollingMean', { window, ...options }); }
  /** Minimum over a trailing window of `window` rows. */
  rollingMin(window: number, options: { minPeriods?: number } = {}): Expr { return this.window('rollingMin', { window, ...options }); }
  /** Maximum over a trailing window of `window` rows. */
  rollingMax(window: number, options: { minPeriods?: number } = {}): Expr { return this.window('rollingMax', { window, ...options }); }
  /** Rank of each value (`method` as the window verb's rank, default 'average'; `descending`). */
  rank(options: { method?: string; descending?: boolean } = {}): Expr { return this.window('rank', options); }
  /**
   * The value `n` rows earlier (default 1; a negative `n` looks ahead), null where there is
   * none (Polars `shift`). The type is kept.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3]) });
   * const df2 = df.withColumns({ prevX: gf.col('x').shift(1), nextX: gf.col('x').shift(-1) });
   * console.log(await df2.column('prevX').toValues(), await df2.column('nextX').toValues()); // [null, 1, 2] [2, 3, null]
   * ```
   */
  shift(n = 1): Expr { return this.window('shift', { n }); }
  /**
   * The change from `n` rows earlier: `x - x.shift(n)` (Polars `diff`), null where there is
   * no earlier row; the type follows the expression arithmetic (`sub`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ id: new Int32Array([1, 1, 2, 2]), x: new Float64Array([1, 4, 10, 15]) });
   * const df2 = df.withColumns({ dx: gf.col('x').diff(), dxPerId: gf.col('x').diff().over('id') });
   * console.log(await df2.column('dx').toValues(), await df2.column('dxPerId').toValues()); // [null, 3, 6, 5] [null, 3, null, 5]
   * ```
   */
  diff(n = 1): Expr { return this.sub(this.shift(n)); }
  /**
   * Run the expression's window ops (shift, diff, cumSum, cumMin, cumMax, cumCount,
   * rolling*) within each partition of equal `keys` (null == null, NaN == NaN), rows in
   * frame order; the result stays in frame order (Polars `over`). Window ops that already
   * have an `over` keep theirs; an expression without a window op is a ValueError.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ id: new Int32Array([1, 2, 1, 1]), day: new Int32Array([1, 1, 1, 2]), x: new Float64Array([1, 2, 3, 4]) });
   * const df2 = df.withColumns({
   *   prevX: gf.col('x').shift(1).over('id'),
   *   runX: gf.col('x').cumSum().over(['id', 'day']),
   * });
   * console.log(await df2.column('prevX').toValues(), await df2.column('runX').toValues()); // [null, null, 1, 3] [1, 2, 4, 4]
   * ```
   */
  over(keys: string | readonly string[]): Expr {
    const names = typeof keys === 'string' ? [keys] : keys;
    if (!Array.isArray(names) || names.length === 0 || !names.every((k) => typeof k === 'string')) {
      throw new ValueError(`over: expected one or more partition column names, got ${JSON.stringify(keys)}`);
    }
    let found = false;
    const node = partitionWindows(this.node, (w) => {
      found = true;
      return w.over ? w : { ...w, over: [...names] };
    });
    if (!found) throw new ValueError(`over: expected an expression with a window op (shift, diff, cumSum, rollingMean, ...), got ${this.toString()}`);
    return new Expr(node);
  }
  private window(op: WindowOp, options: Record<string, unknown>): Expr {
    return new Expr({ kind: 'window', op, arg: this.node, options: options ?? {} });
  }

  /**
   * The same value under the output name `name` (Polars `alias`): names a `select` or
   * `groupBy().agg` output (whose default name is the expression's first column). In
   * `withColumns({ name: expr })` the key names the column and an alias is ignored.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 6]) });
   * const m = await df.select(gf.col('x').mean().alias('meanX'));
   * console.log(await m.toRecords()); // [{ meanX: 3 }]
   * ```
   */
  alias(name: string): Expr {
    if (typeof name !== 'string') throw new ValueError(`alias: expected an output name string, got ${typeof name}`);
    return new Expr({ kind: 'alias', arg: this.node, name });
  }
  private agg(op: AggExprOp, extra: { q?: number; interpolation?: QuantileInterpolation } = {}): Expr {
    return new Expr({ kind: 'agg', op, arg: this.node, ...extra });
  }
  /**
   * Non-null values, as int64 (Polars `count`; groupBy's 'count'). Aggregations run in
   * `df.select(...)` (one row) and `df.groupBy(keys).agg(...)` (one row per group) only.
   *
   * @example
   * ```ts
   * const df = gf.DataFrame.fromRecords([{ x: 1.5 }, { x: null }, { x: 2 }]);
   * const n = await df.select(gf.col('x').count());
   * console.log(await n.toRecords()); // [{ x: 2n }]
   * ```
   */
  count(): Expr { return this.agg('count'); }
  /**
   * Rows, nulls included, as int64 (Polars `len`, which is uint32 there).
   *
   * @example
   * ```ts
   * const df = gf.DataFrame.fromRecords([{ k: 'a', x: 1.5 }, { k: 'a', x: null }, { k: 'b', x: 2 }]);
   * const rows = await df.groupBy('k').agg(gf.col('x').len().alias('rows'));
   * console.log(await rows.toRecords()); // [{ k: 'a', rows: 2n }, { k: 'b', rows: 1n }]
   * ```
   */
  len(): Expr { return this.agg('len'); }
  /**
   * Sum, nulls skipped (0 when there are none): float64 for floats, int64 for signed ints,
   * uint64 for unsigned ints and bool; exact (an int64 overflow is an OverflowError).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ k: ['a', 'b', 'a'], x: new Int32Array([1, 2, 4]) });
   * const s = await df.groupBy('k').agg(gf.col('x').sum().alias('total'));
   * console.log(await s.toRecords()); // [{ k: 'a', total: 5n }, { k: 'b', total: 2n }]
   * ```
   */
  sum(): Expr { return this.agg('sum'); }
  /**
   * Mean as float64, nulls skipped; null when there is no value.
   *
   * @example
   * ```ts
   * const df = gf.DataFrame.fromRecords([{ x: 1 }, { x: null }, { x: 4 }]);
   * const m = await df.select(gf.col('x').mean());
   * console.log(await m.toRecords()); // [{ x: 2.5 }]
   * ```
   */
  mean(): Expr { return this.agg('mean'); }
  /**
   * Smallest value, in the column's type (strings, dates too); NaN ignored unless all are NaN.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([3, NaN, 1]), s: ['b', 'a', 'c'] });
   * const lo = await df.select(gf.col('x').min(), gf.col('s').min());
   * console.log(await lo.toRecords()); // [{ x: 1, s: 'a' }]
   * ```
   */
  min(): Expr { return this.agg('min'); }
  /**
   * Largest value, in the column's type; NaN ignored unless all are NaN.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Int32Array([3, 7, 1]) });
   * const hi = await df.select(gf.col('x').max());
   * console.log(await hi.toRecords()); // [{ x: 7 }]
   * ```
   */
  max(): Expr { return this.agg('max'); }
  /**
   * Sample standard deviation (ddof 1) as float64; null for fewer than 2 values.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3, 4]) });
   * const sd = await df.select(gf.col('x').std());
   * console.log(await sd.toRecords()); // [{ x: 1.2909944487358056 }]
   * ```
   */
  std(): Expr { return this.agg('std'); }
  /**
   * Sample variance (ddof 1) as float64; null for fewer than 2 values.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([1, 2, 3, 4]) });
   * const v = await df.select(gf.col('x').var());
   * console.log(await v.toRecords()); // [{ x: 1.6666666666666667 }]
   * ```
   */
  var(): Expr { return this.agg('var'); }
  /**
   * Median as float64 (mean of the two middle values); NaN skipped unless all are NaN.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ k: ['a', 'a', 'b', 'a'], x: new Float64Array([1, 5, 2, 4]) });
   * const med = await df.groupBy('k').agg(gf.col('x').median());
   * console.log(await med.toRecords()); // [{ k: 'a', x: 4 }, { k: 'b', x: 2 }]
   * ```
   */
  median(): Expr { return this.agg('median'); }
  /**
   * Distinct non-null values as int64 (null is not counted, as groupBy's 'nunique' and
   * pandas; Polars' n_unique counts it). NaN is one value; -0 equals +0.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ name: ['a', 'b', 'a', null] });
   * const kinds = await df.select(gf.col('name').nUnique());
   * console.log(await kinds.toRecords()); // [{ name: 2n }]
   * ```
   */
  nUnique(): Expr { return this.agg('nUnique'); }
  /**
   * The `q` quantile as float64, as `df.quantile`: nulls skipped, NaN the largest value,
   * `interpolation` 'nearest' by default (Polars); null when there is no value. Numeric columns.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ k: ['a', 'a', 'a', 'b'], x: new Float64Array([1, 2, 3, 10]) });
   * const p90 = await df.groupBy('k').agg(gf.col('x').quantile(0.9).alias('p90'));
   * console.log(await p90.toRecords()); // [{ k: 'a', p90: 3 }, { k: 'b', p90: 10 }]
   * ```
   */
  quantile(q: number, interpolation: QuantileInterpolation = 'nearest'): Expr {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new ValueError(`quantile: expected q in [0, 1], got ${String(q)}`);
    if (!QUANTILE_METHODS.includes(interpolation)) throw new ValueError(`quantile: expected interpolation ${QUANTILE_METHODS.join(' | ')}, got '${String(interpolation)}'`);
    return this.agg('quantile', { q, interpolation });
  }
  /**
   * The first value in frame order, a null included (Polars `first`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ id: new Int32Array([1, 2, 1]), t: new Float64Array([10, 20, 30]) });
   * const firstSeen = await df.groupBy('id').agg(gf.col('t').first());
   * console.log(await firstSeen.toRecords()); // [{ id: 1, t: 10 }, { id: 2, t: 20 }]
   * ```
   */
  first(): Expr { return this.agg('first'); }
  /**
   * The last value in frame order, a null included (Polars `last`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ id: new Int32Array([1, 2, 1]), t: new Float64Array([10, 20, 30]) });
   * const lastSeen = await df.groupBy('id').agg(gf.col('t').last());
   * console.log(await lastSeen.toRecords()); // [{ id: 1, t: 30 }, { id: 2, t: 20 }]
   * ```
   */
  last(): Expr { return this.agg('last'); }

  /** A readable form, e.g. `((col("lat") > 0) & (col("elev") < 1000))`. For display only. */
  toString(): string {
    return show(this.node);
  }
}

/**
 * `expr.str`: string functions of utf8 and categorical columns (Polars' `str` namespace).
 *
 * Each function runs once per distinct string, on the column's dictionary on the host, and
 * the device maps every row's code through the result (frame/bind-str.ts), so results are
 * exact and the same on both backends, regular expressions included. A null string gives
 * null. Characters are Unicode code points. Predicates give bool, lengths uint32 (as
 * Polars), transforms utf8. Regular expressions are JavaScript's (`RegExp`): a string
 * pattern compiles with the 'u' flag; a RegExp keeps its flags ('g' and 'y' are dropped).
 * Polars' Rust regex dialect differs in corners (JavaScript adds lookaround and
 * backreferences; `\d`, `\w` are ASCII in JavaScript, Unicode in Rust).
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ name: ['Ada', 'Bob', 'Al'] });
 * (await df.filter(gf.col('name').str.startsWith('A'))).numRows; // 2
 * ```
 */
export class StrNamespace {
  constructor(private readonly node: ExprNode) {}
  private fn(fn: StrFn, args: StrArgs): Expr {
    return new Expr({ kind: 'str', fn, arg: this.node, ...args });
  }
  /**
   * Whether the string matches `pattern`: a regular expression (a string or a RegExp; Polars'
   * default), or plain text with `{ literal: true }`.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['a.b', 'axb', null] });
   * await df.eval(gf.col('s').str.contains('.', { literal: true })); // [true, false, null]
   * await df.eval(gf.col('s').str.contains(/^A/i));                  // [true, true, null]
   * ```
   */
  contains(pattern: string | RegExp, options: StrPatternOptions = {}): Expr {
    return this.fn('contains', { pattern: strPattern('contains', pattern, options) });
  }
  /**
   * Whether the string starts with `prefix` (plain text): a range of codes in the sorted
   * dictionary, so no table is built.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ name: ['Ada', 'Bob', 'Al'] });
   * (await df.filter(gf.col('name').str.startsWith('A'))).numRows; // 2
   * ```
   */
  startsWith(prefix: string): Expr {
    return this.fn('startsWith', strArgs('startsWith', prefix));
  }
  /**
   * Whether the string ends with `suffix` (plain text).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ file: ['a.csv', 'b.parquet'] });
   * await df.eval(gf.col('file').str.endsWith('.csv')); // [true, false]
   * ```
   */
  endsWith(suffix: string): Expr {
    return this.fn('endsWith', strArgs('endsWith', suffix));
  }
  /**
   * Length in characters (Unicode code points), as uint32 (Polars `len_chars`; pandas'
   * `str.len`). 'é' written as e + a combining accent is 2 characters.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['Café', '東京', '😀'] });
   * await df.eval(gf.col('s').str.lenChars()); // [4, 2, 1]
   * ```
   */
  lenChars(): Expr {
    return this.fn('lenChars', {});
  }
  /**
   * Length in UTF-8 bytes, as uint32 (Polars `len_bytes`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['Café', '東京', '😀'] });
   * await df.eval(gf.col('s').str.lenBytes()); // [5, 6, 4]
   * ```
   */
  lenBytes(): Expr {
    return this.fn('lenBytes', {});
  }
  /**
   * Lower case, by Unicode's full case mapping, independent of locale (Polars
   * `to_lowercase`; JavaScript `toLowerCase`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['ÀB', 'Oslo'] });
   * await df.eval(gf.col('s').str.lower()); // ['àb', 'oslo']
   * ```
   */
  lower(): Expr {
    return this.fn('lower', {});
  }
  /**
   * Upper case, by Unicode's full case mapping ('ß' → 'SS'), independent of locale (Polars
   * `to_uppercase`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['straße', 'oslo'] });
   * await df.eval(gf.col('s').str.upper()); // ['STRASSE', 'OSLO']
   * ```
   */
  upper(): Expr {
    return this.fn('upper', {});
  }
  /**
   * Remove leading and trailing `characters` (any of the string's code points, in any
   * order), or Unicode whitespace when none are given (Polars `strip_chars`; pandas `strip`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['  hi \n', 'xxhixy'] });
   * await df.eval(gf.col('s').str.stripChars());     // ['hi', 'xxhixy']
   * await df.eval(gf.col('s').str.stripChars('xy')); // ['  hi \n', 'hi']
   * ```
   */
  stripChars(characters?: string | null): Expr {
    return this.fn('stripChars', strArgs('stripChars', characters));
  }
  /**
   * `stripChars` at the start only (Polars `strip_chars_start`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['007', ' x '] });
   * console.log(await (await df.eval(gf.col('s').str.stripCharsStart('0'))).toValues()); // ['7', ' x ']
   * ```
   */
  stripCharsStart(characters?: string | null): Expr {
    return this.fn('stripCharsStart', strArgs('stripCharsStart', characters));
  }
  /**
   * `stripChars` at the end only (Polars `strip_chars_end`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['a  ', ' b'] });
   * console.log(await (await df.eval(gf.col('s').str.stripCharsEnd())).toValues()); // ['a', ' b']
   * ```
   */
  stripCharsEnd(characters?: string | null): Expr {
    return this.fn('stripCharsEnd', strArgs('stripCharsEnd', characters));
  }
  /**
   * `length` characters (code points) from `offset` (to the end when `length` is omitted), as
   * Polars: a negative offset counts from the end, and the window is clamped to the string
   * (`'abc'` sliced at −5 for 3 is `'a'`).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['pear', 'papaya', '😀ab'] });
   * await df.eval(gf.col('s').str.slice(-3));   // ['ear', 'aya', '😀ab']
   * await df.eval(gf.col('s').str.slice(0, 2)); // ['pe', 'pa', '😀a']
   * ```
   */
  slice(offset: number, length?: number | null): Expr {
    return this.fn('slice', strArgs('slice', offset, length));
  }
  /**
   * Replace the first match of `pattern` by `value` (Polars `replace`, n = 1). A regular
   * expression by default: `value` may use JavaScript's `$1`, `$<name>`, `$&` (`$$` for a
   * dollar). With `{ literal: true }` both pattern and value are plain text.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['a-b-c'] });
   * await df.eval(gf.col('s').str.replace('-', '+', { literal: true })); // ['a+b-c']
   * await df.eval(gf.col('s').str.replace(/(\w)-(\w)/, '$2$1'));          // ['ba-c']
   * ```
   */
  replace(pattern: string | RegExp, value: string, options: StrPatternOptions = {}): Expr {
    return this.fn('replace', { pattern: strPattern('replace', pattern, options), ...strArgs('replace', value) });
  }
  /**
   * Replace every match of `pattern` by `value` (Polars `replace_all`); as `replace`
   * otherwise. An empty pattern matches between characters (code points).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ s: ['a-b-c'] });
   * await df.eval(gf.col('s').str.replaceAll('-', '', { literal: true })); // ['abc']
   * await df.eval(gf.col('s').str.replaceAll('[a-c]', 'x'));              // ['x-x-x']
   * ```
   */
  replaceAll(pattern: string | RegExp, value: string, options: StrPatternOptions = {}): Expr {
    return this.fn('replaceAll', { pattern: strPattern('replaceAll', pattern, options), ...strArgs('replaceAll', value) });
  }
}

/**
 * `expr.dt`: calendar parts of date and timestamp columns (UTC, proleptic Gregorian), as int32.
 *
 * @example
 * ```ts
 * const df = await gf.readCSV('date\n2024-03-01\n1999-12-31\n', { dtypes: { date: 'date' } });
 * const years = df.withColumns({ year: gf.col('date').dt.year() });
 * console.log(await years.column('year').toValues()); // [2024, 1999]
 * ```
 */
export class DtNamespace {
  constructor(private readonly node: ExprNode) {}
  /** The year. */
  year(): Expr { return new Expr({ kind: 'dt', part: 'year', arg: this.node }); }
  /** The month, 1..12. */
  month(): Expr { return new Expr({ kind: 'dt', part: 'month', arg: this.node }); }
  /** The day of the month, 1..31. */
  day(): Expr { return new Expr({ kind: 'dt', part: 'day', arg: this.node }); }
  /** The hour, 0..23 (timestamps only). */
  hour(): Expr { return new Expr({ kind: 'dt', part: 'hour', arg: this.node }); }
}

/**
 * `expr.list`: per-row functions of a list column, as Polars' `list` namespace. Each is
 * computed by registered kernels over the list's offsets into a temporary flat column that
 * then enters the fused expression kernel, so they compose with every other expression.
 * A null list gives null.
 *
 * @example
 * ```ts
 * const pts = new gf.Column({
 *   type: 'list',
 *   data: gf.array(new Int32Array([0, 3, 3, 5])),
 *   children: [gf.Column.from(new Float64Array([1, 2, 3, 4, 5]))],
 * });
 * const df = new gf.DataFrame({ pts });
 * const df2 = df.withColumns({ n: gf.col('pts').list.len().add(1), last: gf.col('pts').list.get(-1) });
 * const long = await df.filter(gf.col('pts').list.len().gt(2)); // the first row
 * ```
 */
export class ListNamespace {
  constructor(private readonly node: ExprNode) {}
  private op(op: ListOp, index = 0): Expr {
    return new Expr({ kind: 'list', op, arg: this.node, index });
  }
  /** Elements per list, as uint32 (null elements count; a null list is null). */
  len(): Expr { return this.op('len'); }
  /**
   * Element `index` of each list (0-based; negative counts from the end, -1 is the last);
   * null where the index is out of range, as Polars `list.get(i, null_on_oob=True)`.
   */
  get(index: number): Expr {
    if (typeof index !== 'number' || !Number.isInteger(index)) throw new ValueError(`list.get: expected an integer index, got ${String(index)}`);
    return this.op('get', index);
  }
  /** Sum of each list (nulls skipped; an empty list sums to 0); integer sums widen to int64 / uint64 and wrap past 64 bits, float sums are float64. */
  sum(): Expr { return this.op('sum'); }
  /** Mean of each list as float64 (nulls skipped; null for an empty list). */
  mean(): Expr { return this.op('mean'); }
  /** Smallest element (nulls skipped, NaN ignored unless all are NaN; null for an empty list). */
  min(): Expr { return this.op('min'); }
  /** Largest element (nulls skipped, NaN ignored unless all are NaN; null for an empty list). */
  max(): Expr { return this.op('max'); }
}

/**
 * `when(cond)`: waits for `.then(value)`.
 *
 * @example
 * ```ts
 * const w = gf.when(gf.col('x').gt(0)); // a When; .then(…) makes it an expression
 * ```
 */
export class When {
  /** Internal: `gf.when(cond)` and `Then.when` build one. */
  constructor(private readonly branches: ReadonlyArray<{ cond: ExprNode; value: ExprNode }>, private readonly cond: ExprNode) {
    const isNode = (n: unknown): boolean => n !== null && typeof n === 'object' && typeof (n as { kind?: unknown }).kind === 'string';
    if (!Array.isArray(branches) || !branches.every((b: unknown) => b !== null && typeof b === 'object' && isNode((b as { cond?: unknown }).cond) && isNode((b as { value?: unknown }).value))) {
      throw new ValueError(`When: expected the earlier branches as an array of { cond, value } expression nodes (build one with gf.when), got ${showValue(branches)}`);
    }
    if (!isNode(cond)) throw new ValueError(`When: expected the condition as an expression node (build one with gf.when), got ${showValue(cond)}`);
  }
  /** The value where the condition is true. */
  then(value: Expr | Literal | null): Then {
    return new Then([...this.branches, { cond: this.cond, value: lift(value) }]);
  }
}

/**
 * `when(c).then(v)`: an expression (null where no condition holds); chain `.when` or finish with `.otherwise`.
 *
 * @example
 * ```ts
 * const sign = gf.when(gf.col('x').gt(0)).then(1).when(gf.col('x').lt(0)).then(-1).otherwise(0);
 * ```
 */
export class Then extends Expr {
  constructor(private readonly branches: ReadonlyArray<{ cond: ExprNode; value: ExprNode }>, otherwise: ExprNode = { kind: 'lit', value: null }) {
    super({ kind: 'when', branches, otherwise });
  }
  /** Another condition, tested where the earlier ones are not true. */
  when(cond: Expr | boolean): When {
    return new When(this.branches, lift(cond));
  }
  /** The value where no condition is true (a null condition counts as not true). */
  otherwise(value: Expr | Literal | null): Expr {
    return new Expr({ kind: 'when', branches: this.branches, otherwise: lift(value) });
  }
}

const SYM: Record<CompareOp, string> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const ASYM: Partial<Record<ArithOp, string>> = { add: '+', sub: '-', mul: '*', div: '/', floorDiv: '//', mod: '%' };

function show(n: ExprNode): string {
  switch (n.kind) {
    case 'col': return `col(${JSON.stringify(n.name)})`;
    case 'lit': return typeof n.value === 'string' ? JSON.stringify(n.value) : String(n.value);
    case 'cmp': return `(${show(n.left)} ${SYM[n.op]} ${show(n.right)})`;
    case 'and': return `(${show(n.left)} & ${show(n.right)})`;
    case 'or': return `(${show(n.left)} | ${show(n.right)})`;
    case 'not': return `~${show(n.arg)}`;
    case 'isNull': return `${show(n.arg)}.isNull()`;
    case 'isNotNull': return `${show(n.arg)}.isNotNull()`;
    case 'arith': return ASYM[n.op] ? `(${show(n.left)} ${ASYM[n.op]} ${show(n.right)})` : `${show(n.left)}.${n.op}(${show(n.right)})`;
    case 'fn': return `${show(n.arg)}.${n.op}()`;
    case 'round': return `${show(n.arg)}.round(${n.decimals})`;
    case 'cast': return `${show(n.arg)}.cast(${n.dtype}${n.strict ? '' : ', non-strict'})`;
    case 'fillNull': return `${show(n.arg)}.fillNull(${show(n.value)})`;
    case 'when': return `${n.branches.map((b, i) => `${i ? '.' : ''}when(${show(b.cond)}).then(${show(b.value)})`).join('')}.otherwise(${show(n.otherwise)})`;
    case 'isIn': return `${show(n.arg)}.isIn([${n.values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')}])`;
    case 'str': return showStr(n, show(n.arg));
    case 'dt': return `${show(n.arg)}.dt.${n.part}()`;
    case 'window': return `${show(n.arg)}.${n.op}(${n.op === 'shift' ? String(n.options.n) : ''})${n.over ? `.over(${n.over.map((k) => JSON.stringify(k)).join(', ')})` : ''}`;
    case 'list': return `${show(n.arg)}.list.${n.op}(${n.op === 'get' ? n.index : ''})`;
    case 'timestamp': return `timestamp[${n.unit}](${show(n.arg)})`;
    case 'agg': return `${show(n.arg)}.${n.op}(${n.op === 'quantile' ? `${n.q}, '${n.interpolation}'` : ''})`;
    case 'alias': return `${show(n.arg)}.alias(${JSON.stringify(n.name)})`;
  }
}

/**
 * A column reference.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ lat: new Float64Array([48, -33, 60]), elev: new Float64Array([100, 20, 2000]) });
 * const pred = gf.col('lat').gt(0).and(gf.col('elev').lt(1000));
 * const north = await df.filter(pred);
 * console.log(north.numRows); // 1
 * ```
 */
export function col(name: string): Expr {
  if (typeof name !== 'string') throw new ValueError(`col: expected a column name string, got ${typeof name}`);
  return new Expr({ kind: 'col', name });
}

/**
 * A literal value (`null` is a null of the type the context gives it).
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ x: new Float64Array([1, 5]) });
 * const e = gf.lit(3).lt(gf.col('x'));
 * console.log(await (await df.eval(e)).toValues()); // [false, true]
 * ```
 */
export function lit(value: Literal | null): Expr {
  return new Expr(lift(value));
}

/**
 * A conditional expression, Polars' `when/then/otherwise`: the first branch whose condition
 * is true gives the value; a null condition counts as not true; without `otherwise`, rows
 * where no condition holds are null. Every branch is evaluated on every row (one kernel).
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ x: new Float64Array([-2, 0, 5]) });
 * const sign = gf.when(gf.col('x').gt(0)).then(1).when(gf.col('x').lt(0)).then(-1).otherwise(0);
 * const df2 = df.withColumns({ sign });
 * console.log(await df2.column('sign').toValues()); // [-1, 0, 1]
 * ```
 */
export function when(cond: Expr | boolean): When {
  return new When([], lift(cond));
}
