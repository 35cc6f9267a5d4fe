/**
 * Prefix sum (scan) of uint32/int32 (wrapping mod 2^32) and uint64/int64 (wrapping mod
 * 2^64, exact: vec2<u32> words with an explicit carry). Exclusive by default.
 *
 * GPU, multi-level reduce-then-scan over chunks of CHUNK (16) consecutive elements,
 * one chunk per thread:
 * 1. `scan/reduce`: each thread sums its chunk into a chunk-sums array (n / 16 long).
 * 2. The chunk sums are scanned (exclusive) by the same procedure, recursively, until one
 *    chunk remains (16.8M elements: 6 levels, each 1/16 the size of the one before).
 * 3. `scan/downsweep`: each thread scans its chunk serially from its chunk's offset.
 * Why no workgroup memory: on SwiftShader (the CPU WebGPU the tests and CPU-only users
 * run) a kernel with a 256-word workgroup array and barriers cost ~0.3 ms per workgroup;
 * a Hillis–Steele block scan of 1M u32 took 6.4 s against 43 ms for a map. The serial
 * chunk passes use none, need no barriers, and read/write the data 3 times in all.
 * Signed and unsigned integers share the bits of two's-complement addition, so one
 * pipeline per word width serves both. Every level runs in binding windows whose starts
 * are multiples of 256 elements (whole blocks), so arrays longer than one binding work,
 * and grids past 65,535 workgroups use the runner's 2-D grid.
 *
 * `recordScan` / `recordScanU32` record the same passes on a raw GPUBuffer inside a
 * caller's Recorder, for compaction, sort and groupBy.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows, WG } from '../runner.js';
import { alignedSlice } from './aligned-slice.js';
import { scanCpu } from './scan-cpu.js';

/** Dtypes `scan` accepts. */
export const SCAN_DTYPES: readonly DTypeName[] = ['int32', 'uint32', 'int64', 'uint64'];

/** Consecutive elements each thread scans serially. Window starts (multiples of 256) are whole chunks. */
export const CHUNK = 16;

// Fixed fragments by word width; nothing here depends on data or user input.
function frag(wide: boolean): { T: string; ZERO: string; ADD: string } {
  return wide
    ? {
        T: 'vec2<u32>',
        ZERO: 'vec2<u32>(0u, 0u)',
        ADD: 'fn add(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { let lo = a.x + b.x; return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x)); }',
      }
    : { T: 'u32', ZERO: '0u', ADD: 'fn add(a: u32, b: u32) -> u32 { return a + b; }' };
}

function reduceShader(wide: boolean) {
  const { T, ZERO, ADD } = frag(wide);
  const code = /* wgsl */ `
// scan/reduce: thread t sums the ${CHUNK} consecutive elements of its chunk of D (fewer at
// the end of the window) into S[skip + t].
// Bindings: 0 uniforms {count, skip}, 1 D (data window), 2 S (chunk sums).
struct Params { count: u32, skip: u32, inclusive: u32, hasSums: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> D: array<${T}>;
@group(0) @binding(2) var<storage, read_write> S: array<${T}>;
${ADD}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  let first = t * ${CHUNK}u;
  if (first >= P.count) { return; }
  let last = min(first + ${CHUNK}u, P.count);
  var acc = ${ZERO};
  for (var i = first; i < last; i++) { acc = add(acc, D[i]); }
  S[P.skip + t] = acc;
}`;
  return { label: `scan/reduce-${wide ? 'u64' : 'u32'}`, code };
}

function downsweepShader(wide: boolean) {
  const { T, ZERO, ADD } = frag(wide);
  const code = /* wgsl */ `
// scan/downsweep: thread t scans its ${CHUNK}-element chunk of D in place, serially, starting
// from the scanned sum of the chunks before it (S[skip + t], or 0 when hasSums = 0).
// Bindings: 0 uniforms {count, skip, inclusive, hasSums}, 1 D (data window), 2 S (sums).
struct Params { count: u32, skip: u32, inclusive: u32, hasSums: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> D: array<${T}>;
@group(0) @binding(2) var<storage, read> S: array<${T}>;
${ADD}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * ${WG}u;
  let first = t * ${CHUNK}u;
  if (first >= P.count) { return; }
  let last = min(first + ${CHUNK}u, P.count);
  var acc = ${ZERO};
  if (P.hasSums == 1u) { acc = S[P.skip + t]; }
  if (P.inclusive == 1u) {
    for (var i = first; i < last; i++) { acc = add(acc, D[i]); D[i] = acc; }
  } else {
    for (var i = first; i < last; i++) { let v = D[i]; D[i] = acc; acc = add(acc, v); }
  }
}`;
  return { label: `scan/downsweep-${wide ? 'u64' : 'u32'}`, code };
}

/**
 * Record an in-place prefix sum of the first `n` elements of `buffer` (u32 words, or
 * u64 as word pairs when `wide`) into `rec`. Internal: for kernels built on scan.
 * Temporaries come from `rec` and return to the pool at its submit.
 */
export function recordScan(rec: Recorder, buffer: GPUBuffer, n: number, opts: { wide?: boolean; inclusive?: boolean } = {}): void {
  if (n <= 0) return;
  const wide = opts.wide ?? false;
  const inclusive = opts.inclusive ? 1 : 0;
  const bytes = wide ? 8 : 4;
  const chunks = Math.ceil(n / CHUNK);
  const wins = windows(n, bytes, rec.ctx.maxBindingBytes);
  const down = downsweepShader(wide);
  if (chunks === 1) {
    rec.dispatch(down, new Uint32Array([n, 0, inclusive, 0]), [slice(buffer, 0, n, bytes), rec.temp(bytes)], 1);
    return;
  }
  const sums = rec.temp(chunks * bytes);
  const reduce = reduceShader(wide);
  for (const { start, count } of wins) {
    const s = alignedSlice(sums, start / CHUNK, Math.ceil(count / CHUNK), bytes);
    rec.dispatch(reduce, new Uint32Array([count, s.skip, 0, 0]), [slice(buffer, start, count, bytes), s.binding], groups(Math.ceil(count / CHUNK)));
  }
  recordScan(rec, sums, chunks, { wide, inclusive: false });
  for (const { start, count } of wins) {
    const s = alignedSlice(sums, start / CHUNK, Math.ceil(count / CHUNK), bytes);
    rec.dispatch(down, new Uint32Array([count, s.skip, inclusive, 1]), [slice(buffer, start, count, bytes), s.binding], groups(Math.ceil(count / CHUNK)));
  }
}

/**
 * Record an in-place exclusive (or inclusive) prefix sum of `n` u32 words of `buffer`,
 * wrapping mod 2^32. Internal helper for compaction, sort and groupBy. To get the grand
 * total too, scan n + 1 words with the last one zeroed: its exclusive sum is the total
 * (`rec.clear(counts, n * 4, 4)` before the kernel that writes counts[0..n)).
 */
export function recordScanU32(rec: Recorder, buffer: GPUBuffer, n: number, inclusive = false): void {
  recordScan(rec, buffer, n, { wide: false, inclusive });
}

function scanGpu(ctx: GpuContext, values: DataBuffer, inclusive: boolean): DataBuffer {
  const info = dtypeInfo(values.dtype);
  const n = values.length;
  if (n === 0) return DataBuffer.fromHost(new info.array(0), values.dtype);
  const rec = new Recorder(ctx);
  const out = rec.output(n * info.bytes);
  rec.copy(values.deviceBuffer(ctx, 'scan/scan'), 0, out, 0, n * info.bytes);
  recordScan(rec, out, n, { wide: info.bytes === 8, inclusive });
  rec.submit();
  return DataBuffer.fromDevice(ctx, values.dtype, n, out);
}

export const scanKernel = defineKernel({
  name: 'scan/scan',
  dtypes: SCAN_DTYPES,
  tolerance: EXACT,
  nulls: 'No validity input: null slots are summed like any other value, so callers zero them first (Polars cum_sum skips nulls that way).',
  cpu: (values: DataBuffer, inclusive: boolean) => scanCpu(values, inclusive),
  gpu: (ctx, values: DataBuffer, inclusive: boolean) => scanGpu(ctx, values, inclusive),
});

/**
 * Prefix sum. Exclusive by default (`out[i] = x[0] + … + x[i-1]`, `out[0] = 0`); with
 * `inclusive: true`, `out[i] = x[0] + … + x[i]`. Integer sums wrap around (two's
 * complement, as numpy's cumsum does for fixed-width integers); 64-bit sums are exact.
 *
 * @example
 * ```ts
 * const x = gf.array(new Uint32Array([3, 1, 4, 1]));
 * await gf.kernels.scan(x).toArray();                      // Uint32Array [0, 3, 4, 8]
 * await gf.kernels.scan(x, { inclusive: true }).toArray(); // Uint32Array [3, 4, 8, 9]
 * ```
 */
export function scan<D extends DTypeName>(values: DataBuffer<D>, options: { inclusive?: boolean } = {}): DataBuffer<D> {
  expectBuffer('scan', values, 'values');
  expectDType('scan', values.dtype, SCAN_DTYPES);
  const inclusive = options.inclusive ?? false;
  if (typeof inclusive !== 'boolean') throw new ValueError(`scan: expected options.inclusive to be a boolean, got ${typeof inclusive}`);
  return run(scanKernel, values, inclusive) as DataBuffer<D>;
}
