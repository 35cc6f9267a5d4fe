/**
 * Row selection of nested columns.
 *
 * `gather/list-gather`: the rows of a list-like column (int32 offsets into a child) at row
 * numbers. For output row j with source row r = rows[j] (size s = off[r + 1] - off[r], or 0
 * when r is out of range), it gives new offsets (m + 1 entries from 0: the exclusive scan of
 * the sizes) and the child row numbers that gather the child recursively: slot k of row j is
 * off[r] + (k - newOff[j]). The caller promises a `capacity` >= the total (for distinct rows
 * the source child's length bounds it); slots past the total are NONE (out of range for every
 * gather, so they gather as null). Offsets may start above 0: they index the child absolutely.
 *
 * `gather/fixed-gather`: `width` consecutive values per row (a point's x and y: width 2), or
 * only the validity (width 0, for structs), with gather's null rules.
 *
 * GPU, no workgroup memory or barriers (like join/expand):
 * 1. `list-gather/sizes`: one thread per output row writes its size and its base off[r];
 *    source rows run in binding windows (the first window writes 0 for rows outside it).
 * 2. An exclusive u32 scan (recordScanU32) of the m + 1 sizes: the new offsets.
 * 3. `list-gather/rows`: one thread per child slot k binary-searches the new offsets of a
 *    row window for the last row with newOff[j] <= k; the first row window writes NONE for
 *    slots outside it, so the slack past the total stays NONE.
 * The validity is gather's own pass (recordGatherValidity). Grids past 65,535 workgroups use
 * the runner's 2-D grid.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { gpu, type GpuContext } from '../../src/device/index.js';
import { readBack } from '../../src/memory/transfer.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { recordScanU32 } from '../scan/scan.js';
import { ENTRY, LINEAR, NONE } from '../join/common.js';
import { expectValidity, GATHER_DTYPES, recordGatherValidity, recordGatherValues } from './gather.js';
import { gatherValidityCpu, gatherValuesCpu } from './gather-cpu.js';

const SIZES = {
  label: 'list-gather/sizes',
  code: /* wgsl */ `
// list-gather/sizes: output row j of the output window; r = I[j]. When r is inside the
// source window [rstart, rstart + rcount): S[j] = F[r - rstart + 1] - F[r - rstart] and
// B[j] = F[r - rstart] (F: that window's rcount + 1 offsets); otherwise the first window
// writes S[j] = 0, B[j] = 0 (out-of-range rows are empty).
// Bindings: 0 uniforms, 1 I (rows window), 2 F (offsets window), 3 S (sizes), 4 B (bases).
struct Params { count: u32, rstart: u32, rcount: u32, first: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read> F: array<i32>;
@group(0) @binding(3) var<storage, read_write> S: array<u32>;
@group(0) @binding(4) var<storage, read_write> B: array<u32>;
${ENTRY} {
  let j = ${LINEAR};
  if (j >= P.count) { return; }
  let r = I[j];
  if (r >= P.rstart && r - P.rstart < P.rcount) {
    let i = r - P.rstart;
    S[j] = u32(F[i + 1u] - F[i]);
    B[j] = u32(F[i]);
  } else if (P.first == 1u) {
    S[j] = 0u;
    B[j] = 0u;
  }
}`,
};

const ROWS = {
  label: 'list-gather/rows',
  code: /* wgsl */ `
// list-gather/rows: child slot k = kstart + t of the slot window. If W[0] <= k < W[rcount]
// (W: the rcount + 1 new offsets of this row window), j = the last row with W[j] <= k and
// O[t] = B[j] + k - W[j]; otherwise the first row window writes NONE (the slack past the
// total, and slots of other windows, which those windows overwrite).
// Bindings: 0 uniforms, 1 W (new offsets window), 2 B (bases window), 3 O (slot window).
struct Params { count: u32, kstart: u32, rcount: u32, first: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<u32>;
@group(0) @binding(2) var<storage, read> B: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<u32>;
${ENTRY} {
  let t = ${LINEAR};
  if (t >= P.count) { return; }
  let k = P.kstart + t;
  if (W[0] > k || W[P.rcount] <= k) {
    if (P.first == 1u) { O[t] = ${NONE}u; }
    return;
  }
  var lo = 0u;
  var hi = P.rcount;
  while (lo < hi) { let mid = lo + (hi - lo) / 2u; if (W[mid] <= k) { lo = mid + 1u; } else { hi = mid; } }
  let j = lo - 1u;
  O[t] = B[j] + (k - W[j]);
}`,
};

const EXPAND = {
  label: 'fixed-gather/expand',
  code: /* wgsl */ `
// fixed-gather/expand: value slot q = qstart + t of the window; row j = q / width, part
// q % width: O[t] = I[j] * width + part when I[j] < n, else NONE (out of range: zero bits).
// Bindings: 0 uniforms, 1 I (all rows of the window's span), 2 O (slot window).
struct Params { count: u32, qstart: u32, width: u32, n: u32, jstart: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
${ENTRY} {
  let t = ${LINEAR};
  if (t >= P.count) { return; }
  let q = P.qstart + t;
  let r = I[q / P.width - P.jstart];
  O[t] = select(${NONE}u, r * P.width + q % P.width, r < P.n);
}`,
};

/** What `listGather` returns. */
export type ListGathered = { offsets: DataBuffer<'int32'>; rows: DataBuffer<'uint32'>; validity: DataBuffer<'uint8'> | undefined };

function listGatherCpu(offsets: DataBuffer<'int32'>, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean, capacity: number): ListGathered {
  const F = offsets.hostView('listGather') as Int32Array;
  const I = new Uint32Array(rows.hostView('listGather').buffer, rows.hostView('listGather').byteOffset, rows.length);
  const n = F.length - 1;
  const m = I.length;
  const out = new Int32Array(m + 1);
  const child = new Uint32Array(capacity).fill(NONE);
  let k = 0;
  for (let j = 0; j < m; j++) {
    const r = I[j]!;
    out[j] = k;
    if (r >= n) continue;
    const end = F[r + 1]!;
    for (let c = F[r]!; c < end; c++, k++) if (k < capacity) child[k] = c;
  }
  out[m] = k;
  const v = inRange && !validity ? undefined : gatherValidityCpu(n, rows, validity);
  return { offsets: DataBuffer.fromHost(out, 'int32'), rows: DataBuffer.fromHost(child, 'uint32'), validity: v };
}

function listGatherGpu(ctx: GpuContext, offsets: DataBuffer<'int32'>, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean, capacity: number): ListGathered {
  const n = offsets.length - 1;
  const m = rows.length;
  const cap = ctx.maxBindingBytes;
  const rec = new Recorder(ctx);
  const I = rows.deviceBuffer(ctx, 'listGather');
  const F = offsets.deviceBuffer(ctx, 'listGather');
  const O = rec.output((m + 1) * 4);
  const B = rec.temp(m * 4);
  rec.clear(O, m * 4, 4);
  const srcs = n > 0 ? windows(n, 4, cap - 256) : [{ start: 0, count: 0 }];
  for (const o of windows(m, 4, cap)) {
    srcs.forEach((s, k) => {
      const binds = [slice(I, o.start, o.count, 4), slice(F, s.start, s.count + 1, 4), slice(O, o.start, o.count, 4), slice(B, o.start, o.count, 4)];
      rec.dispatch(SIZES, new Uint32Array([o.count, s.start, s.count, k === 0 ? 1 : 0]), binds, groups(o.count));
    });
  }
  recordScanU32(rec, O, m + 1);
  const C = rec.output(capacity * 4);
  const rowWins = m > 0 ? windows(m, 4, cap - 256) : [{ start: 0, count: 0 }];
  for (const w of windows(capacity, 4, cap)) {
    rowWins.forEach((r, k) => {
      const binds = [slice(O, r.start, r.count + 1, 4), slice(B, r.start, r.count, 4), slice(C, w.start, w.count, 4)];
      rec.dispatch(ROWS, new Uint32Array([w.count, w.start, r.count, k === 0 ? 1 : 0]), binds, groups(w.count));
    });
  }
  const V = inRange && !validity ? undefined : recordGatherValidity(rec, n, validity, I, m);
  rec.submit();
  return {
    offsets: DataBuffer.fromDevice(ctx, 'int32', m + 1, O),
    rows: DataBuffer.fromDevice(ctx, 'uint32', capacity, C),
    validity: V && DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(m / 8), V),
  };
}

export const listGatherKernel = defineKernel({
  name: 'gather/list-gather',
  dtypes: ['int32'],
  tolerance: EXACT,
  nulls: 'Input nulls are carried through; an out-of-range row is a null, empty list; child slots past the total are NONE.',
  cpu: (offsets: DataBuffer<'int32'>, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean, capacity: number) =>
    listGatherCpu(offsets, rows, validity, inRange, capacity),
  gpu: (ctx, offsets: DataBuffer<'int32'>, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean, capacity: number) =>
    listGatherGpu(ctx, offsets, rows, validity, inRange, capacity),
});

/** Options of `listGather`. */
export interface ListGatherOptions {
  /** The column's validity bitmap (Arrow order, n rows); its nulls are carried through. */
  validity?: DataBuffer<'uint8'>;
  /** Every row number is < n: then no input bitmap means no output bitmap. Default false. */
  inRange?: boolean;
  /**
   * Child slots to produce: at least the total size of the selected rows (the caller's
   * promise; for distinct rows the child's length is enough). Slots past the total are NONE.
   */
  capacity: number;
}

const MAX_CAPACITY = 2 ** 31 - 1;

/**
 * The rows of a list-like column at `rows`: new int32 offsets (from 0), the child row
 * numbers to gather the child with (`capacity` of them, NONE past the total), and the
 * validity (gather's rules: an out-of-range row is null; with `inRange` and no input
 * bitmap, none is built). Offsets may start above 0.
 *
 * @example
 * ```ts
 * // [[1, 2], [], [3]] as offsets [0, 2, 2, 3]; rows [2, 0]
 * const g = gf.kernels.listGather(gf.array(new Int32Array([0, 2, 2, 3])), gf.array(new Uint32Array([2, 0])), { capacity: 3, inRange: true });
 * await g.offsets.toArray(); // Int32Array [0, 1, 3]
 * await g.rows.toArray();    // Uint32Array [2, 0, 1]
 * ```
 */
export function listGather(offsets: DataBuffer<'int32'>, rows: DataBuffer<'uint32' | 'int32'>, options: ListGatherOptions): ListGathered {
  expectBuffer('listGather', offsets, 'offsets');
  expectDType('listGather offsets', offsets.dtype, ['int32']);
  expectDType('listGather rows', rows.dtype, ['uint32', 'int32']);
  if (offsets.length < 1) throw new ShapeError('listGather: expected offsets of at least 1 entry, got 0');
  expectValidity('listGather', options.validity, offsets.length - 1);
  const { capacity } = options;
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY) throw new ValueError(`listGather: expected options.capacity as an integer in [0, 2^31), got ${capacity}`);
  const inRange = options.inRange ?? false;
  if (typeof inRange !== 'boolean') throw new ValueError(`listGather: expected options.inRange to be a boolean, got ${typeof inRange}`);
  return run(listGatherKernel, offsets, rows as DataBuffer<'uint32'>, options.validity, inRange, capacity);
}

/**
 * The last entry of int32 offsets (the total of a `listGather`): read on the host, or one
 * 4-byte control read from the device. Internal.
 */
export async function lastOffset(offsets: DataBuffer<'int32'>): Promise<number> {
  const n = offsets.length;
  if (offsets.residency !== 'device') return (offsets.hostView('lastOffset') as Int32Array)[n - 1]!;
  const ctx = gpu();
  const buf = await readBack(ctx, offsets.deviceBuffer(ctx, 'lastOffset'), 4, { offset: (n - 1) * 4, control: true });
  return new Int32Array(buf)[0]!;
}

/** What `fixedGather` returns. */
export type FixedGathered = { values: DataBuffer | undefined; validity: DataBuffer<'uint8'> | undefined };

function fixedGatherCpu(values: DataBuffer | undefined, width: number, n: number, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean): FixedGathered {
  let out: DataBuffer | undefined;
  if (values && width > 0) {
    const h = rows.hostView('fixedGather');
    const I = new Uint32Array(h.buffer, h.byteOffset, rows.length);
    const idx = new Uint32Array(I.length * width);
    for (let j = 0; j < I.length; j++) {
      const r = I[j]!;
      for (let p = 0; p < width; p++) idx[j * width + p] = r < n ? r * width + p : NONE;
    }
    out = gatherValuesCpu(values, DataBuffer.fromHost(idx, 'uint32'));
  }
  return { values: out, validity: inRange && !validity ? undefined : gatherValidityCpu(n, rows, validity) };
}

function fixedGatherGpu(ctx: GpuContext, values: DataBuffer | undefined, width: number, n: number, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean): FixedGathered {
  const m = rows.length;
  const rec = new Recorder(ctx);
  const I = rows.deviceBuffer(ctx, 'fixedGather');
  let out: GPUBuffer | undefined;
  if (values && width > 0 && n === 0) {
    // Every row is out of range: zero bits (gather binds no empty source).
    out = rec.output(m * width * dtypeInfo(values.dtype).bytes);
    rec.clear(out);
  } else if (values && width > 0) {
    const q = m * width;
    const X = rec.temp(q * 4);
    // Slot windows start at any row, so the rows are bound from the 256-aligned row below
    // (up to 255 rows more than the window needs: hence the margin below the cap).
    for (const w of windows(q, 4, ctx.maxBindingBytes - 2048)) {
      const j0 = Math.floor(w.start / width);
      const j1 = Math.ceil((w.start + w.count) / width);
      const a = j0 - (j0 % 256);
      const u = new Uint32Array([w.count, w.start, width, n, a, 0, 0, 0]);
      rec.dispatch(EXPAND, u, [slice(I, a, j1 - a, 4), slice(X, w.start, w.count, 4)], groups(w.count));
    }
    out = recordGatherValues(rec, values, X, q);
  }
  const V = inRange && !validity ? undefined : recordGatherValidity(rec, n, validity, I, m);
  rec.submit();
  return {
    values: out && DataBuffer.fromDevice(ctx, values!.dtype, m * width, out),
    validity: V && DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(m / 8), V),
  };
}

export const fixedGatherKernel = defineKernel({
  name: 'gather/fixed-gather',
  dtypes: GATHER_DTYPES,
  tolerance: EXACT,
  nulls: 'Input nulls are carried through; an out-of-range row gives null with zero value bits (cuDF NULLIFY).',
  cpu: (values: DataBuffer | undefined, width: number, n: number, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean) =>
    fixedGatherCpu(values, width, n, rows, validity, inRange),
  gpu: (ctx, values: DataBuffer | undefined, width: number, n: number, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean) =>
    fixedGatherGpu(ctx, values, width, n, rows, validity, inRange),
});

/** Options of `fixedGather`. */
export interface FixedGatherOptions {
  /** Values per row (2 for a point's x and y); 0 gathers only the validity. */
  width: number;
  /** Rows of the source (values.length / width when values are given). */
  rows: number;
  /** The source's validity bitmap (Arrow order); its nulls are carried through. */
  validity?: DataBuffer<'uint8'>;
  /** Every row number is < rows: then no input bitmap means no output bitmap. Default false. */
  inRange?: boolean;
}

/**
 * Gather `width` consecutive values per row (a stride gather: a point column's x, y pairs),
 * or with `width: 0` only the validity of `rows` source rows. Out-of-range rows give zero
 * bits and null, as `gather`. Internal: with `width: 2`, points [0, 1, 10, 11, 20, 21] at
 * rows [2, 0] give [20, 21, 0, 1].
 */
export function fixedGather(values: DataBuffer | undefined, rows: DataBuffer<'uint32' | 'int32'>, options: FixedGatherOptions): FixedGathered {
  const { width, rows: n } = options;
  if (!Number.isInteger(width) || width < 0) throw new ValueError(`fixedGather: expected options.width as an integer >= 0, got ${width}`);
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`fixedGather: expected options.rows as an integer >= 0, got ${n}`);
  if (values) {
    expectDType('fixedGather', values.dtype, GATHER_DTYPES as readonly DTypeName[]);
    if (values.length !== n * width) throw new ShapeError(`fixedGather: expected ${n * width} values (${n} rows × ${width}), got ${values.length}`);
  }
  expectDType('fixedGather rows', rows.dtype, ['uint32', 'int32']);
  expectValidity('fixedGather', options.validity, n);
  if (rows.length * width > 2 ** 32 - 1) throw new ValueError(`fixedGather: expected at most 2^32 - 1 values, got ${rows.length * width}`);
  const inRange = options.inRange ?? false;
  if (typeof inRange !== 'boolean') throw new ValueError(`fixedGather: expected options.inRange to be a boolean, got ${typeof inRange}`);
  return run(fixedGatherKernel, values, width, n, rows as DataBuffer<'uint32'>, options.validity, inRange);
}
