/** DataFrame ↔ Arrow table: the frame-level face of src/io/arrow.ts (see there for the type mapping). */
import type * as arrow from 'apache-arrow';
import { tableFromArrow, tableToArrow } from '../../src/io/arrow.js';
import { ValueError } from '../../src/errors.js';
import type { DataFrame } from '../data-frame.js';
import { frameFromTable } from '../factory.js';

/**
 * A DataFrame over an Arrow table's columns: zero-copy for numeric, date and timestamp columns
 * of one chunk (and their validity bitmaps when the bit offset is a multiple of 8); several
 * chunks are concatenated once; bool is expanded to a byte per row; strings are
 * dictionary-encoded ('utf8'), dictionaries of strings become 'categorical'.
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
 * timestamp buffers and validity bitmaps are shared, not copied.
 *
 * @example
 * ```ts
 * const t = await toArrow(df);
 * ```
 */
export function toArrow(df: DataFrame): Promise<arrow.Table> {
  if (df.columns.some((c) => c.isNested)) throw new ValueError('toArrow: expected a frame without nested columns (list, struct and geometry export is not implemented yet)');
  return tableToArrow({ names: df.names, columns: df.columns, numRows: df.numRows });
}
