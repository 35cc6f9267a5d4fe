/**
 * WGSL of 'linalg/topk' and 'linalg/radius': the four neighbour metrics in soft-f64, the
 * operations of ./topk-cpu.ts in the same order (so distances agree bit for bit), and the
 * per-query selection. One thread per query row of a query window; each dispatch scans one
 * window of reference rows, so neither matrix has to fit one storage binding.
 */
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import { f64Words } from './linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR } from './linalg-wgsl.js';
import { ASIN_C, ASIN_HI, ASIN_LO, COS_K, PIO2_HI, PIO2_LO, ROUND_M, SIN_C, TWO_OVER_PI, type NeighborMetric } from './topk-cpu.js';

/** A float64 constant as WGSL bits. */
function lit(x: number): string {
  const [lo, hi] = f64Words(x);
  return `vec2<u32>(${lo}u, ${hi}u)`;
}

const table = (name: string, xs: ArrayLike<number>) => `var<private> ${name}: array<vec2<u32>, ${xs.length}> = array<vec2<u32>, ${xs.length}>(${Array.from(xs, lit).join(', ')});`;

const HAVERSINE = /* wgsl */ `
${table('TK_COSK', COS_K)}
${table('TK_AHI', ASIN_HI)}
${table('TK_ALO', ASIN_LO)}
${table('TK_J', Array.from({ length: 12 }, (_, j) => j))}
${table('TK_KD', Array.from({ length: 12 }, (_, j) => j * 0.0625))}
fn tk_poly_sin(r: vec2<u32>) -> vec2<u32> {
  let z = f64_mul(r, r);
  var p = f64_add(${lit(SIN_C[4])}, f64_mul(z, ${lit(SIN_C[5])}));
  p = f64_add(${lit(SIN_C[3])}, f64_mul(z, p));
  p = f64_add(${lit(SIN_C[2])}, f64_mul(z, p));
  p = f64_add(${lit(SIN_C[1])}, f64_mul(z, p));
  p = f64_add(${lit(SIN_C[0])}, f64_mul(z, p));
  return f64_add(r, f64_mul(f64_mul(r, z), p));
}
// (sin² x, cos² x) as (xy, zw).
fn tk_sc2(x: vec2<u32>) -> vec4<u32> {
  let t = f64_add(f64_mul(x, ${lit(TWO_OVER_PI)}), ${lit(ROUND_M)});
  let k = f64_sub(t, ${lit(ROUND_M)});
  let r = f64_sub(f64_sub(x, f64_mul(k, ${lit(PIO2_HI)})), f64_mul(k, ${lit(PIO2_LO)}));
  let s = tk_poly_sin(r);
  let s2 = f64_mul(s, s);
  let c2 = f64_sub(${lit(1)}, s2);
  if ((t.x & 1u) != 0u) { return vec4<u32>(c2, s2); }
  return vec4<u32>(s2, c2);
}
fn tk_haversine(p1: vec2<u32>, l1: vec2<u32>, p2: vec2<u32>, l2: vec2<u32>) -> vec2<u32> {
  let half = ${lit(0.5)};
  let a = tk_sc2(f64_mul(f64_sub(p2, p1), half));
  let b = tk_sc2(f64_mul(f64_add(p1, p2), half));
  let c = tk_sc2(f64_mul(f64_sub(l2, l1), half));
  let h = f64_add(f64_mul(a.xy, c.zw), f64_mul(b.zw, c.xy));
  let g = f64_add(f64_mul(a.zw, c.zw), f64_mul(b.xy, c.xy));
  let f = !sf64_is_nan(h) && !sf64_is_nan(g) && la_lt(g, h);
  let s = f64_sqrt(select(h, g, f));
  let co = f64_sqrt(select(g, h, f));
  let v = f64_add(f64_mul(s, ${lit(16)}), half);
  var k = 0u;
  if (!sf64_is_nan(v)) {
    for (var j = 1u; j <= 11u; j = j + 1u) { if (!la_lt(v, TK_J[j])) { k = j; } }
  }
  let w = f64_sub(f64_mul(s, TK_COSK[k]), f64_mul(co, TK_KD[k]));
  let z = f64_mul(w, w);
  var p = f64_add(${lit(ASIN_C[3])}, f64_mul(z, ${lit(ASIN_C[4])}));
  p = f64_add(${lit(ASIN_C[2])}, f64_mul(z, p));
  p = f64_add(${lit(ASIN_C[1])}, f64_mul(z, p));
  p = f64_add(${lit(ASIN_C[0])}, f64_mul(z, p));
  p = f64_add(w, f64_mul(f64_mul(w, z), p));
  var hf: vec2<u32>;
  if (f) {
    hf = f64_add(f64_sub(${lit(PIO2_HI)}, TK_AHI[k]), f64_sub(${lit(PIO2_LO)}, f64_add(TK_ALO[k], p)));
  } else {
    hf = f64_add(TK_AHI[k], f64_add(TK_ALO[k], p));
  }
  return f64_add(hf, hf);
}
`;

function distanceBody(metric: NeighborMetric): string {
  switch (metric) {
    case 'euclidean':
      return `var s = LA_ZERO;
      for (var j = 0u; j < P.d; j = j + 1u) { let u = f64_sub(Q[qo + j], R[ro + j]); s = f64_add(s, f64_mul(u, u)); }
      v = f64_sqrt(s);`;
    case 'manhattan':
      return `var s = LA_ZERO;
      for (var j = 0u; j < P.d; j = j + 1u) { let u = f64_sub(Q[qo + j], R[ro + j]); s = f64_add(s, vec2<u32>(u.x, u.y & 0x7fffffffu)); }
      v = s;`;
    case 'cosine':
      return `var s = LA_ZERO;
      var rr = LA_ZERO;
      for (var j = 0u; j < P.d; j = j + 1u) { let x = R[ro + j]; s = f64_add(s, f64_mul(Q[qo + j], x)); rr = f64_add(rr, f64_mul(x, x)); }
      let den = f64_mul(nq, f64_sqrt(rr));
      if (sf64_is_zero(vec2<u32>(den.x, den.y & 0x7fffffffu))) { v = ${lit(1)}; }
      else {
        v = f64_sub(${lit(1)}, f64_div(s, den));
        if (!sf64_is_nan(v)) {
          if (la_lt(v, LA_ZERO)) { v = LA_ZERO; }
          if (la_lt(${lit(2)}, v)) { v = ${lit(2)}; }
          if (sf64_is_zero(vec2<u32>(v.x, v.y & 0x7fffffffu))) { v = LA_ZERO; }
        }
      }`;
    case 'haversine':
      return `v = tk_haversine(Q[qo], Q[qo + 1u], R[ro], R[ro + 1u]);`;
  }
}

/**
 * Query i's loop over the reference window in index order (reference i skipped under
 * skipSelf): v = the distance from query row qo (norm nq) to reference gt, then `body`.
 */
function scanReferences(metric: NeighborMetric, body: string): string {
  return `  for (var t = 0u; t < P.rn; t = t + 1u) {
    let gt = P.rStart + t;
    if (P.skipSelf != 0u && gt == gi) { continue; }
    let ro = P.rOff + t * P.d;
    var v = LA_ZERO;
    ${distanceBody(metric)}
    ${body}
  }`;
}

/** Shared head: params, the query / reference windows, the metric. */
function head(metric: NeighborMetric, rest: string): string {
  return `
struct Params { qn: u32, rn: u32, d: u32, k: u32, rStart: u32, qStart: u32, skipSelf: u32, first: u32, radius: vec2<u32>, qOff: u32, rOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> Q: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> R: array<vec2<u32>>;
${rest}
${LA_PRELUDE}
${SOFT_F64_SQRT_WGSL}
${metric === 'haversine' ? HAVERSINE : ''}
fn tk_norm(o: u32) -> vec2<u32> {
  var s = LA_ZERO;
  for (var j = 0u; j < P.d; j = j + 1u) { let x = Q[o + j]; s = f64_add(s, f64_mul(x, x)); }
  return f64_sqrt(s);
}
`;
}

/**
 * topk: D (distances, qn × k) and I (indices, qn × k) of the query window; the first reference
 * window initialises every slot to (NaN, 0xffffffff), which any pair beats.
 */
export function topkShader(metric: NeighborMetric) {
  const code = /* wgsl */ `
// linalg/topk-${metric}: one thread per query row; scans the reference window in index order
// and inserts into the sorted (distance, index) list. Bindings: 1 Q, 2 R, 3 D, 4 I.
${head(metric, `@group(0) @binding(3) var<storage, read_write> D: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> I: array<u32>;`)}
fn tk_before(a: vec2<u32>, i: u32, b: vec2<u32>, j: u32) -> bool {
  let an = sf64_is_nan(a);
  let bn = sf64_is_nan(b);
  if (an || bn) {
    if (an && bn) { return i < j; }
    return bn;
  }
  if (la_lt(a, b)) { return true; }
  if (la_lt(b, a)) { return false; }
  return i < j;
}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.qn) { return; }
  let k = P.k;
  let o = i * k;
  if (P.first != 0u) {
    for (var p = 0u; p < k; p = p + 1u) { D[o + p] = SF64_QNAN; I[o + p] = 0xffffffffu; }
  }
  let qo = P.qOff + i * P.d;
  let gi = P.qStart + i;
  let nq = ${metric === 'cosine' ? 'tk_norm(qo)' : 'LA_ZERO'};
${scanReferences(metric, `if (sf64_is_nan(v)) { v = SF64_QNAN; }
    if (!tk_before(v, gt, D[o + k - 1u], I[o + k - 1u])) { continue; }
    var p = k - 1u;
    loop {
      if (p == 0u) { break; }
      if (!tk_before(v, gt, D[o + p - 1u], I[o + p - 1u])) { break; }
      D[o + p] = D[o + p - 1u];
      I[o + p] = I[o + p - 1u];
      p = p - 1u;
    }
    D[o + p] = v;
    I[o + p] = gt;`)}
}`;
  return { label: `linalg/topk-${metric}`, code };
}

/**
 * radius: mode count adds each query's number of references within the radius to C; mode
 * fill writes (index, distance) at the query's cursor W (initialised to its offset), in
 * index order, and advances it. Bindings: 1 Q, 2 R, 3 C or W, then (fill) 4 OI, 5 OD.
 */
export function radiusShader(metric: NeighborMetric, fill: boolean) {
  const code = /* wgsl */ `
// linalg/radius-${fill ? 'fill' : 'count'}-${metric}: one thread per query row over one reference window.
${head(metric, `@group(0) @binding(3) var<storage, read_write> W: array<u32>;
${fill ? `@group(0) @binding(4) var<storage, read_write> OI: array<u32>;
@group(0) @binding(5) var<storage, read_write> OD: array<vec2<u32>>;` : ''}`)}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.qn) { return; }
  let qo = P.qOff + i * P.d;
  let gi = P.qStart + i;
  let nq = ${metric === 'cosine' ? 'tk_norm(qo)' : 'LA_ZERO'};
  var w = W[i];
${scanReferences(metric, `if (sf64_is_nan(v) || la_lt(P.radius, v)) { continue; }
    ${fill ? 'OI[w] = gt; OD[w] = v;' : ''}
    w = w + 1u;`)}
  W[i] = w;
}`;
  return { label: `linalg/radius-${fill ? 'fill' : 'count'}-${metric}`, code };
}
