/**
 * Polars-like expressions: `col('lat').gt(0).and(col('elev').lt(1000))`.
 *
 * An expression is a small immutable tree. Predicates (comparisons, boolean logic, null
 * tests) compile into ONE generated WGSL kernel per tree shape: columns become bindings by
 * index and literals become uniforms, so no user string (a column name, a literal) ever
 * enters shader text, and changing a literal reuses the compiled pipeline.
 *
 * Null semantics are Kleene's (SQL, Polars): a comparison with a null operand is null;
 * `false AND null` is false, `true OR null` is true; `filter` keeps rows whose predicate is
 * true (null counts as false).
 */
import { ValueError } from '../src/errors.js';

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type Literal = number | bigint | string | boolean;

export type ExprNode =
  | { kind: 'col'; name: string }
  | { kind: 'lit'; value: Literal }
  | { kind: 'cmp'; op: CompareOp; left: ExprNode; right: ExprNode }
  | { kind: 'and' | 'or'; left: ExprNode; right: ExprNode }
  | { kind: 'not'; arg: ExprNode }
  | { kind: 'isNull' | 'isNotNull'; arg: ExprNode };

function lift(x: Expr | Literal): ExprNode {
  if (x instanceof Expr) return x.node;
  if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'string' || typeof x === 'boolean') return { kind: 'lit', value: x };
  throw new ValueError(`expr: expected an expression or a number, bigint, string or boolean literal, got ${typeof x}`);
}

export class Expr {
  constructor(readonly node: ExprNode) {}

  /** `this == other`. */
  eq(other: Expr | Literal): Expr {
    return new Expr({ kind: 'cmp', op: 'eq', left: this.node, right: lift(other) });
  }
  /** `this != other`. */
  ne(other: Expr | Literal): Expr {
    return new Expr({ kind: 'cmp', op: 'ne', left: this.node, right: lift(other) });
  }
  /** `this < other`. */
  lt(other: Expr | Literal): Expr {
    return new Expr({ kind: 'cmp', op: 'lt', left: this.node, right: lift(other) });
  }
  /** `this <= other`. */
  le(other: Expr | Literal): Expr {
    return new Expr({ kind: 'cmp', op: 'le', left: this.node, right: lift(other) });
  }
  /** `this > other`. */
  gt(other: Expr | Literal): Expr {
    return new Expr({ kind: 'cmp', op: 'gt', left: this.node, right: lift(other) });
  }
  /** `this >= other`. */
  ge(other: Expr | Literal): Expr {
    return new Expr({ kind: 'cmp', op: 'ge', left: this.node, right: lift(other) });
  }
  /** `lo <= this <= hi`. */
  between(lo: Expr | Literal, hi: Expr | Literal): Expr {
    return this.ge(lo).and(this.le(hi));
  }
  /** Kleene AND. */
  and(other: Expr): Expr {
    return new Expr({ kind: 'and', left: this.node, right: lift(other) });
  }
  /** Kleene OR. */
  or(other: Expr): Expr {
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

  /** A readable form, e.g. `((col("lat") > 0) & (col("elev") < 1000))`. For display only. */
  toString(): string {
    return show(this.node);
  }
}

const SYM: Record<CompareOp, string> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };

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
 * A literal value.
 *
 * @example
 * ```ts
 * const e = gf.lit(3).lt(gf.col('x'));
 * ```
 */
export function lit(value: Literal): Expr {
  return new Expr(lift(value));
}
