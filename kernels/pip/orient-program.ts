/**
 * (The point test now takes the exact sign of ./exact-orient.ts, which equals this where Turf's
 * arithmetic is exact and is right where it overflows; this program remains Turf's arithmetic
 * on the device, tested bit for bit in test/kernels/pip/pip.test.ts.)
 *
 * Turf's orientation arithmetic (./turf-orient.ts) as a straight-line program of float64
 * adds, subs and muls, run in WGSL by a small interpreter loop with ONE call site of
 * `f64_add` and one of `f64_mul`.
 *
 * Why: the soft-float functions are large, and a shader that calls them ~70 times (once
 * per operation of the predicate) makes SwiftShader's compiler run for many minutes, since
 * it inlines every call. The loop keeps the shader small on every driver; the operations,
 * their order and their rounding are unchanged (the result is bit for bit the same).
 *
 * Registers (vec2<u32> float64 bits, a function-scope array `OR`): 0 x1, 1 x2, 2 y1, 3 y2,
 * 4 px, 5 py, 6 CCW_A, 7 SPLITTER; then named temporaries. An instruction is one u32:
 * op (0 add, 1 sub, 2 mul, 3 a * |b|) | dst << 8 | a << 16 | b << 24.
 *
 * - Program FILTER (turf-orient step 1): u = x - px, v = y - py, dl = u2·v1, dr = u1·v2,
 *   det = dl - dr, bound = CCW_A · |dl + dr|. The caller returns det's class when
 *   |det| >= bound.
 * - Program ADAPT (step 3): the Dekker two-products' tails, the two-two-diff expansion B and
 *   est = ((B0 + B1) + B2) + B3. f = -est.
 */
const OPS = { add: 0, sub: 1, mul: 2, mulabs: 3 } as const;
type Op = keyof typeof OPS;

const FIXED = ['x1', 'x2', 'y1', 'y2', 'px', 'py', 'ccw', 'spl'] as const;

class Assembler {
  readonly regs = new Map<string, number>(FIXED.map((n, i) => [n, i]));
  readonly code: number[] = [];

  reg(name: string): number {
    let r = this.regs.get(name);
    if (r === undefined) {
      r = this.regs.size;
      this.regs.set(name, r);
    }
    return r;
  }

  emit(op: Op, dst: string, a: string, b: string): void {
    if (!this.regs.has(a) || !this.regs.has(b)) throw new Error(`orient-program: register read before write (${a}, ${b})`);
    this.code.push((OPS[op] | (this.reg(dst) << 8) | (this.reg(a) << 16) | (this.reg(b) << 24)) >>> 0);
  }
}

/** The Dekker two-product tail of a·b whose rounded value is p, into `out`. */
function tail(s: Assembler, a: string, b: string, p: string, out: string): void {
  s.emit('mul', 'c', 'spl', a);
  s.emit('sub', 'tt', 'c', a);
  s.emit('sub', 'ahi', 'c', 'tt');
  s.emit('sub', 'alo', a, 'ahi');
  s.emit('mul', 'c', 'spl', b);
  s.emit('sub', 'tt', 'c', b);
  s.emit('sub', 'bhi', 'c', 'tt');
  s.emit('sub', 'blo', b, 'bhi');
  s.emit('mul', 'm', 'ahi', 'bhi');
  s.emit('sub', 'q', p, 'm');
  s.emit('mul', 'm', 'alo', 'bhi');
  s.emit('sub', 'q', 'q', 'm');
  s.emit('mul', 'm', 'ahi', 'blo');
  s.emit('sub', 'q', 'q', 'm');
  s.emit('mul', 'm', 'alo', 'blo');
  s.emit('sub', out, 'm', 'q');
}

/** out = (a - (b ∘ c)) + (d - e), ∘ = inner: the shape of every two-sum tail in orient2dadapt. */
function twoSumTail(s: Assembler, out: string, a: string, b: string, inner: 'add' | 'sub', c: string, d: string, e: string): void {
  s.emit(inner, 'w1', b, c);
  s.emit('sub', 'w2', a, 'w1');
  s.emit('sub', 'w3', d, e);
  s.emit('add', out, 'w2', 'w3');
}

function assemble(): { code: number[]; filterEnd: number; regs: Map<string, number> } {
  const s = new Assembler();
  s.emit('sub', 'u1', 'x1', 'px');
  s.emit('sub', 'u2', 'x2', 'px');
  s.emit('sub', 'v1', 'y1', 'py');
  s.emit('sub', 'v2', 'y2', 'py');
  s.emit('mul', 'dl', 'u2', 'v1');
  s.emit('mul', 'dr', 'u1', 'v2');
  s.emit('sub', 'det', 'dl', 'dr');
  s.emit('add', 'sm', 'dl', 'dr');
  s.emit('mulabs', 'bound', 'ccw', 'sm');
  const filterEnd = s.code.length;
  // s1 = u1·v2 = dr, t1 = u2·v1 = dl.
  tail(s, 'u1', 'v2', 'dr', 's0');
  tail(s, 'u2', 'v1', 'dl', 't0');
  // _i = s0 - t0; bvirt = s0 - _i; B0 = s0 - (_i + bvirt) + (bvirt - t0)
  s.emit('sub', 'i', 's0', 't0');
  s.emit('sub', 'bv', 's0', 'i');
  twoSumTail(s, 'b0', 's0', 'i', 'add', 'bv', 'bv', 't0');
  // _j = s1 + _i; bvirt = _j - s1; _0 = s1 - (_j - bvirt) + (_i - bvirt)
  s.emit('add', 'j', 'dr', 'i');
  s.emit('sub', 'bv', 'j', 'dr');
  twoSumTail(s, 'z', 'dr', 'j', 'sub', 'bv', 'i', 'bv');
  // _i = _0 - t1; bvirt = _0 - _i; B1 = _0 - (_i + bvirt) + (bvirt - t1)
  s.emit('sub', 'i', 'z', 'dl');
  s.emit('sub', 'bv', 'z', 'i');
  twoSumTail(s, 'b1', 'z', 'i', 'add', 'bv', 'bv', 'dl');
  // u3 = _j + _i; bvirt = u3 - _j; B2 = _j - (u3 - bvirt) + (_i - bvirt)
  s.emit('add', 'u3', 'j', 'i');
  s.emit('sub', 'bv', 'u3', 'j');
  twoSumTail(s, 'b2', 'j', 'u3', 'sub', 'bv', 'i', 'bv');
  s.emit('add', 'est', 'b0', 'b1');
  s.emit('add', 'est', 'est', 'b2');
  s.emit('add', 'est', 'est', 'u3');
  return { code: s.code, filterEnd, regs: s.regs };
}

const prog = assemble();
const R = (name: string): number => prog.regs.get(name)!;

/**
 * WGSL: `turf_orient(x1, x2, y1, y2, px, py) -> u32`, the class of Turf's f (0 zero,
 * 1 positive, 2 negative, 3 NaN). Needs ORDER_WGSL, the soft-float functions and the pip
 * helpers (CCW_A, SPLITTER, f64_abs, f64_finite, f64_class) before it.
 */
export const ORIENT_WGSL = /* wgsl */ `
const OP_CODE = array<u32, ${prog.code.length}>(${prog.code.map((c) => `${c}u`).join(', ')});
alias OrientRegs = array<vec2<u32>, ${prog.regs.size}>;
fn orient_run(OR: ptr<function, OrientRegs>, first: u32, last: u32) {
  for (var pc = first; pc < last; pc = pc + 1u) {
    let ins = OP_CODE[pc];
    let op = ins & 3u;
    let a = (*OR)[(ins >> 16u) & 0xffu];
    var b = (*OR)[ins >> 24u];
    var r: vec2<u32>;
    if (op >= 2u) {
      if (op == 3u) { b.y = b.y & 0x7fffffffu; }
      r = f64_mul(a, b);
    } else {
      if (op == 1u) { b.y = b.y ^ 0x80000000u; }
      r = f64_add(a, b);
    }
    (*OR)[(ins >> 8u) & 0xffu] = r;
  }
}
fn turf_orient(x1: vec2<u32>, x2: vec2<u32>, y1: vec2<u32>, y2: vec2<u32>, px: vec2<u32>, py: vec2<u32>) -> u32 {
  // Function-scope registers: zero-initialised only when a call happens (a module-private
  // array would be initialised for every invocation).
  var OR: OrientRegs;
  OR[0] = x1; OR[1] = x2; OR[2] = y1; OR[3] = y2; OR[4] = px; OR[5] = py; OR[6] = CCW_A; OR[7] = SPLITTER;
  // One call site of orient_run (each inlined copy of the soft-float code costs compile time,
  // and on lane-masked drivers run time): the filter program, then if needed the adaptive one.
  var first = 0u;
  var last = ${prog.filterEnd}u;
  loop {
    orient_run(&OR, first, last);
    if (last == ${prog.code.length}u) { break; }
    let det = OR[${R('det')}];
    let adet = f64_abs(det);
    let bound = OR[${R('bound')}];
    if (!is_nan_f64(adet) && !is_nan_f64(bound) && !lt64(adet, bound)) { return f64_class(det); }
    if (!(f64_finite(OR[${R('u1')}]) && f64_finite(OR[${R('u2')}]) && f64_finite(OR[${R('v1')}]) && f64_finite(OR[${R('v2')}]))) { return 3u; }
    first = last;
    last = ${prog.code.length}u;
  }
  let est = OR[${R('est')}];
  return f64_class(vec2<u32>(est.x, est.y ^ 0x80000000u));
}
`;

/**
 * The same program run in JS doubles, for tests: equals `turfOrient(u1, u2, v1, v2)` where
 * u = x - px and v = y - py, when the program is right.
 */
export function runOrientProgram(x1: number, x2: number, y1: number, y2: number, px: number, py: number, ccwA: number, splitter: number): number {
  const r = new Float64Array(prog.regs.size);
  r.set([x1, x2, y1, y2, px, py, ccwA, splitter]);
  const exec = (first: number, last: number) => {
    for (let pc = first; pc < last; pc++) {
      const ins = prog.code[pc]!;
      const op = ins & 3;
      const a = r[(ins >>> 16) & 0xff]!;
      const b = r[ins >>> 24]!;
      r[(ins >>> 8) & 0xff] = op === 0 ? a + b : op === 1 ? a - b : op === 2 ? a * b : a * Math.abs(b);
    }
  };
  exec(0, prog.filterEnd);
  const det = r[R('det')]!;
  if (Math.abs(det) >= r[R('bound')]!) return det;
  if (![R('u1'), R('u2'), R('v1'), R('v2')].every((i) => Number.isFinite(r[i]!))) return NaN;
  exec(prog.filterEnd, prog.code.length);
  return -r[R('est')]!;
}
