/**
 * Widen and narrow: packed 1- and 2-byte dtypes ↔ 32-bit words, exactly.
 *
 * Most kernels bind 32- and 64-bit words only. `widen` turns a packed column (bool, int8,
 * int16, uint8, uint16) into 32-bit words so that sort, group boundaries, gather and the
 * segmented reductions can read it: int8/int16 sign-extend to int32, and uint8/uint16/bool
 * zero-extend to uint32. Every value keeps its exact value and its order. `narrow` is the
 * inverse: it keeps the low 8 or 16 bits of each word, which gives back the original values
 * for anything `widen` produced (and for min/max/first/last of such values).
 *
 * GPU: the packed source is bound as `array<u32>` (its device buffer is padded to 4 bytes).
 * widen runs one thread per output word, reading its byte/halfword with `extractBits`
 * (signed for i32, so the sign extends). narrow runs one thread per output u32 word (4 bytes
 * or 2 halfwords), so no two threads write the same word. Bool values are 0/1 bytes.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { DTypeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';

/** The dtypes stored packed (1 or 2 bytes per value). */
export const PACKED_DTYPES: readonly DTypeName[] = ['bool', 'int8', 'int16', 'uint8', 'uint16'];

/** The 32-bit dtype a packed dtype widens to: int32 for signed, uint32 otherwise. */
export function widenedType(d: DTypeName): 'int32' | 'uint32' {
  return dtypeInfo(d).kind === 'int' ? 'int32' : 'uint32';
}

function widenShader(d: DTypeName) {
  const bits = dtypeInfo(d).bytes * 8;
  const perWord = 32 / bits;
  const signed = dtypeInfo(d).kind === 'int';
  const extract = signed ? `bitcast<u32>(extractBits(bitcast<i32>(w), off, ${bits}u))` : `extractBits(w, off, ${bits}u)`;
  const code = /* wgsl */ `
// cast/widen (${d} -> ${widenedType(d)}): out[i] = the ${bits}-bit field i of the packed input, ${signed ? 'sign' : 'zero'}-extended.
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  let w = X[i / ${perWord}u];
  let off = (i % ${perWord}u) * ${bits}u;
  O[i] = ${extract};
}`;
  return { label: `cast/widen-${d}`, code };
}

function narrowShader(to: DTypeName) {
  const bits = dtypeInfo(to).bytes * 8;
  const perWord = 32 / bits;
  const mask = bits === 8 ? '0xffu' : '0xffffu';
  const code = /* wgsl */ `
// cast/narrow (32-bit -> ${to}): keep the low ${bits} bits of each word; one thread per packed output word.
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = gid.x + gid.y * nwg.x * ${WG}u;
  if (w * ${perWord}u >= P.n) { return; }
  var word = 0u;
  for (var k = 0u; k < ${perWord}u; k++) {
    let i = w * ${perWord}u + k;
    if (i < P.n) { word |= (X[i] & ${mask}) << (k * ${bits}u); }
  }
  O[w] = word;
}`;
  return { label: `cast/narrow-${to}`, code };
}

function widenGpu(ctx: GpuContext, values: DataBuffer): DataBuffer {
  const n = values.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n * 4);
  rec.dispatch(widenShader(values.dtype), new Uint32Array([n, 0, 0, 0]), [values.deviceBuffer(ctx, 'widen'), out], groups(n));
  rec.submit();
  return DataBuffer.fromDevice(ctx, widenedType(values.dtype), n, out);
}

function widenCpu(values: DataBuffer): DataBuffer {
  const to = widenedType(values.dtype);
  const src = values.hostView('widen');
  const out = to === 'int32' ? new Int32Array(src.length) : new Uint32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] as number;
  return DataBuffer.fromHost(out, to);
}

function narrowGpu(ctx: GpuContext, values: DataBuffer, to: DTypeName): DataBuffer {
  const n = values.length;
  const perWord = 4 / dtypeInfo(to).bytes;
  const words = Math.ceil(n / perWord);
  const rec = new Recorder(ctx);
  const out = rec.output(words * 4);
  rec.dispatch(narrowShader(to), new Uint32Array([n, 0, 0, 0]), [values.deviceBuffer(ctx, 'narrow'), out], groups(words));
  rec.submit();
  return DataBuffer.fromDevice(ctx, to, n, out);
}

function narrowCpu(values: DataBuffer, to: DTypeName): DataBuffer {
  const src = values.hostView('narrow') as Int32Array | Uint32Array;
  const out = new (dtypeInfo(to).array)(src.length) as Uint8Array;
  const mask = dtypeInfo(to).bytes === 1 ? 0xff : 0xffff;
  // Typed-array stores wrap to the low bits already; the mask keeps bool and uint8 alike.
  for (let i = 0; i < src.length; i++) out[i] = src[i]! & mask;
  return DataBuffer.fromHost(out, to);
}

export const widenKernel = defineKernel({
  name: 'cast/widen',
  dtypes: PACKED_DTYPES,
  tolerance: EXACT,
  nulls: 'Values only: null slots are widened like any other value; the validity bitmap is unchanged and stays with the caller.',
  cpu: widenCpu,
  gpu: widenGpu,
});

export const narrowKernel = defineKernel({
  name: 'cast/narrow',
  dtypes: PACKED_DTYPES,
  tolerance: EXACT,
  nulls: 'Values only: null slots are narrowed like any other value; the validity bitmap is unchanged and stays with the caller.',
  cpu: narrowCpu,
  gpu: narrowGpu,
});

/**
 * A packed column (bool, int8, int16, uint8, uint16) as 32-bit words: int8/int16 → int32
 * (sign-extended), uint8/uint16/bool → uint32. Exact and order-preserving: int8 [-3, 7] gives
 * int32 [-3, 7]. Internal (packed sort, group and join keys go through it).
 */
export function widen(values: DataBuffer): DataBuffer<'int32' | 'uint32'> {
  expectDType('widen', values.dtype, PACKED_DTYPES);
  return run(widenKernel, values) as DataBuffer<'int32' | 'uint32'>;
}

/**
 * The inverse of `widen`: 32-bit words back to a packed dtype, keeping the low 8 or 16 bits
 * (exact for values that fit `to`, as everything `widen` produced does): int32 [-3, 7] to
 * 'int8' gives int8 [-3, 7]. Internal.
 */
export function narrow<D extends DTypeName>(values: DataBuffer, to: D): DataBuffer<D> {
  expectDType('narrow', values.dtype, ['int32', 'uint32']);
  if (!PACKED_DTYPES.includes(to)) throw new DTypeError(`narrow: expected a target dtype ${PACKED_DTYPES.join(' | ')}, got ${to}`);
  return run(narrowKernel, values, to) as DataBuffer<D>;
}
