/**
 * window/shift: each row takes the value `k` rows before it (Polars `shift(k)`; k < 0 looks
 * ahead): out[i] = x[i − k]. The row is null where i − k falls outside the column, or, with
 * `segments` (a segment number per row, non-decreasing: partitions laid out one after the
 * other), outside row i's segment, or where x[i − k] is null. Null rows hold zero bits.
 *
 * GPU: one thread per 32 output rows (it owns their validity word); each row reads its
 * source directly (O(1) per row whatever k is: rows of one segment are consecutive, so
 * i − k is inside row i's segment exactly when their segment numbers are equal).
 * Limit: the column and its output must each fit one storage binding.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { expectValidity } from '../gather/gather.js';
import { WINDOW_DTYPES } from './cumulative.js';

function shader(d: DTypeName) {
  const w = dtypeInfo(d).bytes / 4;
  const copy = w === 2 ? 'O[2u * i] = X[2u * s]; O[2u * i + 1u] = X[2u * s + 1u];' : 'O[i] = X[s];';
  return {
    label: `window/shift-w${w}`,
    code: /* wgsl */ `
// window/shift: thread t writes rows 32t..32t+31: row i copies row s = i - k (k a signed
// shift in two's complement) when s is in [0, n), in row i's segment (S[s] == S[i], when
// hasS) and valid; else it is null.
// Bindings: 1 X (values), 2 V (validity words), 3 S (segment numbers), 4 O (values), 5 OV (validity words).
struct Params { n: u32, k: i32, hasV: u32, hasS: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read> S: array<u32>;
@group(0) @binding(4) var<storage, read_write> O: array<u32>;
@group(0) @binding(5) var<storage, read_write> OV: array<u32>;
fn ok(i: u32) -> bool { return P.hasV == 0u || ((V[i >> 5u] >> (i & 31u)) & 1u) == 1u; }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  if (t * 32u >= P.n) { return; }
  var bits = 0u;
  let end = min(P.n, t * 32u + 32u);
  for (var i = t * 32u; i < end; i++) {
    let src = i32(i) - P.k;
    if (src < 0 || src >= i32(P.n)) { continue; }
    let s = u32(src);
    if (P.hasS == 1u && S[s] != S[i]) { continue; }
    if (!ok(s)) { continue; }
    ${copy}
    bits |= 1u << (i & 31u);
  }
  OV[t] = bits;
}`,
  };
}

interface ShiftResult {
  values: DataBuffer;
  validity: DataBuffer<'uint8'>;
}

function shiftGpu(ctx: GpuContext, values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, k: number, segments: DataBuffer<'uint32'> | undefined): ShiftResult {
  const n = values.length;
  const bytes = n * dtypeInfo(values.dtype).bytes;
  const rec = new Recorder(ctx);
  const out = rec.output(bytes);
  rec.clear(out, 0, Math.ceil(bytes / 4) * 4);
  const ov = rec.output(Math.ceil(n / 32) * 4);
  if (n > 0) {
    const V = validity ? validity.deviceBuffer(ctx, 'window') : rec.temp(4);
    const S = segments ? segments.deviceBuffer(ctx, 'window') : rec.temp(4);
    const u = new Int32Array([n, k, validity ? 1 : 0, segments ? 1 : 0]);
    rec.dispatch(shader(values.dtype), u, [values.deviceBuffer(ctx, 'window'), V, S, out, ov], groups(Math.ceil(n / 32)));
  }
  rec.submit();
  return { values: DataBuffer.fromDevice(ctx, values.dtype, n, out), validity: DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), ov) };
}

function shiftCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, k: number, segments: DataBuffer<'uint32'> | undefined): ShiftResult {
  const n = values.length;
  const w = dtypeInfo(values.dtype).bytes / 4;
  const x = values.hostView('window');
  const X = new Uint32Array(x.buffer, x.byteOffset, n * w);
  const O = new Uint32Array(n * w);
  const bits = new Uint8Array(Math.ceil(n / 8));
  const V = validity?.hostView('window') as Uint8Array | undefined;
  const S = segments?.hostView('window') as Uint32Array | undefined;
  for (let i = 0; i < n; i++) {
    const s = i - k;
    if (s < 0 || s >= n || (S && S[s] !== S[i]) || (V && ((V[s >> 3]! >> (s & 7)) & 1) === 0)) continue;
    for (let j = 0; j < w; j++) O[i * w + j] = X[s * w + j]!;
    bits[i >> 3]! |= 1 << (i & 7);
  }
  return { values: DataBuffer.fromHost(new (x.constructor as new (b: ArrayBuffer) => typeof x)(O.buffer), values.dtype), validity: DataBuffer.fromHost(bits, 'uint8') };
}

export const shiftKernel = defineKernel({
  name: 'window/shift',
  dtypes: WINDOW_DTYPES,
  tolerance: EXACT,
  nulls: 'A row is null when its source row is null or lies outside the column (or outside its segment); Polars shift fills with null.',
  cpu: shiftCpu,
  gpu: shiftGpu,
});

/**
 * The values `k` rows earlier (k > 0) or later (k < 0), nulls where no such row exists in
 * the column or in the row's segment (see the module header).
 *
 * @example
 * ```ts
 * const r = gf.kernels.shift(gf.array(new Float64Array([1, 2, 3, 4])), 1, { segments: gf.array(new Uint32Array([0, 0, 1, 1])) });
 * await r.values.toArray(); // Float64Array [0, 1, 0, 3] (rows 0 and 2 are null)
 * ```
 */
export function shift(values: DataBuffer, k: number, options: { validity?: DataBuffer<'uint8'>; segments?: DataBuffer<'uint32'> } = {}): ShiftResult {
  expectBuffer('shift', values, 'values');
  expectDType('shift', values.dtype, WINDOW_DTYPES as DTypeName[]);
  expectValidity('shift', options.validity, values.length);
  if (!Number.isInteger(k) || Math.abs(k) >= 2 ** 31) throw new ValueError(`shift: expected an integer number of rows with |k| < 2^31, got ${k}`);
  if (options.segments) {
    expectDType('shift segments', options.segments.dtype, ['uint32']);
    if (options.segments.length !== values.length) throw new ShapeError(`shift: expected ${values.length} segment numbers, got ${options.segments.length}`);
  }
  return run(shiftKernel, values, options.validity, k, options.segments);
}
