/**
 * WGSL code generation for the fused expression kernel: one function `eval_row(row)` built
 * from a bound tree (./ir.ts), node by node, from fixed fragments chosen by (op, type).
 * The text depends only on the tree's shape, the node types and which inputs have nulls:
 * column names never reach it (inputs are `D<i>` bindings by index) and literal values never
 * do (they are read from the literal table `L` by slot number). Changing a literal, a list
 * for isIn or the row count reuses the compiled pipeline.
 *
 * Value representation: bool → `bool`; int32/uint32/float32 → `u32` bits; int64/uint64/
 * float64 → `vec2<u32>` bits. Float arithmetic runs in software binary64 (exact, bit for bit
 * JS); a float32 op converts its operands to float64 exactly, computes, and rounds once to
 * float32, which equals the float32 operation (53 ≥ 2·24 + 2 bits, so double rounding is
 * innocuous for + − × ÷ and sqrt).
 */
import { totalCompareBody } from '../predicate/total-compare.js';
import { castCanFail, typeOf, type ENode, type ExprInput, type VType } from './ir.js';

export interface Gen {
  code: string[];
  fns: Set<string>;
  next: number;
  /** Library parts needed: 'f64' (soft binary64 + extras), 'math' (df64 functions), 'status'. */
  needs: Set<'f64' | 'math' | 'status'>;
  inputs: readonly ExprInput[];
}

const WIDE: ReadonlySet<VType> = new Set(['int64', 'uint64', 'float64']);
export const wgslType = (t: VType): string => (t === 'bool' ? 'bool' : WIDE.has(t) ? 'vec2<u32>' : 'u32');
const isFloat = (t: VType) => t === 'float32' || t === 'float64';

/** The zero of a type, as WGSL. */
export function zeroOf(t: VType): string {
  return t === 'bool' ? 'false' : WIDE.has(t) ? 'vec2<u32>(0u, 0u)' : '0u';
}

function oneOf(t: VType): string {
  switch (t) {
    case 'float32': return '0x3f800000u';
    case 'float64': return 'vec2<u32>(0u, 0x3ff00000u)';
    case 'int64':
    case 'uint64': return 'vec2<u32>(1u, 0u)';
    default: return '1u';
  }
}

/** An expression's value as float64 bits. */
function toF64(v: string, t: VType): string {
  switch (t) {
    case 'float64': return v;
    case 'float32': return `f64_from_f32(${v})`;
    case 'int32': return `f64x_from_i32(${v})`;
    case 'uint32': return `f64x_from_u32(${v})`;
    case 'int64': return `f64x_from_i64(${v})`;
    case 'uint64': return `f64x_from_u64(${v})`;
    case 'bool': return `select(vec2<u32>(0u, 0u), vec2<u32>(0u, 0x3ff00000u), ${v})`;
  }
}

/** A comparison function name for (op, type), registering its body (total order: NaN == NaN, NaN above every number, -0 == +0). */
function cmpFn(g: Gen, op: string, t: VType): string {
  const d = t === 'bool' ? 'uint32' : t;
  const fn = `cmp_${op}_${d}`;
  g.fns.add(`fn ${fn}(x: ${wgslType(d)}, y: ${wgslType(d)}) -> bool { ${totalCompareBody(op as 'eq', d)} }`);
  return fn;
}

const asWord = (v: string, t: VType) => (t === 'bool' ? `select(0u, 1u, ${v})` : v);

function litLoad(slot: number | string, t: VType): string {
  if (t === 'bool') return `(L[${slot}].x != 0u)`;
  return WIDE.has(t) ? `L[${slot}]` : `L[${slot}].x`;
}

/** Float op at float64 level with float32 rounding points; returns the result in type t. */
function floatArith(op: string, a: string, b: string, t: VType): string {
  const f32 = t === 'float32';
  const R = (e: string) => (f32 ? `f64_from_f32(f64x_to_f32(${e}))` : e);
  const x = f32 ? `f64_from_f32(${a})` : a;
  const y = f32 ? `f64_from_f32(${b})` : b;
  let e: string;
  switch (op) {
    case 'add': e = `f64_add(${x}, ${y})`; break;
    case 'sub': e = `f64_sub(${x}, ${y})`; break;
    case 'mul': e = `f64_mul(${x}, ${y})`; break;
    case 'div': e = `f64_div(${x}, ${y})`; break;
    case 'floorDiv': e = `f64x_floor(${R(`f64_div(${x}, ${y})`)})`; break;
    case 'mod': e = `f64_sub(${x}, ${R(`f64_mul(${y}, ${R(`f64x_floor(${R(`f64_div(${x}, ${y})`)})`)})`)})`; break;
    case 'pow': e = `m64_pow(${x}, ${y})`; break;
    case 'atan2': e = `m64_atan2(${x}, ${y})`; break;
    default: throw new Error(`expr: no float op ${op}`);
  }
  return f32 ? `f64x_to_f32(${e})` : e;
}

function intArith(op: string, a: string, b: string, t: VType): string {
  const wide = WIDE.has(t);
  const signed = t === 'int32' || t === 'int64';
  switch (op) {
    case 'add': return wide ? `i64_add(${a}, ${b})` : `(${a} + ${b})`;
    case 'sub': return wide ? `i64_sub(${a}, ${b})` : `(${a} - ${b})`;
    case 'mul': return wide ? `i64_mul(${a}, ${b})` : `(${a} * ${b})`;
    // The divisor is replaced by 1 where it is 0 (those rows are null), so no lane divides by zero.
    case 'floorDiv': return wide ? (signed ? `i64_floordiv(${a}, ${b})` : `u64_divmod(${a}, ${b}).q`) : signed ? `i32_floordiv(${a}, ${b})` : `(${a} / ${b})`;
    case 'mod': return wide ? (signed ? `i64_floormod(${a}, ${b})` : `u64_divmod(${a}, ${b}).r`) : signed ? `i32_floormod(${a}, ${b})` : `(${a} % ${b})`;
    default: throw new Error(`expr: no integer op ${op}`);
  }
}

function mathExpr(op: string, a: string, t: VType): string {
  if (op === 'neg') {
    if (t === 'float32') return `(${a} ^ 0x80000000u)`;
    if (t === 'float64') return `vec2<u32>(${a}.x, ${a}.y ^ 0x80000000u)`;
    return WIDE.has(t) ? `i64_neg(${a})` : `(0u - ${a})`;
  }
  if (op === 'abs') {
    if (t === 'float32') return `(${a} & 0x7fffffffu)`;
    if (t === 'float64') return `vec2<u32>(${a}.x, ${a}.y & 0x7fffffffu)`;
    if (t === 'uint32' || t === 'uint64') return a;
    return WIDE.has(t) ? `i64_abs_u(${a})` : `select(${a}, 0u - ${a}, (${a} & 0x80000000u) != 0u)`;
  }
  if (!isFloat(t)) return a; // floor/ceil/round of an integer is itself
  const x = t === 'float32' ? `f64_from_f32(${a})` : a;
  const fn: Record<string, string> = {
    floor: 'f64x_floor', ceil: 'f64x_ceil', round: 'f64x_round', sqrt: 'f64_sqrt',
    exp: 'm64_exp', log: 'm64_log', sin: 'm64_sin', cos: 'm64_cos', tan: 'm64_tan', asin: 'm64_asin', acos: 'm64_acos', atan: 'm64_atan',
  };
  const e = `${fn[op]!}(${x})`;
  return t === 'float32' ? `f64x_to_f32(${e})` : e;
}

/** Conversion of value `v` from type `from` to `to`: [value, ok] WGSL expressions (ok: fits). */
function castExpr(g: Gen, v: string, from: VType, to: VType, id: number): [string, string] {
  if (from === to) return [v, 'true'];
  if (from === 'bool') return [`select(${zeroOf(to)}, ${oneOf(to)}, ${v})`, 'true'];
  if (to === 'bool') {
    if (from === 'float32') return [`((${v} & 0x7fffffffu) != 0u)`, 'true'];
    if (from === 'float64') return [`(((${v}.y & 0x7fffffffu) | ${v}.x) != 0u)`, 'true'];
    return WIDE.has(from) ? [`((${v}.x | ${v}.y) != 0u)`, 'true'] : [`(${v} != 0u)`, 'true'];
  }
  if (to === 'float64') return [toF64(v, from), 'true'];
  if (to === 'float32') return [from === 'float64' ? `f64x_to_f32(${v})` : `f64x_to_f32(${toF64(v, from)})`, 'true'];
  if (isFloat(from)) {
    const c = `c${id}`;
    g.code.push(`let ${c} = f64x_to_int(${from === 'float32' ? `f64_from_f32(${v})` : v});`);
    const lim = (lo: string, hi: string) => `(!${c}.big && select(${hi}, ${lo}, ${c}.neg))`;
    const signed = `select(${c}.mag, i64_neg(${c}.mag), ${c}.neg)`;
    switch (to) {
      case 'int64': return [signed, lim(`!u64_lt(vec2<u32>(0u, 0x80000000u), ${c}.mag)`, `u64_lt(${c}.mag, vec2<u32>(0u, 0x80000000u))`)];
      case 'uint64': return [`${c}.mag`, lim(`i64_is_zero(${c}.mag)`, 'true')];
      case 'int32': return [`${signed}.x`, lim(`(${c}.mag.y == 0u && ${c}.mag.x <= 0x80000000u)`, `(${c}.mag.y == 0u && ${c}.mag.x < 0x80000000u)`)];
      default: return [`${c}.mag.x`, lim(`i64_is_zero(${c}.mag)`, `(${c}.mag.y == 0u)`)];
    }
  }
  // Integer → integer: same bits or sign/zero extension, then a range check.
  const fromWide = WIDE.has(from);
  const toWide = WIDE.has(to);
  const neg = fromWide ? `((${v}.y & 0x80000000u) != 0u)` : `((${v} & 0x80000000u) != 0u)`;
  const signedFrom = from === 'int32' || from === 'int64';
  let value: string;
  if (toWide && !fromWide) value = signedFrom ? `vec2<u32>(${v}, select(0u, 0xffffffffu, ${neg}))` : `vec2<u32>(${v}, 0u)`;
  else if (!toWide && fromWide) value = `${v}.x`;
  else value = v;
  if (!castCanFail(from, to)) return [value, 'true'];
  let ok: string;
  if (fromWide && !toWide) {
    // 64 → 32 bits.
    if (to === 'int32') ok = signedFrom ? `(${v}.y == select(0u, 0xffffffffu, (${v}.x & 0x80000000u) != 0u))` : `(${v}.y == 0u && ${v}.x < 0x80000000u)`;
    else ok = `(${v}.y == 0u)`;
  } else {
    // Same width with the other signedness, or signed 32 → unsigned 64: the sign bit must be clear.
    ok = `!${neg}`;
  }
  return [value, ok];
}

/** Generate the node; returns the names of its value and validity variables. */
export function genNode(n: ENode, g: Gen): [string, string] {
  const id = g.next++;
  const v = `v${id}`;
  const m = `m${id}`;
  const emit = (t: VType, value: string, valid: string) => g.code.push(`let ${v}: ${wgslType(t)} = ${value}; let ${m} = ${valid};`);
  switch (n.k) {
    case 'col': {
      const valid = g.inputs[n.input]!.validity ? `ok${n.input}` : 'true';
      emit(n.t, n.t === 'bool' ? `(x${n.input} != 0u)` : `x${n.input}`, valid);
      break;
    }
    case 'lit':
      emit(n.t, litLoad(n.slot, n.t), 'true');
      break;
    case 'null':
      emit(n.t, zeroOf(n.t), 'false');
      break;
    case 'arith': {
      const [av, am] = genNode(n.a, g);
      const [bv, bm] = genNode(n.b, g);
      if (isFloat(n.t)) {
        g.needs.add('f64');
        if (n.op === 'pow' || n.op === 'atan2') g.needs.add('math');
        emit(n.t, floatArith(n.op, av, bv, n.t), `${am} && ${bm}`);
      } else if (n.op === 'floorDiv' || n.op === 'mod') {
        // Integer division by zero is null (Polars); the lane divides by 1 instead.
        const nz = WIDE.has(n.t) ? `!i64_is_zero(${bv})` : `(${bv} != 0u)`;
        const safe = `select(${oneOf(n.t)}, ${bv}, ${nz})`;
        emit(n.t, intArith(n.op, av, safe, n.t), `${am} && ${bm} && ${nz}`);
      } else {
        emit(n.t, intArith(n.op, av, bv, n.t), `${am} && ${bm}`);
      }
      break;
    }
    case 'math': {
      const [av, am] = genNode(n.a, g);
      if (isFloat(n.t) && n.op !== 'neg' && n.op !== 'abs') {
        g.needs.add('f64');
        if (!['floor', 'ceil', 'round', 'sqrt'].includes(n.op)) g.needs.add('math');
      }
      emit(n.t, mathExpr(n.op, av, n.t), am);
      if (n.op === 'sin' || n.op === 'cos' || n.op === 'tan') {
        g.needs.add('status');
        const x = n.t === 'float32' ? `f64_from_f32(${av})` : av;
        g.code.push(`if (${am} && !m64_trig_ok(${x})) { atomicOr(&S[0], 2u); }`);
      }
      break;
    }
    case 'cmp': {
      const [av, am] = genNode(n.a, g);
      const [bv, bm] = genNode(n.b, g);
      const t = typeOf(n.a);
      emit('bool', `${cmpFn(g, n.op, t)}(${asWord(av, t)}, ${asWord(bv, t)})`, `${am} & ${bm}`);
      break;
    }
    case 'and':
    case 'or': {
      const [lv, lm] = genNode(n.a, g);
      const [rv, rm] = genNode(n.b, g);
      // Kleene: a definite false (AND) or true (OR) on either side decides.
      // Non-short-circuit & and | (the operands are plain values): no branches, so a chain of
      // 40 conditions compiles as fast as one (short-circuit chains blow up SwiftShader's compile).
      const decide = n.k === 'and' ? `(${lm} & !${lv}) | (${rm} & !${rv})` : `(${lm} & ${lv}) | (${rm} & ${rv})`;
      emit('bool', n.k === 'and' ? `${lv} & ${rv}` : `${lv} | ${rv}`, `(${decide}) | (${lm} & ${rm})`);
      break;
    }
    case 'not': {
      const [av, am] = genNode(n.a, g);
      emit('bool', `!${av}`, am);
      break;
    }
    case 'isNull':
    case 'isNotNull': {
      const [, am] = genNode(n.a, g);
      emit('bool', n.k === 'isNull' ? `!${am}` : am, 'true');
      break;
    }
    case 'cast': {
      const from = typeOf(n.a);
      const [av, am] = genNode(n.a, g);
      if (isFloat(from) || isFloat(n.t)) g.needs.add('f64');
      const [value, ok] = castExpr(g, av, from, n.t, id);
      const check = n.mode !== 'wrap' && castCanFail(from, n.t);
      if (check && n.mode === 'strict') {
        g.needs.add('status');
        g.code.push(`let ok_${id} = ${ok}; if (${am} && !ok_${id}) { atomicOr(&S[0], 1u); }`);
        emit(n.t, `select(${zeroOf(n.t)}, ${value}, ok_${id})`, am);
      } else if (check) {
        g.code.push(`let ok_${id} = ${ok};`);
        emit(n.t, `select(${zeroOf(n.t)}, ${value}, ok_${id})`, `${am} && ok_${id}`);
      } else {
        emit(n.t, value, am);
      }
      break;
    }
    case 'fillNull': {
      const [av, am] = genNode(n.a, g);
      const [bv, bm] = genNode(n.b, g);
      emit(n.t, `select(${bv}, ${av}, ${am})`, `${am} || ${bm}`);
      break;
    }
    case 'when': {
      const [cv, cm] = genNode(n.c, g);
      const [av, am] = genNode(n.a, g);
      const [bv, bm] = genNode(n.b, g);
      g.code.push(`let take${id} = ${cv} && ${cm};`);
      emit(n.t, `select(${bv}, ${av}, take${id})`, `select(${bm}, ${am}, take${id})`);
      break;
    }
    case 'isIn': {
      const t = typeOf(n.a);
      const [av, am] = genNode(n.a, g);
      const eq = cmpFn(g, 'eq', t);
      const x = asWord(av, t);
      g.code.push(`var found${id} = false;`);
      g.code.push(`for (var j = 0u; j < L[${n.countSlot}].x; j = j + 1u) { let y = ${asWord(litLoad(`${n.start}u + j`, t), t)}; if (${eq}(${x}, y)) { found${id} = true; } }`);
      emit('bool', `found${id}`, am);
      break;
    }
    case 'remap': {
      const [av, am] = genNode(n.a, g);
      emit('uint32', `L[${n.start}u + ${av}].x`, am);
      break;
    }
    case 'civil': {
      const [av, am] = genNode(n.a, g);
      g.fns.add(CIVIL_WGSL);
      g.code.push(`let cv${id} = civil_from_days(${av});`);
      const part = n.part === 'year' ? `cv${id}.year.x` : n.part === 'month' ? `cv${id}.month` : `cv${id}.day`;
      if (n.checked) {
        g.needs.add('status');
        g.code.push(`if (${am} && cv${id}.year.y != select(0u, 0xffffffffu, (cv${id}.year.x & 0x80000000u) != 0u)) { atomicOr(&S[0], 2u); }`);
      }
      emit('int32', part, am);
      break;
    }
  }
  return [v, m];
}

/**
 * Civil date of int64 days since 1970-01-01 (H. Hinnant's days_from_civil inverse), exact:
 * the era is a 64-bit floor division, the rest fits 32 bits. The year is 64-bit (a caller
 * that needs int32 checks it).
 */
const CIVIL_WGSL = /* wgsl */ `
struct Civil { year: vec2<u32>, month: u32, day: u32 }
fn civil_from_days(days: vec2<u32>) -> Civil {
  let z = i64_add(days, vec2<u32>(719468u, 0u));
  let era = i64_floordiv(z, vec2<u32>(146097u, 0u));
  let doe = z.x - i64_mul(era, vec2<u32>(146097u, 0u)).x;
  let yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
  let doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
  let mp = (5u * doy + 2u) / 153u;
  let d = doy - (153u * mp + 2u) / 5u + 1u;
  let m = select(mp - 9u, mp + 3u, mp < 10u);
  let y = i64_add(i64_mul(era, vec2<u32>(400u, 0u)), vec2<u32>(yoe + select(0u, 1u, m <= 2u), 0u));
  return Civil(y, m, d);
}`;
