/**
 * Arrow ↔ gpuframe columns. Arrow is the host format, so the conversion is zero-copy wherever
 * the layouts agree:
 * - fromArrow: a numeric, date or timestamp column of one chunk is a view on the Arrow value
 *   buffer (same ArrayBuffer, no copy), and so is its validity bitmap when its bit offset is a
 *   multiple of 8. Several chunks are concatenated once. Bool (bit-packed in Arrow, one byte
 *   per row here) is expanded; strings are dictionary-encoded (sorted dictionary + codes).
 * - toArrow: numeric, date and timestamp data and every validity bitmap become Arrow buffers
 *   without a copy; bool is packed, utf8 gets offsets + bytes, categorical keeps its codes as
 *   Int32 dictionary indices (a view, no copy) over a Utf8 dictionary.
 * - nested columns (List, LargeList on read, Struct, Binary, and geometry as GeoArrow extension
 *   types) go through ./arrow-nested.ts: offsets and child values are shared the same way.
 * Also the IPC readers/writers `readArrow` / `writeArrow` (apache-arrow's tableFromIPC /
 * tableToIPC).
 */
import * as arrow from 'apache-arrow';
import { Column, isNestedType, type ColumnType, type TimeUnit } from '../column/column.js';
import { DataBuffer } from '../memory/data-buffer.js';
import type { DTypeName, TypedArray } from '../dtypes.js';
import { ColumnNotFoundError, DTypeError, ParseError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { writeFileBytes } from './fs.js';
import { bytesOutput, MEDIA_TYPES, outputKind, type BinaryOutput, type Written } from './write-output.js';
import { readSourceBytes, type ByteSource } from './source.js';
import type { Table } from './table.js';
import { copyBits, sortDictionary } from './column-concat.js';
import { arrowField, isNestedArrow, nestedFromArrow, nestedToArrow, type NestedArrowOptions } from './arrow-nested.js';
import { validateArrowIpc } from './arrow-validate.js';

type AnyData = arrow.Data<any>;
type AnyVector = arrow.Vector<any>;

const UNITS: readonly TimeUnit[] = ['s', 'ms', 'us', 'ns'];
const ARROW_UNIT: Record<TimeUnit, arrow.TimeUnit> = { s: arrow.TimeUnit.SECOND, ms: arrow.TimeUnit.MILLISECOND, us: arrow.TimeUnit.MICROSECOND, ns: arrow.TimeUnit.NANOSECOND };

/** The gpuframe dtype of an Arrow Int or Float type, or undefined. */
function numericDType(t: arrow.DataType): DTypeName | undefined {
  if (arrow.DataType.isInt(t)) {
    const { bitWidth, isSigned } = t as arrow.Int;
    return `${isSigned ? 'int' : 'uint'}${bitWidth}` as DTypeName;
  }
  if (arrow.DataType.isFloat(t)) {
    const p = (t as arrow.Float).precision;
    if (p === arrow.Precision.SINGLE) return 'float32';
    if (p === arrow.Precision.DOUBLE) return 'float64';
  }
  return undefined;
}

const ARRAYS: Record<DTypeName, { new (n: number): TypedArray }> = {
  bool: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array, uint8: Uint8Array,
  uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array, float32: Float32Array, float64: Float64Array,
};

/** The chunks' values as one typed array: a view on the only chunk, else one concatenation. */
function joinValues(chunks: readonly AnyData[], dtype: DTypeName, n: number): TypedArray {
  if (chunks.length === 1) return (chunks[0]!.values as TypedArray).subarray(0, n);
  const out = new ARRAYS[dtype](n);
  let at = 0;
  for (const d of chunks) {
    (out as Uint8Array).set((d.values as Uint8Array).subarray(0, d.length), at);
    at += d.length;
  }
  return out;
}

/** The validity of the chunks as one bitmap (undefined without nulls): a view where possible. */
function joinValidity(chunks: readonly AnyData[], n: number): Uint8Array | undefined {
  if (!chunks.some((d) => d.nullCount > 0)) return undefined;
  const bytes = (n + 7) >> 3;
  if (chunks.length === 1 && (chunks[0]!.offset & 7) === 0 && chunks[0]!.nullBitmap) {
    const start = chunks[0]!.offset >> 3;
    return chunks[0]!.nullBitmap.subarray(start, start + bytes);
  }
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const d of chunks) {
    if (d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length > 0) copyBits(out, at, d.nullBitmap, d.offset, d.length);
    else if (d.length > 0) for (let i = at; i < at + d.length; i++) out[i >> 3]! |= 1 << (i & 7);
    at += d.length;
  }
  return out;
}

/**
 * Dictionary-encode UTF-8 strings given as (offsets, bytes) chunks: hash the byte slices
 * (no string per row), decode each distinct value once, sort, and renumber the codes so that
 * code order is lexical (UTF-16 code unit) order, as `Column.from` does.
 */
function encodeStrings(chunks: readonly AnyData[], n: number, validity: Uint8Array | undefined): { codes: Uint32Array; dictionary: string[] } {
  const codes = new Uint32Array(n);
  // Distinct values: their bytes back to back in `pool`, value k at [at[k], at[k + 1]).
  let pool = new Uint8Array(1024);
  let at = new Int32Array(257);
  let count = 0;
  let cap = 1024; // hash slots (power of two), at most half full
  let slots = new Int32Array(cap).fill(-1);
  let hashes = new Int32Array(cap);
  let row = 0;
  for (const d of chunks) {
    const bytes = d.values as Uint8Array;
    // LargeUtf8 offsets are int64: read their low words (exact while the chunk's bytes < 2 GiB,
    // which a Uint8Array of them is anyway), so no BigInt per row.
    const raw = d.valueOffsets as Int32Array | BigInt64Array;
    const big = raw instanceof BigInt64Array;
    const offs = big ? new Int32Array(raw.buffer, raw.byteOffset, raw.length * 2) : raw;
    if (big && raw.length > 0 && raw[d.length]! > 0x7fffffffn) throw new ValueError(`fromArrow: expected under 2 GiB of string bytes per chunk, got ${raw[d.length]}`);
    const step = big ? 2 : 1;
    for (let i = 0; i < d.length; i++, row++) {
      if (validity && ((validity[row >> 3]! >> (row & 7)) & 1) === 0) continue;
      const s = offs[i * step]!;
      const e = offs[(i + 1) * step]!;
      let h = 0x811c9dc5 | 0;
      for (let t = s; t < e; t++) h = Math.imul(h ^ bytes[t]!, 0x01000193);
      let j = h & (cap - 1);
      let code = -1;
      for (;;) {
        const k = slots[j]!;
        if (k < 0) break;
        if (hashes[j] === h && at[k + 1]! - at[k]! === e - s) {
          let same = true;
          for (let t = 0, p = at[k]!; same && t < e - s; t++) same = pool[p + t] === bytes[s + t];
          if (same) {
            code = k;
            break;
          }
        }
        j = (j + 1) & (cap - 1);
      }
      if (code < 0) {
        code = count++;
        if (at.length < count + 1) {
          const a = new Int32Array(at.length * 2);
          a.set(at);
          at = a;
        }
        const need = at[code]! + (e - s);
        if (pool.length < need) {
          const p = new Uint8Array(Math.max(need, pool.length * 2));
          p.set(pool);
          pool = p;
        }
        pool.set(bytes.subarray(s, e), at[code]!);
        at[code + 1] = need;
        slots[j] = code;
        hashes[j] = h;
        if (count * 2 > cap) {
          cap *= 2;
          const ns = new Int32Array(cap).fill(-1);
          const nh = new Int32Array(cap);
          for (let q = 0; q < slots.length; q++) {
            if (slots[q]! < 0) continue;
            let r = hashes[q]! & (cap - 1);
            while (ns[r]! >= 0) r = (r + 1) & (cap - 1);
            ns[r] = slots[q]!;
            nh[r] = hashes[q]!;
          }
          slots = ns;
          hashes = nh;
        }
      }
      codes[row] = code;
    }
  }
  const decoder = new TextDecoder();
  const values: string[] = new Array(count);
  for (let k = 0; k < count; k++) values[k] = decoder.decode(pool.subarray(at[k]!, at[k + 1]!));
  return sortDictionary(values, codes, validity);
}

/** Expand Arrow's bit-packed booleans to one byte per row. */
function expandBools(chunks: readonly AnyData[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let row = 0;
  for (const d of chunks) {
    const bits = d.values as Uint8Array;
    for (let i = 0; i < d.length; i++, row++) out[row] = (bits[(d.offset + i) >> 3]! >> ((d.offset + i) & 7)) & 1;
  }
  return out;
}

/**
 * One Arrow column (all its chunks) as a gpuframe Column. See the module header for what is
 * zero-copy. Throws DTypeError naming the column for a type gpuframe has no counterpart for.
 *
 * Internal: the per-column step of `DataFrame.fromArrow` (see `tableFromArrow`).
 */
export function columnFromArrow(name: string, vector: AnyVector, field?: arrow.Field): Column {
  const t = vector.type as arrow.DataType;
  const chunks = vector.data as AnyData[];
  const f = field ?? new arrow.Field(name, t, true);
  if (isNestedArrow(f)) return nestedFromArrow(name, chunks, f, chunksToColumn);
  const n = vector.length;
  const validity = joinValidity(chunks, n);
  const valid = validity ? DataBuffer.fromHost(validity, 'uint8') : undefined;
  const numeric = numericDType(t);
  if (numeric) return new Column({ type: numeric, data: DataBuffer.fromHost(joinValues(chunks, numeric, n), numeric), validity: valid });
  if (arrow.DataType.isBool(t)) return new Column({ type: 'bool', data: DataBuffer.fromHost(expandBools(chunks, n), 'bool'), validity: valid });
  if (arrow.DataType.isDate(t)) {
    if ((t as arrow.Date_).unit === arrow.DateUnit.DAY) return new Column({ type: 'date', data: DataBuffer.fromHost(joinValues(chunks, 'int32', n), 'int32'), validity: valid });
    // Date64: milliseconds since the epoch → whole days (floor, so pre-1970 times stay in their day).
    const ms = joinValues(chunks, 'int64', n) as BigInt64Array;
    const days = new Int32Array(n);
    for (let i = 0; i < n; i++) days[i] = Number(ms[i]! >= 0n ? ms[i]! / 86400000n : -((-ms[i]! + 86399999n) / 86400000n));
    return new Column({ type: 'date', data: DataBuffer.fromHost(days, 'int32'), validity: valid });
  }
  if (arrow.DataType.isTimestamp(t)) {
    const ts = t as arrow.Timestamp;
    return new Column({ type: 'timestamp', unit: UNITS[ts.unit]!, timezone: ts.timezone ?? undefined, data: DataBuffer.fromHost(joinValues(chunks, 'int64', n), 'int64'), validity: valid });
  }
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) {
    const { codes, dictionary } = encodeStrings(chunks, n, validity);
    return new Column({ type: 'utf8', data: DataBuffer.fromHost(codes, 'uint32'), validity: valid, dictionary });
  }
  if (t.typeId === arrow.Type.Utf8View) {
    // Views: no offsets buffer; decode through Arrow's getter (a slower path).
    const { codes, dictionary } = sortDictionary(...viewStrings(vector, validity), validity);
    return new Column({ type: 'utf8', data: DataBuffer.fromHost(codes, 'uint32'), validity: valid, dictionary });
  }
  if (arrow.DataType.isDictionary(t)) {
    const dt = t as arrow.Dictionary;
    const vt = dt.dictionary;
    if (arrow.DataType.isUtf8(vt) || arrow.DataType.isLargeUtf8(vt) || vt.typeId === arrow.Type.Utf8View) return categoricalFromArrow(name, chunks, n, validity, valid);
    throw new DTypeError(`fromArrow: expected a dictionary of strings in column '${name}', got Dictionary<${String(vt)}>`);
  }
  throw new DTypeError(`fromArrow: expected bool, int, uint, float32/64, utf8, dictionary<utf8>, date, timestamp, binary, list or struct in column '${name}', got ${String(t)}`);
}

/** A child field's chunks as a Column (the nested converter's way back in). */
function chunksToColumn(name: string, chunks: readonly AnyData[], field: arrow.Field): Column {
  return columnFromArrow(name, new arrow.Vector(chunks as AnyData[]), field);
}

function viewStrings(vector: AnyVector, validity: Uint8Array | undefined): [string[], Uint32Array] {
  const n = vector.length;
  const codes = new Uint32Array(n);
  const index = new Map<string, number>();
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    if (validity && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const s = vector.get(i) as string;
    let k = index.get(s);
    if (k === undefined) index.set(s, (k = values.push(s) - 1));
    codes[i] = k;
  }
  return [values, codes];
}

/** Dictionary<Utf8> chunks (each with its own dictionary) → one sorted dictionary + codes. */
function categoricalFromArrow(name: string, chunks: readonly AnyData[], n: number, validity: Uint8Array | undefined, valid: DataBuffer<'uint8'> | undefined): Column {
  const values: string[] = [];
  const seen = new Map<AnyVector, number>(); // a dictionary shared by chunks is read once
  const codes = new Uint32Array(n);
  let row = 0;
  for (const d of chunks) {
    const dict = d.dictionary as AnyVector | undefined;
    if (!dict) throw new ParseError(`fromArrow: expected a dictionary in column '${name}', got a chunk without one`, { column: name });
    let base = seen.get(dict);
    if (base === undefined) {
      base = values.length;
      seen.set(dict, base);
      for (let i = 0; i < dict.length; i++) values.push((dict.get(i) as string | null) ?? '');
    }
    const idx = d.values as TypedArray;
    for (let i = 0; i < d.length; i++, row++) {
      if (validity && ((validity[row >> 3]! >> (row & 7)) & 1) === 0) continue;
      codes[row] = base + Number(idx[i]!);
    }
  }
  const sorted = sortDictionary(values, codes, validity);
  return new Column({ type: 'categorical', data: DataBuffer.fromHost(sorted.codes, 'uint32'), validity: valid, dictionary: sorted.dictionary });
}

/**
 * An Arrow table as a reader Table (see `columnFromArrow` for the type mapping).
 *
 * @example
 * The public verb it implements, `DataFrame.fromArrow`:
 * ```ts
 * const arrowTable = await new gf.DataFrame({ x: new Float64Array([1, 2]) }).toArrow();
 * const df = gf.DataFrame.fromArrow(arrowTable);
 * console.log(df.schema); // { x: 'float64' }
 * ```
 */
export function tableFromArrow(table: arrow.Table): Table {
  const names = table.schema.fields.map((f) => f.name);
  const dup = names.find((s, i) => names.indexOf(s) !== i);
  if (dup !== undefined) throw new ValueError(`fromArrow: expected unique column names, got '${dup}' twice`);
  const columns = names.map((name, i) => columnFromArrow(name, table.getChildAt(i)!, table.schema.fields[i]));
  return { names, columns, numRows: table.numRows };
}

// ---- to Arrow ---------------------------------------------------------------------------------

const ARROW_TYPES: Record<Exclude<DTypeName, 'bool'>, () => arrow.DataType> = {
  int8: () => new arrow.Int8(), int16: () => new arrow.Int16(), int32: () => new arrow.Int32(), int64: () => new arrow.Int64(),
  uint8: () => new arrow.Uint8(), uint16: () => new arrow.Uint16(), uint32: () => new arrow.Uint32(), uint64: () => new arrow.Uint64(),
  float32: () => new arrow.Float32(), float64: () => new arrow.Float64(),
};

function countNulls(bits: Uint8Array | undefined, n: number): number {
  if (!bits) return 0;
  let valid = 0;
  const whole = n >> 3;
  for (let i = 0; i < whole; i++) {
    let b = bits[i]!;
    b = b - ((b >> 1) & 0x55);
    b = (b & 0x33) + ((b >> 2) & 0x33);
    valid += (b + (b >> 4)) & 0x0f;
  }
  for (let i = whole << 3; i < n; i++) valid += (bits[i >> 3]! >> (i & 7)) & 1;
  return n - valid;
}

function utf8Data(dictionary: readonly string[], codes: Uint32Array | undefined, n: number, bits: Uint8Array | undefined, nullCount: number): AnyData {
  const enc = new TextEncoder();
  const encoded = dictionary.map((s) => enc.encode(s));
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(bits && ((bits[i >> 3]! >> (i & 7)) & 1) === 0)) total += encoded[codes ? codes[i]! : i]!.length;
    if (total > 0x7fffffff) throw new ValueError(`toArrow: expected at most 2 GiB of string bytes in a column, got more`);
    offsets[i + 1] = total;
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < n; i++) if (offsets[i + 1]! > offsets[i]!) bytes.set(encoded[codes ? codes[i]! : i]!, offsets[i]!);
  return arrow.makeData({ type: new arrow.Utf8(), length: n, nullCount, nullBitmap: nullCount > 0 ? bits : undefined, valueOffsets: offsets, data: bytes });
}

/**
 * A gpuframe Column as Arrow Data, downloading it first if it lives on the device only. See the
 * module header for what is zero-copy.
 *
 * Internal: the per-column step of `df.toArrow()` (see `tableToArrow`).
 */
export async function columnToArrow(c: Column, options: NestedArrowOptions = {}): Promise<AnyData> {
  if (isNestedType(c.type)) return nestedToArrow(c, columnToArrow, options);
  const n = c.length;
  const values = (await c.data.toArray()) as TypedArray;
  const bits = c.validity ? ((await c.validity.toArray()) as Uint8Array) : undefined;
  const nullCount = countNulls(bits, n);
  const nullBitmap = nullCount > 0 ? bits : undefined;
  const type: ColumnType = c.type;
  switch (type) {
    case 'bool': {
      const packed = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (values[i]) packed[i >> 3]! |= 1 << (i & 7);
      return arrow.makeData({ type: new arrow.Bool(), length: n, nullCount, nullBitmap, data: packed });
    }
    case 'utf8':
      return utf8Data(c.dictionary!, values as Uint32Array, n, bits, nullCount);
    case 'categorical': {
      const dictionary = arrow.makeVector(utf8Data(c.dictionary!, undefined, c.dictionary!.length, undefined, 0));
      const indices = new Int32Array(values.buffer, values.byteOffset, n); // codes < 2^31: the same bytes
      return arrow.makeData({ type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()), length: n, nullCount, nullBitmap, data: indices, dictionary });
    }
    case 'date':
      return arrow.makeData({ type: new arrow.DateDay(), length: n, nullCount, nullBitmap, data: values as Int32Array });
    case 'timestamp':
      return arrow.makeData({ type: new arrow.Timestamp(ARROW_UNIT[c.unit!], c.timezone ?? null), length: n, nullCount, nullBitmap, data: values as BigInt64Array });
    default:
      return arrow.makeData({ type: ARROW_TYPES[type](), length: n, nullCount, nullBitmap, data: values } as unknown as Parameters<typeof arrow.makeData>[0]);
  }
}

/**
 * A reader Table (or any named columns) as an Arrow table, one chunk per column.
 *
 * @example
 * The public verb it implements, `df.toArrow()`:
 * ```ts
 * const t = await new gf.DataFrame({ x: new Int32Array([1, 2]), s: ['a', null] }).toArrow();
 * console.log(t.numRows, t.schema.fields.map((f) => f.name)); // 2 ['x', 's']
 * ```
 */
export async function tableToArrow(table: Table, options: NestedArrowOptions = {}): Promise<arrow.Table> {
  const data = await Promise.all(table.columns.map((c) => columnToArrow(c, options)));
  const fields = table.names.map((name, i) => arrowField(name, table.columns[i]!, data[i]!));
  return assembleArrowTable(fields, data, table.numRows);
}

/**
 * An Arrow table of one record batch from fields and their data (equal lengths).
 *
 * Internal to `tableToArrow` and the Parquet writer.
 */
export function assembleArrowTable(fields: arrow.Field[], data: AnyData[], numRows: number): arrow.Table {
  const schema = new arrow.Schema(fields);
  const batch = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(fields), length: numRows, nullCount: 0, children: data }));
  return new arrow.Table([batch]);
}

// ---- IPC ---------------------------------------------------------------------------------------

export interface ReadArrowOptions {
  /** Read only these columns, in this order. Default: all, in file order. */
  columns?: string[];
}

export interface WriteArrowOptions {
  /** 'file' (random access, the .arrow/.feather v2 format; default) or 'stream'. */
  format?: 'file' | 'stream';
  /** What is returned: 'bytes' (default) or 'blob' (type application/vnd.apache.arrow.file, or .stream). */
  as?: BinaryOutput;
}

/**
 * A binary reader's bytes: a path, a URL, a Blob or File, bytes ('<bytes>' in errors) or a
 * stream (see ./source.ts); `file` names the source in errors.
 */
export async function sourceBytes(op: string, source: ByteSource): Promise<{ bytes: Uint8Array; file: string }> {
  return readSourceBytes(op, source, '<bytes>');
}

/** Check a `columns` option against the names there are; returns it (or all names). */
export function pickColumns(op: string, available: readonly string[], columns: readonly string[] | undefined): readonly string[] {
  if (columns === undefined) return available;
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string')) throw new ValueError(`${op}: expected columns as an array of names, got ${JSON.stringify(columns)}`);
  if (new Set(columns).size !== columns.length) throw new ValueError(`${op}: expected distinct names in columns, got ${JSON.stringify(columns)}`);
  for (const c of columns) {
    if (!available.includes(c)) throw new ColumnNotFoundError(`${op}: expected columns among ${available.map((s) => `'${s}'`).join(', ')}, got '${c}'`);
  }
  return columns;
}

/**
 * Read Arrow IPC (file or stream format; a path or the bytes) into columns.
 *
 * @example
 * The public verb it implements, `gf.readArrow`:
 * ```ts
 * const bytes = await gf.writeArrow(new gf.DataFrame({ delay: new Float64Array([5, -2]), id: ['a', 'b'] }));
 * const df = await gf.readArrow(bytes, { columns: ['delay'] });
 * console.log(df.columns); // ['delay']
 * ```
 */
export async function readArrow(source: ByteSource, options: ReadArrowOptions = {}): Promise<Table> {
  checkOptions('readArrow', options, ['columns']);
  const { bytes, file } = await sourceBytes('readArrow', source);
  validateArrowIpc('readArrow', bytes, file); // before apache-arrow trusts a length (see ./arrow-validate.ts)
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC(bytes);
  } catch (e) {
    throw new ParseError(`readArrow: expected Arrow IPC data, got an error decoding it: ${(e as Error).message}`, { file });
  }
  if (bytes.length === 0 || (table.schema.fields.length === 0 && bytes.length > 0 && !isIpc(bytes))) {
    throw new ParseError(`readArrow: expected Arrow IPC data, got ${bytes.length} bytes that are not`, { file });
  }
  const names = table.schema.fields.map((f) => f.name);
  const keep = pickColumns('readArrow', names, options.columns);
  if (keep !== names) table = table.select(keep as string[]);
  return tableFromArrow(table);
}

/** Whether bytes start like Arrow IPC: the file magic, or a stream's continuation marker. */
function isIpc(b: Uint8Array): boolean {
  const magic = b.length >= 6 && String.fromCharCode(...b.subarray(0, 6)) === 'ARROW1';
  const stream = b.length >= 4 && b[0] === 0xff && b[1] === 0xff && b[2] === 0xff && b[3] === 0xff;
  return magic || stream;
}

/**
 * Columns as Arrow IPC bytes (file format by default), written to `path` when one is given.
 *
 * @example
 * The public verb it implements, `gf.writeArrow` (to a path as well when one is given):
 * ```ts
 * import * as gf from 'gpuframe';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const df = new gf.DataFrame({ x: new Float64Array([1, 2]) });
 * const bytes = await gf.writeArrow(df, join(tmpdir(), 'gpuframe-example.arrow'));
 * console.log((await gf.readArrow(bytes)).numRows); // 2
 * ```
 */
export async function writeArrow<A extends BinaryOutput | undefined = undefined>(table: Table, path?: string, options: WriteArrowOptions & { as?: A } = {}): Promise<Written<A, Uint8Array>> {
  checkOptions('writeArrow', options, ['format', 'as']);
  const format = options.format ?? 'file';
  if (format !== 'file' && format !== 'stream') throw new ValueError(`writeArrow: expected format 'file' or 'stream', got ${JSON.stringify(format)}`);
  const kind = outputKind<BinaryOutput>('writeArrow', options.as, ['bytes', 'blob'], 'bytes');
  const bytes = arrow.tableToIPC(await tableToArrow(table), format);
  if (path !== undefined) await writeFileBytes('writeArrow', path, bytes);
  return bytesOutput(kind, bytes, format === 'file' ? MEDIA_TYPES.arrowFile : MEDIA_TYPES.arrowStream) as Written<A, Uint8Array>;
}
