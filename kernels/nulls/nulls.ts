/**
 * Null helpers on validity bitmaps (Arrow bit order):
 * - `nullFlags(validity, n)`: uint32 per row, 1 where the row is null, 0 where valid. Used as
 *   a sort key to place nulls first or last.
 * - `fillNull(values, validity, scalar)`: a copy of `values` whose null slots hold `scalar`
 *   (valid slots keep their bits). Gives null slots one defined value so that stable sorts
 *   keep nulls in input order.
 *
 * GPU: one thread per row; validity read as u32 words (bit i = word i>>5, bit i&31).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, scalarWords, expectDType, WORD_DTYPES, type DTypeName } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import type { Scalar } from '../map/map.js';

const FLAGS_WGSL = /* wgsl */ `
// nulls/flags: out[i] = 1 if row i is null (validity bit 0), else 0.
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> V: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  O[i] = 1u - ((V[i >> 5u] >> (i & 31u)) & 1u);
}`;

function fillShader(wide: boolean) {
  const T = wide ? 'vec2<u32>' : 'u32';
  const s = wide ? 'vec2<u32>(P.s0, P.s1)' : 'P.s0';
  return /* wgsl */ `
// nulls/fill: out[i] = values[i] where valid, else the scalar (raw bits).
struct Params { n: u32, s0: u32, s1: u32, p: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<${T}>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<${T}>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  if (((V[i >> 5u] >> (i & 31u)) & 1u) == 1u) { O[i] = A[i]; } else { O[i] = ${s}; }
}`;
}

function checkBitmap(op: string, validity: DataBuffer<'uint8'>, n: number): void {
  expectDType(`${op} validity`, validity.dtype, ['uint8']);
  if (validity.length < Math.ceil(n / 8)) throw new ShapeError(`${op}: expected a validity bitmap of ${Math.ceil(n / 8)} bytes, got ${validity.length}`);
  if (n * 8 > 2 ** 31) throw new ShapeError(`${op}: expected at most 2^28 rows, got ${n}`);
}

function flagsCpu(validity: DataBuffer<'uint8'>, n: number): DataBuffer<'uint32'> {
  const bits = validity.hostView('nullFlags') as Uint8Array;
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 - ((bits[i >> 3]! >> (i & 7)) & 1);
  return DataBuffer.fromHost(out, 'uint32');
}

function flagsGpu(ctx: GpuContext, validity: DataBuffer<'uint8'>, n: number): DataBuffer<'uint32'> {
  const rec = new Recorder(ctx);
  const out = rec.output(n * 4);
  rec.dispatch({ label: 'nulls/flags', code: FLAGS_WGSL }, new Uint32Array([n, 0, 0, 0]), [validity.deviceBuffer(ctx, 'nullFlags'), out], groups(n));
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'uint32', n, out);
}


function fillCpu(values: DataBuffer, validity: DataBuffer<'uint8'>, s: Scalar): DataBuffer {
  const d = values.dtype;
  const src = values.hostView('fillNull');
  const out = src.slice();
  const bits = validity.hostView('fillNull') as Uint8Array;
  const [w0, w1] = scalarWords(d, s);
  const wide = dtypeInfo(d).bytes === 8;
  const ow = new Uint32Array(out.buffer, out.byteOffset, out.length * (wide ? 2 : 1));
  for (let i = 0; i < values.length; i++) {
    if (((bits[i >> 3]! >> (i & 7)) & 1) === 0) {
      if (wide) {
        ow[2 * i] = w0;
        ow[2 * i + 1] = w1;
      } else ow[i] = w0;
    }
  }
  return DataBuffer.fromHost(out, d);
}

function fillGpu(ctx: GpuContext, values: DataBuffer, validity: DataBuffer<'uint8'>, s: Scalar): DataBuffer {
  const bytes = dtypeInfo(values.dtype).bytes;
  const n = values.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n * bytes);
  const [s0, s1] = scalarWords(values.dtype, s);
  rec.dispatch({ label: `nulls/fill-${bytes * 8}`, code: fillShader(bytes === 8) }, new Uint32Array([n, s0, s1, 0]), [values.deviceBuffer(ctx, 'fillNull'), validity.deviceBuffer(ctx, 'fillNull'), out], groups(n));
  rec.submit();
  return DataBuffer.fromDevice(ctx, values.dtype, n, out);
}

export const nullFlagsKernel = defineKernel({
  name: 'nulls/flags',
  dtypes: ['uint8'],
  tolerance: EXACT,
  nulls: 'Reads only the validity bitmap: 1 for a null row, 0 for a valid one.',
  cpu: (validity: DataBuffer<'uint8'>, n: number) => flagsCpu(validity, n),
  gpu: (ctx, validity: DataBuffer<'uint8'>, n: number) => flagsGpu(ctx, validity, n),
});

export const fillNullKernel = defineKernel({
  name: 'nulls/fill',
  dtypes: WORD_DTYPES,
  tolerance: EXACT,
  nulls: 'Null slots take the scalar; the result has no nulls (the caller drops the bitmap).',
  cpu: (values: DataBuffer, validity: DataBuffer<'uint8'>, s: Scalar) => fillCpu(values, validity, s),
  gpu: (ctx, values: DataBuffer, validity: DataBuffer<'uint8'>, s: Scalar) => fillGpu(ctx, values, validity, s),
});

/**
 * 1 for each null row, 0 for each valid row, from an Arrow validity bitmap of `n` rows.
 * Binds the whole bitmap and output, so n is limited to maxBindingBytes / 4 rows.
 *
 * @example
 * ```ts
 * const f = gf.kernels.nullFlags(gf.array(new Uint8Array([0b101]), 'uint8'), 3); // Uint32Array [0, 1, 0]
 * ```
 */
export function nullFlags(validity: DataBuffer<'uint8'>, n: number): DataBuffer<'uint32'> {
  expectBuffer('nullFlags', validity, 'validity');
  checkBitmap('nullFlags', validity, n);
  return run(nullFlagsKernel, validity, n);
}

/**
 * Replace null slots of `values` by `scalar` (exact bits of the value in the column's dtype).
 *
 * @example
 * ```ts
 * const v = gf.kernels.fillNull(gf.array(new Float64Array([1, 2, 3])), gf.array(new Uint8Array([0b101]), 'uint8'), 0);
 * await v.toArray(); // Float64Array [1, 0, 3]
 * ```
 */
export function fillNull<D extends DTypeName>(values: DataBuffer<D>, validity: DataBuffer<'uint8'>, scalar: Scalar): DataBuffer<D> {
  expectBuffer('fillNull', values, 'values');
  expectDType('fillNull', values.dtype, WORD_DTYPES);
  checkBitmap('fillNull', validity, values.length);
  return run(fillNullKernel, values, validity, scalar) as DataBuffer<D>;
}
