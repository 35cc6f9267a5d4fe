/**
 * Stream compaction: the stable list of indices i where mask[i] is true (and, given a
 * validity bitmap, the mask slot is non-null: a null mask value counts as false, as in
 * Polars `filter`), and `compact`, the values at those indices.
 *
 * The output length depends on the data, and a DataBuffer's length is a plain number, so
 * both functions are async: they read back ONE small buffer (the count, plus the output
 * offset at each binding-window start when the mask spans several windows; 8 bytes in
 * the common single-window case), counted as one control read in `stats()`
 * (`controlReads`, not `downloads`: no column data moves). That read is the only round
 * trip; the output is allocated at its exact size.
 *
 * GPU, one chunk of 16 consecutive mask elements per thread (no workgroup memory; see
 * ../scan/scan.ts for why):
 * 1. `compact/count`: each thread counts its chunk's kept elements into C[chunk]; C has
 *    one extra zeroed slot at the end.
 * 2. `recordScanU32` scans C exclusively, so C[chunk] is the chunk's output offset and
 *    C[nchunks] is the total.
 * 3. The offsets at window starts and the total are copied out and read back.
 * 4. `compact/write`: each thread writes its chunk's kept indices from its offset on, in
 *    order, so the output is stable. For `compact`, a gather of the values at those
 *    indices is recorded into the same submit.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { readBack } from '../../src/memory/transfer.js';
import { STORAGE_USAGE } from '../../src/memory/pool.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';
import { alignedSlice, bitSlice } from '../scan/aligned-slice.js';
import { CHUNK, recordScanU32 } from '../scan/scan.js';
import { expectValidity, GATHER_DTYPES, recordGatherValues } from '../gather/gather.js';
import { compactCpu } from './compact-cpu.js';

const KEEP = /* wgsl */ `
struct Params { count: u32, hasV: u32, vskip: u32, cskip: u32, start: u32, base: u32, oskip: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> M: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
fn keep(i: u32) -> bool {
  if (((M[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu) == 0u) { return false; }
  if (P.hasV == 1u) { let b = P.vskip + i; return ((V[b >> 5u] >> (b & 31u)) & 1u) == 1u; }
  return true;
}`;

const countShader = {
  label: 'compact/count',
  code: /* wgsl */ `
// compact/count: thread t counts the kept elements of its ${CHUNK}-element chunk of the
// window into C[cskip + t]. keep(i): mask byte i != 0 and (no bitmap, or bit vskip + i set).
// Bindings: 0 uniforms, 1 M (mask bytes, 4 per word), 2 V (bitmap or dummy), 3 C (counts).
${KEEP}
@group(0) @binding(3) var<storage, read_write> C: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  let first = t * ${CHUNK}u;
  if (first >= P.count) { return; }
  let last = min(first + ${CHUNK}u, P.count);
  var c = 0u;
  for (var i = first; i < last; i++) { if (keep(i)) { c++; } }
  C[P.cskip + t] = c;
}`,
};

const writeShader = {
  label: 'compact/write',
  code: /* wgsl */ `
// compact/write: thread t walks its ${CHUNK}-element chunk and writes each kept index,
// start + i, to O[oskip + C[cskip + t] - base + rank], where C holds the scanned chunk
// offsets and base is the window's first offset.
// Bindings: 0 uniforms, 1 M, 2 V, 3 C (scanned counts), 4 O (output window).
${KEEP}
@group(0) @binding(3) var<storage, read> C: array<u32>;
@group(0) @binding(4) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  let first = t * ${CHUNK}u;
  if (first >= P.count) { return; }
  let last = min(first + ${CHUNK}u, P.count);
  var o = P.oskip + C[P.cskip + t] - P.base;
  for (var i = first; i < last; i++) {
    if (keep(i)) { O[o] = P.start + i; o++; }
  }
}`,
};

/** An empty result: indices, or values of the given array's dtype. */
function empty(values: DataBuffer | undefined): DataBuffer {
  return values ? DataBuffer.fromHost(new (dtypeInfo(values.dtype).array)(0), values.dtype) : DataBuffer.fromHost(new Uint32Array(0), 'uint32');
}

async function compactGpu(ctx: GpuContext, mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined, values: DataBuffer | undefined): Promise<DataBuffer> {
  const n = mask.length;
  if (n === 0) return empty(values);
  const wins = windows(n, 4, ctx.maxBindingBytes - 256);
  const nb = Math.ceil(n / CHUNK);
  const C = ctx.pool.acquire((nb + 1) * 4, STORAGE_USAGE);
  const small = ctx.pool.acquire((wins.length + 1) * 4, STORAGE_USAGE);
  const binds = (rec: Recorder, start: number, count: number) => {
    const Vb = validity ? validity.deviceBuffer(ctx, 'compact') : rec.temp(4);
    const v = validity ? bitSlice(Vb, start, count) : { binding: Vb, skip: 0 };
    const c = alignedSlice(C, start / CHUNK, Math.ceil(count / CHUNK), 4);
    return { m: slice(mask.deviceBuffer(ctx, 'compact'), start, count, 1), v, c };
  };
  try {
    const rec1 = new Recorder(ctx);
    rec1.clear(C, nb * 4, 4);
    for (const { start, count } of wins) {
      const { m, v, c } = binds(rec1, start, count);
      rec1.dispatch(countShader, new Uint32Array([count, validity ? 1 : 0, v.skip, c.skip, 0, 0, 0, 0]), [m, v.binding, c.binding], groups(Math.ceil(count / CHUNK)));
    }
    recordScanU32(rec1, C, nb + 1);
    wins.forEach((w, k) => rec1.copy(C, (w.start / CHUNK) * 4, small, k * 4, 4));
    rec1.copy(C, nb * 4, small, wins.length * 4, 4);
    rec1.submit();
    const offs = new Uint32Array(await readBack(ctx, small, (wins.length + 1) * 4, { control: true }));
    const total = offs[wins.length]!;
    if (total === 0) return empty(values);
    const rec2 = new Recorder(ctx);
    const out = rec2.output(total * 4);
    wins.forEach(({ start, count }, k) => {
      const lo = offs[k]!;
      const hi = offs[k + 1]!;
      if (hi === lo) return;
      const { m, v, c } = binds(rec2, start, count);
      const o = alignedSlice(out, lo, hi - lo, 4);
      rec2.dispatch(writeShader, new Uint32Array([count, validity ? 1 : 0, v.skip, c.skip, start, lo, o.skip, 0]), [m, v.binding, c.binding, o.binding], groups(Math.ceil(count / CHUNK)));
    });
    const indices = DataBuffer.fromDevice(ctx, 'uint32', total, out);
    if (!values) {
      rec2.submit();
      return indices;
    }
    const gathered = recordGatherValues(rec2, values, out, total);
    rec2.submit();
    indices.dispose();
    return DataBuffer.fromDevice(ctx, values.dtype, total, gathered);
  } finally {
    ctx.pool.release(C);
    ctx.pool.release(small);
  }
}

export const compactKernel = defineKernel({
  name: 'compact/compact',
  dtypes: GATHER_DTYPES,
  tolerance: EXACT,
  nulls: 'A null mask slot counts as false (Polars filter); values are moved with their bits, nulls included, by the caller gathering its bitmap at the same indices.',
  cpu: (mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined, values: DataBuffer | undefined) => compactCpu(mask, validity, values),
  gpu: (ctx, mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined, values: DataBuffer | undefined) => compactGpu(ctx, mask, validity, values),
});

function checkMask(op: string, mask: DataBuffer, validity: DataBuffer | undefined): void {
  expectDType(`${op} mask`, mask.dtype, ['bool']);
  expectValidity(op, validity, mask.length);
}

/**
 * The indices i, in increasing order, where `mask[i]` is true and (with `validity`, the
 * mask's bitmap) not null. Async: the count is read back (one small download) so the
 * result has its exact length (counted in `stats().controlReads`). The backend is chosen
 * when the call is made.
 *
 * @example
 * ```ts
 * const mask = gf.array(new Uint8Array([1, 0, 1, 1]), 'bool');
 * const idx = await gf.kernels.compactIndices(mask);
 * await idx.toArray(); // Uint32Array [0, 2, 3]
 * ```
 */
export function compactIndices(mask: DataBuffer<'bool'>, options: { validity?: DataBuffer<'uint8'> } = {}): Promise<DataBuffer<'uint32'>> {
  expectBuffer('compactIndices', mask, 'mask');
  checkMask('compactIndices', mask, options.validity);
  return run(compactKernel, mask, options.validity, undefined) as Promise<DataBuffer<'uint32'>>;
}

/**
 * The values where `mask` is true (a filter), in order: a gather of `values` at
 * `compactIndices(mask)`, recorded in the same submit. `options.validity` is the mask's
 * bitmap (null counts as false). To filter several columns, or to carry a column's own
 * nulls, call `compactIndices` once and `gather` each column with its bitmap.
 *
 * @example
 * ```ts
 * const v = gf.array(new Float64Array([1.5, 2.5, 3.5]));
 * const kept = await gf.kernels.compact(v, gf.array(new Uint8Array([0, 1, 1]), 'bool'));
 * await kept.toArray(); // Float64Array [2.5, 3.5]
 * ```
 */
export function compact<D extends DTypeName>(values: DataBuffer<D>, mask: DataBuffer<'bool'>, options: { validity?: DataBuffer<'uint8'> } = {}): Promise<DataBuffer<D>> {
  expectBuffer('compact', values, 'values');
  expectDType('compact', values.dtype, GATHER_DTYPES);
  checkMask('compact', mask, options.validity);
  if (values.length !== mask.length) throw new ShapeError(`compact: expected a mask of ${values.length} values, got ${mask.length}`);
  return run(compactKernel, mask, options.validity, values) as Promise<DataBuffer<D>>;
}
