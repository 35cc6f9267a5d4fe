/** Rows [start, start + count) of a frame, gathered on the device. */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { ValueError } from '../../src/errors.js';
import { gather } from '../../kernels/gather/gather.js';
import { sequence } from '../../kernels/sequence/sequence.js';
import type { DataFrame } from '../data-frame.js';
import { DataFrame as Frame } from '../data-frame.js';

/** Gather every column of `df` at `indices` (uint32 row numbers, all in range). */
export function gatherRows(df: DataFrame, indices: DataBuffer<'uint32'>): DataFrame {
  if (df.geometry) throw new ValueError('take: expected a frame without a geometry column (row selection of geometries is not implemented yet)');
  const cols = df.names.map((name, i) => {
    const c = df.columns[i]!;
    // Indices are in range, so a column without nulls stays without nulls (no bitmap is built).
    const g = gather(c.data, indices, { validity: c.validity, inRange: true });
    return [name, c.derive(g.values, g.validity)] as const;
  });
  return new Frame(cols);
}

export function take(df: DataFrame, start: number, count: number): DataFrame {
  const indices = sequence(count, start);
  const out = gatherRows(df, indices);
  indices.dispose();
  return out;
}
