/**
 * detectStops: movingpandas' TrajectoryStopDetector over a trajectory frame. Registered ops
 * only: list row positions, the 'trajectory/stop-points' and 'trajectory/stops' kernels, the
 * join expand op, gathers, segmented sums and the expression kernel.
 */
import { Column } from '../src/column/column.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { ValueError } from '../src/errors.js';
import { joinExpand } from '../kernels/join/expand.js';
import { gather } from '../kernels/gather/gather.js';
import { mapBinary } from '../kernels/map/map.js';
import { scan } from '../kernels/scan/scan.js';
import { pointXY } from '../kernels/geometry/point-xy.js';
import { segmentedReduce } from '../kernels/groupby/segmented-reduce.js';
import { interleaveXY } from '../kernels/trajectory/interleave.js';
import { trajectoryStopPoints } from '../kernels/trajectory/stop-points.js';
import { trajectoryStops } from '../kernels/trajectory/stops.js';
import type { SegmentMetric } from '../kernels/trajectory/segments.js';
import { DataFrame } from '../frame/data-frame.js';
import { col } from '../frame/expr.js';
import { gatherColumn } from '../frame/verbs/take.js';
import { checkOptions } from './operands.js';
import { EARTH_RADIUS_KM } from './haversine.js';
import { trackInput } from './split-by-gap.js';

/** Options of `detectStops`. */
export interface DetectStopsOptions {
  /** A stop's points all lie closer than this to each other: km for haversine (at the default radius), coordinate units for euclidean. */
  maxDiameter: number;
  /** The shortest stop: seconds for timestamp and date times, the times' units otherwise. */
  minDuration: number;
  /** 'haversine' (lon/lat degrees; the default) or 'euclidean' (planar). */
  metric?: SegmentMetric;
  /** Sphere radius for haversine; default 6371.0088 km (as gf.haversine). */
  radius?: number;
  /** The linestring column; default 'geometry'. */
  geometry?: string;
  /** The list column of times aligned with the points; default 'times'. */
  times?: string;
}

/**
 * The stops of each trajectory, as movingpandas' TrajectoryStopDetector finds them: the
 * points are scanned in order with a window that, while not stopped, keeps only the newest
 * points spanning less than minDuration (but at least 2); the window is stopped when it has
 * ≥ 2 points all closer than maxDiameter to each other; a stop ends at the point before the
 * first one that breaks it and is kept when it spans ≥ minDuration (then the window restarts
 * at the breaking point); a stop still open at the end is kept on the same condition.
 * Differences from movingpandas: "closer than maxDiameter" is the diameter of the points
 * (their largest pairwise distance, strictly below maxDiameter), where movingpandas measures the
 * diagonal of their minimum rotated rectangle (the same for two points, never smaller) on
 * the WGS84 ellipsoid; the stop's points are the window's (movingpandas re-selects the
 * points by time range, adding points that share the end times); the location is the mean
 * of the points' x and y (movingpandas gives the median).
 *
 * Haversine distances are decided as chords between unit vectors (computed by one fixed
 * sequence of float64 operations) against 2R·sin(maxDiameter / 2R), an exact equivalent of
 * great-circle distance < maxDiameter up to float64 rounding; euclidean ones as
 * √(dx² + dy²) < maxDiameter. Every decision is computed with correctly rounded float64
 * operations on both backends, so both find the same stops.
 *
 * Result: one row per stop, in trajectory then time order: the columns before the geometry
 * column (deriveTrajectories' id columns), `stop_index` (int32, per trajectory from 0),
 * `start_time`, `end_time` (the times' type), `duration` (float64: seconds for timestamp and
 * date times), `geometry` (point: mean x, y; same CRS) and `count` (uint32, points in the stop).
 *
 * @throws ValueError for an unknown option, maxDiameter not > 0, minDuration not ≥ 0, a bad metric or radius
 * @throws DTypeError if the geometry is not a linestring column or times not a list aligned with it
 * @example
 * ```ts
 * const df = new gf.DataFrame({ id: new Int32Array(5).fill(7), x: new Float64Array([0, 5, 5, 5.1, 9]), y: new Float64Array(5), t: new Float64Array([0, 1, 2, 3, 4]) });
 * const traj = await gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y', t: 't' });
 * const stops = await gf.detectStops(traj, { maxDiameter: 0.5, minDuration: 2, metric: 'euclidean' });
 * console.log(await stops.column('start_time').toValues(), await stops.column('end_time').toValues()); // [1] [3]
 * ```
 */
export async function detectStops(traj: DataFrame, options: DetectStopsOptions): Promise<DataFrame> {
  const OP = 'detectStops';
  if (options === null || typeof options !== 'object') throw new ValueError(`${OP}: expected options { maxDiameter, minDuration }, got ${typeof options}`);
  checkOptions(OP, options as unknown as Record<string, unknown>, ['maxDiameter', 'minDuration', 'metric', 'radius', 'geometry', 'times']);
  const { maxDiameter, minDuration } = options;
  if (typeof maxDiameter !== 'number' || !(maxDiameter > 0)) throw new ValueError(`${OP}: expected maxDiameter a number > 0, got ${String(maxDiameter)}`);
  if (typeof minDuration !== 'number' || !(minDuration >= 0)) throw new ValueError(`${OP}: expected minDuration a number >= 0, got ${String(minDuration)}`);
  const metric = options.metric ?? 'haversine';
  if (metric !== 'haversine' && metric !== 'euclidean') throw new ValueError(`${OP}: expected metric 'haversine' | 'euclidean', got '${String(metric)}'`);
  const radius = options.radius ?? EARTH_RADIUS_KM;
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0) throw new ValueError(`${OP}: expected radius a finite number > 0, got ${String(radius)}`);
  const inp = trackInput(OP, traj, options.geometry, options.times);
  const thr = metric === 'euclidean' ? maxDiameter : maxDiameter > Math.PI * radius ? Infinity : 2 * Math.sin(maxDiameter / (2 * radius));
  const owned: DataBuffer[] = [];
  const keep = <D extends DataBuffer>(b: D): D => (owned.push(b), b);
  try {
    const P = keep(trajectoryStopPoints(inp.geom.child.data as DataBuffer<'float64'>, inp.T, metric));
    const [first, last, row, index] = await trajectoryStops(inp.S, inp.N, P, minDuration * inp.perSecond, thr);
    [first, last, row].forEach(keep);
    const count = mapBinary(keep(mapBinary(last, first, 'sub')), 1, 'add');
    // The mean location: the stop's points by the join expand op, segmented sums / count.
    const pts = await joinExpand(first, count, { keepUnmatched: false });
    keep(pts.rows);
    keep(pts.pos);
    const { x, y } = pointXY(inp.geom.child.data as DataBuffer<'float64'>);
    keep(x);
    keep(y);
    const starts = keep(scan(count));
    const sum = (v: DataBuffer) => {
      const r = segmentedReduce(keep(gather(v, pts.pos, { inRange: true }).values), starts, 'sum');
      r.validity.dispose();
      return new Column({ type: 'float64', data: r.values });
    };
    const t0 = gatherColumn(inp.tt, first);
    const t1 = gatherColumn(inp.tt, last);
    const per = new DataFrame({ sx: sum(x), sy: sum(y), n: new Column({ type: 'uint32', data: count }), t0, t1 });
    const m = per.withColumns({
      mx: col('sx').div(col('n').cast('float64')),
      my: col('sy').div(col('n').cast('float64')),
      duration: col('t1').cast('float64').sub(col('t0').cast('float64')).div(inp.perSecond),
    });
    const geometry = new Column({ type: 'point', data: interleaveXY(m.column('mx').data as DataBuffer<'float64'>, m.column('my').data as DataBuffer<'float64'>), crs: inp.geom.crs });
    const out: Array<[string, Column]> = inp.ids.map((k) => [k, gatherColumn(traj.column(k), row)]);
    out.push(['stop_index', new Column({ type: 'int32', data: index.reinterpret('int32') })]);
    out.push(['start_time', t0], ['end_time', t1], ['duration', m.column('duration')], ['geometry', geometry], ['count', per.column('n')]);
    return new DataFrame(out);
  } finally {
    owned.forEach((b) => b.dispose());
    inp.dispose();
  }
}
