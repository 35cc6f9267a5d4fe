/** Rows [start, start + count) of a frame, gathered on the device. */
import type { Column } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../../kernels/gather/gather.js';
import { narrow, PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import { ValueError } from '../../src/errors.js';
import { sequence } from '../../kernels/sequence/sequence.js';
import type { DataFrame } from '../data-frame.js';
import { DataFrame as Frame } from '../data-frame.js';

/** The column's values at `rows` (row numbers, all in range), any type, nulls carried. */
export function gatherColumn(c: Column, rows: DataBuffer<'uint32'>): Column {
  const packed = PACKED_DTYPES.includes(c.data.dtype) && c.data.dtype !== 'bool';
  const src = packed ? widen(c.data) : c.data;
  const g = gather(src, rows, { validity: c.validity, inRange: true });
  if (packed) src.dispose();
  let data: DataBuffer = g.values;
  if (packed) {
    data = narrow(g.values, c.data.dtype);
    g.values.dispose();
  }
  return c.derive(data, g.validity);
}

/** Gather every column of `df` at `indices` (uint32 row numbers, all in range). */
export function gatherRows(df: DataFrame, indices: DataBuffer<'uint32'>): DataFrame {
  if (df.geometry) throw new ValueError('take: expected a frame without a geometry column (row selection of geometries is not implemented yet)');
  // Indices are in range, so a column without nulls stays without nulls (no bitmap is built);
  // 8- and 16-bit columns are widened for the gather and narrowed back.
  const cols = df.names.map((name, i) => [name, gatherColumn(df.columns[i]!, indices)] as const);
  return new Frame(cols);
}

export function take(df: DataFrame, start: number, count: number): DataFrame {
  const indices = sequence(count, start);
  const out = gatherRows(df, indices);
  indices.dispose();
  return out;
}
