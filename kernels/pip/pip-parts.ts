/**
 * The point loop of the CPU twin of 'pip' (./pip-cpu.ts), one part of the points at a time on
 * the thread pool: the part table and grid are built once by the caller and passed in; each
 * part writes its own points' results and validity bits (part boundaries are multiples of 8
 * points, so no two parts write one bitmap byte). Every point is independent, so the result
 * is the same whatever the number of parts.
 */
import { defineTask } from '../../src/threads/tasks.js';
import { partRange } from '../part-rows.js';
import { isTame, turfPip } from './turf-orient.js';

export interface PartTable {
  count: number;
  xmin: Float64Array;
  xmax: Float64Array;
  ymin: Float64Array;
  ymax: Float64Array;
  feature: Int32Array;
  live: Uint8Array;
  tame: Uint8Array;
}

export interface CpuGrid {
  k: number;
  c0x: number; c0y: number; nx: number; ny: number;
  start: Int32Array;
  entries: Int32Array;
  big: Int32Array;
}

export function bit(bits: Uint8Array | undefined, i: number): boolean {
  return !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
}

const SAT = 2 ** 30;
export const cellOf = (v: number, scale: number): number => Math.max(-SAT, Math.min(SAT, Math.floor(v * scale)));

/** No rank (an unmatched row of a left join). */
export const NO_RANK = 0xffffffff;

export interface PipPartArgs {
  n: number;
  px: Float64Array;
  py: Float64Array;
  /** Point validity (not read in rank mode). */
  pv?: Uint8Array;
  rank?: Uint32Array;
  xy: Float64Array;
  ro: Int32Array;
  po: Int32Array;
  t: PartTable;
  grid?: CpuGrid;
  kind: 'first' | 'count' | 'rank';
  /** Per point: the feature (-1 for none) or, counting, the count. */
  out: Int32Array;
  bits: Uint8Array;
  [key: string]: unknown;
}

export function pipPart(part: number, parts: number, a: PipPartArgs): void {
  const { px, py, pv, rank, xy, ro, po, t, grid, kind, out, bits } = a;
  const [lo0, hi0] = partRange(part, parts, a.n, 8);
  const P = t.count;
  const scale = grid ? 2 ** -grid.k : 0;
  const NONE = 0x7fffffff;

  // Candidate part p: keeps the smallest containing feature in [lo, best).
  const test = (p: number, best: number, lo: number, X: number, Y: number, tp: boolean): number => {
    const f = t.feature[p]!;
    if (!t.live[p] || f >= best || f < lo) return best;
    if (tp && t.tame[p] && (X < t.xmin[p]! || X > t.xmax[p]! || Y < t.ymin[p]! || Y > t.ymax[p]!)) return best;
    // Turf's arithmetic where point and part are tame (exact there), else the exact sign.
    return turfPip(xy, ro, po[p]!, po[p + 1]!, X, Y, !(tp && t.tame[p])) >= 0 ? f : best;
  };

  for (let i = lo0; i < hi0; i++) {
    const X = px[i]!;
    const Y = py[i]!;
    const want = rank ? rank[i]! : 0;
    let result = NONE;
    let found = 0;
    if (want !== NO_RANK && bit(pv, i) && Number.isFinite(X) && Number.isFinite(Y)) {
      const tp = isTame(X) && isTame(Y);
      const useCell = grid !== undefined && tp;
      let c = -1;
      if (useCell) {
        const cx = cellOf(X, scale) - grid.c0x;
        const cy = cellOf(Y, scale) - grid.c0y;
        if (cx >= 0 && cx < grid.nx && cy >= 0 && cy < grid.ny) c = cy * grid.nx + cx;
      }
      // Features in increasing order: each search finds the smallest one >= lo. Without the
      // grid, parts are in feature order, so a search resumes after the last part found.
      let lo = 0;
      let next = 0;
      for (;;) {
        let best = NONE;
        if (useCell) {
          if (c >= 0) for (let j = grid.start[c]!; j < grid.start[c + 1]!; j++) best = test(grid.entries[j]!, best, lo, X, Y, tp);
          for (let j = 0; j < grid.big.length; j++) best = test(grid.big[j]!, best, lo, X, Y, tp);
        } else {
          for (; next < P; ) {
            best = test(next++, best, lo, X, Y, tp);
            if (best !== NONE) break;
          }
        }
        if (best === NONE) break;
        if (kind === 'first' || (kind === 'rank' && found === want)) {
          result = best;
          break;
        }
        found++;
        lo = best + 1;
      }
    }
    if (kind === 'count') out[i] = found;
    else if (result === NONE) out[i] = -1;
    else {
      out[i] = result;
      bits[i >> 3]! |= 1 << (i & 7);
    }
  }
}

defineTask('pip/points', (part, parts, args) => pipPart(part, parts, args as PipPartArgs));
