/**
 * join/expand: the output rows of a join, from per-probe-row match ranges.
 *
 * Probe row i has `count[i]` matches at sorted build positions lower[i] .. lower[i] +
 * count[i] - 1; it yields that many output rows (at least one when `keepUnmatched`: left
 * and outer joins). Output row j gets its probe row (`rows[j]`) and a sorted build position
 * (`pos[j]`, or NONE for an unmatched probe row). Rows come out in probe order, and the
 * matches of one probe row in build position order. An optional tail of `tail.count` rows
 * follows with rows = NONE and pos = tail.base, tail.base + 1, ... (the unmatched right rows
 * of an outer join, resolved through the same position table).
 *
 * The output size depends on the data, so this op is async: it reads back ONE 8-byte value,
 * the total (a control read), then writes exactly that many rows.
 *
 * GPU, no workgroup memory or barriers:
 * 1. `join/expand-counts`: O[i] = (keepUnmatched ? max(count, 1) : count) as u64 words.
 * 2. An exclusive u64 scan (recordScan wide) of n + 1 words: O[i] = first output row of
 *    probe row i, O[n] = total, exact (a total of 2^32 or more is a ValueError, not a wrap).
 * 3. `join/expand`: one thread per output row j binary-searches the offsets for the last
 *    probe row i with O[i] <= j (rows without output share an offset; the last of them is
 *    the one with output). Long arrays: output windows × probe-row windows; a row window
 *    binds its n + 1 offsets and handles exactly the j with O[start] <= j < O[start + n].
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { readBack } from '../../src/memory/transfer.js';
import { STORAGE_USAGE } from '../../src/memory/pool.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { recordScan } from '../scan/scan.js';
import { ENTRY, LINEAR, NONE } from './common.js';
import { checkSize } from '../../src/memory/budget.js';

const COUNTS = {
  label: 'join/expand-counts',
  code: /* wgsl */ `
// join/expand-counts: O[i] = (keep == 1 ? max(C[i], 1) : C[i]) as a u64 (vec2<u32>).
// Bindings: 0 uniforms {count, keep}, 1 C (match counts window), 2 O (u64 window).
struct Params { count: u32, keep: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> C: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<vec2<u32>>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  var c = C[i];
  if (P.keep == 1u) { c = max(c, 1u); }
  O[i] = vec2<u32>(c, 0u);
}`,
};

const EXPAND = {
  label: 'join/expand',
  code: /* wgsl */ `
// join/expand: output row g = ostart + j of the output window. Rows g >= total are the
// tail (written by the first row window): R = NONE, Q = base + g - total. Otherwise, if
// W[0] <= g < W[rcount] (W: the rcount + 1 scanned offsets of this probe-row window, low
// words), i = the last row with W[i] <= g, k = g - W[i]: R = rstart + i and
// Q = Lo[i] + k when k < C[i], else NONE (an unmatched row kept by a left/outer join).
// Bindings: 0 uniforms, 1 W (offsets window), 2 Lo (lower), 3 C (counts), 4 R, 5 Q (outputs).
struct Params { ocount: u32, ostart: u32, total: u32, rstart: u32, rcount: u32, first: u32, base: u32, p0: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> Lo: array<u32>;
@group(0) @binding(3) var<storage, read> C: array<u32>;
@group(0) @binding(4) var<storage, read_write> R: array<u32>;
@group(0) @binding(5) var<storage, read_write> Q: array<u32>;
${ENTRY} {
  let j = ${LINEAR};
  if (j >= P.ocount) { return; }
  let g = P.ostart + j;
  if (g >= P.total) {
    if (P.first == 1u) { R[j] = ${NONE}u; Q[j] = P.base + (g - P.total); }
    return;
  }
  if (W[0].x > g || W[P.rcount].x <= g) { return; }
  var lo = 0u;
  var hi = P.rcount;
  while (lo < hi) { let m = lo + (hi - lo) / 2u; if (W[m].x <= g) { lo = m + 1u; } else { hi = m; } }
  let i = lo - 1u;
  let k = g - W[i].x;
  R[j] = P.rstart + i;
  Q[j] = select(${NONE}u, Lo[i] + k, k < C[i]);
}`,
};

/** What `joinExpand` returns: the probe row and the sorted build position of each output row. */
export type Expanded = { rows: DataBuffer<'uint32'>; pos: DataBuffer<'uint32'> };
/** Options of `joinExpand`. */
export type ExpandOptions = { keepUnmatched: boolean; tail?: { count: number; base: number }; /** The op an over-budget error names (default 'join'). */ op?: string };

const MAX_ROWS = 2 ** 32 - 1;

function tooMany(total: number): ValueError {
  return new ValueError(`join: expected at most ${MAX_ROWS} output rows, got ${total}`);
}

async function expandGpu(ctx: GpuContext, lower: DataBuffer<'uint32'>, count: DataBuffer<'uint32'>, opts: ExpandOptions): Promise<Expanded> {
  const n = lower.length;
  const cap = ctx.maxBindingBytes;
  const tailCount = opts.tail?.count ?? 0;
  const Off = ctx.pool.acquire((n + 1) * 8, STORAGE_USAGE);
  try {
    const rec1 = new Recorder(ctx);
    rec1.clear(Off, n * 8, 8);
    for (const w of windows(n, 8, cap)) {
      const Cb = count.deviceBuffer(ctx, 'join');
      rec1.dispatch(COUNTS, new Uint32Array([w.count, opts.keepUnmatched ? 1 : 0, 0, 0]), [slice(Cb, w.start, w.count, 4), slice(Off, w.start, w.count, 8)], groups(w.count));
    }
    recordScan(rec1, Off, n + 1, { wide: true });
    rec1.submit();
    const [lo, hi] = new Uint32Array(await readBack(ctx, Off, 8, { offset: n * 8, control: true }));
    const total = hi! * 2 ** 32 + lo!;
    const T = total + tailCount;
    if (T > MAX_ROWS) throw tooMany(T);
    checkSize(opts.op ?? 'join', T, 8);
    const rec2 = new Recorder(ctx);
    const R = rec2.output(T * 4);
    const Q = rec2.output(T * 4);
    // With no probe rows, dummies (distinct buffers) stand in for lower and count.
    const Lb = n > 0 ? lower.deviceBuffer(ctx, 'join') : rec2.temp(4);
    const Cb = n > 0 ? count.deviceBuffer(ctx, 'join') : rec2.temp(4);
    const rowWins = n > 0 ? windows(n, 8, cap - 256) : [{ start: 0, count: 0 }];
    for (const o of windows(T, 4, cap)) {
      rowWins.forEach((r, k) => {
        const u = new Uint32Array([o.count, o.start, total, r.start, r.count, k === 0 ? 1 : 0, opts.tail?.base ?? 0, 0]);
        const binds = [slice(Off, r.start, r.count + 1, 8), slice(Lb, r.start, r.count, 4), slice(Cb, r.start, r.count, 4), slice(R, o.start, o.count, 4), slice(Q, o.start, o.count, 4)];
        rec2.dispatch(EXPAND, u, binds, groups(o.count));
      });
    }
    rec2.submit();
    return { rows: DataBuffer.fromDevice(ctx, 'uint32', T, R), pos: DataBuffer.fromDevice(ctx, 'uint32', T, Q) };
  } finally {
    ctx.pool.release(Off);
  }
}

/**
 * One pass over the counts: their sum, how many are 0, and whether any exceeds 1 (small loops
 * in functions of their own, so V8 optimizes each whole).
 */
function countStats(C: Uint32Array, n: number): { sum: number; zeros: number; over: boolean } {
  let sum = 0;
  let zeros = 0;
  let over = 0;
  for (let i = 0; i < n; i++) {
    const c = C[i]!;
    sum += c;
    zeros += Number(c === 0);
    over |= Number(c > 1);
  }
  return { sum, zeros, over: over !== 0 };
}

/**
 * An inner join whose build keys are unique (each count is 0 or 1, a dimension table): one
 * branch-free pass; every row is written and the cursor moves past the matched ones only, so
 * a miss after the last match writes one slot past the result (the arrays have a spare one).
 */
function expandUnique(Lo: Uint32Array, C: Uint32Array, rows: Uint32Array, pos: Uint32Array, n: number): number {
  let j = 0;
  for (let i = 0; i < n; i++) {
    rows[j] = i;
    pos[j] = Lo[i]!;
    j += C[i]!;
  }
  return j;
}

/** Every probe row's run of build positions (and, kept unmatched, NONE for a row with none). */
function expandRuns(Lo: Uint32Array, C: Uint32Array, rows: Uint32Array, pos: Uint32Array, n: number, keepUnmatched: boolean): number {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const c = C[i]!;
    if (c === 0 && keepUnmatched) {
      rows[j] = i;
      pos[j++] = NONE;
    }
    for (let k = 0; k < c; k++) {
      rows[j] = i;
      pos[j++] = Lo[i]! + k;
    }
  }
  return j;
}

async function expandCpu(lower: DataBuffer<'uint32'>, count: DataBuffer<'uint32'>, opts: ExpandOptions): Promise<Expanded> {
  const Lo = lower.hostView('join') as Uint32Array;
  const C = count.hostView('join') as Uint32Array;
  const n = Lo.length;
  const tailCount = opts.tail?.count ?? 0;
  const stats = countStats(C, n);
  const total = opts.keepUnmatched ? stats.sum + stats.zeros : stats.sum;
  if (total + tailCount > MAX_ROWS) throw tooMany(total + tailCount);
  const T = total + tailCount;
  checkSize(opts.op ?? 'join', T, 8);
  const rows = new Uint32Array(T + 1);
  const pos = new Uint32Array(T + 1);
  let j = !opts.keepUnmatched && !stats.over ? expandUnique(Lo, C, rows, pos, n) : expandRuns(Lo, C, rows, pos, n, opts.keepUnmatched);
  const base = opts.tail?.base ?? 0;
  for (let k = 0; k < tailCount; k++) {
    rows[j] = NONE;
    pos[j++] = base + k;
  }
  return { rows: DataBuffer.fromHost(rows.subarray(0, T), 'uint32'), pos: DataBuffer.fromHost(pos.subarray(0, T), 'uint32') };
}

export const expandKernel = defineKernel({
  name: 'join/expand',
  dtypes: ['uint32'],
  tolerance: EXACT,
  nulls: 'Takes no bitmap; an unmatched probe row kept by a left/outer join gets the position NONE, which gathers as null.',
  cpu: (lower: DataBuffer<'uint32'>, count: DataBuffer<'uint32'>, opts: ExpandOptions) => expandCpu(lower, count, opts),
  gpu: (ctx, lower: DataBuffer<'uint32'>, count: DataBuffer<'uint32'>, opts: ExpandOptions) => expandGpu(ctx, lower, count, opts),
});

/**
 * The output rows of a join from `joinBounds`: for each probe row in order, one output row
 * per match (in build position order), or one with position NONE when it has none and
 * `keepUnmatched`; then `tail.count` rows with probe row NONE and positions tail.base, ...
 * Async: one 8-byte control read for the total. Internal to `DataFrame.join`.
 * With `keepUnmatched`, lower [1, 0, 0] and count [2, 1, 0] give rows [0, 0, 1, 2] and
 * positions [1, 2, 0, NONE].
 */
export function joinExpand(lower: DataBuffer<'uint32'>, count: DataBuffer<'uint32'>, opts: ExpandOptions): Promise<Expanded> {
  expectDType('join lower', lower.dtype, ['uint32']);
  expectDType('join count', count.dtype, ['uint32']);
  if (lower.length !== count.length) throw new ShapeError(`join: expected ${lower.length} counts (one per probe row), got ${count.length}`);
  const t = opts.tail;
  if (t && !(Number.isInteger(t.count) && t.count >= 0 && Number.isInteger(t.base) && t.base >= 0 && t.base + t.count <= MAX_ROWS)) {
    throw new ValueError(`join: expected a tail of integers count, base >= 0 with base + count < 2^32, got count=${t.count}, base=${t.base}`);
  }
  return run(expandKernel, lower, count, opts);
}
