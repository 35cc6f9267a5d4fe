/**
 * WGSL of forest inference (layouts: ./device-layout.ts). Three kernels, each from fixed
 * fragments (no user text):
 * - keys: one feature column (float64 or float32, optional validity) of a row window into the
 *   row-major key matrix K: 'f32-lt' keys are the order key of the float32 rounding of the value
 *   (round to nearest even from the float64 bits, subnormals and overflow to ±Inf included: what
 *   Math.fround does), 'f64-le' keys the 64-bit order key; -0 as +0; NaN and nulls all ones;
 * - predict: one thread per row, the trees of one chunk in tree order, each walked by the
 *   strategy's loop (branch-free selects in the loops); margins accumulate in ACC (row-major,
 *   the row window) in tree order: float32 adds under 'f32-lt' (native add where operands and sum
 *   are normal, else through exact binary64: correctly rounded either way, no fused ops), soft
 *   binary64 adds otherwise; 'tree' and 'leaf' kinds write each tree's values / local leaf id;
 * - columns: one accumulator column of a row window into the column-major output (a window
 *   aligned down to 256 bytes, `off` elements in), converting binary64 to float32 and dividing by
 *   nTrees ('mean' outputs) in exact soft binary64 where asked.
 */
import { WG } from '../runner.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { ORDER_WGSL } from '../wgsl/order.js';
import { GEMM_WORDS, type ResolvedStrategy } from './device-layout.js';

const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32)`;
const ROW = `(wid.x + wid.y * nwg.x) * ${WG}u + lid`;

/** binary64 bits (x low, y high) to the nearest-even float32 bits. */
const FROUND_WGSL = /* wgsl */ `
fn fr_f32(v: vec2<u32>) -> u32 {
  let s = v.y & 0x80000000u;
  let e = (v.y >> 20u) & 0x7ffu;
  let mh = v.y & 0xfffffu;
  if (e == 0x7ffu) { return select(s | 0x7f800000u, 0x7fc00000u, (mh | v.x) != 0u); }
  if (e >= 1151u) { return s | 0x7f800000u; }
  if (e >= 897u) {
    let m = (mh << 3u) | (v.x >> 29u);
    let rem = v.x & 0x1fffffffu;
    let up = (rem > 0x10000000u) | ((rem == 0x10000000u) & ((m & 1u) == 1u));
    return s | (((e - 896u) << 23u) + m + select(0u, 1u, up));
  }
  if (e < 873u) { return s; }
  // Subnormal result: q = M >> sh, M the 53-bit significand, sh = 926 - e in 30..53.
  let hi = mh | 0x100000u;
  let sh = 926u - e;
  var q: u32;
  var rnd: bool;
  var sticky: bool;
  if (sh < 32u) {
    q = (v.x >> sh) | (hi << (32u - sh));
    rnd = ((v.x >> (sh - 1u)) & 1u) == 1u;
    sticky = (v.x & ((1u << (sh - 1u)) - 1u)) != 0u;
  } else if (sh == 32u) {
    q = hi;
    rnd = (v.x >> 31u) == 1u;
    sticky = (v.x & 0x7fffffffu) != 0u;
  } else {
    let k = sh - 32u;
    q = hi >> k;
    rnd = ((hi >> (k - 1u)) & 1u) == 1u;
    sticky = (v.x != 0u) | ((hi & ((1u << (k - 1u)) - 1u)) != 0u);
  }
  return s | (q + select(0u, 1u, rnd & (sticky | ((q & 1u) == 1u))));
}
`;

/** Correctly rounded float32 a + b on bits. */
const ADD_F32_WGSL = /* wgsl */ `
fn fg_normal(b: u32) -> bool { let e = (b >> 23u) & 0xffu; return (e != 0u) & (e != 0xffu); }
fn add_f32(a: u32, b: u32) -> u32 {
  let r = bitcast<u32>(bitcast<f32>(a) + bitcast<f32>(b));
  if (fg_normal(a) & fg_normal(b) & fg_normal(r)) { return r; }
  return fr_f32(f64_add(f64_from_f32(a), f64_from_f32(b)));
}
`;

export type KeyRule = 'f32' | 'f64';

export function keysShader(rule: KeyRule, colF32: boolean, validity: boolean) {
  const load = colF32 ? 'X[i]' : 'vec2<u32>(X[2u * i], X[2u * i + 1u])';
  let body: string;
  if (rule === 'f32') {
    const b = colF32 ? load : `fr_f32(${load})`;
    body = `var b = ${b};
    if ((b & 0x7fffffffu) == 0u) { b = 0u; }
    var k = key_f32(b);
    ${validity ? 'if (((V[(P.vOff + i) >> 5u] >> ((P.vOff + i) & 31u)) & 1u) == 0u) { k = 0xffffffffu; }' : ''}
    K[i * P.d + P.j] = k;`;
  } else {
    const b = colF32 ? `f64_from_f32(${load})` : load;
    body = `var b = ${b};
    if ((b.x | (b.y & 0x7fffffffu)) == 0u) { b = vec2<u32>(0u, 0u); }
    var k = key_f64(b);
    ${validity ? 'if (((V[(P.vOff + i) >> 5u] >> ((P.vOff + i) & 31u)) & 1u) == 0u) { k = vec2<u32>(0xffffffffu, 0xffffffffu); }' : ''}
    let o = 2u * (i * P.d + P.j);
    K[o] = k.x;
    K[o + 1u] = k.y;`;
  }
  const code = /* wgsl */ `
// forest/keys: 1 X (column window), 2 K (key matrix window)${validity ? ', 3 V (validity bits from vOff)' : ''}.
struct Params { n: u32, d: u32, j: u32, vOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read_write> K: array<u32>;
${validity ? '@group(0) @binding(3) var<storage, read> V: array<u32>;' : ''}
${ORDER_WGSL}
${rule === 'f64' && colF32 ? SOFT_F64_WGSL : ''}
${rule === 'f32' && !colF32 ? FROUND_WGSL : ''}
${ENTRY} {
  let i = ${ROW};
  if (i < P.n) {
    ${body}
  }
}`;
  return { label: `forest/keys-${rule}-${colF32 ? 'c32' : 'c64'}${validity ? '-v' : ''}`, code };
}

export type PredictKind = 'margin' | 'tree' | 'leaf';

export interface PredictShape {
  readonly strategy: ResolvedStrategy;
  readonly kw: number;
  readonly vw: number;
  readonly aw: number;
  readonly lw: number;
  readonly kind: PredictKind;
}

function goLeft(kw: number): string {
  if (kw === 1) {
    return `fn go_left(row: u32, nm: u32, kp: u32) -> bool {
  let k = X[row * P.d + (nm & 0x7fffffffu)];
  return select(k < F[kp], (nm >> 31u) == 1u, k == 0xffffffffu);
}`;
  }
  return `fn go_left(row: u32, nm: u32, kp: u32) -> bool {
  let b = 2u * (row * P.d + (nm & 0x7fffffffu));
  let k = vec2<u32>(X[b], X[b + 1u]);
  let th = vec2<u32>(F[kp], F[kp + 1u]);
  let le = (k.y < th.y) | ((k.y == th.y) & (k.x <= th.x));
  return select(le, (nm >> 31u) == 1u, (k.x & k.y) == 0xffffffffu);
}`;
}

/** fn leaf_of(row, t) -> vec2<u32>(local leaf id, word index of its values). */
function leafOf(s: PredictShape): string {
  const LV = s.lw * s.vw;
  const head = `fn leaf_of(row: u32, t: u32) -> vec2<u32> {
  let rec = P.tb + 4u * t;
  let base = F[rec];`;
  if (s.strategy === 'traversal') {
    const SN = 3 + s.kw;
    return `${head}
  let depth = F[rec + 1u];
  var node = 0u;
  for (var k = 0u; k < depth; k++) {
    let p = base + node * ${SN}u;
    node = select(F[p + 2u], F[p + 1u], go_left(row, F[p], p + 3u));
  }
  return vec2<u32>(node, base + F[rec + 3u] * ${SN}u + node * ${LV}u);
}`;
  }
  if (s.strategy === 'perfect') {
    const SI = 1 + s.kw;
    return `${head}
  let D = F[rec + 1u];
  var i = 0u;
  for (var k = 0u; k < D; k++) {
    let p = base + i * ${SI}u;
    i = 2u * i + select(2u, 1u, go_left(row, F[p], p + 1u));
  }
  let inner = (1u << D) - 1u;
  let at = base + inner * ${SI}u + (i - inner) * ${1 + LV}u;
  return vec2<u32>(F[at], at + 1u);
}`;
  }
  const SI = 1 + s.kw;
  return `${head}
  let I = F[rec + 1u];
  let L = F[rec + 3u];
  let W = (I + 31u) / 32u;
  var T: array<u32, ${GEMM_WORDS}>;
  for (var w = 0u; w < W; w++) {
    var bits = 0u;
    let m = min(32u, I - 32u * w);
    for (var j = 0u; j < m; j++) {
      let p = base + (32u * w + j) * ${SI}u;
      bits = bits | select(0u, 1u << j, go_left(row, F[p], p + 1u));
    }
    T[w] = bits;
  }
  let lb = base + I * ${SI}u;
  let LS = 2u + 2u * W + ${LV}u;
  var found = lb;
  for (var l = 0u; l < L; l++) {
    let q = lb + l * LS;
    var s = 0i;
    for (var w = 0u; w < W; w++) {
      s = s + i32(countOneBits(T[w] & F[q + 2u + w])) - i32(countOneBits(T[w] & F[q + 2u + W + w]));
    }
    found = select(found, q, s == i32(F[q + 1u]));
  }
  return vec2<u32>(F[found], found + 2u + 2u * W);
}`;
}

function accumulate(s: PredictShape): string {
  // add(at: ACC word index, vp: F word index of one value)
  let add: string;
  if (s.aw === 1) add = 'ACC[at] = add_f32(ACC[at], F[vp]);';
  else {
    const v = s.vw === 1 ? 'f64_from_f32(F[vp])' : 'vec2<u32>(F[vp], F[vp + 1u])';
    add = `let r = f64_add(vec2<u32>(ACC[at], ACC[at + 1u]), ${v});
  ACC[at] = r.x;
  ACC[at + 1u] = r.y;`;
  }
  return `fn add_at(at: u32, vp: u32) {
  ${add}
}`;
}

export function predictShader(s: PredictShape) {
  const needSoft = s.kind === 'margin' && (s.aw === 2 || s.vw === 2 || s.aw === 1);
  let body: string;
  if (s.kind === 'margin') {
    const per = s.lw === 1
      ? `add_at(ab + F[P.tb + 4u * t + 2u] * ${s.aw}u, lf.y);`
      : `for (var g = 0u; g < P.C; g++) { add_at(ab + g * ${s.aw}u, lf.y + g * ${s.vw}u); }`;
    body = `let ab = row * P.C * ${s.aw}u;
    if (P.first == 1u) {
      for (var g = 0u; g < P.C * ${s.aw}u; g++) { ACC[ab + g] = F[g]; }
    }
    for (var t = 0u; t < P.nT; t++) {
      let lf = leaf_of(row, t);
      ${per}
    }`;
  } else if (s.kind === 'tree') {
    const W = s.lw * s.vw;
    body = `let ab = row * P.C * ${s.vw}u;
    for (var t = 0u; t < P.nT; t++) {
      let lf = leaf_of(row, P.ts + t);
      let o = ab + t * ${W}u;
      for (var k = 0u; k < ${W}u; k++) { ACC[o + k] = F[lf.y + k]; }
    }`;
  } else {
    body = `for (var t = 0u; t < P.nT; t++) { ACC[row * P.C + t] = leaf_of(row, P.ts + t).x; }`;
  }
  const code = /* wgsl */ `
// forest/predict (${s.strategy}): 1 K (key matrix window), 2 F (forest chunk), 3 ACC (row window).
struct Params { n: u32, d: u32, C: u32, first: u32, ts: u32, nT: u32, tb: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read> F: array<u32>;
@group(0) @binding(3) var<storage, read_write> ACC: array<u32>;
${needSoft ? SOFT_F64_WGSL : ''}
${needSoft && s.aw === 1 ? FROUND_WGSL + ADD_F32_WGSL : ''}
${goLeft(s.kw)}
${leafOf(s)}
${s.kind === 'margin' ? accumulate(s) : ''}
${ENTRY} {
  let row = ${ROW};
  if (row < P.n) {
    ${body}
  }
}`;
  return { label: `forest/predict-${s.strategy}-${s.kind}-k${s.kw}v${s.vw}a${s.aw}l${s.lw}`, code };
}

/** How an accumulator column becomes an output column. */
export type ColumnMode = 'w1' | 'w2' | 'f32' | 'div64' | 'div32';

export function columnsShader(mode: ColumnMode) {
  const src = mode === 'w1' ? 'ACC[i * P.C + P.j]' : 'vec2<u32>(ACC[2u * (i * P.C + P.j)], ACC[2u * (i * P.C + P.j) + 1u])';
  let store: string;
  if (mode === 'w1') store = `OUT[P.off + i] = ${src};`;
  else if (mode === 'w2') store = `let v = ${src};\n    OUT[2u * (P.off + i)] = v.x;\n    OUT[2u * (P.off + i) + 1u] = v.y;`;
  else if (mode === 'f32') store = `OUT[P.off + i] = fr_f32(${src});`;
  else if (mode === 'div32') store = `OUT[P.off + i] = fr_f32(f64_div(${src}, vec2<u32>(P.dLo, P.dHi)));`;
  else store = `let v = f64_div(${src}, vec2<u32>(P.dLo, P.dHi));\n    OUT[2u * (P.off + i)] = v.x;\n    OUT[2u * (P.off + i) + 1u] = v.y;`;
  const code = /* wgsl */ `
// forest/columns: 1 ACC (row window, row-major), 2 OUT (output column window from off).
struct Params { n: u32, C: u32, j: u32, off: u32, dLo: u32, dHi: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> ACC: array<u32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<u32>;
${mode === 'w1' || mode === 'w2' ? '' : SOFT_F64_WGSL}
${mode === 'f32' || mode === 'div32' ? FROUND_WGSL : ''}
${ENTRY} {
  let i = ${ROW};
  if (i < P.n) {
    ${store}
  }
}`;
  return { label: `forest/columns-${mode}`, code };
}
