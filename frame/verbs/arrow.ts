/** DataFrame ↔ Arrow table: the frame-level face of src/io/arrow.ts (see there for the type mapping). */
import type * as arrow from 'apache-arrow';
import { tableFromArrow, tableToArrow } from '../../src/io/arrow.js';
import type { DataFrame } from '../data-frame.js';
import { frameFromTable } from '../factory.js';

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
 * ```ts
 * const df = fromArrow(arrow.tableFromArrays({ x: new Float64Array([1, 2]) }));
 * ```
 */
export function fromArrow(table: arrow.Table): DataFrame {
  return frameFromTable(tableFromArrow(table));
}

/**
 * The frame as an Arrow table (downloading device-resident columns first). Numeric, date and
 * timestamp buffers, offsets and validity bitmaps are shared, not copied. Geometry columns
 * leave as GeoArrow extension types (interleaved 'xy' coordinates, CRS in the extension
 * metadata).
 *
 * @example
 * ```ts
 * const t = await toArrow(df);
 * ```
 */
export function toArrow(df: DataFrame): Promise<arrow.Table> {
  return tableToArrow({ names: df.names, columns: df.getColumns(), numRows: df.numRows });
}
