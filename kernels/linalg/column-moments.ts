/**
 * 'linalg/column-moments': 'linalg/moments' of the matrix that 'linalg/pack' would build from
 * the same columns, with pack's flags, but read straight from the columns: the scalers' fit
 * statistics without the n × d copy. Returns `stats` (2d float64: means, then population
 * variances; 4d with `{ range: true }`: then mins, then maxs) and `flags` (one word per column:
 * bit 0 = a NaN or ±Inf value, bit 1 = a null slot), bit for bit what pack + moments give:
 * a column with a null has NaN statistics (pack writes the slot as NaN).
 *
 * Order: that of ./moments.ts (blocks of 256 rows from +0, block sums in block order from +0;
 * min/max from the first row, NaN sticky, ties keep the first). The CPU twin sums four blocks
 * of one column at a time (four independent accumulators, each block still in row order), and
 * scans min/max in row order (the block-then-fold order picks the same first extreme value).
 * The device runs pack then moments (their WGSL bodies; the matrix is a device temporary).
 * Tolerance exact.
 */
import type { GpuContext } from '../../src/device/index.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { BLOCK } from './linalg-layout.js';
import { momentsGpu, type MomentsOptions } from './moments.js';
import { packGpu } from './pack.js';

const OP = 'linalg/column-moments';

type Validity = ReadonlyArray<DataBuffer<'uint8'> | undefined>;
type Col = Float64Array | Float32Array;

/** The statistics and the flags of 'linalg/column-moments'. */
export interface ColumnMomentsResult {
  /** 2d (means, variances) or, with range, 4d (then mins, maxs) float64 values. */
  readonly stats: DataBuffer<'float64'>;
  /** One word per column: bit 0 a NaN or ±Inf value, bit 1 a null slot. */
  readonly flags: DataBuffer<'uint32'>;
}

/** Σ over blocks (in order, from +0) of Σ over the block's rows (in order, from +0) of (x_i − mu)², or of x_i without `centred`. */
function blockedSum(x: Col, n: number, mu: number, centred: boolean): number {
  let total = 0;
  let base = 0;
  const four = 4 * BLOCK;
  if (centred) {
    for (; base + four <= n; base += four) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let r = base, e = base + BLOCK; r < e; r++) {
        const t0 = x[r]! - mu, t1 = x[r + BLOCK]! - mu, t2 = x[r + 2 * BLOCK]! - mu, t3 = x[r + 3 * BLOCK]! - mu;
        s0 += t0 * t0;
        s1 += t1 * t1;
        s2 += t2 * t2;
        s3 += t3 * t3;
      }
      total += s0;
      total += s1;
      total += s2;
      total += s3;
    }
  } else {
    for (; base + four <= n; base += four) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let r = base, e = base + BLOCK; r < e; r++) {
        s0 += x[r]!;
        s1 += x[r + BLOCK]!;
        s2 += x[r + 2 * BLOCK]!;
        s3 += x[r + 3 * BLOCK]!;
      }
      total += s0;
      total += s1;
      total += s2;
      total += s3;
    }
  }
  for (; base < n; base += BLOCK) {
    const e = Math.min(base + BLOCK, n);
    let s = 0;
    if (centred) {
      for (let r = base; r < e; r++) {
        const t = x[r]! - mu;
        s += t * t;
      }
    } else for (let r = base; r < e; r++) s += x[r]!;
    total += s;
  }
  return total;
}

/** Bit 0 (a NaN or ±Inf value) and whether a NaN is present, by scanning (only when the sum is not finite). */
function specials(x: Col, n: number): { nonFinite: boolean; nan: boolean } {
  let nonFinite = false;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v !== v) return { nonFinite: true, nan: true };
    if (v - v !== 0) nonFinite = true;
  }
  return { nonFinite, nan: false };
}

/** True when one of the n validity bits is clear. */
function hasNull(v: Uint8Array, n: number): boolean {
  const full = n >> 3;
  for (let b = 0; b < full; b++) if (v[b] !== 255) return true;
  for (let i = full << 3; i < n; i++) if (((v[i >> 3]! >> (i & 7)) & 1) === 0) return true;
  return false;
}

export function columnMomentsCpu(cols: readonly DataBuffer[], validity: Validity, opts: MomentsOptions = {}): ColumnMomentsResult {
  const d = cols.length;
  const n = d ? cols[0]!.length : 0;
  const range = opts.range === true;
  const s = new Float64Array((range ? 4 : 2) * d);
  const flags = new Uint32Array(d);
  for (let j = 0; j < d; j++) {
    const x = cols[j]!.hostView(OP) as Col;
    const v = validity[j]?.hostView(OP) as Uint8Array | undefined;
    const sum = blockedSum(x, n, 0, false);
    let nan = false;
    if (sum - sum !== 0) {
      const sp = specials(x, n);
      if (sp.nonFinite) flags[j]! |= 1;
      nan = sp.nan;
    }
    if (v && hasNull(v, n)) {
      flags[j]! |= 2;
      nan = true;
    }
    if (n === 0 || nan) {
      for (let k = j; k < s.length; k += d) s[k] = NaN;
      continue;
    }
    const mean = sum / n;
    s[j] = mean;
    s[d + j] = blockedSum(x, n, mean, true) / n;
    if (range) {
      let lo = x[0]!;
      let hi = lo;
      for (let i = 1; i < n; i++) {
        const t = x[i]!;
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
      s[2 * d + j] = lo;
      s[3 * d + j] = hi;
    }
  }
  for (let q = 0; q < s.length; q++) if (s[q] !== s[q]) s[q] = NaN;
  return { stats: DataBuffer.fromHost(s, 'float64'), flags: DataBuffer.fromHost(flags, 'uint32') };
}

export function columnMomentsGpu(ctx: GpuContext, cols: readonly DataBuffer[], validity: Validity, opts: MomentsOptions = {}): ColumnMomentsResult {
  const { matrix, flags } = packGpu(ctx, cols, validity);
  try {
    return { stats: momentsGpu(ctx, matrix, opts), flags };
  } finally {
    matrix.data.dispose();
  }
}

/** Per-column mean and population variance (and min/max with `range`) of float64/float32 columns, with pack's NaN/Inf/null flags. */
export const linalgColumnMoments = defineKernel({
  name: OP,
  dtypes: ['float64', 'float32'],
  tolerance: EXACT,
  nulls: 'A null slot sets bit 1 of its column flag and makes that column\'s statistics NaN (as pack then moments); NaN and ±Inf set bit 0.',
  cpu: (cols: readonly DataBuffer[], validity: Validity, opts?: MomentsOptions) => columnMomentsCpu(cols, validity, opts),
  gpu: (ctx, cols: readonly DataBuffer[], validity: Validity, opts?: MomentsOptions) => columnMomentsGpu(ctx, cols, validity, opts),
});
