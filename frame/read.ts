/** The public readers: the IO layer's typed columns, wrapped in a DataFrame (no copy). */
import { readCSV as readCSVTable, type ReadCSVOptions } from '../src/io/csv.js';
import { readShapefile as readShapefileTable, type ReadShapefileOptions, type ShapefileBuffers } from '../src/io/shapefile.js';
import { DataFrame } from './data-frame.js';
import type { PolygonColumn } from '../spatial/geometry.js';

/** A DataFrame whose rows are features of a geometry column (what readShapefile returns). */
export type GeoDataFrame = DataFrame & { readonly geometry: PolygonColumn };

/**
 * Read a CSV file (or CSV text) into a DataFrame with typed columns: int32/int64 by range,
 * float64, bool, utf8 (dictionary-encoded), empty fields as nulls.
 *
 * @example
 * ```ts
 * const airports = await gf.readCSV('data/airports.csv');
 * console.log(airports.schema); // { iata: 'utf8', ..., latitude: 'float64', longitude: 'float64' }
 * ```
 */
export async function readCSV(pathOrText: string, options: ReadCSVOptions = {}): Promise<DataFrame> {
  return DataFrame.fromTable(await readCSVTable(pathOrText, options));
}

/**
 * Read a shapefile (a .zip, or a .shp with its .dbf and optional .prj) into a DataFrame of
 * attributes with a `geometry` column of (multi)polygons in GeoArrow layout.
 *
 * @example
 * ```ts
 * const world = await gf.readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
 * console.log(world.numRows, world.geometry!.length); // 177 177
 * ```
 */
export async function readShapefile(source: string | ShapefileBuffers, options: ReadShapefileOptions = {}): Promise<GeoDataFrame> {
  return DataFrame.fromTable(await readShapefileTable(source, options)) as GeoDataFrame;
}
