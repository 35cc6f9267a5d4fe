/**
 * Host-side helpers the readers share: bit copies, dictionary sorting, and the concatenation of
 * host columns of one type (what an Arrow column of several chunks becomes). Nested columns
 * concatenate level by level: offsets shift by the rows of the children before them (offsets
 * index their child absolutely, so children are appended whole), struct fields pair up,
 * string dictionaries merge.
 */
import { Column, isOffsetType } from '../column/column.js';
import { uniqueSortedUtf8 } from '../column/utf8-order.js';
import { DataBuffer } from '../memory/data-buffer.js';
import type { TypedArray } from '../dtypes.js';

/** Copy `n` bits of `src` starting at bit `from` into `dst` starting at bit `to` (ORs set bits in). */
export function copyBits(dst: Uint8Array, to: number, src: Uint8Array, from: number, n: number): void {
  if ((from & 7) === 0 && (to & 7) === 0) {
    const whole = n >> 3;
    dst.set(src.subarray(from >> 3, (from >> 3) + whole), to >> 3);
    for (let i = whole << 3; i < n; i++) if ((src[(from + i) >> 3]! >> ((from + i) & 7)) & 1) dst[(to + i) >> 3]! |= 1 << ((to + i) & 7);
    return;
  }
  for (let i = 0; i < n; i++) if ((src[(from + i) >> 3]! >> ((from + i) & 7)) & 1) dst[(to + i) >> 3]! |= 1 << ((to + i) & 7);
}

/**
 * Sort a dictionary and renumber codes into it (in place); equal strings (an Arrow dictionary
 * may repeat a value, invalid UTF-8 may decode alike) merge into one code.
 */
export function sortDictionary(values: readonly string[], codes: Uint32Array, validity: Uint8Array | undefined): { codes: Uint32Array; dictionary: string[] } {
  const dictionary = uniqueSortedUtf8(values);
  const rank = new Map(dictionary.map((s, i) => [s, i]));
  const remap = Uint32Array.from(values, (s) => rank.get(s)!);
  let identity = remap.length === dictionary.length;
  for (let i = 0; identity && i < remap.length; i++) identity = remap[i] === i;
  if (!identity) {
    for (let i = 0; i < codes.length; i++) {
      if (validity && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) codes[i] = 0;
      else codes[i] = remap[codes[i]!]!;
    }
  }
  return { codes, dictionary };
}

/** The typed arrays one after another, in an array of the first one's kind. */
function joinArrays(parts: readonly TypedArray[]): TypedArray {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new (parts[0]!.constructor as new (n: number) => TypedArray)(total);
  let at = 0;
  for (const p of parts) {
    (out as Uint8Array).set(p as Uint8Array, at);
    at += p.length;
  }
  return out;
}

/** The columns' validity bitmaps as one (undefined when none has one). */
function joinBits(cols: readonly Column[]): DataBuffer<'uint8'> | undefined {
  if (!cols.some((c) => c.validity)) return undefined;
  const n = cols.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array((n + 7) >> 3);
  let at = 0;
  for (const c of cols) {
    if (c.validity) copyBits(out, at, c.validity.hostView('concat') as Uint8Array, 0, c.length);
    else for (let i = at; i < at + c.length; i++) out[i >> 3]! |= 1 << (i & 7);
    at += c.length;
  }
  return DataBuffer.fromHost(out, 'uint8');
}

/**
 * Host columns of one type (and the same fields, unit, CRS…) as one column of all their rows.
 * `name` names the column in errors.
 *
 * Internal: joins the chunks of an Arrow column or of a parallel CSV read.
 */
export function concatHostColumns(name: string, cols: readonly Column[]): Column {
  if (cols.length === 1) return cols[0]!;
  const first = cols[0]!;
  const validity = joinBits(cols);
  const length = cols.reduce((s, c) => s + c.length, 0);
  if (first.type === 'struct') {
    const children = first.children.map((_, k) => concatHostColumns(`${name}.${first.fields![k]}`, cols.map((c) => c.children[k]!)));
    return new Column({ type: 'struct', data: first.data, validity, fields: first.fields, children, length });
  }
  if (isOffsetType(first.type)) {
    // Each part's child rows [off[0], off[n]) follow the previous part's, renumbered from `base`.
    const offsets = new Int32Array(length + 1);
    const parts: Column[] = [];
    let row = 0;
    let base = 0;
    for (const c of cols) {
      const off = c.data.hostView('concat') as Int32Array;
      const start = off[0]!;
      for (let i = 1; i <= c.length; i++) offsets[row + i] = off[i]! - start + base;
      row += c.length;
      base += off[c.length]! - start;
      parts.push(sliceHostColumn(c.child, start, off[c.length]!));
    }
    const child = concatHostColumns(name, parts);
    return first.derive(DataBuffer.fromHost(offsets, 'int32'), validity, { children: [child] });
  }
  const data = joinArrays(cols.map((c) => c.data.hostView('concat')));
  if (first.dictionary) {
    const values: string[] = [];
    const codes = data as Uint32Array;
    let row = 0;
    for (const c of cols) {
      const base = values.length;
      values.push(...c.dictionary!);
      for (let i = 0; i < c.length; i++) codes[row + i]! += base;
      row += c.length;
    }
    const bits = validity?.hostView('concat') as Uint8Array | undefined;
    const sorted = sortDictionary(values, codes, bits);
    return new Column({ type: first.type, data: DataBuffer.fromHost(sorted.codes, 'uint32'), validity, dictionary: sorted.dictionary });
  }
  return first.derive(DataBuffer.fromHost(data, first.data.dtype), validity);
}

/** Rows [start, end) of a host column, sharing its buffers where the layout allows. */
export function sliceHostColumn(c: Column, start: number, end: number): Column {
  if (start === 0 && end === c.length) return c;
  const n = end - start;
  let validity: DataBuffer<'uint8'> | undefined;
  if (c.validity) {
    const bits = c.validity.hostView('slice') as Uint8Array;
    if ((start & 7) === 0) validity = DataBuffer.fromHost(bits.subarray(start >> 3, (start >> 3) + ((n + 7) >> 3)), 'uint8');
    else {
      const out = new Uint8Array((n + 7) >> 3);
      copyBits(out, 0, bits, start, n);
      validity = DataBuffer.fromHost(out, 'uint8');
    }
  }
  const data = c.data.hostView('slice');
  if (c.type === 'struct') return c.derive(c.data, validity, { children: c.children.map((k) => sliceHostColumn(k, start, end)), length: n });
  if (isOffsetType(c.type)) return c.derive(DataBuffer.fromHost(data.subarray(start, end + 1), 'int32'), validity);
  const w = c.type === 'point' ? 2 : 1;
  return c.derive(DataBuffer.fromHost(data.subarray(w * start, w * end), c.data.dtype), validity);
}
