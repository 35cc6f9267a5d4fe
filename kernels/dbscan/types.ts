/** Shapes the DBSCAN ops share. */
import type { DataBuffer } from '../../src/memory/data-buffer.js';

/** The grid of a 2-D euclidean space: cell keys sorted, the points in that order, each point's cell. */
export interface Grid {
  readonly keys: DataBuffer<'uint32'>;
  readonly perm: DataBuffer<'uint32'>;
  readonly cell: DataBuffer<'uint32'>;
  readonly nx: number;
  readonly ny: number;
}

/**
 * Where neighbours come from. j is a neighbour of i when (with float64 values computed in
 * the stated order, each operation rounded once):
 * - 'grid' / 'brute' (euclidean, row-major n x d matrix): sum_k (x_ik - x_jk)^2 <= thr = eps²;
 *   'grid' (d = 2) looks only in the 3 x 3 cells around i (cells at least eps wide);
 * - 'haversine' (n x 2, lat then lon in radians): sklearn's reduced distance <= thr = sin²(eps/2);
 * - 'precomputed' (n x n row-major distances): D[i, j] <= thr = eps.
 */
export interface Space {
  readonly mode: 'grid' | 'brute' | 'haversine' | 'precomputed';
  readonly data: DataBuffer<'float64'>;
  readonly n: number;
  readonly d: number;
  readonly thr: number;
  readonly grid?: Grid;
  /**
   * 'haversine' only: where candidates come from, 'grid' (a sphere grid, ./haversine-grid.ts)
   * or 'brute' (every point); unset, the grid above HAVERSINE_GRID_MIN points. Same neighbours.
   */
  readonly index?: 'grid' | 'brute';
}
