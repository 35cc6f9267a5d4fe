/**
 * spatial-index/point-linestring-distance: row-wise distance from point i to linestring or
 * multilinestring i: the smallest GEOS point-to-segment distance (./segment-distance.ts) over
 * the row's segments, in float64, the same bits on both backends.
 *
 * Rules (per row): null where the row is not valid (the caller's AND of the point and line
 * bitmaps) or the geometry has no vertex; a part of one vertex is a degenerate segment (its
 * point distance); NaN segment distances are skipped, and a row whose every segment distance
 * is NaN (a NaN point, NaN vertices) gives NaN. Null slots hold +0.
 *
 * GPU, in one submit and no read-back:
 * 1. `spatial-index/pl-rows`, one thread per row, for every (row window × vertex window)
 *    pair: each thread folds the segments of its row whose first vertex lies in the vertex
 *    window into a running minimum (D) and a "found" word (S). Vertex windows bind one vertex
 *    more than they own, so every segment is seen whole in exactly one window. With the
 *    device's real limits this is one dispatch; the offsets' values are never read on the host.
 * 2. `spatial-index/pl-finish`, one thread per 32 rows: nulls, NaN for "none found", and the
 *    validity words.
 * Multilinestring part offsets are bound whole (a ValueError if they exceed one binding).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { defineKernel, EXACT, run } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';
import { alignedSlice, bitSlice } from '../scan/aligned-slice.js';
import { LINEAR, MAIN_ARGS } from '../pip/wgsl-lib.js';
import { pointSegmentDistance, SEGMENT_DISTANCE_WGSL } from './segment-distance.js';
import { linestringHostViews, type LinestringBuffers } from './linestring-buffers.js';

const OP = 'pointLinestringDistance';

/** The row result: float64 distances and their Arrow-order validity. */
export interface DistanceResult {
  distance: DataBuffer<'float64'>;
  validity: DataBuffer<'uint8'>;
}

const ROWS = {
  label: 'spatial-index/pl-rows',
  code: /* wgsl */ `
// spatial-index/pl-rows: thread j (row start + j of the row window) folds the segments of its
// row whose first vertex v is in [v0, vend) into D[j] (float64 bits, the smallest non-NaN
// distance so far) and S[j] (1 once one is found). A part of one vertex a is the segment (a, a).
// Bindings: 0 uniforms, 1 X, 2 Y (windows), 3 O (row offsets window, count + 1: vertex offsets,
// or part offsets when multi), 4 PO (part → vertex offsets, whole; multi only), 5 C (vertices
// from v0, vec4 each), 6 D, 7 S (windows).
struct Params { count: u32, multi: u32, v0: u32, vend: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Y: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> O: array<i32>;
@group(0) @binding(4) var<storage, read> PO: array<i32>;
@group(0) @binding(5) var<storage, read> C: array<vec4<u32>>;
@group(0) @binding(6) var<storage, read_write> D: array<vec2<u32>>;
@group(0) @binding(7) var<storage, read_write> S: array<u32>;
${SEGMENT_DISTANCE_WGSL}
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t >= P.count) { return; }
  let px = X[t];
  let py = Y[t];
  var best = D[t];
  var has = S[t] == 1u;
  var p0 = 0;
  var p1 = 1;
  if (P.multi == 1u) { p0 = O[t]; p1 = O[t + 1u]; }
  for (var p = p0; p < p1; p = p + 1) {
    var a = O[t];
    var b = O[t + 1u];
    if (P.multi == 1u) { a = PO[p]; b = PO[p + 1]; }
    if (b <= a) { continue; }
    let single = b - a == 1;
    let lo = max(u32(a), P.v0);
    let hi = min(select(u32(b) - 1u, u32(a) + 1u, single), P.vend);
    for (var v = lo; v < hi; v = v + 1u) {
      let A = C[v - P.v0];
      let B = C[select(v + 1u, v, single) - P.v0];
      let d = seg_dist(px, py, A.xy, A.zw, B.xy, B.zw);
      if (!is_nan_f64(d) && (!has || lt64(key_f64(d), key_f64(best)))) { best = d; has = true; }
    }
  }
  D[t] = best;
  S[t] = select(0u, 1u, has);
}`,
};

const FINISH = {
  label: 'spatial-index/pl-finish',
  code: /* wgsl */ `
// spatial-index/pl-finish: thread w finishes rows [32w, 32w + 32) of the window: a valid row
// with a vertex keeps D (NaN when S says none was found) and sets its validity bit; any other
// row gets +0. Writes validity word W[wskip + w].
// Bindings: 0 uniforms, 1 O (row offsets window), 2 PO (multi), 3 V (row validity, bits from
// vskip), 4 S, 5 D (windows), 6 W (validity words).
struct Params { count: u32, multi: u32, vskip: u32, hasV: u32, wskip: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> O: array<i32>;
@group(0) @binding(2) var<storage, read> PO: array<i32>;
@group(0) @binding(3) var<storage, read> V: array<u32>;
@group(0) @binding(4) var<storage, read> S: array<u32>;
@group(0) @binding(5) var<storage, read_write> D: array<vec2<u32>>;
@group(0) @binding(6) var<storage, read_write> W: array<u32>;
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t * 32u >= P.count) { return; }
  var word = 0u;
  for (var i = 0u; i < 32u; i = i + 1u) {
    let j = t * 32u + i;
    if (j >= P.count) { break; }
    let bit = P.vskip + j;
    let valid = P.hasV == 0u || ((V[bit >> 5u] >> (bit & 31u)) & 1u) == 1u;
    var verts = O[j + 1u] - O[j];
    if (P.multi == 1u) { verts = PO[O[j + 1u]] - PO[O[j]]; }
    if (valid && verts > 0) {
      word = word | (1u << i);
      if (S[j] == 0u) { D[j] = vec2<u32>(0u, 0x7ff80000u); }
    } else {
      D[j] = vec2<u32>(0u, 0u);
    }
  }
  W[P.wskip + t] = word;
}`,
};

function distanceGpu(ctx: GpuContext, x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, validity: DataBuffer<'uint8'> | undefined): DistanceResult {
  const n = x.length;
  const rec = new Recorder(ctx);
  const D = rec.output(8 * n);
  const W = rec.output(4 * Math.ceil(n / 32));
  if (n > 0) {
    const multi = lines.rowOffsets !== undefined;
    if (multi && 4 * lines.partOffsets.length > ctx.maxBindingBytes) {
      throw new ValueError(`${OP}: expected the multilinestring part offsets to fit one binding (${ctx.maxBindingBytes} bytes), got ${4 * lines.partOffsets.length} bytes`);
    }
    const S = rec.temp(4 * n);
    rec.clear(S, 0, 4 * n);
    const O = (multi ? lines.rowOffsets! : lines.partOffsets).deviceBuffer(ctx, OP);
    const PO = multi ? lines.partOffsets.deviceBuffer(ctx, OP) : rec.temp(16);
    const V = lines.coords.length / 2;
    const Cb = V > 0 ? lines.coords.deviceBuffer(ctx, OP) : rec.temp(16);
    const X = x.deviceBuffer(ctx, OP);
    const Y = y.deviceBuffer(ctx, OP);
    const vb = validity?.deviceBuffer(ctx, OP);
    const rowWindows = windows(n, 8, ctx.maxBindingBytes - 256);
    const vertexWindows = V > 0 ? windows(V, 16, ctx.maxBindingBytes - 256) : [];
    for (const { start, count } of rowWindows) {
      for (const vw of vertexWindows) {
        const bound = Math.min(vw.count + 1, V - vw.start);
        const u = new Uint32Array([count, multi ? 1 : 0, vw.start, vw.start + vw.count]);
        rec.dispatch(ROWS, u, [slice(X, start, count, 8), slice(Y, start, count, 8), slice(O, start, count + 1, 4), PO, slice(Cb, vw.start, bound, 16), slice(D, start, count, 8), slice(S, start, count, 4)], groups(count));
      }
      const v = vb ? bitSlice(vb, start, count) : { binding: PO, skip: 0 };
      const w = alignedSlice(W, start / 32, Math.ceil(count / 32), 4);
      const u = new Uint32Array([count, multi ? 1 : 0, v.skip, vb ? 1 : 0, w.skip, 0, 0, 0]);
      rec.dispatch(FINISH, u, [slice(O, start, count + 1, 4), PO, v.binding, slice(S, start, count, 4), slice(D, start, count, 8), w.binding], groups(Math.ceil(count / 32)));
    }
  }
  rec.submit();
  return { distance: DataBuffer.fromDevice(ctx, 'float64', n, D), validity: DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), W) };
}

function distanceCpu(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, validity: DataBuffer<'uint8'> | undefined): DistanceResult {
  const n = x.length;
  const { px, py, xy, po, ro } = linestringHostViews(x, y, lines, OP);
  const vb = validity?.hostView(OP) as Uint8Array | undefined;
  const out = new Float64Array(n);
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    const p0 = ro ? ro[i]! : i;
    const p1 = ro ? ro[i + 1]! : i + 1;
    const valid = !vb || ((vb[i >> 3]! >> (i & 7)) & 1) === 1;
    if (!valid || po[p1]! - po[p0]! <= 0) continue;
    bits[i >> 3]! |= 1 << (i & 7);
    const X = px[i]!;
    const Y = py[i]!;
    let best = NaN;
    for (let p = p0; p < p1; p++) {
      const a = po[p]!;
      const b = po[p + 1]!;
      if (b <= a) continue;
      const single = b - a === 1;
      const hi = single ? a + 1 : b - 1;
      for (let v = a; v < hi; v++) {
        const e = single ? v : v + 1;
        const d = pointSegmentDistance(X, Y, xy[2 * v]!, xy[2 * v + 1]!, xy[2 * e]!, xy[2 * e + 1]!);
        if (d === d && !(d >= best)) best = d;
      }
    }
    out[i] = best;
  }
  return { distance: DataBuffer.fromHost(out, 'float64'), validity: DataBuffer.fromHost(bits, 'uint8') };
}

export const pointLinestringDistanceKernel = defineKernel({
  name: 'spatial-index/point-linestring-distance',
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'A row that is null (point or line) or whose geometry has no vertex gives null (+0 in the slot); NaN segment distances are skipped, and a row with no other gives NaN.',
  cpu: (x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, validity: DataBuffer<'uint8'> | undefined) => distanceCpu(x, y, lines, validity),
  gpu: (ctx, x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, validity: DataBuffer<'uint8'> | undefined) => distanceGpu(ctx, x, y, lines, validity),
});

/**
 * Row-wise point–linestring distances (see the module comment for the rules). Internal:
 * `gf.pointLinestringDistance` is the public op.
 */
export function pointLinestringRows(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, validity: DataBuffer<'uint8'> | undefined): DistanceResult {
  return run(pointLinestringDistanceKernel, x, y, lines, validity);
}
