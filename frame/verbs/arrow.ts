/** DataFrame ↔ Arrow table: the frame-level face of src/io/arrow.ts (see there for the type mapping). */
import type * as arrow from 'apache-arrow';
import { tableFromArrow, tableToArrow } from '../../src/io/arrow.js';
import type { DataFrame } from '../data-frame.js';
import { frameFromTable } from '../factory.js';
import { ValueError } from '../../src/errors.js';
import { showValue } from '../../src/options.js';

/**
 * A DataFrame over an Arrow table's columns: zero-copy for numeric, date and timestamp columns
 * of one chunk (and their validity bitmaps when the bit offset is a multiple of 8); several
 * chunks are concatenated once; bool is expanded to a byte per row; strings are
 * dictionary-encoded ('utf8'), dictionaries of strings become 'categorical'. List (and
 * LargeList whose offsets fit int32), Struct and Binary become 'list', 'struct' and 'binary'
 * columns over the same buffers; fields with GeoArrow extension metadata (`geoarrow.point` …
 * `geoarrow.multipolygon`, interleaved or separated coordinates) become geometry columns with
 * their CRS.
 *
 * @example
 * The public verb it implements, `DataFrame.fromArrow`:
 * ```ts
 * const arrowTable = await new gf.DataFrame({ x: new Float64Array([1, 2]), s: ['a', 'b'] }).toArrow();
 * console.log(gf.DataFrame.fromArrow(arrowTable).schema); // { x: 'float64', s: 'utf8' }
 * ```
 */
export function fromArrow(table: arrow.Table): DataFrame {
  if (!table || typeof table !== 'object' || !Array.isArray((table as { schema?: { fields?: unknown } }).schema?.fields)) throw new ValueError(`DataFrame.fromArrow: expected an apache-arrow Table, got ${showValue(table)}`);
  return frameFromTable(tableFromArrow(table));
}

/**
 * The frame as an Arrow table (downloading device-resident columns first). Numeric, date and
 * timestamp buffers, offsets and validity bitmaps are shared, not copied. Geometry columns
 * leave as GeoArrow extension types (interleaved 'xy' coordinates, CRS in the extension
 * metadata).
 *
 * @example
 * The public verb it implements, `df.toArrow()`:
 * ```ts
 * const t = await new gf.DataFrame({ x: new Float64Array([1, 2]) }).toArrow();
 * console.log(t.numRows, t.getChild('x')!.toArray()); // 2 Float64Array [1, 2]
 * ```
 */
export function toArrow(df: DataFrame): Promise<arrow.Table> {
  return tableToArrow({ names: df.names, columns: df.getColumns(), numRows: df.numRows });
}
