/**
 * Shared driver of the per-trajectory scan kernels (trajectory/split-gaps, trajectory/stops):
 * one thread per trajectory walks its points in order and emits a variable number of items
 * (gap-separated parts, stops). Two passes on the device:
 * 1. count: each thread writes its item count into Off[r];
 * 2. an exclusive scan of Off (n + 1 entries) gives each trajectory's first output slot; the
 *    total (and the whole Off, n × 4 bytes) is read back as a counted control read to size the
 *    outputs and plan the output windows; then fill: the same walk writes its items at Off[r].
 *
 * Inputs per trajectory: its first point index S[r] and point count N[r] (from the list's
 * offsets and validity: a null row has 0 points), and the points P as float64 words with a
 * fixed stride (1 for times alone, 4 for x, y, z, t). Outputs: four uint32 arrays.
 *
 * Bindings: 0 uniforms {n, a, ob, pb, qb, mode, stride, p0, thr1 (f64), thr2 (f64)}, 1 S,
 * 2 N, 3 P (vec2<u32> words), 4 Off (read_write), 5..8 O1..O4. Planning (on the host, from S
 * and N read back as control reads) cuts the trajectories into batches whose row, point and
 * output windows each fit one storage binding (starts aligned down to 256 bytes).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import { readBack } from '../../src/memory/transfer.js';
import { STORAGE_USAGE } from '../../src/memory/pool.js';
import { Recorder, groups, WG, type Binding } from '../runner.js';
import { recordScanU32 } from '../scan/scan.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';

/** Four uint32 outputs, one entry per emitted item. */
export type TrackItems = [DataBuffer<'uint32'>, DataBuffer<'uint32'>, DataBuffer<'uint32'>, DataBuffer<'uint32'>];

/** The WGSL shared by the scan kernels: bindings, soft-f64, comparisons and `emit`. */
export function trackPreamble(): string {
  return /* wgsl */ `
struct Params { n: u32, a: u32, ob: u32, pb: u32, qb: u32, mode: u32, stride: u32, p0: u32, thr1: vec2<u32>, thr2: vec2<u32> }
@group(0) @binding(0) var<uniform> U: Params;
@group(0) @binding(1) var<storage, read> S: array<u32>;
@group(0) @binding(2) var<storage, read> N: array<u32>;
@group(0) @binding(3) var<storage, read> P: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> Off: array<u32>;
@group(0) @binding(5) var<storage, read_write> O1: array<u32>;
@group(0) @binding(6) var<storage, read_write> O2: array<u32>;
@group(0) @binding(7) var<storage, read_write> O3: array<u32>;
@group(0) @binding(8) var<storage, read_write> O4: array<u32>;
${SOFT_F64_WGSL}
${SOFT_F64_MUL_WGSL}
${SOFT_F64_SQRT_WGSL}
// Word c of point k (absolute point index).
fn pt(k: u32, c: u32) -> vec2<u32> { return P[k * U.stride + c - U.pb]; }
fn trk_zero(a: vec2<u32>) -> bool { return ((a.y & 0x7fffffffu) | a.x) == 0u; }
// Total order key of a non-NaN float64.
fn trk_key(a: vec2<u32>) -> vec2<u32> {
  if ((a.y & 0x80000000u) != 0u) { return vec2<u32>(~a.x, ~a.y); }
  return vec2<u32>(a.x, a.y | 0x80000000u);
}
// a < b as IEEE float64 (false with a NaN; -0 == +0).
fn trk_lt(a: vec2<u32>, b: vec2<u32>) -> bool {
  if (sf64_is_nan(a) || sf64_is_nan(b) || (trk_zero(a) && trk_zero(b))) { return false; }
  let ka = trk_key(a); let kb = trk_key(b);
  return ka.y < kb.y || (ka.y == kb.y && ka.x < kb.x);
}
fn trk_ge(a: vec2<u32>, b: vec2<u32>) -> bool { return !sf64_is_nan(a) && !sf64_is_nan(b) && !trk_lt(a, b); }
// Item c of row r: written in the fill pass only.
fn emit(r: u32, c: u32, v1: u32, v2: u32, v3: u32, v4: u32) {
  if (U.mode == 0u) { return; }
  let q = Off[r] + c - U.qb;
  O1[q] = v1; O2[q] = v2; O3[q] = v3; O4[q] = v4;
}
fn finish(r: u32, count: u32) { if (U.mode == 0u) { Off[r] = count; } }
`;
}

/** The main entry: one thread per trajectory of the batch, calling `track(r, i, start, len)`. */
export const TRACK_MAIN = /* wgsl */ `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let li = gid.x + gid.y * nwg.x * ${WG}u;
  if (li >= U.n) { return; }
  let i = U.a + li;
  let r = i - U.ob;
  track(r, i, S[r], N[r]);
}`;

interface Batch { a: number; b: number; ob: number; pb: number; pEnd: number; qb: number; qEnd: number }

const alignDown = (v: number, per: number) => Math.floor(v / per) * per;

/** Batches of trajectories whose windows (rows, points, outputs) each fit `cap` bytes. */
export function planBatches(s: Uint32Array, len: Uint32Array, stride: number, cap: number, off?: Uint32Array, op = 'trajectory'): Batch[] {
  const n = s.length;
  const out: Batch[] = [];
  const make = (a: number, b: number): Batch => {
    const ob = alignDown(a, 64);
    const pb = alignDown(s[a]! * stride, 32);
    let pEnd = pb;
    for (const k of [a, b - 1]) pEnd = Math.max(pEnd, (s[k]! + len[k]!) * stride);
    const qb = off ? alignDown(off[a]!, 64) : 0;
    return { a, b, ob, pb, pEnd, qb, qEnd: off ? off[b]! : 0 };
  };
  const fits = (t: Batch) => (t.b - t.ob + 1) * 4 <= cap && (t.pEnd - t.pb) * 8 <= cap && (t.qEnd - t.qb) * 4 <= cap;
  let a = 0;
  while (a < n) {
    if (!fits(make(a, a + 1))) throw new ShapeError(`${op}: expected each trajectory's points to fit one storage binding of ${cap} bytes, got ${len[a]} points at row ${a}`);
    let b = a + 1;
    while (b < n && fits(make(a, b + 1))) b++;
    out.push(make(a, b));
    a = b;
  }
  return out;
}

const F64 = new Float64Array(1);
const W = new Uint32Array(F64.buffer);
const words = (x: number): [number, number] => ((F64[0] = x), [W[0]!, W[1]!]);

/** Run the two passes of a scan kernel on the device (see the module comment). */
export async function trackScanGpu(ctx: GpuContext, shader: { label: string; code: string }, S: DataBuffer<'uint32'>, N: DataBuffer<'uint32'>, P: DataBuffer<'float64'>, stride: number, thr1: number, thr2: number): Promise<TrackItems> {
  const n = S.length;
  const empty = () => DataBuffer.fromHost(new Uint32Array(0), 'uint32');
  if (n === 0) return [empty(), empty(), empty(), empty()];
  const cap = ctx.maxBindingBytes;
  const s = (await S.readControl()) as Uint32Array;
  const len = (await N.readControl()) as Uint32Array;
  const Sb = S.deviceBuffer(ctx, shader.label);
  const Nb = N.deviceBuffer(ctx, shader.label);
  const Pb = P.length > 0 ? P.deviceBuffer(ctx, shader.label) : undefined;
  const Off = ctx.pool.acquire((n + 1) * 4, STORAGE_USAGE);
  try {
    const u = (t: Batch, mode: number) => {
      const v = new Uint32Array(12);
      v.set([t.b - t.a, t.a, t.ob, t.pb, t.qb, mode, stride, 0]);
      [v[8], v[9]] = words(thr1);
      [v[10], v[11]] = words(thr2);
      return v;
    };
    const bind = (rec: Recorder, t: Batch, outs: Binding[]): Binding[] => [
      { buffer: Sb, offset: t.ob * 4, size: (t.b - t.ob) * 4 },
      { buffer: Nb, offset: t.ob * 4, size: (t.b - t.ob) * 4 },
      Pb && t.pEnd > t.pb ? { buffer: Pb, offset: t.pb * 8, size: (t.pEnd - t.pb) * 8 } : { buffer: rec.temp(8), offset: 0, size: 8 },
      { buffer: Off, offset: t.ob * 4, size: (t.b - t.ob + 1) * 4 },
      ...outs,
    ];
    const rec1 = new Recorder(ctx);
    rec1.clear(Off, 0, (n + 1) * 4);
    for (const t of planBatches(s, len, stride, cap, undefined, shader.label)) {
      const dummies = [0, 1, 2, 3].map(() => ({ buffer: rec1.temp(4), offset: 0, size: 4 }));
      rec1.dispatch(shader, u(t, 0), bind(rec1, t, dummies), groups(t.b - t.a));
    }
    recordScanU32(rec1, Off, n + 1);
    rec1.submit();
    const off = new Uint32Array(await readBack(ctx, Off, (n + 1) * 4, { control: true }));
    const total = off[n]!;
    const rec2 = new Recorder(ctx);
    const outs = [0, 1, 2, 3].map(() => rec2.output(total * 4));
    if (total > 0) {
      for (const t of planBatches(s, len, stride, cap, off, shader.label)) {
        if (off[t.b] === off[t.a]) continue;
        const o = outs.map((b) => ({ buffer: b, offset: t.qb * 4, size: (t.qEnd - t.qb) * 4 }));
        rec2.dispatch(shader, u(t, 1), bind(rec2, t, o), groups(t.b - t.a));
      }
    }
    rec2.submit();
    return outs.map((b) => DataBuffer.fromDevice(ctx, 'uint32', total, b)) as TrackItems;
  } finally {
    ctx.pool.release(Off);
  }
}

/** Host arrays of the CPU twins' outputs, grown as items are pushed. */
export class ItemSink {
  private cols: number[][] = [[], [], [], []];
  push(a: number, b: number, c: number, d: number): void {
    this.cols[0]!.push(a); this.cols[1]!.push(b); this.cols[2]!.push(c); this.cols[3]!.push(d);
  }
  done(): TrackItems {
    return this.cols.map((c) => DataBuffer.fromHost(Uint32Array.from(c), 'uint32')) as TrackItems;
  }
}
