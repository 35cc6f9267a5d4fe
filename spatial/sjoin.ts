/**
 * Spatial join of points to polygons (GeoPandas' `sjoin(points, polygons)` for points).
 * The points' coordinates and the polygons' geometry stay on the device: the point-in-polygon
 * kernel writes each point's polygon index (or, many-to-many, counts each point's polygons,
 * `join/expand` lays out one row per pair, and a second pass writes each pair's polygon),
 * and the polygons' attribute columns are gathered by it on the device.
 */
import { Column } from '../src/column/column.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { ValueError } from '../src/errors.js';
import { showValue } from '../src/options.js';
import type { PolygonBuffers } from '../src/column/geometry.js';
import { gather } from '../kernels/gather/gather.js';
import { mapBinary } from '../kernels/map/map.js';
import { joinExpand } from '../kernels/join/expand.js';
import { pipCount, pipFirst, pipRank } from '../kernels/pip/pip.js';
import type { PipIndex, PipResult } from '../kernels/pip/pip-cpu.js';
import { DataFrame } from '../frame/data-frame.js';
import { col } from '../frame/expr.js';
import { gatherRows } from '../frame/verbs/take.js';
import { checkOptions, polygonInputs } from './operands.js';
import { pointInputs } from './point-in-polygon.js';

export interface SJoinOptions {
  /**
   * The points as x (longitude) and y (latitude) float64 columns. Default: the points
   * frame's only 'point' column if it has one (and neither `x`, `y` nor `points` is given),
   * else 'longitude' and 'latitude'.
   */
  x?: string;
  y?: string;
  /** The points as a 'point' geometry column (instead of `x` and `y`). */
  points?: string;
  /** 'inner' (default, GeoPandas' default) keeps matched points only; 'left' keeps every point, with nulls. */
  how?: 'inner' | 'left';
  /**
   * 'within' (the only one): the polygon contains the point, by Turf's rule, so a point on a
   * polygon's boundary counts (GEOS' strict `within` would leave it out; its `intersects`
   * keeps it, as here).
   */
  predicate?: 'within';
  /**
   * 'first' (default): one row per point, joined to the smallest containing polygon index.
   * 'all': one row per (point, polygon) pair, as GeoPandas' sjoin: points in overlapping
   * polygons repeat, points in order and their polygons by index ascending.
   */
  matches?: 'first' | 'all';
  /** The polygons frame's geometry column (polygon or multipolygon). Default: its only such column. */
  geometry?: string;
  /** Suffix for polygon columns whose names clash with point columns. Default '_right'. */
  suffix?: string;
  /** The point-in-polygon index (see `pointInPolygon`); default 'auto'. */
  index?: PipIndex;
}

const OPTIONS = ['x', 'y', 'points', 'how', 'predicate', 'matches', 'geometry', 'suffix', 'index'];

/**
 * Join each point to the polygon features that contain it (boundary counts as inside, as in
 * Turf). The result has the point columns, `index_right` (int32, the polygon row, null for an
 * unmatched point of a left join) and the polygons' attribute columns (not its geometry).
 * With `matches: 'first'` (default) each point joins the smallest containing polygon index;
 * with `matches: 'all'`, one row per (point, polygon) pair. A null point (null coordinate or
 * geometry) matches nothing.
 *
 * @example
 * ```ts
 * const airports = await gf.readCSV('data/airports.csv');
 * const world = await gf.readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
 * const joined = await gf.sjoin(airports, world, { how: 'left' });
 * // Points as a point column, one row per (point, polygon) pair where polygons overlap:
 * const pts = new gf.DataFrame({ geometry: gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [2.35, 48.85] }]) });
 * const pairs = await gf.sjoin(pts, world, { points: 'geometry', matches: 'all' });
 * ```
 */
export async function sjoin(points: DataFrame, polygons: DataFrame, options: SJoinOptions = {}): Promise<DataFrame> {
  if (!(points instanceof DataFrame)) throw new ValueError(`sjoin: expected points as a DataFrame, got ${showValue(points)}`);
  if (!(polygons instanceof DataFrame)) throw new ValueError(`sjoin: expected polygons as a DataFrame, got ${showValue(polygons)}`);
  checkOptions('sjoin', options as Record<string, unknown>, OPTIONS);
  options ??= {}; // null: no options, as checkOptions takes it
  const how = options.how ?? 'inner';
  const suffix = options.suffix ?? '_right';
  const matches = options.matches ?? 'first';
  if (how !== 'inner' && how !== 'left') throw new ValueError(`sjoin: expected how 'inner' | 'left', got '${String(how)}'`);
  if (matches !== 'first' && matches !== 'all') throw new ValueError(`sjoin: expected matches 'first' | 'all', got '${String(matches)}'`);
  if ((options.predicate ?? 'within') !== 'within') throw new ValueError(`sjoin: expected predicate 'within', got '${String(options.predicate)}'`);
  const polyNames = polygons.names.filter((n) => ['polygon', 'multipolygon'].includes(polygons.schema[n]!));
  if (options.geometry === undefined && polyNames.length !== 1) {
    throw new ValueError(`sjoin: expected a polygons frame with one polygon or multipolygon column (or options.geometry), got ${polyNames.length ? polyNames.map((n) => `'${n}'`).join(', ') : 'none'}`);
  }
  const geomName = options.geometry ?? polyNames[0]!;
  const pts = pointInputs(points, pointRefs(points, options), 'sjoin');
  const pb = polygonInputs(polygons.column(geomName), 'sjoin');
  const index = options.index ?? 'auto';
  try {
    if (matches === 'first') {
      const pip = pipFirst(pts.x, pts.y, pb, pts.validity, index);
      const out: Array<[string, Column]> = points.names.map((n, i) => [n, points.getColumns()[i]!]);
      const made = attach(out, points.names, polygons, geomName, suffix, pip);
      const joined = new DataFrame(out);
      if (how === 'left') return joined;
      const inner = await joined.filter(col('index_right').isNotNull());
      // The filter gathered fresh copies; the left-join columns made here are no longer needed.
      for (const c of made) c.dispose();
      return inner;
    }
    return await allPairs(points, polygons, geomName, suffix, how, pts, pb, index);
  } finally {
    pb.dispose();
    pts.dispose();
  }
}

/** The point operands: a point column, or x and y names (see `SJoinOptions.x`). */
function pointRefs(points: DataFrame, o: SJoinOptions): string[] {
  if (o.points !== undefined) {
    if (o.x !== undefined || o.y !== undefined) throw new ValueError(`sjoin: expected points or x/y, got both ('${o.points}' and '${o.x ?? o.y}')`);
    return [o.points];
  }
  if (o.x === undefined && o.y === undefined) {
    const pointCols = points.names.filter((n) => points.schema[n] === 'point');
    if (pointCols.length === 1) return [pointCols[0]!];
  }
  return [o.x ?? 'longitude', o.y ?? 'latitude'];
}

/** Append index_right and the polygons' attributes gathered by feature index; returns the columns made. */
function attach(out: Array<[string, Column]>, pointNames: readonly string[], polygons: DataFrame, geomName: string, suffix: string, pip: PipResult): Column[] {
  const made: Column[] = [new Column({ type: 'int32', data: pip.index, validity: pip.validity })];
  out.push(['index_right', made[0]!]);
  polygons.names.forEach((n, i) => {
    if (n === geomName) return;
    const c = polygons.getColumns()[i]!;
    // No containing polygon is index -1, which gather reads as out of range: a null.
    const g = gather(c.data, pip.index, { validity: c.validity });
    made.push(c.derive(g.values, g.validity));
    out.push([pointNames.includes(n) || n === 'index_right' ? `${n}${suffix}` : n, made[made.length - 1]!]);
  });
  return made;
}

/**
 * Many-to-many: count each point's polygons, lay out one output row per pair (`join/expand`,
 * ranks 0..count-1 per point, or NONE for an unmatched point kept by a left join), then find
 * each pair's polygon as the rank-th smallest containing feature of its point.
 */
async function allPairs(points: DataFrame, polygons: DataFrame, geomName: string, suffix: string, how: 'inner' | 'left', pts: { x: DataBuffer<'float64'>; y: DataBuffer<'float64'>; validity: DataBuffer<'uint8'> | undefined }, pb: PolygonBuffers, index: PipIndex): Promise<DataFrame> {
  const counts = pipCount(pts.x, pts.y, pb, pts.validity, index);
  // Every point's first position is 0, so pos is the rank of the pair among the point's matches.
  const zeros = mapBinary(counts, 0, 'mul');
  let expanded;
  try {
    expanded = await joinExpand(zeros, counts, { keepUnmatched: how === 'left' });
  } finally {
    counts.dispose();
    zeros.dispose();
  }
  const { rows, pos } = expanded;
  const px = gather(pts.x, rows, { inRange: true }).values as DataBuffer<'float64'>;
  const py = gather(pts.y, rows, { inRange: true }).values as DataBuffer<'float64'>;
  let pip: PipResult;
  try {
    pip = pipRank(px, py, pb, pos, index);
  } finally {
    px.dispose();
    py.dispose();
    pos.dispose();
  }
  const left = gatherRows(points, rows);
  const out: Array<[string, Column]> = left.names.map((n, i) => [n, left.getColumns()[i]!]);
  attach(out, points.names, polygons, geomName, suffix, pip);
  return new DataFrame(out);
}
