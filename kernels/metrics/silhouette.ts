/**
 * 'metrics/silhouette': the silhouette coefficient of every sample (euclidean), exact binary64
 * on both backends, as scikit-learn 1.2's `silhouette_samples`.
 *
 * Inputs: the row-major float64 point matrix (n × d, from 'linalg/pack'), each sample's cluster
 * code 0..K-1 (int32) and the K cluster sizes (host, float64). Output: n float64.
 *
 * Per sample i, the K sums S[i][k] = Σ_{j : label j = k} dist(i, j) are accumulated in j order
 * (j = 0..n-1, the diagonal's +0 included), dist(i, j) = sqrt(Σ_f (x_if − x_jf)²) with the
 * squares summed left to right, as scikit-learn's `bincount(labels, weights=D[i])`. Then
 * a = S[i][l] / (size_l − 1), b = min_{k ≠ l} S[i][k] / size_k, s = (b − a) / max(a, b), and
 * s = 0 where scikit-learn's `nan_to_num` makes it 0: a singleton cluster (0/0) or a = b = 0.
 * Every operation is correctly rounded in the same order on both bodies (soft-f64 on the
 * device, JS numbers in the twin), so the results agree bit for bit (tolerance exact). The
 * distances are computed from differences, not scikit-learn's |x|² − 2x·y + |y|² expansion,
 * so they are the exact-rounded ones (scikit-learn's differ by its cancellation error).
 *
 * Device: O(n²·d) work, one thread per sample i. Sums live in an n × K scratch matrix. Samples
 * run in blocks of `rows` i and `rows` j (multiples of 64, so every binding offset is a multiple
 * of 256 bytes) sized so that each bound window (x_i block, x_j block, labels, scratch, output)
 * fits one storage binding: any n works. The j blocks of one i block run in order (one queue),
 * so the summation order is the twin's. A last pass per i block turns the sums into s.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import type { Matrix } from '../linalg/types.js';
import { ENTRY, LA_PRELUDE, LINEAR } from '../linalg/linalg-wgsl.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';

const OP = 'metrics/silhouette';

/** Sums pass: bindings 1 Xi (i block rows), 2 Xj (j block rows), 3 L (j block labels), 4 S (i block sums). */
const SUMS = {
  label: `${OP}/sums`,
  code: /* wgsl */ `
${LA_PRELUDE}
${SOFT_F64_SQRT_WGSL}
struct Params { ni: u32, nj: u32, d: u32, k: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> Xi: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Xj: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> L: array<i32>;
@group(0) @binding(4) var<storage, read_write> S: array<vec2<u32>>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.ni) { return; }
  let xb = i * P.d;
  let sb = i * P.k;
  for (var j = 0u; j < P.nj; j = j + 1u) {
    let yb = j * P.d;
    let t0 = f64_sub(Xi[xb], Xj[yb]);
    var acc = f64_mul(t0, t0);
    for (var f = 1u; f < P.d; f = f + 1u) {
      let t = f64_sub(Xi[xb + f], Xj[yb + f]);
      acc = f64_add(acc, f64_mul(t, t));
    }
    let at = sb + u32(L[j]);
    S[at] = f64_add(S[at], f64_sqrt(acc));
  }
}
`,
};

/** Finish pass: bindings 1 L (i block labels), 2 C (sizes, then sizes − 1), 3 S (sums), 4 O (s). */
const FINISH = {
  label: `${OP}/finish`,
  code: /* wgsl */ `
${LA_PRELUDE}
struct Params { ni: u32, k: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> L: array<i32>;
@group(0) @binding(2) var<storage, read> C: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> S: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> O: array<vec2<u32>>;
// a < b for non-negative, non-NaN float64 bits: unsigned 64-bit order.
fn nn_lt(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y < b.y || (a.y == b.y && a.x < b.x); }
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.ni) { return; }
  let l = u32(L[i]);
  let sb = i * P.k;
  let own = C[P.k + l];
  if (all(own == LA_ZERO)) { O[i] = LA_ZERO; return; }
  let a = f64_div(S[sb + l], own);
  var b = vec2<u32>(0u, 0x7ff00000u);
  for (var k = 0u; k < P.k; k = k + 1u) {
    if (k == l) { continue; }
    let q = f64_div(S[sb + k], C[k]);
    if (nn_lt(q, b)) { b = q; }
  }
  var m = b;
  if (nn_lt(b, a)) { m = a; }
  if (all(m == LA_ZERO)) { O[i] = LA_ZERO; return; }
  O[i] = f64_div(f64_sub(b, a), m);
}
`,
};

function check(x: Matrix, labels: DataBuffer<'int32'>, sizes: Float64Array): void {
  if (labels.length !== x.n) throw new ShapeError(`${OP}: expected ${x.n} labels (one per sample), got ${labels.length}`);
  if (x.n > 0 && x.d < 1) throw new ShapeError(`${OP}: expected at least one feature, got d = ${x.d}`);
  if (sizes.length < 2) throw new ShapeError(`${OP}: expected at least 2 cluster sizes, got ${sizes.length}`);
}

/** The CPU twin: the same operations in the same order on JS numbers. */
export function silhouetteCpu(x: Matrix, labels: DataBuffer<'int32'>, sizes: Float64Array): DataBuffer<'float64'> {
  check(x, labels, sizes);
  const { n, d } = x;
  const k = sizes.length;
  const m = x.data.hostView(OP) as Float64Array;
  const lab = labels.hostView(OP) as Int32Array;
  const out = new Float64Array(n);
  const s = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    s.fill(0);
    const xb = i * d;
    for (let j = 0; j < n; j++) {
      const yb = j * d;
      const t0 = m[xb]! - m[yb]!;
      let acc = t0 * t0;
      for (let f = 1; f < d; f++) {
        const t = m[xb + f]! - m[yb + f]!;
        acc = acc + t * t;
      }
      s[lab[j]!] = s[lab[j]!]! + Math.sqrt(acc);
    }
    const l = lab[i]!;
    const own = sizes[l]! - 1;
    if (own === 0) continue;
    const a = s[l]! / own;
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === l) continue;
      const q = s[c]! / sizes[c]!;
      if (q < b) b = q;
    }
    const mx = b < a ? a : b;
    out[i] = mx === 0 ? 0 : (b - a) / mx;
  }
  return DataBuffer.fromHost(out, 'float64');
}

/** Rows per block: a multiple of 64 with every window within `maxBytes`. */
export function blockRows(n: number, d: number, k: number, maxBytes: number): number {
  const widest = Math.max(d, k, 1) * 8;
  const rows = Math.max(64, Math.floor(maxBytes / widest / 64) * 64);
  return Math.min(rows, Math.max(64, Math.ceil(n / 64) * 64));
}

/** The WebGPU body: blocks of i × blocks of j for the sums, then the finish pass per i block. */
export function silhouetteGpu(ctx: GpuContext, x: Matrix, labels: DataBuffer<'int32'>, sizes: Float64Array): DataBuffer<'float64'> {
  check(x, labels, sizes);
  const { n, d } = x;
  const k = sizes.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n * 8);
  if (n === 0) {
    rec.submit();
    return DataBuffer.fromDevice(ctx, 'float64', 0, out);
  }
  const rows = blockRows(n, d, k, ctx.maxBindingBytes);
  const m = x.data.deviceBuffer(ctx, OP);
  const lab = labels.deviceBuffer(ctx, OP);
  const sums = rec.temp(Math.min(n, rows) * k * 8);
  const c = new Float64Array(2 * k);
  c.set(sizes);
  sizes.forEach((v, i) => (c[k + i] = v - 1));
  const cbuf = DataBuffer.fromHost(c, 'float64');
  const cb = cbuf.deviceBuffer(ctx, OP);
  for (let i0 = 0; i0 < n; i0 += rows) {
    const ni = Math.min(rows, n - i0);
    rec.clear(sums, 0, ni * k * 8);
    for (let j0 = 0; j0 < n; j0 += rows) {
      const nj = Math.min(rows, n - j0);
      rec.dispatch(SUMS, new Uint32Array([ni, nj, d, k]), [slice(m, i0 * d, ni * d, 8), slice(m, j0 * d, nj * d, 8), slice(lab, j0, nj, 4), slice(sums, 0, ni * k, 8)], groups(ni));
    }
    rec.dispatch(FINISH, new Uint32Array([ni, k]), [slice(lab, i0, ni, 4), cb, slice(sums, 0, ni * k, 8), slice(out, i0, ni, 8)], groups(ni));
  }
  rec.submit();
  cbuf.dispose();
  return DataBuffer.fromDevice(ctx, 'float64', n, out);
}

/** Silhouette coefficient per sample (euclidean), exact binary64, bit for bit on both backends. */
export const silhouetteSamples = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: the matrix comes from pack and silhouetteScore refuses nulls, NaN and ±Inf first.',
  cpu: (x: Matrix, labels: DataBuffer<'int32'>, sizes: Float64Array) => silhouetteCpu(x, labels, sizes),
  gpu: (ctx, x: Matrix, labels: DataBuffer<'int32'>, sizes: Float64Array) => silhouetteGpu(ctx, x, labels, sizes),
});
