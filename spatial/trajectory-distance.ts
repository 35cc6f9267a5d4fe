/**
 * Pairwise trajectory distances as an n×n DistanceMatrix: `hausdorff` (directed or
 * symmetric) and `frechet` (discrete), the public entries for the 'trajectory/hausdorff' and
 * 'trajectory/frechet' kernels (../kernels/trajectory/). Inputs: a linestring or multipoint
 * Column, or a frame and the name of one (deriveTrajectories' 'geometry').
 */
import { Column } from '../src/column/column.js';
import { DTypeError, ValueError } from '../src/errors.js';
import type { DataBuffer } from '../src/memory/data-buffer.js';
import { activeBandRows, DistanceMatrix } from '../src/matrix/distance-matrix.js';
import { run } from '../kernels/registry.js';
import { hausdorffKernel } from '../kernels/trajectory/hausdorff.js';
import { frechetKernel } from '../kernels/trajectory/frechet.js';
import type { PairMetric, PairOptions, TrajectoryInput } from '../kernels/trajectory/pair-tiles.js';
import { DataFrame } from '../frame/data-frame.js';
import { showValue } from '../src/options.js';
import { checkOptions, resolveColumn } from './operands.js';
import { EARTH_RADIUS_KM } from './haversine.js';

export interface TrajectoryDistanceOptions {
  /**
   * The point metric: 'euclidean' (planar coordinates, the default) or 'haversine'
   * (x = longitude, y = latitude in degrees; great-circle distance in the unit of `radius`).
   */
  metric?: PairMetric;
  /** Sphere radius for 'haversine', default 6371.0088 (km), as gf.haversine. */
  radius?: number;
}

export interface HausdorffOptions extends TrajectoryDistanceOptions {
  /**
   * false (default): the symmetric distance max(h(i, j), h(j, i)). true: entry (i, j) is the
   * directed distance from i to j, as SciPy's `directed_hausdorff(u=i, v=j)[0]`.
   */
  directed?: boolean;
}

function inputOf(op: string, args: unknown[], known: readonly string[]): { input: TrajectoryInput; opts: PairOptions; options: Record<string, unknown> } {
  const rest = [...args];
  let df: DataFrame | undefined;
  if (!(rest[0] instanceof Column) && typeof rest[1] === 'string') {
    if (!(rest[0] instanceof DataFrame)) throw new ValueError(`${op}: expected a DataFrame before the column name, got ${showValue(rest[0])}`);
    df = rest.shift() as DataFrame;
  }
  const options = (rest[1] ?? {}) as Record<string, unknown>;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ValueError(`${op}: expected an options object, got ${JSON.stringify(options)}`);
  checkOptions(op, options, known);
  const col = resolveColumn(df, rest[0], op, 'trajectories');
  if (!col) throw new DTypeError(`${op}: expected trajectories as a linestring or multipoint Column${df ? ' or a column name' : ''}, got ${typeof rest[0]}`);
  if (col.type !== 'linestring' && col.type !== 'multipoint') throw new DTypeError(`${op}: expected trajectories as a linestring or multipoint column, got ${col.type}`);
  const metric = options.metric ?? 'euclidean';
  if (metric !== 'euclidean' && metric !== 'haversine') throw new ValueError(`${op}: expected metric 'euclidean' | 'haversine', got '${String(metric)}'`);
  const radius = options.radius ?? EARTH_RADIUS_KM;
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0) throw new ValueError(`${op}: expected radius a finite number > 0, got ${String(radius)}`);
  if (options.radius !== undefined && metric !== 'haversine') throw new ValueError(`${op}: expected radius only with metric 'haversine', got metric '${metric}'`);
  const input: TrajectoryInput = { offsets: col.data as DataBuffer<'int32'>, coords: col.child.data as DataBuffer<'float64'>, validity: col.validity, n: col.length };
  return { input, opts: { metric, radius }, options };
}

/**
 * The Hausdorff distance between every pair of trajectories, as an n×n DistanceMatrix.
 *
 * Entry (i, j) of the directed matrix is max over points u of i of min over points v of j of
 * d(u, v): SciPy's `directed_hausdorff(u=i, v=j)[0]`, bit for bit for 'euclidean' on both
 * backends (float64; soft-float64 on the GPU). The symmetric matrix (the default) is
 * max(h(i, j), h(j, i)). 'haversine' uses gf.haversine's formula and radius, within its
 * tolerance (2e-9 km) on the GPU. Computed in tiles of pairs that fit the device's bindings;
 * the scan breaks early (Taha and Hanbury), which is exact.
 *
 * NaN entries: a null geometry row, an empty trajectory, or one with a NaN or ±Inf coordinate
 * (haversine also |lat| > 90 or |lon| > 360) gives NaN in its whole row and column, the
 * diagonal included. A one-point trajectory is an ordinary set of one point.
 *
 * @param options.directed false (default: symmetric) or true
 * @param options.metric 'euclidean' (default) or 'haversine'
 * @param options.radius sphere radius for 'haversine', default 6371.0088 km
 * @throws DTypeError if the column is not linestring or multipoint; ValueError for bad or unknown options
 * @example
 * ```ts
 * const tracks = gf.geo.fromGeoJSON([
 *   { type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 0]] },
 *   { type: 'LineString', coordinates: [[0, 1], [2, 1]] },
 * ]);
 * const h = await gf.hausdorff(tracks, { directed: true });
 * await h.toArray();
 * console.log(h.get(0, 1), h.get(1, 0)); // √2 (from (1, 0)), 1
 * const df = new gf.DataFrame({ geometry: tracks });
 * const km = await gf.hausdorff(df, 'geometry', { metric: 'haversine' }); // symmetric, in km
 * h.dispose(); km.dispose();
 * ```
 */
export async function hausdorff(trajectories: Column, options?: HausdorffOptions): Promise<DistanceMatrix>;
export async function hausdorff(df: DataFrame, column: string, options?: HausdorffOptions): Promise<DistanceMatrix>;
export async function hausdorff(...args: unknown[]): Promise<DistanceMatrix> {
  const { input, opts, options } = inputOf('hausdorff', args, ['directed', 'metric', 'radius']);
  const directed = options.directed ?? false;
  if (typeof directed !== 'boolean') throw new ValueError(`hausdorff: expected directed a boolean, got ${String(directed)}`);
  const m = new DistanceMatrix(input.n, await run(hausdorffKernel, input, activeBandRows(input.n), opts));
  if (directed) return m;
  const s = m.symmetrize('max');
  m.dispose();
  return s;
}

/**
 * The discrete Fréchet distance (Eiter and Mannila) between every pair of trajectories, as
 * an n×n DistanceMatrix: the shortest leash for two walkers that each step forward along
 * their own points. Symmetric in exact arithmetic; computed per ordered pair.
 *
 * 'euclidean' is float64 (soft-float64 on the GPU, bit for bit the CPU); 'haversine' uses
 * gf.haversine's formula and radius (within 2e-9 km on the GPU). NaN entries: as `hausdorff`.
 * The GPU keeps each pair's DP row (one float64 per point) in a scratch binding, so it takes
 * trajectories of up to maxBindingBytes / 16 points (a longer one is a ShapeError naming its row).
 *
 * @param options.metric 'euclidean' (default) or 'haversine'
 * @param options.radius sphere radius for 'haversine', default 6371.0088 km
 * @throws DTypeError if the column is not linestring or multipoint; ValueError for bad or unknown options
 * @example
 * ```ts
 * const tracks = gf.geo.fromGeoJSON([
 *   { type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 0]] },
 *   { type: 'LineString', coordinates: [[0, 1], [1, 1], [2, 1]] },
 * ]);
 * const f = await gf.frechet(tracks);
 * console.log((await f.toArray())[1]); // 1
 * ```
 */
export async function frechet(trajectories: Column, options?: TrajectoryDistanceOptions): Promise<DistanceMatrix>;
export async function frechet(df: DataFrame, column: string, options?: TrajectoryDistanceOptions): Promise<DistanceMatrix>;
export async function frechet(...args: unknown[]): Promise<DistanceMatrix> {
  const { input, opts } = inputOf('frechet', args, ['metric', 'radius']);
  return new DistanceMatrix(input.n, await run(frechetKernel, input, activeBandRows(input.n), opts));
}
