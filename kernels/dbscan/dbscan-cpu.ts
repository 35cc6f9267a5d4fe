/**
 * CPU twins of the DBSCAN ops (./ops.ts). Every neighbour decision is one IEEE binary64
 * comparison computed in the order the WGSL bodies use, so both backends find the same
 * neighbour sets, core points, components and labels.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { buildSphereGrid, gridApplies, type SphereGrid, visitCandidates } from './haversine-grid.js';
import type { Space } from './types.js';

const OP = 'dbscan';

/** Cell key of each point of an n x 2 matrix: floor((y - oy) / s) * nx + floor((x - ox) / s). */
export function cellsCpu(matrix: DataBuffer<'float64'>, n: number, ox: number, oy: number, s: number, nx: number): DataBuffer<'uint32'> {
  const m = matrix.hostView(OP) as Float64Array;
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor((m[2 * i + 1]! - oy) / s) * nx + Math.floor((m[2 * i]! - ox) / s);
  return DataBuffer.fromHost(out, 'uint32');
}

/** sklearn's haversine reduced distance: sin²(Δlat/2) + cos lat1 cos lat2 sin²(Δlon/2). */
export function haversineRdist(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = Math.sin(0.5 * (lat1 - lat2));
  const b = Math.sin(0.5 * (lon1 - lon2));
  return a * a + Math.cos(lat1) * Math.cos(lat2) * b * b;
}

/** Host views of a space, and a visitor over the neighbours of point i (itself included). */
function visitor(space: Space): (i: number, fn: (j: number) => void) => void {
  const { n, d, thr } = space;
  const x = space.data.hostView(OP) as Float64Array;
  if (space.mode === 'precomputed') {
    return (i, fn) => {
      for (let j = 0; j < n; j++) if (x[i * n + j]! <= thr) fn(j);
    };
  }
  if (space.mode === 'haversine') return haversineVisitor(space, x);
  if (space.mode === 'brute') {
    return (i, fn) => {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let k = 0; k < d; k++) {
          const t = x[i * d + k]! - x[j * d + k]!;
          acc += t * t;
        }
        if (acc <= thr) fn(j);
      }
    };
  }
  const g = space.grid!;
  const keys = g.keys.hostView(OP) as Uint32Array;
  const perm = g.perm.hostView(OP) as Uint32Array;
  const cell = g.cell.hostView(OP) as Uint32Array;
  const { nx, ny } = g;
  return (i, fn) => {
    const c = cell[i]!;
    const cx = c % nx, cy = (c - cx) / nx;
    const xi = x[2 * i]!, yi = x[2 * i + 1]!;
    for (let r = Math.max(cy, 1) - 1; r <= Math.min(cy + 1, ny - 1); r++) {
      const k0 = lowerBound(keys, r * nx + Math.max(cx, 1) - 1);
      const k1 = lowerBound(keys, r * nx + Math.min(cx + 1, nx - 1) + 1);
      for (let k = k0; k < k1; k++) {
        const j = perm[k]!;
        const dx = xi - x[2 * j]!, dy = yi - x[2 * j + 1]!;
        if (dx * dx + dy * dy <= thr) fn(j);
      }
    }
  };
}

/** Above this many points the haversine space searches a sphere grid (./haversine-grid.ts) instead of every pair. */
export const HAVERSINE_GRID_MIN = 256;

/** Grids already built for a coordinate array and threshold (count, components and labels share one). */
const sphereGrids = new WeakMap<Float64Array, { thr: number; grid: SphereGrid }>();

/**
 * Haversine neighbours: sklearn's reduced distance <= thr, as haversineRdist computes it (cos lat
 * taken once per point: the same values, so the same bits). Candidates come from every point,
 * or from the sphere grid when `space.index` says 'grid' (or, unset, n > HAVERSINE_GRID_MIN)
 * and every lat is in [-π/2, π/2] and lon in [-π, π]; the grid's candidates include every point
 * the test accepts, so the neighbour sets are the same.
 */
function haversineVisitor(space: Space, x: Float64Array): (i: number, fn: (j: number) => void) => void {
  const { n, thr } = space;
  const cos = new Float64Array(n);
  for (let i = 0; i < n; i++) cos[i] = Math.cos(x[2 * i]!);
  const near = (i: number, j: number): boolean => {
    const a = Math.sin(0.5 * (x[2 * i]! - x[2 * j]!));
    const b = Math.sin(0.5 * (x[2 * i + 1]! - x[2 * j + 1]!));
    return a * a + cos[i]! * cos[j]! * b * b <= thr;
  };
  const useGrid = (space.index ?? (n > HAVERSINE_GRID_MIN ? 'grid' : 'brute')) === 'grid' && gridApplies(x, n);
  if (!useGrid) {
    return (i, fn) => {
      for (let j = 0; j < n; j++) if (near(i, j)) fn(j);
    };
  }
  let cached = sphereGrids.get(x);
  if (!cached || cached.thr !== thr) {
    cached = { thr, grid: buildSphereGrid(x, n, thr, Math.max(1024, n)) };
    sphereGrids.set(x, cached);
  }
  const grid = cached.grid;
  return (i, fn) =>
    visitCandidates(grid, x, i, (j) => {
      if (near(i, j)) fn(j);
    });
}

/** First index of sorted `a` holding a value >= v (a.length when none). */
export function lowerBound(a: Uint32Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Neighbour counts (the point itself included) and, for a precomputed matrix, the asymmetry flag. */
export function countCpu(space: Space): { counts: DataBuffer<'uint32'>; flags: DataBuffer<'uint32'> } {
  const visit = visitor(space);
  const counts = new Uint32Array(space.n);
  const x = space.data.hostView(OP) as Float64Array;
  let asym = 0;
  for (let i = 0; i < space.n; i++) {
    let c = 0;
    visit(i, (j) => {
      c++;
      if (space.mode === 'precomputed' && !(x[j * space.n + i]! <= space.thr)) asym = 1;
    });
    counts[i] = c;
  }
  return { counts: DataBuffer.fromHost(counts, 'uint32'), flags: DataBuffer.fromHost(new Uint32Array([asym, 0]), 'uint32') };
}

/**
 * Connected components of the core points (count >= minSamples) under the neighbour
 * relation: comp[i] = the smallest core index of i's component, -1 for non-core points.
 */
export function componentsCpu(space: Space, counts: DataBuffer<'uint32'>, minSamples: number): DataBuffer<'int32'> {
  const cnt = counts.hostView(OP) as Uint32Array;
  const n = space.n;
  const parent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (cnt[i]! >= minSamples) parent[i] = i;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const visit = visitor(space);
  for (let i = 0; i < n; i++) {
    if (parent[i]! < 0) continue;
    visit(i, (j) => {
      if (parent[j]! < 0) return;
      const a = find(i), b = find(j);
      // The smaller index becomes the root, so every root is its component's minimum.
      if (a < b) parent[b] = a;
      else if (b < a) parent[a] = b;
    });
  }
  const comp = new Int32Array(n);
  for (let i = 0; i < n; i++) comp[i] = parent[i]! < 0 ? -1 : find(i);
  return DataBuffer.fromHost(comp, 'int32');
}

/**
 * scikit-learn's labels from the components: clusters numbered by their smallest core index
 * in increasing order; a non-core point takes the smallest cluster number among its core
 * neighbours (the first cluster whose expansion reaches it), or -1 (noise).
 */
export function labelsCpu(space: Space, comp: DataBuffer<'int32'>): DataBuffer<'int32'> {
  const c = comp.hostView(OP) as Int32Array;
  const n = space.n;
  const rank = new Int32Array(n);
  let r = 0;
  for (let i = 0; i < n; i++) {
    rank[i] = r;
    if (c[i] === i) r++;
  }
  const labels = new Int32Array(n);
  const visit = visitor(space);
  for (let i = 0; i < n; i++) {
    if (c[i]! >= 0) {
      labels[i] = rank[c[i]!]!;
      continue;
    }
    let best = -1;
    visit(i, (j) => {
      const q = c[j]!;
      if (q >= 0 && (best < 0 || rank[q]! < best)) best = rank[q]!;
    });
    labels[i] = best;
  }
  return DataBuffer.fromHost(labels, 'int32');
}
