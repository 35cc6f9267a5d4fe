/**
 * Spatial join of points to polygons (GeoPandas' `sjoin(points, polygons, predicate='within')`).
 * The points frame's x/y columns and the polygons frame's geometry stay on the device: the
 * point-in-polygon kernel writes each point's polygon index, and the polygons' attribute
 * columns are gathered by it on the device.
 */
import { Column } from '../src/column/column.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../src/errors.js';
import { gather } from '../kernels/gather/gather.js';
import { DataFrame } from '../frame/data-frame.js';
import { col } from '../frame/expr.js';
import { pointInPolygon } from './point-in-polygon.js';

export interface SJoinOptions {
  /** Point x (longitude) and y (latitude) columns. Default 'longitude' and 'latitude'. */
  x?: string;
  y?: string;
  /** 'inner' (default, GeoPandas' default) keeps matched points only; 'left' keeps every point, with nulls. */
  how?: 'inner' | 'left';
  /** The polygons frame's geometry column (polygon or multipolygon). Default: its only such column. */
  geometry?: string;
  /** Suffix for polygon columns whose names clash with point columns. Default '_right'. */
  suffix?: string;
}

/**
 * Join each point to the polygon feature that contains it (boundary counts as inside, as in
 * Turf; the smallest feature index wins where polygons overlap). The result has the point
 * columns, `index_right` (int32, the polygon row) and the polygons' attribute columns.
 *
 * @example
 * ```ts
 * const airports = await gf.readCSV('data/airports.csv');
 * const world = await gf.readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
 * const joined = await gf.sjoin(airports, world, { how: 'left' });
 * ```
 */
export async function sjoin(points: DataFrame, polygons: DataFrame, options: SJoinOptions = {}): Promise<DataFrame> {
  const xName = options.x ?? 'longitude';
  const yName = options.y ?? 'latitude';
  const how = options.how ?? 'inner';
  const suffix = options.suffix ?? '_right';
  if (how !== 'inner' && how !== 'left') throw new ValueError(`sjoin: expected how 'inner' | 'left', got '${String(how)}'`);
  const polyNames = polygons.names.filter((n) => ['polygon', 'multipolygon'].includes(polygons.schema[n]!));
  if (options.geometry === undefined && polyNames.length !== 1) {
    throw new ValueError(`sjoin: expected a polygons frame with one polygon or multipolygon column (or options.geometry), got ${polyNames.length ? polyNames.map((n) => `'${n}'`).join(', ') : 'none'}`);
  }
  const geomName = options.geometry ?? polyNames[0]!;
  const geometry = polygons.column(geomName);
  const x = points.column(xName);
  const y = points.column(yName);
  for (const [n, c] of [[xName, x], [yName, y]] as const) {
    if (c.type !== 'float64') throw new DTypeError(`sjoin: expected point column '${n}' as float64, got ${c.type}`);
  }
  if (x.validity && y.validity) throw new ValueError(`sjoin: expected at most one of '${xName}' and '${yName}' to have nulls (merge them first), got both`);
  const pip = pointInPolygon(x.data as DataBuffer<'float64'>, y.data as DataBuffer<'float64'>, geometry, { validity: x.validity ?? y.validity });
  const made: Column[] = [new Column({ type: 'int32', data: pip.index, validity: pip.validity })];
  const out: Array<[string, Column]> = points.names.map((n, i) => [n, points.columns[i]!]);
  out.push(['index_right', made[0]!]);
  polygons.names.forEach((n, i) => {
    if (n === geomName) return;
    const c = polygons.columns[i]!;
    // No containing polygon is index -1, which gather reads as out of range: a null.
    const g = gather(c.data, pip.index, { validity: c.validity });
    made.push(c.derive(g.values, g.validity));
    out.push([points.names.includes(n) || n === 'index_right' ? `${n}${suffix}` : n, made[made.length - 1]!]);
  });
  const joined = new DataFrame(out);
  if (how === 'left') return joined;
  const inner = await joined.filter(col('index_right').isNotNull());
  // The filter gathered fresh copies; the left-join columns made here are no longer needed.
  for (const c of made) c.dispose();
  return inner;
}
