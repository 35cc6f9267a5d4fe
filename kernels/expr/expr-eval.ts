/**
 * The evaluator of the fused expression kernel's CPU twin (./expr-cpu.ts): the bound IR
 * evaluated node by node over a run of rows [lo, lo + n) of host typed arrays, in plain JS float64 (Math.*), BigInt for 64-bit integers and
 * Math.fround after every float32 step. Exact ops (integers, float64 + − × ÷, sqrt, casts,
 * floor/ceil/round, comparisons) give the same bits as the device; sqrt and the
 * transcendental functions are JS's own and the device matches them within the registry
 * entry's tolerance.
 */
import { castCanFail, intRange, STATUS_CAST, STATUS_DOMAIN, typeOf, type ENode, type LitValue, type VType } from './ir.js';
import { totalCompare } from '../predicate/total-compare.js';

export type Arr = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
export interface Val {
  v: Arr;
  /** 1 = valid; undefined = every row valid. */
  m: Uint8Array | undefined;
}

export const ARRAY: Record<VType, new (n: number) => Arr> = {
  bool: Uint8Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
};

export const isBig = (t: VType) => t === 'int64' || t === 'uint64';
export const isFloat = (t: VType) => t === 'float32' || t === 'float64';

function andMasks(n: number, ...ms: Array<Uint8Array | undefined>): Uint8Array | undefined {
  const present = ms.filter((m): m is Uint8Array => m !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let ok = 1;
    for (const m of present) ok &= m[i]!;
    out[i] = ok;
  }
  return out;
}

/** Round half away from zero (Polars `round`), exact on doubles. */
export function roundHalfAway(x: number): number {
  const t = Math.trunc(x);
  const d = x - t;
  return Math.abs(d) >= 0.5 ? t + Math.sign(x) : t;
}

/** Civil (year, month, day) of days since 1970-01-01, proleptic Gregorian (H. Hinnant's algorithm). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function binop(op: string, t: VType): (x: never, y: never) => number | bigint {
  type F = (x: never, y: never) => number | bigint;
  const f32 = t === 'float32';
  const r = (x: number) => (f32 ? Math.fround(x) : x);
  if (isFloat(t)) {
    switch (op) {
      case 'add': return ((x: number, y: number) => r(x + y)) as F;
      case 'sub': return ((x: number, y: number) => r(x - y)) as F;
      case 'mul': return ((x: number, y: number) => r(x * y)) as F;
      case 'div': return ((x: number, y: number) => r(x / y)) as F;
      case 'floorDiv': return ((x: number, y: number) => r(Math.floor(r(x / y)))) as F;
      case 'mod': return ((x: number, y: number) => r(x - r(y * r(Math.floor(r(x / y)))))) as F;
      case 'pow': return ((x: number, y: number) => r(Math.pow(x, y))) as F;
      case 'atan2': return ((x: number, y: number) => r(Math.atan2(x, y))) as F;
    }
  }
  if (isBig(t)) {
    const w = t === 'int64' ? (x: bigint) => BigInt.asIntN(64, x) : (x: bigint) => BigInt.asUintN(64, x);
    switch (op) {
      case 'add': return ((x: bigint, y: bigint) => w(x + y)) as F;
      case 'sub': return ((x: bigint, y: bigint) => w(x - y)) as F;
      case 'mul': return ((x: bigint, y: bigint) => w(x * y)) as F;
      case 'floorDiv': return ((x: bigint, y: bigint) => {
        let q = x / y;
        if (x % y !== 0n && (x < 0n) !== (y < 0n)) q -= 1n;
        return w(q);
      }) as F;
      case 'mod': return ((x: bigint, y: bigint) => {
        let m = x % y;
        if (m !== 0n && (m < 0n) !== (y < 0n)) m += y;
        return w(m);
      }) as F;
    }
  }
  // int32 / uint32: JS doubles are exact for these, then wrap.
  const w = t === 'int32' ? (x: number) => x | 0 : (x: number) => x >>> 0;
  switch (op) {
    case 'add': return ((x: number, y: number) => w(x + y)) as F;
    case 'sub': return ((x: number, y: number) => w(x - y)) as F;
    case 'mul': return ((x: number, y: number) => w(Math.imul(x, y))) as F;
    case 'floorDiv': return ((x: number, y: number) => w(Math.floor(x / y))) as F;
    case 'mod': return ((x: number, y: number) => {
      let m = x % y;
      if (m !== 0 && (m < 0) !== (y < 0)) m += y;
      return w(m);
    }) as F;
  }
  throw new Error(`expr: no ${op} for ${t}`);
}

function mathop(op: string, t: VType): (x: never) => number | bigint {
  type F = (x: never) => number | bigint;
  if (isFloat(t)) {
    const r = t === 'float32' ? Math.fround : (x: number) => x;
    const f: Record<string, (x: number) => number> = {
      neg: (x) => -x, abs: Math.abs, floor: Math.floor, ceil: Math.ceil, round: roundHalfAway, sqrt: Math.sqrt,
      exp: Math.exp, log: Math.log, sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
    };
    const g = f[op]!;
    return ((x: number) => r(g(x))) as F;
  }
  if (isBig(t)) {
    const w = t === 'int64' ? (x: bigint) => BigInt.asIntN(64, x) : (x: bigint) => BigInt.asUintN(64, x);
    if (op === 'neg') return ((x: bigint) => w(-x)) as F;
    if (op === 'abs') return ((x: bigint) => w(x < 0n ? -x : x)) as F;
    return ((x: bigint) => x) as F;
  }
  const w = t === 'int32' ? (x: number) => x | 0 : (x: number) => x >>> 0;
  if (op === 'neg') return ((x: number) => w(-x)) as F;
  if (op === 'abs') return ((x: number) => w(Math.abs(x))) as F;
  return ((x: number) => x) as F;
}

/**
 * `x op y` in the total order of kernels/predicate/total-compare.ts (Polars): NaN equals NaN
 * and is greater than every number; -0 equals +0 (== on numbers already does).
 */
const compare = totalCompare;

/**
 * `x[i] op y` for every row: one tight loop per op (a filter's hot path on the CPU), each in a
 * function of its own so V8 optimizes it whole instead of on-stack-replacing a long switch.
 * y is not NaN here (compareScalar handles a NaN literal); a NaN x is above every y, so only
 * gt/ge need a NaN test (`x !== x`, false for every integer).
 */
type CmpLoop = (x: ArrayLike<number | bigint>, y: number | bigint, out: Uint8Array, n: number) => void;
// Number(bool), not `cond ? 1 : 0`: V8 compiles the ternary to a branch, which a random
// column mispredicts half the time (3× slower on 1e7 rows here).
const CMP_LOOPS: Record<string, CmpLoop> = {
  eq: (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(x[i] === y || (x[i] as number) == (y as number)); },
  ne: (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(!(x[i] === y || (x[i] as number) == (y as number))); },
  lt: (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(x[i]! < y); },
  le: (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(x[i]! <= y); },
  // !(x <= y) is x > y or x NaN (NaN is the largest value), without the branch `||` costs on
  // random data (5x slower): y is not NaN here (NAN_LOOPS).
  gt: (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(!(x[i]! <= y)); },
  ge: (x, y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(!(x[i]! < y)); },
};
/** `x op NaN`: NaN is the largest value and equals itself. */
const NAN_LOOPS: Record<string, CmpLoop> = {
  eq: (x, _y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(x[i] !== x[i]); },
  ne: (x, _y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(x[i] === x[i]); },
  lt: (x, _y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(x[i] === x[i]); },
  le: (_x, _y, out, n) => { out.fill(1, 0, n); },
  gt: (_x, _y, out, n) => { out.fill(0, 0, n); },
  ge: (x, _y, out, n) => { for (let i = 0; i < n; i++) out[i] = Number(x[i] !== x[i]); },
};

function compareScalar(op: string, x: ArrayLike<number | bigint>, y: number | bigint, n: number, into?: Uint8Array): Uint8Array {
  const out = into ?? new Uint8Array(n);
  // eslint-disable-next-line no-self-compare
  (y !== y ? NAN_LOOPS : CMP_LOOPS)[op]!(x, y, out, n);
  return out;
}

/** Convert one value between types: [value, ok]. */
function convert(x: number | bigint, from: VType, to: VType): [number | bigint, boolean] {
  if (to === 'bool') return [typeof x === 'bigint' ? (x !== 0n ? 1 : 0) : x !== 0 ? 1 : 0, true];
  if (to === 'float64') return [Number(x), true];
  if (to === 'float32') return [Math.fround(Number(x)), true];
  const range = intRange(to)!;
  let b: bigint;
  if (typeof x === 'bigint') b = x;
  else if (from === 'float32' || from === 'float64') {
    if (!Number.isFinite(x)) return [0, false];
    b = BigInt(Math.trunc(x));
  } else b = BigInt(x);
  const ok = b >= range[0] && b <= range[1];
  const wrapped = to === 'int64' ? BigInt.asIntN(64, b) : to === 'uint64' ? BigInt.asUintN(64, b) : to === 'int32' ? BigInt.asIntN(32, b) : BigInt.asUintN(32, b);
  return [isBig(to) ? wrapped : Number(wrapped), ok];
}

/** An input column's host arrays: values (whole column) and its Arrow validity bitmap, if any. */
export interface RawInput {
  data: Arr;
  validity: Uint8Array | null;
}

/** One evaluation: rows [lo, lo + n) of the inputs; `status` gathers the STATUS_* bits raised. */
export interface Ctx {
  inputs: readonly RawInput[];
  literals: readonly LitValue[];
  lo: number;
  n: number;
  status: number;
  valid: Map<number, Uint8Array | undefined>;
  /**
   * Where the root comparison may write its values (the part's rows of a mask output), taken by
   * the first column-against-literal comparison evaluated (the root: see exprPart) and only
   * where its input has no nulls; saves a temporary and a copy per part.
   */
  dest?: Uint8Array;
}

function inputValidity(ctx: Ctx, i: number): Uint8Array | undefined {
  if (!ctx.valid.has(i)) {
    const inp = ctx.inputs[i]!;
    let m: Uint8Array | undefined;
    if (inp.validity) {
      const bits = inp.validity;
      m = new Uint8Array(ctx.n);
      for (let r = 0, q = ctx.lo; r < ctx.n; r++, q++) m[r] = (bits[q >> 3]! >> (q & 7)) & 1;
    }
    ctx.valid.set(i, m);
  }
  return ctx.valid.get(i);
}

/** The value (and row validity, 1 = valid) of `node` over the context's rows. */
export function evalNode(node: ENode, ctx: Ctx): Val {
  const n = ctx.n;
  switch (node.k) {
    case 'col': {
      const d = ctx.inputs[node.input]!.data.subarray(ctx.lo, ctx.lo + n) as Arr;
      if (node.t === 'bool') return { v: Uint8Array.from(d as Uint8Array, (x) => (x !== 0 ? 1 : 0)), m: inputValidity(ctx, node.input) };
      return { v: d, m: inputValidity(ctx, node.input) };
    }
    case 'lit': {
      const v = new ARRAY[node.t](n);
      const lv = ctx.literals[node.slot]!.value;
      (v as { fill(x: unknown): void }).fill(typeof lv === 'boolean' ? (lv ? 1 : 0) : lv);
      return { v, m: undefined };
    }
    case 'null':
      return { v: new ARRAY[node.t](n), m: new Uint8Array(n) };
    case 'arith': {
      const a = evalNode(node.a, ctx);
      const b = evalNode(node.b, ctx);
      const out = new ARRAY[node.t](n);
      const f = binop(node.op, node.t) as (x: unknown, y: unknown) => number | bigint;
      const av = a.v as ArrayLike<unknown>, bv = b.v as ArrayLike<unknown>;
      const o = out as unknown as Array<unknown>;
      const intDiv = (node.op === 'floorDiv' || node.op === 'mod') && !isFloat(node.t);
      let m = andMasks(n, a.m, b.m);
      if (intDiv) {
        // Integer division by zero is null (Polars).
        const zero = isBig(node.t) ? 0n : 0;
        const mm = new Uint8Array(n);
        for (let i = 0; i < n; i++) mm[i] = (m ? m[i]! : 1) & (bv[i] === zero ? 0 : 1);
        m = mm;
        for (let i = 0; i < n; i++) o[i] = mm[i] ? f(av[i], bv[i]) : zero;
      } else {
        for (let i = 0; i < n; i++) o[i] = f(av[i], bv[i]);
      }
      return { v: out, m };
    }
    case 'math': {
      const a = evalNode(node.a, ctx);
      const out = new ARRAY[node.t](n);
      const f = mathop(node.op, node.t) as (x: unknown) => number | bigint;
      const av = a.v as ArrayLike<unknown>;
      const o = out as unknown as Array<unknown>;
      for (let i = 0; i < n; i++) o[i] = f(av[i]);
      if (node.op === 'sin' || node.op === 'cos' || node.op === 'tan') {
        // The device's argument reduction covers |x| < TRIG_LIMIT; beyond it a run fails on both backends.
        for (let i = 0; i < n; i++) if ((!a.m || a.m[i]) && Number.isFinite(av[i] as number) && Math.abs(av[i] as number) >= TRIG_LIMIT) ctx.status |= STATUS_DOMAIN;
      }
      return { v: out, m: a.m };
    }
    case 'cmp': {
      // Column against a literal (the common filter): no literal array, one loop per op.
      const flip: Record<string, string> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
      if (node.b.k === 'lit' || node.a.k === 'lit') {
        const dest = ctx.dest;
        ctx.dest = undefined;
        const litRight = node.b.k === 'lit';
        const other = evalNode(litRight ? node.a : node.b, ctx);
        const litNode = (litRight ? node.b : node.a) as { slot: number; t: VType };
        const lit = ctx.literals[litNode.slot]!.value;
        // Through a one-element array of the literal's type: the same rounding as a filled column.
        const one = new ARRAY[litNode.t](1) as unknown as { fill(x: unknown): void; 0: number | bigint };
        one.fill(typeof lit === 'boolean' ? (lit ? 1 : 0) : lit);
        const y = one[0];
        return { v: compareScalar(litRight ? node.op : flip[node.op]!, other.v as ArrayLike<number | bigint>, y, n, other.m ? undefined : dest), m: other.m };
      }
      const a = evalNode(node.a, ctx);
      const b = evalNode(node.b, ctx);
      const out = new Uint8Array(n);
      const av = a.v as ArrayLike<number | bigint>, bv = b.v as ArrayLike<number | bigint>;
      for (let i = 0; i < n; i++) out[i] = compare(node.op, av[i]!, bv[i]!) ? 1 : 0;
      return { v: out, m: andMasks(n, a.m, b.m) };
    }
    case 'and':
    case 'or': {
      const a = evalNode(node.a, ctx);
      const b = evalNode(node.b, ctx);
      const v = new Uint8Array(n);
      const m = new Uint8Array(n);
      const isAnd = node.k === 'and';
      const av = a.v as Uint8Array, bv = b.v as Uint8Array;
      for (let i = 0; i < n; i++) {
        const lv = av[i]!, lm = a.m ? a.m[i]! : 1, rv = bv[i]!, rm = b.m ? b.m[i]! : 1;
        const decided = isAnd ? (lm && !lv) || (rm && !rv) : (lm && lv) || (rm && rv);
        m[i] = decided || (lm && rm) ? 1 : 0;
        v[i] = isAnd ? lv & rv : lv | rv;
      }
      return { v, m };
    }
    case 'not': {
      const a = evalNode(node.a, ctx);
      return { v: Uint8Array.from(a.v as Uint8Array, (x) => 1 - x), m: a.m };
    }
    case 'isNull':
    case 'isNotNull': {
      const a = evalNode(node.a, ctx);
      const v = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const ok = a.m ? a.m[i]! : 1;
        v[i] = node.k === 'isNull' ? 1 - ok : ok;
      }
      return { v, m: undefined };
    }
    case 'cast': {
      const from = typeOf(node.a);
      const a = evalNode(node.a, ctx);
      const out = new ARRAY[node.t](n);
      const o = out as unknown as Array<unknown>;
      const av = a.v as ArrayLike<number | bigint>;
      const check = node.mode !== 'wrap' && castCanFail(from, node.t);
      const m = check && node.mode === 'null' ? new Uint8Array(n) : a.m;
      for (let i = 0; i < n; i++) {
        const [x, ok] = convert(av[i]!, from, node.t);
        o[i] = ok ? x : isBig(node.t) ? 0n : 0;
        const valid = a.m ? a.m[i]! : 1;
        if (check && node.mode === 'null') m![i] = valid && ok ? 1 : 0;
        else if (check && valid && !ok) ctx.status |= STATUS_CAST;
        if (!check && node.mode === 'wrap') o[i] = x;
      }
      return { v: out, m };
    }
    case 'fillNull': {
      const a = evalNode(node.a, ctx);
      const b = evalNode(node.b, ctx);
      if (!a.m) return a;
      const out = new ARRAY[node.t](n);
      const o = out as unknown as Array<unknown>;
      const av = a.v as ArrayLike<unknown>, bv = b.v as ArrayLike<unknown>;
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const ok = a.m[i]!;
        o[i] = ok ? av[i] : bv[i];
        m[i] = ok || (b.m ? b.m[i]! : 1) ? 1 : 0;
      }
      return { v: out, m };
    }
    case 'when': {
      const c = evalNode(node.c, ctx);
      const a = evalNode(node.a, ctx);
      const b = evalNode(node.b, ctx);
      const out = new ARRAY[node.t](n);
      const o = out as unknown as Array<unknown>;
      const av = a.v as ArrayLike<unknown>, bv = b.v as ArrayLike<unknown>, cv = c.v as Uint8Array;
      const m = a.m || b.m ? new Uint8Array(n) : undefined;
      for (let i = 0; i < n; i++) {
        const take = cv[i]! && (c.m ? c.m[i]! : 1);
        o[i] = take ? av[i] : bv[i];
        if (m) m[i] = take ? (a.m ? a.m[i]! : 1) : b.m ? b.m[i]! : 1;
      }
      return { v: out, m };
    }
    case 'isIn': {
      const a = evalNode(node.a, ctx);
      const count = Number(ctx.literals[node.countSlot]!.value);
      const set = ctx.literals.slice(node.start, node.start + count).map((l) => l.value);
      const out = new Uint8Array(n);
      const av = a.v as ArrayLike<number | bigint>;
      // Equality of the total order: NaN is in a list holding NaN, -0 in one holding +0.
      for (let i = 0; i < n; i++) {
        const x = av[i]!;
        out[i] = set.some((y) => totalCompare('eq', x, y as number | bigint)) ? 1 : 0;
      }
      return { v: out, m: a.m };
    }
    case 'remap': {
      const a = evalNode(node.a, ctx);
      const av = a.v as Uint32Array;
      const out = new Uint32Array(n);
      const lits = ctx.literals;
      for (let i = 0; i < n; i++) out[i] = !a.m || a.m[i] ? Number(lits[node.start + av[i]!]!.value) : 0;
      return { v: out, m: a.m };
    }
    case 'civil': {
      const a = evalNode(node.a, ctx);
      const out = new Int32Array(n);
      const av = a.v as BigInt64Array;
      const part = node.part === 'year' ? 0 : node.part === 'month' ? 1 : 2;
      for (let i = 0; i < n; i++) {
        const c = civilFromDays(Number(av[i]!));
        const y = c[part]!;
        if (node.checked && (!a.m || a.m[i]) && (y > 2147483647 || y < -2147483648)) ctx.status |= STATUS_DOMAIN;
        out[i] = y | 0;
      }
      return { v: out, m: a.m };
    }
  }
}

/** |x| from which sin/cos/tan leave the device's argument reduction (2^20·π/2): such runs fail on both backends. */
export const TRIG_LIMIT = 2 ** 20 * (Math.PI / 2);
