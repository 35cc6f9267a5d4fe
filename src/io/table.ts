/**
 * Table: what the readers return, a plain set of named, equal-length columns.
 * The DataFrame class wraps it; the readers do not build frames themselves.
 */
import type { Column } from '../column/column.js';

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
