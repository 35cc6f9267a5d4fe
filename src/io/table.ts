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
 * const t: gf.Table = { names: ['a', 'b'], columns: [gf.Column.from(new Int32Array([1])), gf.Column.from(['x'])], numRows: 1 };
 * const df = gf.DataFrame.fromTable(t);
 * console.log(df.columns, df.numRows, df.dtypes); // ['a', 'b'] 1 ['int32', 'utf8']
 * ```
 */
export interface Table {
  readonly names: readonly string[];
  readonly columns: readonly Column[];
  readonly numRows: number;
}
