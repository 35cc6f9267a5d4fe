/**
 * Table: what the readers return, a plain set of named, equal-length columns.
 * The DataFrame class wraps it; the readers do not build frames themselves.
 */
import type { Column } from '../column/column.js';
import type { PolygonColumn } from '../../spatial/geometry.js';

/**
 * Named columns of equal length.
 *
 * @example
 * ```ts
 * const t: Table = await readCSV('a,b\n1,x\n');
 * console.log(t.names, t.numRows, t.columns[0]!.type); // ['a', 'b'] 1 'int32'
 * ```
 */
export interface Table {
  readonly names: readonly string[];
  readonly columns: readonly Column[];
  readonly numRows: number;
}

/**
 * A Table of feature attributes plus one geometry column (GeoArrow multipolygons), row i of the
 * attributes describing feature i of `geometry`.
 *
 * @example
 * ```ts
 * const world: GeoTable = await readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
 * console.log(world.numRows === world.geometry.length); // true
 * ```
 */
export type GeoTable = Table & { geometry: PolygonColumn };
