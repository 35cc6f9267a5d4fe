/**
 * Per-trajectory statistics (cuSpatial's `trajectory_distances_and_speeds` and
 * `trajectory_bounding_boxes`, plus the per-segment speed and bearing its users asked for).
 * Registered ops only: list row positions, the join expand op (segment → first point), gathers,
 * the 'trajectory/segments' kernel, segmented reductions and the fused expression kernel.
 */
import { Column } from '../src/column/column.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../src/errors.js';
import { listPerRow } from '../kernels/list/per-row.js';
import { joinExpand } from '../kernels/join/expand.js';
import { gather } from '../kernels/gather/gather.js';
import { mapBinary } from '../kernels/map/map.js';
import { scan } from '../kernels/scan/scan.js';
import { concatValues } from '../kernels/concat/concat.js';
import { pointXY } from '../kernels/geometry/point-xy.js';
import { segmentedReduce } from '../kernels/groupby/segmented-reduce.js';
import { trajectorySegments, type SegmentMetric } from '../kernels/trajectory/segments.js';
import { DataFrame } from '../frame/data-frame.js';
import { col, when } from '../frame/expr.js';
import { checkOptions } from './operands.js';
import { EARTH_RADIUS_KM } from './haversine.js';

/** Options of `trajectoryStats`. */
export interface TrajectoryStatsOptions {
  /** 'haversine' (lon/lat degrees, lengths in the radius unit; the default) or 'euclidean' (planar). */
  metric?: SegmentMetric;
  /** Sphere radius for haversine; default 6371.0088 km. */
  radius?: number;
  /** The linestring column; default 'geometry'. */
  geometry?: string;
  /** The list column of times aligned with the points; default 'times'. */
  times?: string;
}

const OP = 'trajectoryStats';
const PER_SECOND = { s: 1, ms: 1e3, us: 1e6, ns: 1e9 } as const;

/**
 * The frame with statistics of each trajectory (a linestring plus a list of times, as
 * `deriveTrajectories` makes) added as columns:
 * - `length` (float64): the sum of the segment lengths (km for haversine at the default radius);
 * - `duration` (float64): last time − first time, in seconds for timestamp and date times,
 *   in the time column's units for numeric times; null for an empty trajectory;
 * - `speed` (float64): length / duration; null where the duration is 0 (a one-point
 *   trajectory, or every fix at one time) or null. Never ±Infinity;
 * - `segment_length`, `segment_speed`, `segment_bearing`: list<float64>, one value per
 *   segment (point i to i + 1). A segment's speed is null where its dt is 0 (duplicate
 *   timestamps: the length still counts in `length`, the time step is 0); its bearing is
 *   null where its length is 0. Bearings: haversine, the initial bearing in degrees
 *   clockwise from north in [0, 360); euclidean, atan2(dy, dx) in degrees in (−180, 180];
 * - `minx`, `miny`, `maxx`, `maxy` (float64): the bounding box (null for an empty trajectory).
 * A null trajectory row gives nulls. Time steps are differences of the times as float64
 * (timestamps in ns past 2^53 ns round first), scaled to seconds by one division.
 *
 * Accuracy: euclidean results are bit-identical on both backends; haversine lengths follow
 * gf.haversine (df64 on the GPU, within 2e-9 km per segment of float64).
 *
 * @throws ValueError for an unknown option, a bad metric or radius
 * @throws DTypeError if the geometry is not a linestring column or times not a list aligned with it
 * @example
 * ```ts
 * const df = new gf.DataFrame({
 *   id: new Int32Array([1, 1, 1]), lon: new Float64Array([0, 0, 1]), lat: new Float64Array([0, 1, 1]),
 *   t: new Float64Array([0, 3600, 7200]),
 * });
 * const traj = await gf.deriveTrajectories(df, { id: 'id', x: 'lon', y: 'lat', t: 't' });
 * const s = await gf.trajectoryStats(traj);
 * console.log(await s.column('length').toValues()); // [~222.37] (km)
 * console.log(await s.column('segment_bearing').toValues()); // [[0, ~90]]
 * ```
 */
export async function trajectoryStats(traj: DataFrame, options: TrajectoryStatsOptions = {}): Promise<DataFrame> {
  if (!(traj instanceof DataFrame)) throw new ValueError(`${OP}: expected a DataFrame, got ${typeof traj}`);
  checkOptions(OP, options as Record<string, unknown>, ['metric', 'radius', 'geometry', 'times']);
  const metric = options.metric ?? 'haversine';
  if (metric !== 'haversine' && metric !== 'euclidean') throw new ValueError(`${OP}: expected metric 'haversine' | 'euclidean', got '${String(metric)}'`);
  const radius = options.radius ?? EARTH_RADIUS_KM;
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0) throw new ValueError(`${OP}: expected radius a finite number > 0, got ${String(radius)}`);
  const geom = traj.column(options.geometry ?? 'geometry');
  const times = traj.column(options.times ?? 'times');
  if (geom.type !== 'linestring') throw new DTypeError(`${OP}: expected geometry '${options.geometry ?? 'geometry'}' as a linestring column, got ${geom.type}`);
  if (times.type !== 'list') throw new DTypeError(`${OP}: expected times '${options.times ?? 'times'}' as a list column, got ${times.type}`);
  const tt = times.child;
  const scale = tt.type === 'timestamp' ? PER_SECOND[tt.unit ?? 'us'] : 1;
  const mul = tt.type === 'date' ? 86_400 : 1;
  if (!['timestamp', 'date', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64', 'int8', 'int16', 'uint8', 'uint16'].includes(tt.type)) throw new DTypeError(`${OP}: expected times of a timestamp, date or numeric type, got list<${tt.type}>`);
  const n = traj.numRows;
  const offsets = geom.data as DataBuffer<'int32'>;
  const owned: DataBuffer[] = [];
  const keep = <D extends DataBuffer>(b: D): D => (owned.push(b), b);
  try {
    // Points in trajectory order (also normalises offsets that start above 0), then segments.
    const start = keep(listPerRow(offsets, geom.validity, 'start'));
    const len = keep(listPerRow(offsets, geom.validity, 'length'));
    const segLen = keep(mapBinary(keep(mapBinary(len, 1, 'max')), 1, 'sub'));
    const zero = keep(DataBuffer.fromHost(new Uint32Array(1), 'uint32'));
    const pStarts = keep(scan(len));
    const sStarts = keep(scan(segLen));
    const sOffsets = scan(concatValues([segLen, zero])).reinterpret('int32');
    const pts = await joinExpand(start, len, { keepUnmatched: false });
    const seg = await joinExpand(start, segLen, { keepUnmatched: false });
    [pts.rows, seg.rows].forEach((b) => b.dispose());
    keep(pts.pos);
    keep(seg.pos);
    const { x, y } = pointXY(geom.child.data as DataBuffer<'float64'>);
    keep(x);
    keep(y);
    const tf = new DataFrame({ t: tt }).withColumns({ t: col('t').cast('float64') }).column('t').data as DataBuffer<'float64'>;
    const next = keep(mapBinary(seg.pos, 1, 'add'));
    const at = (v: DataBuffer, idx: DataBuffer<'uint32'>) => keep(gather(v, idx, { inRange: true }).values) as DataBuffer<'float64'>;
    const s = trajectorySegments(at(x, seg.pos), at(y, seg.pos), at(x, next), at(y, next), metric, radius);
    const segFrame = new DataFrame({ l: new Column({ type: 'float64', data: s.length }), b: new Column({ type: 'float64', data: s.bearing }), t0: new Column({ type: 'float64', data: at(tf, seg.pos) }), t1: new Column({ type: 'float64', data: at(tf, next) }) });
    const dt = col('t1').sub(col('t0')).mul(mul).div(scale);
    const segOut = segFrame.withColumns({ speed: when(dt.ne(0)).then(col('l').div(dt)).otherwise(null), bearing: when(col('l').ne(0)).then(col('b')).otherwise(null) });
    const list = (c: Column) => new Column({ type: 'list', data: concatValues([sOffsets]), validity: geom.validity && concatValues([geom.validity]), children: [c] });
    // Per trajectory: sums and extents by segmented reductions; times at the ends.
    const total = segmentedReduce(s.length, sStarts, 'sum');
    const ext = (v: DataBuffer, op: 'min' | 'max') => {
      const r = segmentedReduce(at(v, pts.pos), pStarts, op);
      return new Column({ type: 'float64', data: r.values, validity: r.validity });
    };
    const first = keep(listPerRow(offsets, geom.validity, 'element', 0));
    const last = keep(listPerRow(offsets, geom.validity, 'element', -1));
    const gt = (idx: DataBuffer<'uint32'>) => { const g = gather(tf, idx); return new Column({ type: 'float64', data: g.values, validity: g.validity }); };
    const per = new DataFrame({ length: new Column({ type: 'float64', data: total.values, validity: geom.validity && concatValues([geom.validity]) }), tf: gt(first), tl: gt(last) });
    total.validity.dispose();
    const duration = col('tl').sub(col('tf')).mul(mul).div(scale);
    const stats = per.withColumns({ duration }).withColumns({ speed: when(col('duration').ne(0)).then(col('length').div(col('duration'))).otherwise(null) });
    const out = traj.withColumns({
      length: stats.column('length'),
      duration: stats.column('duration'),
      speed: stats.column('speed'),
      segment_length: list(segOut.column('l')),
      segment_speed: list(segOut.column('speed')),
      segment_bearing: list(segOut.column('bearing')),
      minx: ext(x, 'min'),
      miny: ext(y, 'min'),
      maxx: ext(x, 'max'),
      maxy: ext(y, 'max'),
    });
    sOffsets.dispose();
    return out;
  } finally {
    owned.forEach((b) => b.dispose());
  }
}
