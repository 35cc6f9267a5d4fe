/**
 * concat: frames stacked vertically. Values are copied end to end on the device, validity
 * bitmaps are joined at any bit offset by a kernel, and string columns whose dictionaries
 * differ get one merged (sorted) dictionary, their codes remapped by a device gather.
 */
import { Column } from '../../src/column/column.js';
import { uniqueSortedUtf8 } from '../../src/column/utf8-order.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { checkOptions } from '../../src/options.js';
import { gather } from '../../kernels/gather/gather.js';
import { concatBitmaps, concatValues } from '../../kernels/concat/concat.js';
import { listGather } from '../../kernels/gather/list-gather.js';
import { narrow, PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import { mapBinary } from '../../kernels/map/map.js';
import { sequence } from '../../kernels/sequence/sequence.js';
import { gatherColumn } from './take.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame, isFrame } from '../factory.js';
import { showValue } from '../../src/options.js';

export interface ConcatOptions {
  /** Only 'vertical' (the default, as Polars): rows of each frame after the previous one's. */
  how?: 'vertical';
}

function describeType(c: Column): string {
  if (c.type === 'timestamp') return `timestamp[${c.unit}${c.timezone ? `, ${c.timezone}` : ''}]`;
  if (c.type === 'struct') return `struct{${c.fields!.map((f, i) => `${f}: ${describeType(c.children[i]!)}`).join(', ')}}`;
  if (c.type === 'list') return `list<${describeType(c.child)}>`;
  return c.type;
}

function concatValidity(cols: readonly Column[]): DataBuffer<'uint8'> | undefined {
  return cols.some((c) => c.validity) ? concatBitmaps(cols.map((c) => ({ length: c.length, validity: c.validity }))) : undefined;
}

/**
 * Nested columns (types already equal): points end to end; struct fields one by one; a
 * list-like column's children concatenated (recursively), then its rows list-gathered from
 * offsets that index that whole child: part p's offsets shifted by the child rows before it,
 * with one filler row between parts (covering any child rows outside the part's offsets, so
 * the offsets stay non-decreasing) that no output row selects. The gather packs the child.
 */
function concatNested(name: string, cols: readonly Column[]): Column {
  const first = cols[0]!;
  const crs = cols.find((c) => c.crs !== first.crs);
  if (crs) throw new DTypeError(`concat: expected column '${name}' with one CRS in every frame, got '${first.crs ?? 'none'}' and '${crs.crs ?? 'none'}'`);
  const validity = concatValidity(cols);
  const length = cols.reduce((s, c) => s + c.length, 0);
  if (first.type === 'point') return first.derive(concatValues(cols.map((c) => c.data)), validity);
  if (first.type === 'struct') {
    const children = first.fields!.map((f, i) => concatColumn(`${name}.${f}`, cols.map((c) => c.children[i]!)));
    return first.derive(DataBuffer.fromHost(new Uint8Array(0), 'uint8'), validity, { children, length });
  }
  const child = concatColumn(name, cols.map((c) => c.child));
  let base = 0;
  let start = 0;
  const offsets: DataBuffer[] = [];
  const rows: DataBuffer[] = [];
  for (const c of cols) {
    offsets.push(base === 0 ? c.data : mapBinary(c.data as DataBuffer<'int32'>, base, 'add'));
    rows.push(sequence(c.length, start));
    base += c.child.length;
    start += c.length + 1;
  }
  const all = concatValues(offsets) as DataBuffer<'int32'>;
  const at = concatValues(rows) as DataBuffer<'uint32'>;
  offsets.forEach((o, i) => o !== cols[i]!.data && o.dispose());
  rows.forEach((r) => r.dispose());
  const g = listGather(all, at, { capacity: child.length, inRange: true });
  all.dispose();
  at.dispose();
  const packed = gatherColumn(child, g.rows, { inRange: false });
  g.rows.dispose();
  child.dispose();
  return first.derive(g.offsets, validity, { children: [packed] });
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
  if (first.isNested) return concatNested(name, cols);
  let parts: DataBuffer[] = cols.map((c) => c.data);
  let dictionary: readonly string[] | undefined;
  if (first.dictionary) {
    dictionary = uniqueSortedUtf8(cols.flatMap((c) => c.dictionary!));
    const index = new Map(dictionary.map((s, i) => [s, i]));
    parts = cols.map((c) => remapCodes(c, dictionary!, index));
  }
  // 8- and 16-bit values (binary's bytes too) are widened to words for the copy, then narrowed.
  const packed = PACKED_DTYPES.includes(first.data.dtype) && first.data.dtype !== 'bool';
  if (packed) parts = parts.map((p) => widen(p));
  const wide = concatValues(parts);
  const data = packed ? narrow(wide, first.data.dtype) : wide;
  if (data !== wide) wide.dispose();
  parts.forEach((p, i) => {
    if (p !== cols[i]!.data) p.dispose();
  });
  const validity = concatValidity(cols);
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
  checkOptions('concat', options, ['how']);
  const how = options?.how ?? 'vertical';
  if (how !== 'vertical') throw new ValueError(`concat: expected how 'vertical', got '${String(how)}'`);
  if (!Array.isArray(frames as unknown)) throw new ValueError(`concat: expected an array of frames, got ${showValue(frames)}`);
  if (frames.length === 0) throw new ValueError('concat: expected at least one frame, got none');
  const first = frames[0]!;
  frames.forEach((f, i) => {
    if (!isFrame(f)) throw new ValueError(`concat: expected DataFrames, got ${typeof f} at position ${i}`);
    if (f.names.join('\u0000') !== first.names.join('\u0000')) {
      throw new ValueError(`concat: expected the columns ${first.names.map((n) => `'${n}'`).join(', ')} in every frame, got ${f.names.map((n) => `'${n}'`).join(', ')} in frame ${i}`);
    }
  });
  return createFrame(first.names.map((n, j) => [n, concatColumn(n, frames.map((f) => f.getColumns()[j]!))] as const));
}
