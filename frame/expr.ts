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
  | { kind: 'startsWith'; arg: ExprNode; prefix: string }
  | { kind: 'dt'; part: DatePart; arg: ExprNode }
  | { kind: 'window'; op: WindowOp; arg: ExprNode; options: Readonly<Record<string, unknown>>; over?: readonly string[] }
  | { kind: 'list'; op: ListOp; arg: ExprNode; index: number }
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

  /** `this == other`. */
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
   * const df2 = df.withColumns({ prevX: col('x').shift(1), nextX: col('x').shift(-1) });
   * ```
   */
  shift(n = 1): Expr { return this.window('shift', { n }); }
  /**
   * The change from `n` rows earlier: `x - x.shift(n)` (Polars `diff`), null where there is
   * no earlier row; the type follows the expression arithmetic (`sub`).
   *
   * @example
   * ```ts
   * const df2 = df.withColumns({ dx: col('x').diff(), dxPerId: col('x').diff().over('id') });
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
   * const df2 = df.withColumns({
   *   prevX: col('x').shift(1).over('id'),
   *   runX: col('x').cumSum().over(['id', 'day']),
   * });
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
    return new Expr({ kind: 'window', op, arg: this.node, options });
  }

  /** A readable form, e.g. `((col("lat") > 0) & (col("elev") < 1000))`. For display only. */
  toString(): string {
    return show(this.node);
  }
}

/**
 * `expr.str`: string functions, evaluated on dictionary codes.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ name: ['Ada', 'Bob', 'Al'] });
 * (await df.filter(gf.col('name').str.startsWith('A'))).numRows; // 2
 * ```
 */
export class StrNamespace {
  constructor(private readonly node: ExprNode) {}
  /**
   * Whether the string starts with `prefix`: the prefix becomes a range of codes on the
   * sorted dictionary (host work), and the device compares codes.
   */
  startsWith(prefix: string): Expr {
    if (typeof prefix !== 'string') throw new ValueError(`str.startsWith: expected a string prefix, got ${typeof prefix}`);
    return new Expr({ kind: 'startsWith', arg: this.node, prefix });
  }
}

/**
 * `expr.dt`: calendar parts of date and timestamp columns (UTC, proleptic Gregorian), as int32.
 *
 * @example
 * ```ts
 * const years = df.withColumns({ year: gf.col('date').dt.year() });
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
  constructor(private readonly branches: ReadonlyArray<{ cond: ExprNode; value: ExprNode }>, private readonly cond: ExprNode) {}
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
    case 'startsWith': return `${show(n.arg)}.str.startsWith(${JSON.stringify(n.prefix)})`;
    case 'dt': return `${show(n.arg)}.dt.${n.part}()`;
    case 'window': return `${show(n.arg)}.${n.op}(${n.op === 'shift' ? String(n.options.n) : ''})${n.over ? `.over(${n.over.map((k) => JSON.stringify(k)).join(', ')})` : ''}`;
    case 'list': return `${show(n.arg)}.list.${n.op}(${n.op === 'get' ? n.index : ''})`;
    case 'timestamp': return `timestamp[${n.unit}](${show(n.arg)})`;
  }
}

/**
 * A column reference.
 *
 * @example
 * ```ts
 * const pred = gf.col('lat').gt(0).and(gf.col('elev').lt(1000));
 * const north = await df.filter(pred);
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
 * const e = gf.lit(3).lt(gf.col('x'));
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
 * const sign = gf.when(gf.col('x').gt(0)).then(1).when(gf.col('x').lt(0)).then(-1).otherwise(0);
 * const df2 = df.withColumns({ sign });
 * ```
 */
export function when(cond: Expr | boolean): When {
  return new When([], lift(cond));
}
