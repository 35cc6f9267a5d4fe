/**
 * Shared parts of the trajectory pair kernels (trajectory/hausdorff, trajectory/frechet):
 * the input layout, the tile plan, the WGSL preamble (bindings, per-pair set-up, point
 * metrics) and the CPU point metrics.
 *
 * Input: n trajectories as int32 offsets (n + 1, absolute, may start above 0) into
 * interleaved float64 xy points (a linestring or multipoint column's child), plus an
 * optional validity bitmap. Output: the n×n float64 matrix as row bands (one buffer per band,
 * each fitting one storage binding: src/matrix/distance-matrix.ts).
 *
 * Tiles: within a band, rows are cut into blocks and all n columns into blocks so that each
 * block's points (16 bytes each) and offsets fit one storage binding; a dispatch binds the
 * whole output band, the row block's and the column block's offset and point windows
 * (starts aligned down to 256 bytes, the rest passed as uniforms). Threads: one per pair,
 * at most `perDispatch` per dispatch; grids past 65,535 workgroups use a second dimension.
 * Planning reads the offsets on the host: a counted control read of (n + 1) × 4 bytes when
 * they live only on the device.
 *
 * Per-pair rules (both bodies): a null row, a trajectory with no points, or one with a
 * point outside the metric's domain (euclidean: NaN or ±Inf; haversine: also |lat| > 90 or
 * |lon| > 360, as gf.haversine) gives NaN for every pair it is in.
 * Point metrics: 'euclidean' works on squared distances dx·dx + dy·dy in float64 (soft-f64 on
 * the GPU: bit for bit JS's value) and the kernels take the square root once at the end
 * (√ is monotone, so max/min commute with it: SciPy's directed_hausdorff does the same);
 * 'haversine' is gf.haversine's spherical Vincenty form times the radius (df64 on the GPU).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import type { MatrixBand } from '../matrix/symmetrize.js';
import { DF64_WGSL } from '../df64/df64.js';
import { centralAngle, GREAT_CIRCLE_WGSL } from '../haversine/great-circle.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import { Recorder, slice, type Binding } from '../runner.js';

/** The point metric of a trajectory distance. */
export type PairMetric = 'euclidean' | 'haversine';

/** n trajectories: offsets into interleaved xy points, and which rows are valid. */
export interface TrajectoryInput {
  readonly offsets: DataBuffer<'int32'>;
  readonly coords: DataBuffer<'float64'>;
  readonly validity?: DataBuffer<'uint8'>;
  readonly n: number;
}

export interface PairOptions {
  readonly metric: PairMetric;
  /** Sphere radius for 'haversine' (the result's unit). */
  readonly radius: number;
}

/** The offsets on the host (a control read when they are only on the device). */
export async function hostOffsets(input: TrajectoryInput): Promise<Int32Array> {
  const o = input.offsets;
  return o.residency === 'device' ? ((await o.readControl()) as Int32Array) : (o.hostView('trajectory') as Int32Array);
}

/** A block of trajectories [start, end) with its aligned window starts (offset index, point index). */
export interface Block {
  start: number;
  end: number;
  oBase: number;
  pBase: number;
}

/**
 * Blocks of [lo, hi) whose points (from the aligned start) and offsets fit `maxBytes` each.
 * @throws ShapeError naming the trajectory whose points alone exceed one binding
 */
export function blocks(off: Int32Array, lo: number, hi: number, maxBytes: number, op: string): Block[] {
  const out: Block[] = [];
  let s = lo;
  while (s < hi) {
    const pBase = Math.floor(off[s]! / 16) * 16;
    const oBase = Math.floor(s / 64) * 64;
    if ((off[s + 1]! - pBase) * 16 > maxBytes) {
      throw new ShapeError(`${op}: expected each trajectory's points to fit one storage binding (${maxBytes} bytes), got ${off[s + 1]! - off[s]!} points in row ${s}`);
    }
    let e = s + 1;
    while (e < hi && (off[e + 1]! - pBase) * 16 <= maxBytes && (e + 2 - oBase) * 4 <= maxBytes) e++;
    out.push({ start: s, end: e, oBase, pBase });
    s = e;
  }
  return out;
}

/** The offsets and points windows of a block as bindings. */
export function blockBindings(off: Int32Array, b: Block, offBuf: GPUBuffer, coordBuf: GPUBuffer): { offs: Binding; pts: Binding; pBase: number } {
  const count = off[b.end]! - b.pBase;
  // An empty window binds 16 bytes at 0 (never read), so it never runs past the buffer's end.
  const pts: Binding = count > 0 ? slice(coordBuf, b.pBase * 2, count * 2, 8) : { buffer: coordBuf, offset: 0, size: 16 };
  return { offs: slice(offBuf, b.oBase, b.end + 1 - b.oBase, 4), pts, pBase: count > 0 ? b.pBase : 0 };
}

/** Uniform words of one dispatch (see PARAMS_WGSL). */
export function params(f: { end: number; cols: number; s0: number; c0: number; t0: number; r0: number; n: number; flags: number; oR: number; oC: number; pR: number; pC: number; radius: number; stride: number }): Uint32Array {
  const u = new Uint32Array(16);
  u.set([f.end, f.cols, f.s0, f.c0, f.t0, f.r0, f.n, f.flags, f.oR, f.oC, f.pR, f.pC]);
  const w = new Uint32Array(new Float64Array([f.radius]).buffer);
  u[12] = w[0]!;
  u[13] = w[1]!;
  u[14] = 0; // df64 key
  u[15] = f.stride;
  return u;
}

/** Plan and record every dispatch of a pair kernel over n trajectories; returns the bands' buffers. */
export function recordPairs(
  ctx: GpuContext,
  rec: Recorder,
  input: TrajectoryInput,
  off: Int32Array,
  bandRows: number,
  opts: PairOptions,
  op: string,
  dispatch: (u: Uint32Array, bindings: Binding[], threads: number, cols: Block) => void,
  perDispatch: (cols: Block) => number,
): GPUBuffer[] {
  const { n } = input;
  const max = ctx.maxBindingBytes;
  const offBuf = input.offsets.deviceBuffer(ctx, op);
  const coordBuf = input.coords.deviceBuffer(ctx, op);
  const vBuf = input.validity ? input.validity.deviceBuffer(ctx, op) : rec.temp(4);
  const colBlocks = blocks(off, 0, n, max, op);
  const outs: GPUBuffer[] = [];
  for (let r0 = 0; r0 < n; r0 += bandRows) {
    const rows = Math.min(bandRows, n - r0);
    const out = rec.output(rows * n * 8);
    outs.push(out);
    for (const rb of blocks(off, r0, r0 + rows, max, op)) {
      const R = bindingsOf(off, rb, offBuf, coordBuf);
      for (const cb of colBlocks) {
        const C = bindingsOf(off, cb, offBuf, coordBuf);
        const cols = cb.end - cb.start;
        const total = (rb.end - rb.start) * cols;
        const per = Math.max(1, perDispatch(cb));
        for (let t0 = 0; t0 < total; t0 += per) {
          const end = Math.min(total, t0 + per);
          const u = params({ end, cols, s0: rb.start, c0: cb.start, t0, r0, n, flags: input.validity ? 1 : 0, oR: rb.oBase, oC: cb.oBase, pR: R.pBase, pC: C.pBase, radius: opts.radius, stride: 0 });
          dispatch(u, [out, R.offs, C.offs, R.pts, C.pts, vBuf], end - t0, cb);
        }
      }
    }
  }
  return outs;
}

const bindingsOf = blockBindings;

/**
 * The GPU driver of a pair kernel: reads the offsets to the host, lets `plan` set up its
 * dispatch (and dispatch bound) from them, records every tile with recordPairs, submits, and
 * returns the bands.
 */
export async function pairBandsGpu(
  ctx: GpuContext,
  input: TrajectoryInput,
  bandRows: number,
  opts: PairOptions,
  op: string,
  plan: (off: Int32Array, rec: Recorder) => { dispatch: (u: Uint32Array, bindings: Binding[], threads: number, cols: Block) => void; perDispatch: (cols: Block) => number },
): Promise<MatrixBand[]> {
  const off = await hostOffsets(input);
  const rec = new Recorder(ctx);
  const { dispatch, perDispatch } = plan(off, rec);
  const outs = recordPairs(ctx, rec, input, off, bandRows, opts, op, dispatch, perDispatch);
  rec.submit();
  return outs.map((buf, k) => {
    const start = k * bandRows;
    const rows = Math.min(bandRows, input.n - start);
    return { start, rows, data: DataBuffer.fromDevice(ctx, 'float64', rows * input.n, buf) };
  });
}

/** The WGSL preamble of a pair kernel: uniforms, bindings 1-6, the float64 libraries and the per-pair helpers. */
export function pairPreamble(metric: PairMetric): string {
  const euclid = metric === 'euclidean';
  return /* wgsl */ `
// Uniforms: threads [t0, end) of this dispatch; thread t is pair (s0 + t / cols, c0 + t % cols);
// r0 the band's first row, n the matrix width, flags bit 0 = a validity bitmap is bound;
// oR/oC and pR/pC the first offset and point of the row and column windows; rad the radius
// (float64 bits); key the df64 key (0); stride the Fréchet scratch row length.
struct Params { end: u32, cols: u32, s0: u32, c0: u32, t0: u32, r0: u32, n: u32, flags: u32,
                oR: u32, oC: u32, pR: u32, pC: u32, rad: vec2<u32>, key: u32, stride: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> O: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> OR: array<i32>;
@group(0) @binding(3) var<storage, read> OC: array<i32>;
@group(0) @binding(4) var<storage, read> PR: array<vec4<u32>>;
@group(0) @binding(5) var<storage, read> PC: array<vec4<u32>>;
@group(0) @binding(6) var<storage, read> V: array<u32>;
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
${SOFT_F64_SQRT_WGSL}
${euclid ? '' : DF64_WGSL + GREAT_CIRCLE_WGSL}
const QNAN = vec2<u32>(0u, 0x7ff80000u);
const PINF = vec2<u32>(0u, 0x7ff00000u);
fn valid_row(i: u32) -> bool {
  if ((P.flags & 1u) == 0u) { return true; }
  return ((V[i >> 5u] >> (i & 31u)) & 1u) == 1u;
}
// a < b for non-negative float64 bits (+Inf included).
fn lt(a: vec2<u32>, b: vec2<u32>) -> bool { return a.y < b.y || (a.y == b.y && a.x < b.x); }
// |x| <= limit for float64 bits, limit a float64 whose low word is 0; false for NaN and Inf.
fn within(w: vec2<u32>, limit_hi: u32) -> bool {
  let h = w.y & 0x7fffffffu;
  return h < limit_hi || (h == limit_hi && w.x == 0u);
}
// Whether a point is in the metric's domain.
fn point_ok(p: vec4<u32>) -> bool {
  ${euclid ? 'return (p.y & 0x7ff00000u) != 0x7ff00000u && (p.w & 0x7ff00000u) != 0x7ff00000u;' : '// 0x40768000 = 360.0, 0x40568000 = 90.0 (high words)\n  return within(p.xy, 0x40768000u) && within(p.zw, 0x40568000u);'}
}
${euclid ? `// Squared distance, float64 exactly as JS dx * dx + dy * dy.
fn dist(p: vec4<u32>, q: vec4<u32>) -> vec2<u32> {
  let dx = f64_sub(p.xy, q.xy);
  let dy = f64_sub(p.zw, q.zw);
  return f64_add(f64_mul(dx, dx), f64_mul(dy, dy));
}
fn finish(d: vec2<u32>) -> vec2<u32> { return f64_sqrt(d); }` : `// Great-circle distance (spherical Vincenty form, as spatial/haversine), df64, as float64 bits.
fn dist(p: vec4<u32>, q: vec4<u32>) -> vec2<u32> {
  let g = gc_terms(p.xy, p.zw, q.xy, q.zw);
  return df64_to_f64(df64_mul(df64_atan2(g.y, g.x), df64_from_f64(P.rad).v));
}
fn finish(d: vec2<u32>) -> vec2<u32> { return d; }`}
// The pair of this thread: row i, column j, their point ranges (window-relative) and whether
// the pair is computable (else its entry is NaN). Writes nothing.
struct Pair { i: u32, j: u32, a0: u32, a1: u32, b0: u32, b1: u32, ok: bool }
fn pair_of(t: u32) -> Pair {
  let i = P.s0 + t / P.cols;
  let j = P.c0 + t % P.cols;
  let a0 = u32(OR[i - P.oR]) - P.pR;
  let a1 = u32(OR[i + 1u - P.oR]) - P.pR;
  let b0 = u32(OC[j - P.oC]) - P.pC;
  let b1 = u32(OC[j + 1u - P.oC]) - P.pC;
  var ok = valid_row(i) && valid_row(j) && a1 > a0 && b1 > b0;
  for (var a = a0; ok && a < a1; a++) { ok = point_ok(PR[a]); }
  for (var b = b0; ok && b < b1; b++) { ok = point_ok(PC[b]); }
  return Pair(i, j, a0, a1, b0, b1, ok);
}
fn out_index(p: Pair) -> u32 { return (p.i - P.r0) * P.n + p.j; }
`;
}

/** CPU point metric: squared euclidean (then √ at the end) or great-circle distance, as the GPU's. */
export function cpuMetric(opts: PairOptions): { dist: (c: Float64Array, a: number, b: number) => number; ok: (c: Float64Array, a: number) => boolean; finish: (d: number) => number } {
  if (opts.metric === 'euclidean') {
    return {
      dist: (c, a, b) => {
        const dx = c[2 * a]! - c[2 * b]!;
        const dy = c[2 * a + 1]! - c[2 * b + 1]!;
        return dx * dx + dy * dy;
      },
      ok: (c, a) => Number.isFinite(c[2 * a]!) && Number.isFinite(c[2 * a + 1]!),
      finish: Math.sqrt,
    };
  }
  const R = opts.radius;
  return {
    dist: (c, a, b) => R * centralAngle(c[2 * a]!, c[2 * a + 1]!, c[2 * b]!, c[2 * b + 1]!),
    ok: (c, a) => Math.abs(c[2 * a]!) <= 360 && Math.abs(c[2 * a + 1]!) <= 90,
    finish: (d) => d,
  };
}

/** CPU: whether pair rows i and j are computable, by the rules in the module comment. */
export function cpuRowOk(off: Int32Array, coords: Float64Array, valid: Uint8Array | undefined, ok: (c: Float64Array, a: number) => boolean): Uint8Array {
  const n = off.length - 1;
  const out = new Uint8Array(Math.max(0, n));
  for (let i = 0; i < n; i++) {
    let good = (!valid || ((valid[i >> 3]! >> (i & 7)) & 1) === 1) && off[i + 1]! > off[i]!;
    for (let a = off[i]!; good && a < off[i + 1]!; a++) good = ok(coords, a);
    out[i] = good ? 1 : 0;
  }
  return out;
}
