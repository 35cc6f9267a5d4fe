/**
 * Bind an expression (./expr.ts) to a frame's columns: the IR of the fused expression
 * kernel (kernels/expr/ir.ts). Names become input indices, literals become literal-table
 * slots, and Polars' type rules are applied once, here, at the public boundary:
 *
 * - Supertypes: same type → itself; int32 + uint32 → int64; int32/uint32 + int64 → int64;
 *   uint32 + uint64 → uint64; int32/int64 + uint64 → float64; any int + float32 → float64;
 *   anything + float64 → float64; bool + number → the number's type.
 * - A number literal is "dynamic": it takes the other side's type when it fits (an integer
 *   literal with any int or float column, a fractional one with a float column); otherwise
 *   the smallest type holding it joins the supertype rule (int32 column + 2^40 → int64,
 *   int column + 2.5 → float64).
 * - `div`, `pow`, `atan2`, sqrt and the other float functions on integers work in float64.
 * - An integral number beyond int64/uint64 (`1e20`) is a float64 literal (a JS number is a double).
 * - Comparisons with a literal are exact in the other side's type (kernels/predicate/literal):
 *   an int column against 1.5, 1e20 or ±Inf compares as the mathematical numbers do
 *   (`int > 1.5` is `int >= 2`, `int64 < 1e20` is true for every row, never a downcast);
 *   strings compare by code on a shared sorted dictionary (dictionaries of different columns
 *   are merged on the host and recoded through a table in the literal slots).
 */
import { Column, type TimeUnit } from '../src/column/column.js';
import { uniqueSortedUtf8 } from '../src/column/utf8-order.js';
import type { DTypeName } from '../src/dtypes.js';
import type { DataBuffer } from '../src/memory/data-buffer.js';
import { GATHER_DTYPES } from '../kernels/gather/gather.js';
import { SEG_DTYPES } from '../kernels/groupby/segmented-reduce.js';
import { listGet, listLengths, listReduce } from '../kernels/list/list-ops.js';
import { DTypeError, ValueError } from '../src/errors.js';
import { normalizeLiteral, normalizeString } from '../kernels/predicate/literal.js';
import { castCanFail, intRange, typeOf, type ENode, type ExprInput, type ExprProgram, type LitValue, type VType } from '../kernels/expr/ir.js';
import { Expr, type CompareOp, type ExprNode, type Literal } from './expr.js';
import { bindStr } from './bind-str.js';

/** What an expression's result is: its device type plus the logical type it carries. */
export interface BoundType {
  t: VType;
  logical?: 'date' | 'timestamp' | 'utf8' | 'categorical';
  dictionary?: readonly string[];
  unit?: TimeUnit;
  timezone?: string;
}

export interface BoundExpr {
  prog: ExprProgram;
  type: BoundType;
  /** Set when the expression is a bare column: no kernel needed. */
  column?: Column;
  /**
   * Flat columns computed while binding (list nodes: `col('pts').list.len()`), inputs of the
   * program; the caller frees them after the run (except one returned as `column`).
   */
  temporaries: Column[];
}

/** A bound sub-expression; `isLit` marks a literal whose type the context still decides. */
interface B {
  node: ENode;
  ty: BoundType;
  isLit?: boolean;
  lit?: Literal | null;
  name?: string;
}

const FLIP: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const INTS: ReadonlySet<VType> = new Set(['int32', 'uint32', 'int64', 'uint64']);
const FLOATS: ReadonlySet<VType> = new Set(['float32', 'float64']);
const PER_DAY: Record<TimeUnit, bigint> = { s: 86400n, ms: 86400000n, us: 86400000000n, ns: 86400000000000n };
const STRINGY = (ty: BoundType) => ty.logical === 'utf8' || ty.logical === 'categorical';

const show = (n: ExprNode) => new Expr(n).toString();

/** The Polars supertype of two non-literal types. */
export function supertype(a: VType, b: VType): VType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float64';
  const s = new Set([a, b]);
  if (s.has('uint64')) return s.has('uint32') ? 'uint64' : 'float64';
  if (s.has('int64')) return 'int64';
  return 'int64'; // int32 + uint32
}

function isInteger(v: number | bigint): boolean {
  return typeof v === 'bigint' || Number.isInteger(v);
}

function fits(v: number | bigint, t: VType): boolean {
  const r = intRange(t);
  if (!r || !isInteger(v)) return false;
  const b = BigInt(v);
  return b >= r[0] && b <= r[1];
}

/**
 * The smallest int type holding an integer literal. A JS number is a double: an integral one
 * beyond int64/uint64 (1e20) is a float64 literal, as Polars types `1e20`; a bigint has no
 * float reading, so one beyond uint64 is an error.
 */
function intTypeFor(v: number | bigint, op: string): VType {
  for (const t of ['int32', 'int64', 'uint64'] as const) if (fits(v, t)) return t;
  if (typeof v === 'number') return 'float64';
  throw new DTypeError(`${op}: expected a bigint literal within int64 or uint64, got ${v}n`);
}

/** The type a dynamic number literal `v` takes next to type `t`. */
function dynWith(v: number | bigint, t: VType, op: string): VType {
  if (FLOATS.has(t)) return t;
  if (!isInteger(v)) return 'float64';
  if (t === 'bool') return intTypeFor(v, op);
  return fits(v, t) ? t : supertype(t, intTypeFor(v, op));
}

/** A literal value in type t (t chosen so it fits, except float rounding). */
function convertLiteral(v: number | bigint | boolean, t: VType, op: string): number | bigint | boolean {
  if (t === 'bool') {
    if (typeof v !== 'boolean') throw new DTypeError(`${op}: expected a boolean literal, got ${String(v)}`);
    return v;
  }
  if (typeof v === 'boolean') return t === 'int64' || t === 'uint64' ? BigInt(v ? 1 : 0) : v ? 1 : 0;
  if (t === 'float64') return Number(v);
  if (t === 'float32') return Math.fround(Number(v));
  if (!fits(v, t)) throw new DTypeError(`${op}: expected a literal that fits ${t}, got ${v}`);
  return t === 'int64' || t === 'uint64' ? BigInt(v) : Number(v);
}

function sameDict(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

class Binder {
  readonly inputs: ExprInput[] = [];
  readonly literals: LitValue[] = [];
  private readonly index = new Map<string, number>();
  readonly columns: Column[] = [];
  readonly temps: Column[] = [];

  constructor(
    private readonly lookup: (name: string) => Column,
    private readonly op: string,
    private readonly resolveWindow?: (node: Extract<ExprNode, { kind: 'window' }>) => Column,
  ) {}

  slot(t: VType, value: number | bigint | boolean): number {
    return this.literals.push({ t, value }) - 1;
  }

  private lit(t: VType, value: number | bigint | boolean): ENode {
    return { k: 'lit', slot: this.slot(t, value), t };
  }

  private columnB(c: Column, key: string | undefined, name: string): B {
    let i = key === undefined ? undefined : this.index.get(key);
    if (i === undefined) {
      i = this.inputs.push({ data: c.data, validity: c.validity }) - 1;
      this.columns.push(c);
      if (key !== undefined) this.index.set(key, i);
    }
    const kt = c.kernelType;
    const t: VType = kt === 'utf8' ? 'uint32' : (kt as VType);
    if (!['bool', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64'].includes(t)) {
      const hint = c.type === 'list' ? ` (a list column: use col('${name}').list.len(), .get(i), .sum(), … or df.explode('${name}'))` : c.isNested ? ' (a nested column)' : '';
      throw new DTypeError(`${this.op}: expected columns of bool, 32- or 64-bit types, got '${name}' of type ${c.type}${hint}`);
    }
    const ty: BoundType = { t };
    if (c.type === 'utf8' || c.type === 'categorical' || c.type === 'date' || c.type === 'timestamp') ty.logical = c.type;
    if (c.dictionary) ty.dictionary = c.dictionary;
    if (c.type === 'timestamp') {
      ty.unit = c.unit;
      ty.timezone = c.timezone;
    }
    return { node: { k: 'col', input: i, t }, ty, name };
  }

  /** A literal or sub-expression in type t (literals converted on the host, expressions cast on the device). */
  materialize(b: B, t: VType): ENode {
    if (b.isLit) {
      if (b.lit === null || b.lit === undefined) return { k: 'null', t };
      if (typeof b.lit === 'string') throw new DTypeError(`${this.op}: expected a string literal only next to a string column, got "${b.lit}" as ${t}`);
      return this.lit(t, convertLiteral(b.lit, t, this.op));
    }
    const from = typeOf(b.node);
    return from === t ? b.node : { k: 'cast', a: b.node, t, mode: 'wrap' };
  }

  /** The common type of several operands (Polars rules, dynamic literals), and each operand in it. */
  unify(bs: B[], what: string): [BoundType, ENode[]] {
    const real = bs.filter((b) => !(b.isLit && b.lit === null));
    if (real.some((b) => STRINGY(b.ty) || typeof b.lit === 'string')) return this.unifyStrings(bs, real, what);
    const logical = real.find((b) => b.ty.logical === 'date' || b.ty.logical === 'timestamp');
    if (logical) {
      for (const b of real) {
        if (b.ty.logical !== logical.ty.logical || b.ty.unit !== logical.ty.unit) {
          throw new DTypeError(`${this.op}: expected operands of one type in ${what}, got ${describe(logical)} and ${describe(b)}`);
        }
      }
      return [{ ...logical.ty }, bs.map((b) => this.materialize(b, logical.ty.t))];
    }
    const fixed = real.filter((b) => !b.isLit);
    const lits = real.filter((b) => b.isLit);
    let t: VType | undefined = fixed.length ? fixed.map((b) => b.ty.t).reduce(supertype) : undefined;
    for (const b of lits) {
      const v = b.lit as number | bigint | boolean;
      if (typeof v === 'boolean') {
        if (t === undefined) t = 'bool';
        else if (t !== 'bool') throw new DTypeError(`${this.op}: expected a number next to ${t} in ${what}, got ${v}`);
        continue;
      }
      if (t === undefined || t === 'bool') t = t === 'bool' ? dynWith(v, 'bool', this.op) : isInteger(v) ? intTypeFor(v, this.op) : 'float64';
      else t = dynWith(v, t, this.op);
    }
    t ??= 'float64';
    const tt = t;
    return [{ t: tt }, bs.map((b) => this.materialize(b, tt))];
  }

  private unifyStrings(bs: B[], real: B[], what: string): [BoundType, ENode[]] {
    for (const b of real) {
      if (!STRINGY(b.ty) && typeof b.lit !== 'string') throw new DTypeError(`${this.op}: expected strings in ${what}, got ${describe(b)}`);
    }
    const cols = real.filter((b) => STRINGY(b.ty));
    const first = cols[0]?.ty.dictionary ?? [];
    const extra = real.filter((b) => typeof b.lit === 'string').map((b) => b.lit as string);
    let dict: readonly string[] = first;
    if (cols.some((b) => !sameDict(b.ty.dictionary, first)) || extra.some((s) => !first.includes(s))) {
      dict = uniqueSortedUtf8([...cols.flatMap((b) => b.ty.dictionary!), ...extra]);
    }
    const code = new Map(dict.map((s, i) => [s, i]));
    const nodes = bs.map((b): ENode => {
      if (b.isLit) return b.lit === null ? { k: 'null', t: 'uint32' } : this.lit('uint32', code.get(b.lit as string)!);
      if (sameDict(b.ty.dictionary, dict)) return b.node;
      const start = this.literals.length;
      for (const s of b.ty.dictionary!) this.slot('uint32', code.get(s)!);
      return { k: 'remap', a: b.node, start };
    });
    return [{ t: 'uint32', logical: cols[0]?.ty.logical ?? 'utf8', dictionary: dict }, nodes];
  }

  /** A node that is `value` where `b` is valid and null where it is null (Kleene trick). */
  private constLike(b: B, value: boolean): ENode {
    const c: ENode = typeOf(b.node) === 'bool' ? b.node : { k: 'cast', a: b.node, t: 'bool', mode: 'wrap' };
    return value ? { k: 'or', a: c, b: { k: 'not', a: c } } : { k: 'and', a: c, b: { k: 'not', a: c } };
  }

  private expectBool(b: B, what: string): ENode {
    if (b.isLit && (b.lit === null || typeof b.lit === 'boolean')) return this.materialize(b, 'bool');
    if (b.isLit || b.ty.t !== 'bool' || b.ty.logical) throw new DTypeError(`${this.op}: expected a boolean expression in ${what}, got ${describe(b)}`);
    return b.node;
  }

  private expectNumeric(b: B, what: string): void {
    if (b.isLit && (b.lit === null || typeof b.lit === 'number' || typeof b.lit === 'bigint')) return;
    if (b.isLit || b.ty.logical || b.ty.t === 'bool') throw new DTypeError(`${this.op}: expected a numeric operand in ${what}, got ${describe(b)}`);
  }

  private fixLiteral(b: B): B {
    if (!b.isLit) return b;
    if (typeof b.lit === 'string') throw new DTypeError(`${this.op}: expected a string literal only next to a string column, got "${b.lit}"`);
    const [ty, [node]] = this.unify([b], 'a literal');
    return { node: node!, ty };
  }

  bind(n: ExprNode): B {
    switch (n.kind) {
      case 'col':
        return this.columnB(this.lookup(n.name), n.name, n.name);
      case 'lit': {
        const v = n.value;
        const t: VType = v === null ? 'float64' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'uint32' : isInteger(v) ? intTypeFor(v, this.op) : 'float64';
        return { node: { k: 'null', t }, ty: { t }, isLit: true, lit: v };
      }
      case 'arith': {
        const a = this.bind(n.left);
        const b = this.bind(n.right);
        const what = show(n);
        this.expectNumeric(a, what);
        this.expectNumeric(b, what);
        let [ty, nodes] = this.unify([a, b], what);
        if (ty.t === 'bool') throw new DTypeError(`${this.op}: expected numeric operands in ${what}, got booleans`);
        if ((n.op === 'div' || n.op === 'pow' || n.op === 'atan2') && !FLOATS.has(ty.t)) {
          ty = { t: 'float64' };
          nodes = [this.materialize(a, 'float64'), this.materialize(b, 'float64')];
        }
        return { node: { k: 'arith', op: n.op, a: nodes[0]!, b: nodes[1]!, t: ty.t }, ty };
      }
      case 'fn': {
        const a = this.fixLiteral(this.bind(n.arg));
        this.expectNumeric(a, show(n));
        const t = a.ty.t;
        if (n.op === 'neg' || n.op === 'abs' || n.op === 'floor' || n.op === 'ceil') {
          if (INTS.has(t) && (n.op === 'floor' || n.op === 'ceil')) return a;
          return { node: { k: 'math', op: n.op, a: a.node, t }, ty: { t } };
        }
        const ft: VType = t === 'float32' ? 'float32' : 'float64';
        return { node: { k: 'math', op: n.op, a: this.materialize(a, ft), t: ft }, ty: { t: ft } };
      }
      case 'round': {
        const a = this.fixLiteral(this.bind(n.arg));
        this.expectNumeric(a, show(n));
        const t = a.ty.t;
        if (INTS.has(t)) return a;
        if (n.decimals === 0) return { node: { k: 'math', op: 'round', a: a.node, t }, ty: { t } };
        const mult = t === 'float32' ? Math.fround(10 ** n.decimals) : 10 ** n.decimals;
        const scaled: ENode = { k: 'arith', op: 'mul', a: a.node, b: this.lit(t, mult), t };
        return { node: { k: 'arith', op: 'div', a: { k: 'math', op: 'round', a: scaled, t }, b: this.lit(t, mult), t }, ty: { t } };
      }
      case 'cast': {
        const a = this.fixLiteral(this.bind(n.arg));
        if (STRINGY(a.ty)) throw new DTypeError(`${this.op}: expected a numeric, boolean, date or timestamp value to cast, got ${describe(a)}`);
        const from = a.ty.t;
        const to = n.dtype as VType;
        if (from === to) return { node: a.node, ty: { t: to } };
        const mode = !castCanFail(from, to) ? 'wrap' : n.strict ? 'strict' : 'null';
        return { node: { k: 'cast', a: a.node, t: to, mode }, ty: { t: to } };
      }
      case 'fillNull': {
        const a = this.bind(n.arg);
        const b = this.bind(n.value);
        const [ty, [x, y]] = this.unify([a, b], show(n));
        return { node: { k: 'fillNull', a: x!, b: y!, t: ty.t }, ty };
      }
      case 'when': {
        const conds = n.branches.map((br) => this.expectBool(this.bind(br.cond), show(n)));
        const values = [...n.branches.map((br) => this.bind(br.value)), this.bind(n.otherwise)];
        const [ty, nodes] = this.unify(values, show(n));
        let node = nodes[nodes.length - 1]!;
        for (let i = conds.length - 1; i >= 0; i--) node = { k: 'when', c: conds[i]!, a: nodes[i]!, b: node, t: ty.t };
        return { node, ty };
      }
      case 'cmp':
        return this.bindCompare(n);
      case 'and':
      case 'or': {
        const a = this.expectBool(this.bind(n.left), show(n));
        const b = this.expectBool(this.bind(n.right), show(n));
        return { node: { k: n.kind, a, b }, ty: { t: 'bool' } };
      }
      case 'not':
        return { node: { k: 'not', a: this.expectBool(this.bind(n.arg), show(n)) }, ty: { t: 'bool' } };
      case 'isNull':
      case 'isNotNull': {
        const a = this.bind(n.arg);
        const node = a.isLit ? (a.lit === null ? ({ k: 'null', t: 'bool' } as ENode) : this.lit('bool', true)) : a.node;
        return { node: { k: n.kind, a: node }, ty: { t: 'bool' } };
      }
      case 'isIn':
        return this.bindIsIn(n);
      case 'str':
        return bindStr(n, {
          bind: (m) => this.bind(m),
          slot: (t, v) => this.slot(t, v),
          notString: (b, what) => {
            throw new DTypeError(`${this.op}: expected a string (utf8 or categorical) column for ${what}, got ${describe(b as B)}`);
          },
        }, show(n));
      case 'dt':
        return this.bindDt(n);
      case 'list':
        return this.bindList(n);
      case 'timestamp': {
        const a = this.fixLiteral(this.bind(n.arg));
        if (a.ty.t !== 'int64' || a.ty.logical) throw new DTypeError(`${this.op}: expected an int64 count of ${n.unit} for a timestamp, got ${describe(a)}`);
        return { node: a.node, ty: { t: 'int64', logical: 'timestamp', unit: n.unit } };
      }
      case 'window': {
        if (!this.resolveWindow) throw new ValueError(`${this.op}: expected the window verb (frame/verbs/window.ts) to evaluate ${show(n)}, got none`);
        return this.columnB(this.resolveWindow(n), undefined, show(n));
      }
      case 'alias':
        return this.bind(n.arg);
      case 'agg':
        throw new ValueError(`${this.op}: expected an elementwise expression, got the aggregation ${show(n)} (aggregations run in df.select(...) and df.groupBy(keys).agg(...))`);
    }
  }

  /**
   * A list node: its per-row values computed now by the list kernels (kernels/list) into a
   * temporary flat column, which enters the fused program as an input.
   */
  private bindList(n: Extract<ExprNode, { kind: 'list' }>): B {
    const what = show(n);
    const list = n.arg.kind === 'col' ? this.lookup(n.arg.name) : undefined;
    const name = n.arg.kind === 'col' ? n.arg.name : show(n.arg);
    if (!list || list.type !== 'list') {
      throw new DTypeError(`${this.op}: expected a list column for ${what}, got ${list ? `'${name}' of type ${list.type}` : `the expression ${name}`}`);
    }
    const offsets = list.data as DataBuffer<'int32'>;
    const child = list.child;
    let col: Column;
    if (n.op === 'len') {
      const r = listLengths(offsets, list.validity);
      col = new Column({ type: 'uint32', data: r.values, validity: r.validity });
    } else if (n.op === 'get') {
      if (child.isNested || !GATHER_DTYPES.includes(child.data.dtype)) throw new DTypeError(`${this.op}: expected a list of bool or 32- or 64-bit values for ${what}, got '${name}' of list<${child.type}>`);
      const r = listGet(offsets, list.validity, child.data, child.validity, n.index);
      col = child.derive(r.values, r.validity);
    } else {
      if (!SEG_DTYPES.includes(child.type as DTypeName)) throw new DTypeError(`${this.op}: expected a list of 32- or 64-bit numbers for ${what}, got '${name}' of list<${child.type}>`);
      const r = listReduce(offsets, list.validity, child.data, child.validity, n.op);
      col = new Column({ type: r.values.dtype, data: r.values, validity: r.validity });
    }
    this.temps.push(col);
    return this.columnB(col, undefined, what);
  }

  private bindCompare(n: Extract<ExprNode, { kind: 'cmp' }>): B {
    let a = this.bind(n.left);
    let b = this.bind(n.right);
    let op = n.op;
    const what = show(n);
    if (a.isLit && !b.isLit) {
      [a, b] = [b, a];
      op = FLIP[op];
    }
    const out = (node: ENode): B => ({ node, ty: { t: 'bool' } });
    if ((a.isLit && a.lit === null) || (b.isLit && b.lit === null)) {
      const [, [x, y]] = this.unify([a, b], what);
      return out({ k: 'cmp', op, a: x!, b: y! });
    }
    if (!a.isLit && b.isLit && STRINGY(a.ty) && typeof b.lit === 'string') {
      const norm = normalizeString(a.ty.dictionary!, op, b.lit);
      if ('constant' in norm) return out(this.constLike(a, norm.constant));
      return out({ k: 'cmp', op: norm.op, a: a.node, b: this.lit('uint32', norm.value as number) });
    }
    const numericLit = b.isLit && (typeof b.lit === 'number' || typeof b.lit === 'bigint');
    if (!a.isLit && numericLit && !a.ty.logical && a.ty.t !== 'bool') {
      // Exact: the literal moves into the column's own type (int32 > 2.5 → >= 3).
      const norm = normalizeLiteral(a.ty.t as DTypeName, op, b.lit as number | bigint);
      if ('constant' in norm) {
        // NaN compares false (ne: true) but null stays null.
        return out(this.constLike(a, norm.constant));
      }
      return out({ k: 'cmp', op: norm.op, a: a.node, b: this.lit(a.ty.t, norm.value) });
    }
    const [, [x, y]] = this.unify([a, b], what);
    return out({ k: 'cmp', op, a: x!, b: y! });
  }

  private bindIsIn(n: Extract<ExprNode, { kind: 'isIn' }>): B {
    const a = this.fixLiteral(this.bind(n.arg));
    const what = show(n);
    const t = a.ty.t;
    const members: Array<number | bigint | boolean> = [];
    for (const v of n.values) {
      if (v === null) continue;
      if (STRINGY(a.ty)) {
        if (typeof v !== 'string') throw new DTypeError(`${this.op}: expected strings in ${what}, got ${String(v)}`);
        const i = a.ty.dictionary!.indexOf(v);
        if (i >= 0) members.push(i);
      } else if (t === 'bool') {
        if (typeof v !== 'boolean') throw new DTypeError(`${this.op}: expected booleans in ${what}, got ${String(v)}`);
        members.push(v);
      } else {
        if (typeof v !== 'number' && typeof v !== 'bigint') throw new DTypeError(`${this.op}: expected numbers in ${what}, got ${typeof v === 'string' ? `"${v}"` : String(v)}`);
        // Keep only values the column's type holds exactly; others can never be equal.
        if (FLOATS.has(t)) {
          const x = Number(v);
          if (typeof v === 'bigint' && BigInt(x) !== v) continue;
          if (t === 'float32' && !Number.isNaN(x) && Math.fround(x) !== x) continue;
          members.push(x);
        } else if (fits(v, t)) members.push(t === 'int64' || t === 'uint64' ? BigInt(v) : Number(v));
      }
    }
    const countSlot = this.slot('uint32', members.length);
    const start = this.literals.length;
    for (const v of members) this.slot(t, v);
    return { node: { k: 'isIn', a: a.node, start, countSlot }, ty: { t: 'bool' } };
  }

  private bindDt(n: Extract<ExprNode, { kind: 'dt' }>): B {
    const a = this.bind(n.arg);
    const ty: BoundType = { t: 'int32' };
    if (a.ty.logical === 'date') {
      if (n.part === 'hour') throw new DTypeError(`${this.op}: expected a timestamp column for dt.hour, got ${describe(a)} (a date has no hour)`);
      return { node: { k: 'civil', part: n.part, a: { k: 'cast', a: a.node, t: 'int64', mode: 'wrap' }, checked: false }, ty };
    }
    if (a.ty.logical !== 'timestamp') throw new DTypeError(`${this.op}: expected a date or timestamp column for dt.${n.part}, got ${describe(a)}`);
    const unit = a.ty.unit ?? 'us';
    const perDay = PER_DAY[unit];
    if (n.part === 'hour') {
      const inDay: ENode = { k: 'arith', op: 'mod', a: a.node, b: this.lit('int64', perDay), t: 'int64' };
      const hours: ENode = { k: 'arith', op: 'floorDiv', a: inDay, b: this.lit('int64', perDay / 24n), t: 'int64' };
      return { node: { k: 'cast', a: hours, t: 'int32', mode: 'wrap' }, ty };
    }
    const days: ENode = { k: 'arith', op: 'floorDiv', a: a.node, b: this.lit('int64', perDay), t: 'int64' };
    return { node: { k: 'civil', part: n.part, a: days, checked: unit === 's' && n.part === 'year' }, ty };
  }
}

function describe(b: B): string {
  if (b.isLit) return b.lit === null ? 'null' : typeof b.lit === 'string' ? `"${b.lit}"` : `${typeof b.lit} ${String(b.lit)}`;
  const type = b.ty.logical ?? b.ty.t;
  return b.name !== undefined ? `'${b.name}' of type ${type}` : `an expression of type ${type}`;
}

/**
 * Bind `expr` against columns found by `lookup` (which throws ColumnNotFoundError). `op`
 * names the verb in error messages; `resolveWindow` evaluates window nodes to columns.
 *
 * Internal: `df.eval`, `filter`, `select` and `withColumns` bind their expressions through it.
 */
export function bindExpr(
  expr: ExprNode,
  lookup: (name: string) => Column,
  op: string,
  resolveWindow?: (node: Extract<ExprNode, { kind: 'window' }>) => Column,
): BoundExpr {
  const binder = new Binder(lookup, op, resolveWindow);
  let b: B;
  try {
    b = binder.bind(expr);
    if (b.isLit) {
      if (typeof b.lit === 'string') throw new DTypeError(`${op}: expected a string literal only next to a string column, got "${b.lit}"`);
      const [ty, [node]] = binder.unify([b], 'a literal');
      b = { node: node!, ty };
    }
  } catch (err) {
    for (const t of binder.temps) t.dispose();
    throw err;
  }
  const prog: ExprProgram = { tree: b.node, inputs: binder.inputs, literals: binder.literals };
  const column = b.node.k === 'col' ? binder.columns[b.node.input] : undefined;
  return { prog, type: b.ty, column, temporaries: binder.temps };
}
