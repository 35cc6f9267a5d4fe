/**
 * CPU twin of ./pip.ts: the same algorithm in native float64 (which is what Turf computes,
 * so it agrees with Turf by construction), over typed arrays.
 *
 * 1. Part table: per part (one polygon of a multipolygon) its bounding box over the non-NaN
 *    vertex coordinates, its feature, and flags: live (the feature is valid, the part has
 *    vertices and all are finite: a part with a NaN or infinite vertex contains no point; the
 *    Column constructor refuses such polygons on the host, see src/column/geo-check.ts) and
 *    tame (every coordinate is tame, see ./turf-orient.ts). Orientations of pairs that are not
 *    both tame use the exact sign of ./exact-orient.ts, as the WGSL does for all.
 * 2. Optional uniform grid over the total box of the live tame parts, with power-of-two
 *    square cells: cell(x) = floor(x · 2^-k), a monotone function, so a point inside a
 *    part's box falls in a cell of the part's cell range. Each cell lists the tame parts
 *    covering at most MAX_SPAN cells; other live parts go to a "big" list every point tests.
 * 3. Per point: null, NaN or infinite → null. A tame point with a grid tests its cell's
 *    parts and the big list, keeping the smallest containing feature; otherwise it scans
 *    all parts in order and stops at the first that contains it. The bounding-box test is
 *    used only when both point and part are tame (then it is exact with respect to Turf).
 *    Counting every containing feature, or finding the k-th, repeats the search for the
 *    smallest feature above the last one found (see `PipEmit`). The point loop runs in
 *    parts of the points on the thread pool (./pip-parts.ts).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { PolygonBuffers } from '../../src/column/geometry.js';
import { isTame } from './turf-orient.js';
import { sharedArray, sharedInput } from '../../src/threads/pool.js';
import { runRows } from '../part-rows.js';
import { bit, cellOf, type CpuGrid, type PartTable, type PipPartArgs } from './pip-parts.js';

/** Which index the op uses: 'auto' decides by size, 'grid' builds the grid, 'none' scans all parts. */
export type PipIndex = 'auto' | 'grid' | 'none';

/** Parts covering more grid cells than this go to the big list. */
export const MAX_SPAN = 16;

/** Choose the grid for enough parts and points: below this the scan is cheaper than building. */
export function useGrid(mode: PipIndex, points: number, parts: number): boolean {
  if (mode === 'grid') return true;
  if (mode === 'none') return false;
  return parts >= 32 && points >= 256;
}

/** Target number of cells for `parts` parts: about 2 per part, a power of two in [16, 2^20]. */
export function gridCells(parts: number): number {
  return 2 ** Math.min(20, Math.max(4, Math.ceil(Math.log2(Math.max(1, 2 * parts)))));
}

export type { PartTable } from './pip-parts.js';
export { NO_RANK } from './pip-parts.js';

/** Points per part of the point loop (on the thread pool: ./pip-parts.ts). */
const PIP_ROWS = 4096;

export function partTable(xy: Float64Array, ro: Int32Array, po: Int32Array, go: Int32Array, fv: Uint8Array | undefined): PartTable {
  const P = po.length - 1;
  const t: PartTable = {
    count: P,
    xmin: new Float64Array(P), xmax: new Float64Array(P), ymin: new Float64Array(P), ymax: new Float64Array(P),
    feature: new Int32Array(P), live: new Uint8Array(P), tame: new Uint8Array(P),
  };
  for (let f = 0; f < go.length - 1; f++) {
    const valid = bit(fv, f);
    for (let p = go[f]!; p < go[f + 1]!; p++) {
      t.feature[p] = f;
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      let hasX = false, hasY = false, tame = true, finite = true;
      for (let v = ro[po[p]!]!; v < ro[po[p + 1]!]!; v++) {
        const x = xy[2 * v]!;
        const y = xy[2 * v + 1]!;
        if (!isTame(x) || !isTame(y)) tame = false;
        if (!Number.isFinite(x) || !Number.isFinite(y)) finite = false;
        if (x === x) { hasX = true; if (x < x0) x0 = x; if (x > x1) x1 = x; }
        if (y === y) { hasY = true; if (y < y0) y0 = y; if (y > y1) y1 = y; }
      }
      t.xmin[p] = x0; t.xmax[p] = x1; t.ymin[p] = y0; t.ymax[p] = y1;
      t.live[p] = valid && hasX && hasY && finite ? 1 : 0;
      t.tame[p] = tame ? 1 : 0;
    }
  }
  return t;
}

const ilog2 = (v: number): number => (v === 0 ? -Infinity : Math.floor(Math.log2(Math.abs(v))));

function buildGrid(t: PartTable): CpuGrid {
  const P = t.count;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let p = 0; p < P; p++) {
    if (!t.live[p] || !t.tame[p]) continue;
    x0 = Math.min(x0, t.xmin[p]!); x1 = Math.max(x1, t.xmax[p]!);
    y0 = Math.min(y0, t.ymin[p]!); y1 = Math.max(y1, t.ymax[p]!);
  }
  const cap = gridCells(P);
  const L = Math.log2(cap);
  let k = 0;
  if (x0 <= x1) {
    const ex = ilog2(x1 - x0), ey = ilog2(y1 - y0);
    const em = Math.max(ilog2(x0), ilog2(x1), ilog2(y0), ilog2(y1));
    if (ex > -Infinity && ey > -Infinity) k = Math.ceil((ex + ey + 2 - L) / 2);
    else if (ex > -Infinity || ey > -Infinity) k = Math.max(ex, ey) + 1 - L;
    else k = em > -Infinity ? em : 0;
    if (em > -Infinity) k = Math.max(k, em - 28);
  }
  let nx = 1, ny = 1, c0x = 0, c0y = 0;
  for (;;) {
    const s = 2 ** -k;
    c0x = cellOf(x0, s); c0y = cellOf(y0, s);
    nx = x0 <= x1 ? cellOf(x1, s) - c0x + 1 : 1;
    ny = x0 <= x1 ? cellOf(y1, s) - c0y + 1 : 1;
    if (nx * ny <= cap) break;
    k++;
  }
  const s = 2 ** -k;
  const ranges = new Int32Array(4 * P);
  const count = new Int32Array(nx * ny + 1);
  const big: number[] = [];
  for (let p = 0; p < P; p++) {
    if (!t.live[p]) continue;
    const lx = cellOf(t.xmin[p]!, s) - c0x, hx = cellOf(t.xmax[p]!, s) - c0x;
    const ly = cellOf(t.ymin[p]!, s) - c0y, hy = cellOf(t.ymax[p]!, s) - c0y;
    if (!t.tame[p] || (hx - lx + 1) * (hy - ly + 1) > MAX_SPAN) {
      big.push(p);
      ranges[4 * p] = 1; ranges[4 * p + 2] = 0; // empty range
      continue;
    }
    ranges.set([lx, ly, hx, hy], 4 * p);
    for (let cy = ly; cy <= hy; cy++) for (let cx = lx; cx <= hx; cx++) count[cy * nx + cx]!++;
  }
  const start = new Int32Array(nx * ny + 1);
  for (let c = 0; c < nx * ny; c++) start[c + 1] = start[c]! + count[c]!;
  const entries = new Int32Array(start[nx * ny]!);
  const cursor = start.slice(0, nx * ny);
  for (let p = 0; p < P; p++) {
    if (!t.live[p]) continue;
    const [lx, ly, hx, hy] = [ranges[4 * p]!, ranges[4 * p + 1]!, ranges[4 * p + 2]!, ranges[4 * p + 3]!];
    for (let cy = ly; cy <= hy; cy++) for (let cx = lx; cx <= hx; cx++) entries[cursor[cy * nx + cx]!++] = p;
  }
  return { k, c0x, c0y, nx, ny, start, entries, big: Int32Array.from(big) };
}

export interface PipResult {
  index: DataBuffer<'int32'>;
  validity: DataBuffer<'uint8'>;
}

/**
 * What the point test emits per point:
 * - 'first': the smallest containing feature (int32, -1 for none or a null point);
 * - 'count': how many features contain the point (uint32; 0 for a null point);
 * - 'rank': the rank[i]-th smallest containing feature (0-based; int32, -1 where rank[i] is
 *   0xffffffff or past the last). Rank mode reads no point validity.
 */
export type PipEmit = { kind: 'first' } | { kind: 'count' } | { kind: 'rank'; rank: DataBuffer<'uint32'> };

export function pipCpu(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, polygons: PolygonBuffers, validity: DataBuffer<'uint8'> | undefined, mode: PipIndex, emit: PipEmit = { kind: 'first' }): PipResult | DataBuffer<'uint32'> {
  const op = 'pointInPolygon';
  const n = x.length;
  const px = x.hostView(op) as Float64Array;
  const py = y.hostView(op) as Float64Array;
  const pv = emit.kind === 'rank' ? undefined : (validity?.hostView(op) as Uint8Array | undefined);
  const rank = emit.kind === 'rank' ? (emit.rank.hostView(op) as Uint32Array) : undefined;
  const xy = polygons.coords.hostView(op) as Float64Array;
  const ro = polygons.ringOffsets.hostView(op) as Int32Array;
  const po = polygons.partOffsets.hostView(op) as Int32Array;
  const go = polygons.geomOffsets.hostView(op) as Int32Array;
  const fv = polygons.validity?.hostView(op) as Uint8Array | undefined;
  const t = partTable(xy, ro, po, go, fv);
  const grid = t.count > 0 && useGrid(mode, n, t.count) ? buildGrid(t) : undefined;
  const out = sharedArray(Int32Array, n);
  const bits = sharedArray(Uint8Array, Math.ceil(n / 8));
  const args: PipPartArgs = { n, px: sharedInput(px), py: sharedInput(py), pv, rank, xy, ro, po, t, grid, kind: emit.kind, out, bits };
  runRows<void>('pip/points', n, args, PIP_ROWS);
  if (emit.kind === 'count') return DataBuffer.fromHost(new Uint32Array(out.buffer, out.byteOffset, n), 'uint32');
  return { index: DataBuffer.fromHost(out, 'int32'), validity: DataBuffer.fromHost(bits, 'uint8') };
}
