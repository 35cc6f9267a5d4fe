/**
 * join/bounds: for each probe key id, where its matches start in the sorted build ids and
 * how many there are: lower[i] = first position p with build[p] == probe[i], count[i] = the
 * number of such p (0, with lower 0, when there is none or probe[i] is NONE, the id of a
 * null key, which matches nothing).
 *
 * GPU, `join/bounds`: one thread per probe row, two binary searches (lower and upper bound)
 * in the sorted build ids. Long arrays: probe windows × build windows, build windows in
 * order; each pass searches only its build window and adds the matches it finds, so a run
 * of equal ids that spans windows is counted whole and `lower` is its first position.
 *
 * CPU: with ids no larger than a few times the row count (join key ids are dense), one
 * table of run starts and lengths indexed by id; otherwise the same binary searches.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { ENTRY, LINEAR, NONE, pick, tableFits } from './common.js';

const BOUNDS = {
  label: 'join/bounds',
  code: /* wgsl */ `
// join/bounds: for probe row i of the window, lb/ub = lower/upper bound of X[i] in the
// sorted build window B (bcount ids, the window starting at build position bstart). When
// first == 1 the outputs start at 0. A hit adds ub - lb to C[i] and, if C[i] was 0, sets
// L[i] = bstart + lb. X[i] == NONE (a null key) matches nothing.
// Bindings: 0 uniforms, 1 X (probe ids window), 2 B (build window), 3 L (lower), 4 C (count).
struct Params { count: u32, bstart: u32, bcount: u32, first: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read> B: array<u32>;
@group(0) @binding(3) var<storage, read_write> L: array<u32>;
@group(0) @binding(4) var<storage, read_write> C: array<u32>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  var lower = 0u;
  var count = 0u;
  if (P.first == 0u) { lower = L[i]; count = C[i]; }
  let x = X[i];
  if (x != ${NONE}u && P.bcount > 0u) {
    var lo = 0u;
    var hi = P.bcount;
    while (lo < hi) { let m = lo + (hi - lo) / 2u; if (B[m] < x) { lo = m + 1u; } else { hi = m; } }
    let lb = lo;
    hi = P.bcount;
    while (lo < hi) { let m = lo + (hi - lo) / 2u; if (B[m] <= x) { lo = m + 1u; } else { hi = m; } }
    if (lo > lb) {
      if (count == 0u) { lower = P.bstart + lb; }
      count += lo - lb;
    }
  }
  L[i] = lower;
  C[i] = count;
}`,
};

type Bounds = { lower: DataBuffer<'uint32'>; count: DataBuffer<'uint32'> };

function boundsGpu(ctx: GpuContext, probe: DataBuffer<'uint32'>, build: DataBuffer<'uint32'>): Bounds {
  const n = probe.length;
  const cap = ctx.maxBindingBytes;
  const rec = new Recorder(ctx);
  const L = rec.output(n * 4);
  const C = rec.output(n * 4);
  if (n > 0) {
    const X = probe.deviceBuffer(ctx, 'join');
    const Bb = build.length > 0 ? build.deviceBuffer(ctx, 'join') : rec.temp(4);
    const bw = build.length > 0 ? windows(build.length, 4, cap) : [{ start: 0, count: 0 }];
    for (const p of windows(n, 4, cap)) {
      bw.forEach((b, k) => {
        const u = new Uint32Array([p.count, b.start, b.count, k === 0 ? 1 : 0]);
        rec.dispatch(BOUNDS, u, [slice(X, p.start, p.count, 4), slice(Bb, b.start, b.count, 4), slice(L, p.start, p.count, 4), slice(C, p.start, p.count, 4)], groups(p.count));
      });
    }
  }
  rec.submit();
  return { lower: DataBuffer.fromDevice(ctx, 'uint32', n, L), count: DataBuffer.fromDevice(ctx, 'uint32', n, C) };
}

/** lower/count of each probe id from the tables, branch-free (half the probes may miss). */
function lookUpRuns(X: Int32Array, first: Uint32Array, runs: Uint32Array, lower: Uint32Array, count: Uint32Array, maxId: number): void {
  const spare = maxId + 1;
  for (let i = 0; i < X.length; i++) {
    const x = X[i]!;
    const id = pick(Number(x >= 0) & Number(x <= maxId), x, spare); // ids ≥ 2^31 read as negative here
    lower[i] = first[id]!;
    count[i] = runs[id]!;
  }
}

function boundsCpu(probe: DataBuffer<'uint32'>, build: DataBuffer<'uint32'>): Bounds {
  const X = probe.hostView('join') as Uint32Array;
  const B = build.hostView('join') as Uint32Array;
  const n = X.length;
  const m = B.length;
  const lower = new Uint32Array(n);
  const count = new Uint32Array(n);
  // Key ids are dense (0..G-1), so a table indexed by id replaces the binary searches when
  // the largest id is small; both give the first position and the length of each run.
  let end = m;
  while (end > 0 && B[end - 1] === NONE) end--;
  const maxId = end > 0 ? B[end - 1]! : -1;
  if (tableFits(maxId, n + m)) {
    // One spare slot (first 0, run 0) stands for every probe id past maxId, NONE included.
    const first = new Uint32Array(maxId + 2);
    const runs = new Uint32Array(maxId + 2);
    for (let p = end - 1; p >= 0; p--) {
      const id = B[p]!;
      first[id] = p;
      runs[id]!++;
    }
    lookUpRuns(new Int32Array(X.buffer, X.byteOffset, n), first, runs, lower, count, maxId);
  } else {
    for (let i = 0; i < n; i++) {
      const x = X[i]!;
      if (x === NONE) continue;
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (B[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      const lb = lo;
      hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (B[mid]! <= x) lo = mid + 1;
        else hi = mid;
      }
      if (lo > lb) {
        lower[i] = lb;
        count[i] = lo - lb;
      }
    }
  }
  return { lower: DataBuffer.fromHost(lower, 'uint32'), count: DataBuffer.fromHost(count, 'uint32') };
}

export const boundsKernel = defineKernel({
  name: 'join/bounds',
  dtypes: ['uint32'],
  tolerance: EXACT,
  nulls: 'A probe id of NONE (2^32 - 1, a null key) matches nothing: Polars join_nulls=False.',
  cpu: (probe: DataBuffer<'uint32'>, build: DataBuffer<'uint32'>) => boundsCpu(probe, build),
  gpu: (ctx, probe: DataBuffer<'uint32'>, build: DataBuffer<'uint32'>) => boundsGpu(ctx, probe, build),
});

/**
 * For each probe key id, the first position (`lower`) and number (`count`) of equal ids in
 * the ascending `build` ids; `count` is 0 (and `lower` 0) for no match and for NONE.
 * Internal to `DataFrame.join`. Probe [2, 0, 9] in build [0, 2, 2]: lower [1, 0, 0], count
 * [2, 1, 0].
 */
export function joinBounds(probe: DataBuffer<'uint32'>, build: DataBuffer<'uint32'>): Bounds {
  expectDType('join probe ids', probe.dtype, ['uint32']);
  expectDType('join build ids', build.dtype, ['uint32']);
  return run(boundsKernel, probe, build);
}
