/**
 * sequence: out[i] = start + i as uint32 (row numbers, identity permutations), made where
 * the data lives so that no index array has to be uploaded. One thread per element.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { checkSize } from '../../src/memory/budget.js';

const SEQUENCE_WGSL = /* wgsl */ `
// sequence: out[i] = start + i (u32, wrapping), one thread per element.
struct Params { n: u32, start: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  O[i] = P.start + i;
}`;

function sequenceGpu(ctx: GpuContext, n: number, start: number): DataBuffer<'uint32'> {
  const rec = new Recorder(ctx);
  const out = rec.output(n * 4);
  rec.dispatch({ label: 'sequence/sequence', code: SEQUENCE_WGSL }, new Uint32Array([n, start, 0, 0]), [out], groups(n));
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'uint32', n, out);
}

function sequenceCpu(n: number, start: number): DataBuffer<'uint32'> {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = start + i;
  return DataBuffer.fromHost(out, 'uint32');
}

export const sequenceKernel = defineKernel({
  name: 'sequence/sequence',
  dtypes: ['uint32'],
  tolerance: EXACT,
  nulls: 'Produces no nulls; takes no input column.',
  cpu: sequenceCpu,
  gpu: sequenceGpu,
});

/**
 * `[start, start + 1, ..., start + n - 1]` as uint32, made on the active backend.
 *
 * @example
 * ```ts
 * const rows = gf.kernels.sequence(4, 10); // Uint32Array [10, 11, 12, 13]
 * ```
 */
export function sequence(n: number, start = 0): DataBuffer<'uint32'> {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(start) || start < 0 || start + n > 2 ** 32) {
    throw new ValueError(`sequence: expected integers n >= 0 and start >= 0 with start + n <= 2^32, got n=${n}, start=${start}`);
  }
  checkSize('sequence', n, 4);
  return run(sequenceKernel, n, start);
}
