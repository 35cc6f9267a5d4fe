/**
 * 'linalg/pack': feature columns (float64 or float32, each with optional Arrow validity) into
 * one row-major float64 Matrix (row i, column j at i * d + j), plus one flag word per column:
 * bit 0 = the column holds a NaN or ±Inf, bit 1 = it holds a null. float32 widens exactly; a
 * NaN, and a null slot, pack as the canonical quiet NaN. Estimators refuse flagged input
 * (unless they impute), so the ops after pack may assume finite values.
 *
 * Device: one thread per row of one column per dispatch, windows of rows (./linalg-layout.ts)
 * so the matrix may exceed one storage binding; flags are ORed atomically, once per
 * workgroup. Tolerance exact (no arithmetic: a copy, a widening and NaN canonicalisation).
 */
import type { GpuContext } from '../../src/device/index.js';
import { dtypeInfo } from '../../src/dtypes.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { sharedArray } from '../../src/threads/pool.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { pointWindows } from './linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR } from './linalg-wgsl.js';
import type { PackResult } from './types.js';

const OP = 'linalg/pack';

type Validity = ReadonlyArray<DataBuffer<'uint8'> | undefined>;

function packShader(f32: boolean, validity: boolean) {
  const load = f32 ? 'f64_from_f32(X[i])' : 'X[i]';
  const code = /* wgsl */ `
// linalg/pack: one thread per row of the window. Bindings: 1 X (column window),
// 2 M (matrix window, row-major), 3 F (flags, one word per column)${validity ? ', 4 V (validity bits, from bit vOff)' : ''}.
struct Params { n: u32, d: u32, j: u32, vOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<${f32 ? 'u32' : 'vec2<u32>'}>;
@group(0) @binding(2) var<storage, read_write> M: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> F: array<atomic<u32>>;
${validity ? '@group(0) @binding(4) var<storage, read> V: array<u32>;' : ''}
var<workgroup> bad: atomic<u32>;
${LA_PRELUDE}
${ENTRY} {
  let i = ${LINEAR};
  if (i < P.n) {
    var v = ${load};
    var flag = 0u;
    if (!la_finite(v)) {
      flag = 1u;
      if (sf64_is_nan(v)) { v = SF64_QNAN; }
    }
    ${validity ? 'let b = P.vOff + i; if (((V[b >> 5u] >> (b & 31u)) & 1u) == 0u) { flag = flag | 2u; v = SF64_QNAN; }' : ''}
    M[i * P.d + P.j] = v;
    if (flag != 0u) { atomicOr(&bad, flag); }
  }
  workgroupBarrier();
  if (lid == 0u) {
    let f = atomicLoad(&bad);
    if (f != 0u) { atomicOr(&F[P.j], f); }
  }
}`;
  return { label: `linalg/pack-${f32 ? 'f32' : 'f64'}${validity ? '-valid' : ''}`, code };
}

/** Rows per cache block of the CPU twin: about 32 KiB of the output per block, a multiple of 8 (whole validity bytes). */
function blockRows(d: number): number {
  return Math.max(8, Math.min(1024, (Math.floor(4096 / Math.max(1, d)) >> 3) << 3));
}

/** m[i * d + j] = x[i] for i in [i0, i1) (float32 widens exactly); returns +0 when every value is finite, NaN otherwise. */
function copyFast(x: Float64Array | Float32Array, m: Float64Array, d: number, j: number, i0: number, i1: number): number {
  let acc = 0;
  for (let i = i0, q = i0 * d + j; i < i1; i++, q += d) {
    const v = x[i]!;
    acc += v - v;
    m[q] = v;
  }
  return acc;
}

/** True when validity bits [i0, i1) are all set (i0 a multiple of 8). */
function allValid(v: Uint8Array, i0: number, i1: number): boolean {
  const full = i0 + ((i1 - i0) & ~7);
  for (let b = i0 >> 3, e = full >> 3; b < e; b++) if (v[b] !== 255) return false;
  for (let i = full; i < i1; i++) if (((v[i >> 3]! >> (i & 7)) & 1) === 0) return false;
  return true;
}

/** The rare path of one column over [i0, i1): canonical NaN, nulls as NaN; returns the flag bits. */
function copySlow(x: Float64Array | Float32Array, v: Uint8Array | undefined, m: Float64Array, d: number, j: number, i0: number, i1: number): number {
  let f = 0;
  for (let i = i0, q = i0 * d + j; i < i1; i++, q += d) {
    let val = x[i]!;
    if (val - val !== 0) {
      f |= 1;
      if (val !== val) val = NaN;
    }
    if (v && ((v[i >> 3]! >> (i & 7)) & 1) === 0) {
      f |= 2;
      val = NaN;
    }
    m[q] = val;
  }
  return f;
}

/**
 * The twin: a cache-blocked transpose (blocks of rows, all columns per block) with a plain copy
 * per column and block; a block whose column holds a non-finite value or a null is redone by
 * the per-element path. A copy has no arithmetic, so the order is free: exact as the device.
 */
export function packCpu(cols: readonly DataBuffer[], validity: Validity): PackResult {
  const d = cols.length;
  const n = d ? cols[0]!.length : 0;
  const m = sharedArray(Float64Array, n * d); // the row loops of k-means, kNN and QR read it on the thread pool
  const flags = new Uint32Array(d);
  const xs = cols.map((c) => c.hostView(OP) as Float64Array | Float32Array);
  const vs = cols.map((_, j) => validity[j]?.hostView(OP) as Uint8Array | undefined);
  const R = blockRows(d);
  for (let i0 = 0; i0 < n; i0 += R) {
    const i1 = Math.min(n, i0 + R);
    for (let j = 0; j < d; j++) {
      const x = xs[j]!;
      const v = vs[j];
      const acc = copyFast(x, m, d, j, i0, i1);
      if (acc !== 0 || (v !== undefined && !allValid(v, i0, i1))) flags[j]! |= copySlow(x, v, m, d, j, i0, i1);
    }
  }
  return { matrix: { data: DataBuffer.fromHost(m, 'float64'), n, d }, flags: DataBuffer.fromHost(flags, 'uint32') };
}

export function packGpu(ctx: GpuContext, cols: readonly DataBuffer[], validity: Validity): PackResult {
  const d = cols.length;
  const n = d ? cols[0]!.length : 0;
  const rec = new Recorder(ctx);
  const m = rec.output(n * d * 8);
  const flags = rec.output(d * 4);
  rec.clear(flags, 0, d * 4);
  const wins = pointWindows(OP, n, Math.max(1, d) * 8, ctx.maxBindingBytes);
  cols.forEach((col, j) => {
    const f32 = col.dtype === 'float32';
    const xb = dtypeInfo(col.dtype).bytes;
    const x = col.deviceBuffer(ctx, OP);
    const v = validity[j]?.deviceBuffer(ctx, OP);
    for (const w of wins) {
      const binds = [slice(x, w.start, w.count, xb), slice(m, w.start * d, w.count * d, 8), flags];
      let vOff = 0;
      if (v) {
        const offset = Math.floor(w.start / 8 / 256) * 256;
        vOff = w.start - offset * 8;
        binds.push({ buffer: v, offset, size: Math.ceil((vOff + w.count) / 8) });
      }
      rec.dispatch(packShader(f32, v !== undefined), new Uint32Array([w.count, d, j, vOff]), binds, groups(w.count));
    }
  });
  rec.submit();
  return { matrix: { data: DataBuffer.fromDevice(ctx, 'float64', n * d, m), n, d }, flags: DataBuffer.fromDevice(ctx, 'uint32', d, flags) };
}

/** Columns (float64 or float32, optional validity) into one row-major float64 matrix, with NaN/Inf/null flags. */
export const linalgPack = defineKernel({
  name: OP,
  dtypes: ['float64', 'float32'],
  tolerance: EXACT,
  nulls: 'A null slot sets bit 1 of its column flag and packs as NaN; NaN and ±Inf set bit 0 (estimators refuse both unless they impute).',
  cpu: (cols: readonly DataBuffer[], validity: Validity) => packCpu(cols, validity),
  gpu: (ctx, cols: readonly DataBuffer[], validity: Validity) => packGpu(ctx, cols, validity),
});
