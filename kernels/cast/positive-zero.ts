/**
 * positiveZero: float32/float64 values with -0 replaced by +0, every other value (NaN
 * payloads included) bit for bit unchanged. Grouping ops (groupBy, unique, valueCounts) sort
 * float keys through it, so that a group holding both -0 and +0 (equal keys, as in Polars
 * and pandas) keeps its rows in frame order instead of the sort's -0-before-+0 order.
 *
 * GPU: one thread per value, on raw bits (`vec2<u32>` for float64), no float operation, so
 * no driver can flush subnormals or canonicalise NaN on the way.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType, type DTypeName } from '../../src/dtypes.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';

const FLOATS: readonly DTypeName[] = ['float32', 'float64'];

function shader(d: DTypeName) {
  const wide = d === 'float64';
  const code = /* wgsl */ `
// cast/positive-zero (${d}): -0 → +0, all other bits unchanged.
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<${wide ? 'vec2<u32>' : 'u32'}>;
@group(0) @binding(2) var<storage, read_write> O: array<${wide ? 'vec2<u32>' : 'u32'}>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  let v = X[i];
  ${wide ? 'if (v.x == 0u && v.y == 0x80000000u) { O[i] = vec2<u32>(0u, 0u); } else { O[i] = v; }' : 'O[i] = select(v, 0u, v == 0x80000000u);'}
}`;
  return { label: `cast/positive-zero-${d}`, code };
}

function positiveZeroGpu(ctx: GpuContext, values: DataBuffer): DataBuffer {
  const n = values.length;
  const rec = new Recorder(ctx);
  const out = rec.output(values.byteLength);
  rec.dispatch(shader(values.dtype), new Uint32Array([n, 0, 0, 0]), [values.deviceBuffer(ctx, 'positiveZero'), out], groups(n));
  rec.submit();
  return DataBuffer.fromDevice(ctx, values.dtype, n, out);
}

function positiveZeroCpu(values: DataBuffer): DataBuffer {
  const src = values.hostView('positiveZero');
  const words = values.dtype === 'float64' ? 2 : 1;
  const w = new Uint32Array(src.buffer, src.byteOffset, src.length * words).slice();
  const hi = words - 1;
  for (let i = 0; i < src.length; i++) {
    if (w[i * words + hi] === 0x80000000 && (words === 1 || w[i * words] === 0)) w[i * words + hi] = 0;
  }
  return DataBuffer.fromHost(values.dtype === 'float64' ? new Float64Array(w.buffer) : new Float32Array(w.buffer), values.dtype);
}

export const positiveZeroKernel = defineKernel({
  name: 'cast/positive-zero',
  dtypes: FLOATS,
  tolerance: EXACT,
  nulls: 'Values only: null slots are mapped like any other value; the validity bitmap stays with the caller.',
  cpu: positiveZeroCpu,
  gpu: positiveZeroGpu,
});

/**
 * float32/float64 values with -0 made +0 (all other bits kept), so that sorting treats the
 * two zeros as one key: [-0, 1, NaN] gives [0, 1, NaN]. Internal (sort and group keys use it).
 */
export function positiveZero<D extends DTypeName>(values: DataBuffer<D>): DataBuffer<D> {
  expectDType('positiveZero', values.dtype, FLOATS);
  return run(positiveZeroKernel, values) as DataBuffer<D>;
}
