/**
 * The row parts of the k-means CPU twins (./kmeans-cpu.ts, ./plusplus-cpu.ts), run by the
 * thread pool: each is a pure function of (part, parts, args) over typed arrays, reading the
 * rows [lo, hi) of its part (./../part-rows.ts) and writing only those rows of its outputs.
 *
 * Float sums are never combined across parts: a part returns the partials of its own
 * summation blocks (BLOCK rows each, from +0 in row order; part boundaries are multiples of
 * BLOCK), and the caller folds all block partials in block order from +0: the order the
 * device and the one-thread twin use, so every part count gives the same bits.
 */
import { defineTask } from '../../src/threads/tasks.js';
import { partRange } from '../part-rows.js';
import { BLOCK } from './layout.js';

/** Squared distance between row xb of m and row cb of c, in feature order from +0. */
export function dist(m: Float64Array, xb: number, c: Float64Array, cb: number, d: number): number {
  let acc = 0;
  for (let j = 0; j < d; j++) {
    const t = m[xb + j]! - c[cb + j]!;
    acc += t * t;
  }
  return acc;
}

export interface AssignArgs {
  m: Float64Array;
  c: Float64Array;
  n: number;
  d: number;
  k: number;
  /** Previous labels (the changed count compares with them), or absent. */
  old?: Int32Array;
  labels: Int32Array;
  /** Squared distances out, or absent. */
  dists?: Float64Array;
  [key: string]: unknown;
}

/** Nearest center of each row of the part (ties to the smallest index; -1 and NaN for a non-finite row); returns the rows whose label changed. */
export function assignPart(part: number, parts: number, a: AssignArgs): number {
  const { m, c, d, k, old, labels, dists } = a;
  const [lo, hi] = partRange(part, parts, a.n);
  let changed = 0;
  for (let i = lo; i < hi; i++) {
    const xb = i * d;
    let ok = true;
    for (let j = 0; j < d; j++) if (m[xb + j]! - m[xb + j]! !== 0) ok = false;
    let best = -1;
    let bd = NaN;
    if (ok) {
      best = 0;
      bd = dist(m, xb, c, 0, d);
      for (let cl = 1; cl < k; cl++) {
        const dd = dist(m, xb, c, cl * d, d);
        if (dd < bd) {
          bd = dd;
          best = cl;
        }
      }
    }
    labels[i] = best;
    if (dists) dists[i] = bd;
    if (!old || old[i] !== best) changed++;
  }
  return changed;
}

export interface UpdateArgs {
  m: Float64Array;
  lab: Int32Array;
  n: number;
  d: number;
  k: number;
  w?: Float64Array;
  [key: string]: unknown;
}

/**
 * Per summation block of the part, the (weighted) sums of each cluster's coordinates and its
 * weight: `sums` holds blocks × k × d values, `weights` blocks × k.
 */
export function updatePart(part: number, parts: number, a: UpdateArgs): { sums: Float64Array; weights: Float64Array } {
  const { m, lab, d, k, w: wv } = a;
  const [lo, hi] = partRange(part, parts, a.n, BLOCK);
  const kd = k * d;
  const nb = Math.ceil((hi - lo) / BLOCK);
  const sums = new Float64Array(nb * kd);
  const weights = new Float64Array(nb * k);
  for (let b = 0, base = lo; base < hi; b++, base += BLOCK) {
    const so = b * kd;
    const wo = b * k;
    const end = Math.min(base + BLOCK, hi);
    for (let i = base; i < end; i++) {
      const l = lab[i]!;
      if (l < 0 || l >= k) continue;
      if (wv) {
        const w = wv[i]!;
        weights[wo + l]! += w;
        for (let j = 0; j < d; j++) sums[so + l * d + j]! += m[i * d + j]! * w;
      } else {
        weights[wo + l]! += 1;
        for (let j = 0; j < d; j++) sums[so + l * d + j]! += m[i * d + j]!;
      }
    }
  }
  return { sums, weights };
}

export interface BlockSumArgs {
  v: Float64Array;
  n: number;
  w?: Float64Array;
  [key: string]: unknown;
}

/** Block sums of v (of v * w with weights) over the part's blocks, each from +0 in order. */
export function blockSumPart(part: number, parts: number, a: BlockSumArgs): Float64Array {
  const { v, w } = a;
  const [lo, hi] = partRange(part, parts, a.n, BLOCK);
  const out = new Float64Array(Math.ceil((hi - lo) / BLOCK));
  for (let b = 0, base = lo; base < hi; b++, base += BLOCK) {
    let acc = 0;
    const end = Math.min(base + BLOCK, hi);
    if (w) for (let i = base; i < end; i++) acc += v[i]! * w[i]!;
    else for (let i = base; i < end; i++) acc += v[i]!;
    out[b] = acc;
  }
  return out;
}

/** Fold per-part block partials (rows of `width`) into `total` in block order from `total`'s values. */
export function foldBlocks(total: Float64Array, partials: readonly Float64Array[], width: number): void {
  for (const p of partials) {
    for (let o = 0; o < p.length; o += width) for (let q = 0; q < width; q++) total[q]! += p[o + q]!;
  }
}

defineTask('kmeans/assign-rows', (part, parts, args) => assignPart(part, parts, args as AssignArgs));
defineTask('kmeans/update-blocks', (part, parts, args) => updatePart(part, parts, args as UpdateArgs));
defineTask('kmeans/block-sums', (part, parts, args) => blockSumPart(part, parts, args as BlockSumArgs));

export interface SeedArgs {
  m: Float64Array;
  n: number;
  d: number;
  /** D: each row's squared distance to its nearest chosen center (written by 'kmeans/seed-dist'). */
  dd: Float64Array;
  /** DD: n × trials candidate minima. */
  cand: Float64Array;
  trials: number;
  /** seed-dist: the first center (d values), or -1 and the chosen trial `best` to take DD's column. */
  first?: Float64Array;
  best: number;
  /** seed-gains: the trials' candidate centers (trials × d). */
  g?: Float64Array;
  [key: string]: unknown;
}

/** k-means++: D over the part's rows (to the first center, or DD's column `best`), then D's block sums. */
export function seedDistPart(part: number, parts: number, a: SeedArgs): Float64Array {
  const { m, d, dd, cand, trials, first, best } = a;
  const [lo, hi] = partRange(part, parts, a.n, BLOCK);
  if (first) for (let i = lo; i < hi; i++) dd[i] = dist(m, i * d, first, 0, d);
  else for (let i = lo; i < hi; i++) dd[i] = cand[i * trials + best]!;
  return blockSumPart(0, 1, { v: dd.subarray(lo, hi), n: hi - lo });
}

/** k-means++: DD[i, t] = min(D[i], dist(x_i, G_t)) over the part's rows, and per block and trial the sum of D[i] - DD[i, t] (blocks × trials). */
export function seedGainsPart(part: number, parts: number, a: SeedArgs): Float64Array {
  const { m, d, dd, cand, trials } = a;
  const g = a.g!;
  const [lo, hi] = partRange(part, parts, a.n, BLOCK);
  for (let i = lo; i < hi; i++) {
    const di = dd[i]!;
    for (let t = 0; t < trials; t++) {
      const v = dist(m, i * d, g, t * d, d);
      cand[i * trials + t] = v < di ? v : di;
    }
  }
  const out = new Float64Array(Math.ceil((hi - lo) / BLOCK) * trials);
  for (let b = 0, base = lo; base < hi; b++, base += BLOCK) {
    const end = Math.min(base + BLOCK, hi);
    for (let t = 0; t < trials; t++) {
      let acc = 0;
      for (let i = base; i < end; i++) {
        const v = cand[i * trials + t]!;
        if (v !== dd[i]) acc += dd[i]! - v;
      }
      out[b * trials + t] = acc;
    }
  }
  return out;
}

defineTask('kmeans/seed-dist', (part, parts, args) => seedDistPart(part, parts, args as SeedArgs));
defineTask('kmeans/seed-gains', (part, parts, args) => seedGainsPart(part, parts, args as SeedArgs));
