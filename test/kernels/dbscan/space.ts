// Shared inputs of the DBSCAN kernel parity tests: random 2-D points on a coarse lattice
// (many pairs exactly eps apart) in each space mode.
import * as gf from 'gpuframe';
import { run } from '../../../kernels/registry.js';
import { dbscanCells } from '../../../kernels/dbscan/ops.js';
import { radixSortKernel } from '../../../kernels/sort/radix-sort.js';
import type { Space } from '../../../kernels/dbscan/types.js';
import { rng } from '../../helpers/parity.js';

export function lattice(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const m = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i++) m[i] = Math.floor(r() * 40) * 0.25;
  return m;
}

/** A space on the active backend: 'grid', 'brute' or 'precomputed' (distances of the lattice). */
export function spaceOf(mode: 'grid' | 'brute' | 'precomputed', m: Float64Array, eps: number): Space {
  const n = m.length / 2;
  if (mode === 'precomputed') {
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = Math.hypot(m[2 * i]! - m[2 * j]!, m[2 * i + 1]! - m[2 * j + 1]!);
    return { mode, data: gf.array(d), n, d: n, thr: eps };
  }
  const data = gf.array(m.slice());
  if (mode === 'brute') return { mode, data, n, d: 2, thr: eps * eps };
  const nx = Math.floor(10 / eps) + 1;
  const cell = run(dbscanCells, data, n, 0, 0, eps, nx);
  const sorted = run(radixSortKernel, cell, undefined, false, true);
  return { mode, data, n, d: 2, thr: eps * eps, grid: { keys: sorted.keys as gf.DataBuffer<'uint32'>, perm: sorted.values, cell, nx, ny: nx } };
}
