/**
 * concat: frames stacked vertically. Values are copied end to end on the device, validity
 * bitmaps are joined at any bit offset by a kernel, and string columns whose dictionaries
 * differ get one merged (sorted) dictionary, their codes remapped by a device gather.
 */
import { Column } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { gather } from '../../kernels/gather/gather.js';
import { concatBitmaps, concatValues } from '../../kernels/concat/concat.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame, isFrame } from '../factory.js';

export interface ConcatOptions {
  /** Only 'vertical' (the default, as Polars): rows of each frame after the previous one's. */
  how?: 'vertical';
}

function describeType(c: Column): string {
  return c.type === 'timestamp' ? `timestamp[${c.unit}${c.timezone ? `, ${c.timezone}` : ''}]` : c.type;
}

/** Codes of `c` re-expressed in `merged` (a superset of its dictionary), on the device. */
function remapCodes(c: Column, merged: readonly string[], index: Map<string, number>): DataBuffer {
  const dict = c.dictionary!;
  if (dict.length === merged.length) return c.data; // same set, same sorted order: same codes
  const map = new Uint32Array(Math.max(1, dict.length));
  dict.forEach((s, i) => (map[i] = index.get(s)!));
  const table = DataBuffer.fromHost(map, 'uint32');
  const g = gather(table, c.data as DataBuffer<'uint32'>);
  g.validity.dispose();
  table.dispose();
  return g.values;
}

function concatColumn(name: string, cols: readonly Column[]): Column {
  const first = cols[0]!;
  for (const c of cols) {
    if (describeType(c) !== describeType(first)) throw new DTypeError(`concat: expected column '${name}' as ${describeType(first)} in every frame, got ${describeType(c)}`);
  }
  let parts: DataBuffer[] = cols.map((c) => c.data);
  let dictionary: readonly string[] | undefined;
  if (first.dictionary) {
    dictionary = [...new Set(cols.flatMap((c) => c.dictionary!))].sort();
    const index = new Map(dictionary.map((s, i) => [s, i]));
    parts = cols.map((c) => remapCodes(c, dictionary!, index));
  }
  const data = concatValues(parts);
  parts.forEach((p, i) => {
    if (p !== cols[i]!.data) p.dispose();
  });
  const validity = cols.some((c) => c.validity) ? concatBitmaps(cols.map((c) => ({ length: c.length, validity: c.validity }))) : undefined;
  return new Column({ type: first.type, data, validity, dictionary, unit: first.unit, timezone: first.timezone });
}

/**
 * Stack frames vertically (Polars `pl.concat(frames, how='vertical')`). Every frame needs
 * the same column names in the same order and the same column types (a DTypeError names
 * the column otherwise); string columns with different dictionaries get a merged one.
 *
 * @example
 * ```ts
 * const a = new gf.DataFrame({ x: new Int32Array([1, 2]) });
 * const b = new gf.DataFrame({ x: new Int32Array([3]) });
 * gf.concat([a, b]).numRows; // 3
 * ```
 */
export function concat(frames: readonly DataFrame[], options: ConcatOptions = {}): DataFrame {
  const how = options.how ?? 'vertical';
  if (how !== 'vertical') throw new ValueError(`concat: expected how 'vertical', got '${String(how)}'`);
  if (!frames || frames.length === 0) throw new ValueError('concat: expected at least one frame, got none');
  const first = frames[0]!;
  frames.forEach((f, i) => {
    if (!isFrame(f)) throw new ValueError(`concat: expected DataFrames, got ${typeof f} at position ${i}`);
    if (f.columns.some((c) => c.isNested)) throw new ValueError('concat: expected frames without nested columns (concatenating lists, structs and geometries is not implemented yet)');
    if (f.names.join('\u0000') !== first.names.join('\u0000')) {
      throw new ValueError(`concat: expected the columns ${first.names.map((n) => `'${n}'`).join(', ')} in every frame, got ${f.names.map((n) => `'${n}'`).join(', ')} in frame ${i}`);
    }
  });
  return createFrame(first.names.map((n, j) => [n, concatColumn(n, frames.map((f) => f.columns[j]!))] as const));
}
