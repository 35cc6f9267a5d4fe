/**
 * Column: typed data + an optional validity bitmap, and for nested types, child columns.
 * The data is a DataBuffer, so a column's bytes live wherever the ops need them.
 *
 * Layouts (Arrow's, so `fromArrow`/`toArrow` share buffers):
 * - flat (bool, ints, floats) and the logical types over them (utf8/categorical codes, date,
 *   timestamp): `data` holds one value per row.
 * - 'list' and 'binary': `data` is int32 offsets (n + 1 entries, non-decreasing); row i is child
 *   rows [offsets[i], offsets[i + 1]) of `children[0]`. 'binary' is a list of uint8 (Arrow Binary).
 * - 'struct': `children` are the fields (names in `fields`), each of `length` rows; `data` is
 *   an empty buffer.
 * - geometry (GeoArrow native encodings, interleaved float64 xy):
 *   - 'point': `data` is float64, x and y of row i at 2i and 2i + 1;
 *   - 'linestring', 'multipoint': offsets into a 'point' child;
 *   - 'polygon' (rings), 'multilinestring' (parts): offsets into a 'list' of 'point';
 *   - 'multipolygon': offsets into a 'list' (polygons) of 'list' (rings) of 'point'.
 *   A geometry column may carry its CRS (`crs`: WKT, PROJJSON text or an authority code, as
 *   read). A null geometry has its validity bit cleared; an empty one has no children.
 */
import { checkPolygonFinite } from './geo-check.js';
import { checkColumnInit } from './column-init-check.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { dtypeInfo, type DTypeName, type TypedArray } from '../dtypes.js';
import { DTypeError, GeometryError, ShapeError, ValueError } from '../errors.js';
import { uniqueSortedUtf8 } from './utf8-order.js';

/** The GeoArrow geometry types. */
export type GeometryType = 'point' | 'linestring' | 'polygon' | 'multipoint' | 'multilinestring' | 'multipolygon';

/** Types whose `data` is int32 offsets into `children[0]`. */
export type OffsetType = 'list' | 'binary' | Exclude<GeometryType, 'point'>;

/** Types with child columns or several values per row. */
export type NestedType = OffsetType | 'struct' | 'point';

/**
 * A column's type: a physical dtype, or a logical type stored in one:
 * - 'utf8' and 'categorical': uint32 codes into a sorted dictionary (so code order is
 *   string order: UTF-8 bytes, see ./utf8-order.ts); they differ only in how they leave (Arrow Utf8 vs Dictionary, Parquet
 *   plain vs dictionary-encoded strings).
 * - 'date': int32 days since 1970-01-01 (Arrow Date32).
 * - 'timestamp': int64 counts of `unit` since 1970-01-01T00:00Z (Arrow Timestamp), exact.
 * - nested: 'list', 'binary', 'struct' and the geometry types (see the module comment).
 */
export type ColumnType = DTypeName | 'utf8' | 'categorical' | 'date' | 'timestamp' | NestedType;

/** The unit of a timestamp column. */
export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

/** Logical types and the dtype of their data buffer. */
const STORAGE: Partial<Record<ColumnType, DTypeName>> = {
  utf8: 'uint32',
  categorical: 'uint32',
  date: 'int32',
  timestamp: 'int64',
  list: 'int32',
  binary: 'int32',
  struct: 'uint8',
  point: 'float64',
  linestring: 'int32',
  polygon: 'int32',
  multipoint: 'int32',
  multilinestring: 'int32',
  multipolygon: 'int32',
};

export const GEOMETRY_TYPES: readonly GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];
const OFFSET_TYPES: readonly ColumnType[] = ['list', 'binary', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];

/** Whether values of `type` are geometries. */
export function isGeometryType(type: ColumnType): type is GeometryType {
  return (GEOMETRY_TYPES as readonly ColumnType[]).includes(type);
}

/** Whether `type` stores int32 offsets into one child column. */
export function isOffsetType(type: ColumnType): type is OffsetType {
  return OFFSET_TYPES.includes(type);
}

/** Whether `type` is nested (offsets, struct fields, or xy pairs): not a flat value per row. */
export function isNestedType(type: ColumnType): type is NestedType {
  return isOffsetType(type) || type === 'struct' || type === 'point';
}

/**
 * The child levels a geometry type stores under its offsets, outermost first ('list' levels,
 * then the 'point' leaf): GeoArrow's nesting.
 */
export const GEOMETRY_LEVELS: Readonly<Record<GeometryType, readonly ColumnType[]>> = {
  point: [],
  linestring: ['point'],
  multipoint: ['point'],
  polygon: ['list', 'point'],
  multilinestring: ['list', 'point'],
  multipolygon: ['list', 'list', 'point'],
};

/**
 * The type kernels see for a column type: 'utf8' for both string types (codes compared
 * through the sorted dictionary), the storage dtype for date and timestamp, the type itself
 * for nested types (which no flat kernel takes, so key and expression checks reject them).
 */
export function kernelType(type: ColumnType): DTypeName | 'utf8' | NestedType {
  if (type === 'utf8' || type === 'categorical') return 'utf8';
  if (isNestedType(type)) return type;
  return STORAGE[type] ?? (type as DTypeName);
}

export interface ColumnInit {
  type: ColumnType;
  data: DataBuffer;
  /** Arrow-order validity bitmap (bit i set = row i is valid); omitted when there are no nulls. */
  validity?: DataBuffer<'uint8'>;
  /** For 'utf8' and 'categorical': the distinct strings in sorted order; codes index it, so code order is lexical order. */
  dictionary?: readonly string[];
  /** For 'timestamp': the unit of the int64 values (default 'us', as Polars). */
  unit?: TimeUnit;
  /** For 'timestamp': an IANA time zone name, kept as metadata (values are always UTC). */
  timezone?: string;
  /** For offset types: the one child column; for 'struct': the fields. */
  children?: readonly Column[];
  /** For 'struct': the field names, one per child. */
  fields?: readonly string[];
  /** For 'struct': the number of rows (the fields' length). */
  length?: number;
  /** For geometry types: the coordinate reference system as read (WKT, PROJJSON text, or e.g. 'OGC:CRS84'). */
  crs?: string;
}

/** The parts of a column that a row-selecting or rebuilding op replaces. */
export interface ColumnParts {
  data: DataBuffer;
  validity?: DataBuffer<'uint8'>;
  children?: readonly Column[];
  length?: number;
}

export class Column {
  readonly type: ColumnType;
  readonly data: DataBuffer;
  readonly validity: DataBuffer<'uint8'> | undefined;
  readonly dictionary: readonly string[] | undefined;
  readonly unit: TimeUnit | undefined;
  readonly timezone: string | undefined;
  readonly children: readonly Column[];
  readonly fields: readonly string[] | undefined;
  readonly crs: string | undefined;
  readonly length: number;

  /**
   * Wrap buffers as a column. Checks dtypes and sizes at once, and (when the buffers are on
   * the host) that offsets are non-decreasing and within the child: ShapeError otherwise; and
   * that every vertex of a valid polygon or multipolygon feature is finite: GeometryError
   * naming the feature, part, ring and vertex otherwise.
   *
   * @example
   * ```ts
   * // [[1, 2], [], null] as a list<float64>
   * const values = gf.Column.from(new Float64Array([1, 2]));
   * const l = new gf.Column({
   *   type: 'list',
   *   data: gf.array(new Int32Array([0, 2, 2, 2])),
   *   validity: gf.array(new Uint8Array([0b011])),
   *   children: [values],
   * });
   * console.log(await l.toValues()); // [[1, 2], [], null]
   * ```
   */
  constructor(init: ColumnInit) {
    checkColumnInit(init, Object.keys(STORAGE));
    this.type = init.type;
    this.data = init.data;
    this.validity = init.validity;
    this.dictionary = init.dictionary;
    this.unit = init.type === 'timestamp' ? init.unit ?? 'us' : undefined;
    this.timezone = init.type === 'timestamp' ? init.timezone : undefined;
    this.children = init.children ?? [];
    this.fields = init.type === 'struct' ? init.fields ?? [] : undefined;
    this.crs = isGeometryType(init.type) ? init.crs : undefined;
    const storage = STORAGE[init.type];
    if (storage && init.data.dtype !== storage) {
      throw new ShapeError(`Column: expected ${init.type} data as ${storage}, got ${init.data.dtype}`);
    }
    if (kernelType(init.type) === 'utf8' && !init.dictionary) {
      throw new ShapeError(`Column: expected ${init.type} codes with a dictionary, got none`);
    }
    this.length = rowsOf(init);
    checkChildren(this);
    if (init.validity && init.validity.length < Math.ceil(this.length / 8)) {
      throw new ShapeError(`Column: expected a validity bitmap of ${Math.ceil(this.length / 8)} bytes, got ${init.validity.length}`);
    }
    // A NaN or infinite polygon vertex (raw buffers on the host): GeometryError naming it.
    checkPolygonFinite(this);
  }

  /** The type kernels see (see `kernelType`). */
  get kernelType(): DTypeName | 'utf8' | NestedType {
    return kernelType(this.type);
  }

  /** Whether the column is nested (list, binary, struct or geometry). */
  get isNested(): boolean {
    return isNestedType(this.type);
  }

  /** The only child of an offset type (list, binary, linestring, …). */
  get child(): Column {
    if (!isOffsetType(this.type)) throw new ShapeError(`child: expected a list, binary or multi-part geometry column, got ${this.type}`);
    return this.children[0]!;
  }

  /**
   * A column of the same type (and dictionary, unit, time zone, fields, CRS) over new buffers:
   * what a row-selecting op returns. Nested types take their new children in `parts`.
   *
   * @example
   * ```ts
   * const s = gf.Column.from(['b', 'a', 'c']);                        // codes [1, 0, 2]
   * const g = gf.kernels.gather(s.data, gf.array(new Uint32Array([2, 0])), { inRange: true });
   * console.log(await s.derive(g.values, g.validity).toValues());     // ['c', 'b']
   * ```
   */
  derive(data: DataBuffer, validity?: DataBuffer<'uint8'>, parts: Omit<ColumnParts, 'data' | 'validity'> = {}): Column {
    return new Column({
      type: this.type,
      data,
      validity,
      dictionary: this.dictionary,
      unit: this.unit,
      timezone: this.timezone,
      children: parts.children ?? this.children,
      fields: this.fields,
      length: parts.length ?? (this.type === 'struct' ? (parts.children?.[0]?.length ?? this.length) : undefined),
      crs: this.crs,
    });
  }

  /**
   * A column from host values: a typed array (with an optional validity bitmap), or a JS array of
   * strings (utf8, dictionary-encoded in UTF-8 byte order), numbers (float64), bigints (int64) or
   * booleans (bool), where null/undefined become nulls. A JS array that mixes these kinds is a
   * DTypeError naming the first value of another kind.
   *
   * @example
   * ```ts
   * const c = gf.Column.from(new Float64Array([1.5, 2.5, 4]), new Uint8Array([0b101])); // row 1 null
   * const s = gf.Column.from(['b', 'a', null]);
   * console.log(c.type, await c.toValues()); // 'float64' [1.5, null, 4]
   * console.log(s.type, s.dictionary);       // 'utf8' ['a', 'b']
   * ```
   */
  static from(values: TypedArray | ReadonlyArray<string | number | bigint | boolean | null | undefined>, validity?: Uint8Array, type?: DTypeName): Column {
    if (Array.isArray(values)) return fromHostArray(values as ReadonlyArray<string | number | bigint | boolean | null | undefined>, validity, type);
    const data = DataBuffer.fromHost(values as TypedArray, type);
    return new Column({ type: data.dtype, data, validity: validity ? DataBuffer.fromHost(validity, 'uint8') : undefined });
  }

  /** Every buffer of the column and its children (validity included), outermost first. */
  buffers(): DataBuffer[] {
    const out: DataBuffer[] = [this.data];
    if (this.validity) out.push(this.validity);
    for (const c of this.children) out.push(...c.buffers());
    return out;
  }

  /** The number of null rows (reads the validity bitmap, downloading it if needed). */
  async nullCount(): Promise<number> {
    if (!this.validity) return 0;
    const bits = await this.validity.toArray();
    let valid = 0;
    for (let i = 0; i < this.length; i++) valid += (bits[i >> 3]! >> (i & 7)) & 1;
    return this.length - valid;
  }

  /**
   * The values as JS values: null for nulls, strings decoded, 64-bit integers as bigint,
   * lists as arrays, structs as objects, binary as Uint8Array, geometries as GeoJSON
   * geometry objects.
   *
   * @example
   * ```ts
   * console.log(await gf.Column.from(['x', null]).toValues()); // ['x', null]
   * ```
   */
  async toValues(): Promise<unknown[]> {
    await Promise.all(this.buffers().map((b) => b.toArray()));
    return this.hostValues();
  }

  /** Whether the values (and nulls) can be read on the host without a download. */
  get onHost(): boolean {
    return this.buffers().every((b) => b.residency !== 'device');
  }

  /** `toValues` for host-resident columns (see `onHost`), without waiting. */
  hostValues(limit = this.length): unknown[] {
    return this.valuesAt(0, Math.min(limit, this.length));
  }

  /** Rows [start, end) as JS values, from host bytes. */
  private valuesAt(start: number, end: number): unknown[] {
    const n = Math.max(0, end - start);
    const out: unknown[] = new Array(n);
    const bits = this.validity?.hostView('toValues') as Uint8Array | undefined;
    const valid = (i: number) => !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
    const data = this.data.hostView('toValues');
    if (this.type === 'struct') {
      const cols = this.children.map((c) => c.valuesAt(start, end));
      for (let i = 0; i < n; i++) out[i] = valid(start + i) ? Object.fromEntries(this.fields!.map((f, j) => [f, cols[j]![i]])) : null;
      return out;
    }
    if (this.type === 'point') {
      for (let i = 0; i < n; i++) {
        const r = start + i;
        out[i] = valid(r) ? pointValue(data as Float64Array, r) : null;
      }
      return out;
    }
    if (isOffsetType(this.type)) {
      const off = data as Int32Array;
      for (let i = 0; i < n; i++) {
        const r = start + i;
        if (!valid(r)) out[i] = null;
        else if (this.type === 'binary') out[i] = (this.child.data.hostView('toValues') as Uint8Array).slice(off[r]!, off[r + 1]!);
        else {
          const items = this.child.valuesAt(off[r]!, off[r + 1]!);
          out[i] = isGeometryType(this.type) ? geometryValue(this.type, items) : items;
        }
      }
      return out;
    }
    for (let i = 0; i < n; i++) {
      const r = start + i;
      if (!valid(r)) out[i] = null;
      else if (this.dictionary) out[i] = this.dictionary[data[r] as number]!;
      else if (this.type === 'bool') out[i] = data[r] === 1;
      else out[i] = data[r]!;
    }
    return out;
  }

  dispose(): void {
    for (const b of this.buffers()) b.dispose();
  }
}

/** The GeoJSON (and WKT) name of each geometry type. */
export const GEOJSON_NAMES: Readonly<Record<GeometryType, string>> = {
  point: 'Point',
  linestring: 'LineString',
  polygon: 'Polygon',
  multipoint: 'MultiPoint',
  multilinestring: 'MultiLineString',
  multipolygon: 'MultiPolygon',
};

function pointValue(xy: Float64Array, r: number): { type: 'Point'; coordinates: number[] } {
  return { type: 'Point', coordinates: [xy[2 * r]!, xy[2 * r + 1]!] };
}

/** Nested child values (points as GeoJSON Points at the leaf) → GeoJSON coordinates. */
function coordsOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(coordsOf);
  return (v as { coordinates: number[] }).coordinates;
}

function geometryValue(type: GeometryType, items: unknown[]): { type: string; coordinates: unknown } {
  return { type: GEOJSON_NAMES[type], coordinates: coordsOf(items) };
}

function rowsOf(init: ColumnInit): number {
  if (init.type === 'struct') {
    const len = init.length ?? init.children?.[0]?.length;
    if (len === undefined || !Number.isInteger(len) || len < 0) throw new ShapeError(`Column: expected a struct with a length or at least one field, got ${String(len)}`);
    return len;
  }
  if (init.type === 'point') {
    if (init.data.length % 2 !== 0) throw new ShapeError(`Column: expected point data as x,y pairs (an even length), got ${init.data.length}`);
    return init.data.length / 2;
  }
  if (isOffsetType(init.type)) {
    if (init.data.length < 1) throw new ShapeError(`Column: expected ${init.type} offsets of at least 1 entry, got 0`);
    return init.data.length - 1;
  }
  return init.data.length;
}

function checkChildren(c: Column): void {
  const kids = c.children;
  if (c.type === 'struct') {
    if (c.fields!.length !== kids.length) throw new ShapeError(`Column: expected one struct field name per child, got ${c.fields!.length} names for ${kids.length} children`);
    const dup = c.fields!.find((f, i) => c.fields!.indexOf(f) !== i);
    if (dup !== undefined) throw new ShapeError(`Column: expected unique struct field names, got '${dup}' twice`);
    kids.forEach((k, i) => {
      if (k.length !== c.length) throw new ShapeError(`Column: expected struct field '${c.fields![i]}' of ${c.length} rows, got ${k.length}`);
    });
    return;
  }
  if (!isOffsetType(c.type)) {
    if (kids.length > 0) throw new ShapeError(`Column: expected no children for a ${c.type} column, got ${kids.length}`);
    return;
  }
  if (kids.length !== 1) throw new ShapeError(`Column: expected one child for a ${c.type} column, got ${kids.length}`);
  const child = kids[0]!;
  if (c.type === 'binary' && child.type !== 'uint8') throw new ShapeError(`Column: expected a binary column's child as uint8, got ${child.type}`);
  if (isGeometryType(c.type)) {
    const levels = GEOMETRY_LEVELS[c.type];
    let k: Column = child;
    for (const [depth, want] of levels.entries()) {
      if (k.type !== want) throw new GeometryError(`Column: expected level ${depth + 1} of a ${c.type} column as ${want}, got ${k.type}`);
      k = k.children[0]!;
    }
  }
  // Offsets are checked where they are readable without a download.
  if (c.data.residency === 'device') return;
  const off = c.data.hostView('Column') as Int32Array;
  if (off[0]! < 0) throw new ShapeError(`Column: expected ${c.type} offsets to start at 0 or more, got ${off[0]}`);
  for (let i = 1; i < off.length; i++) {
    if (off[i]! < off[i - 1]!) throw new ShapeError(`Column: expected non-decreasing ${c.type} offsets, got ${off[i - 1]} then ${off[i]} at row ${i - 1}`);
  }
  if (off[off.length - 1]! > child.length) {
    throw new ShapeError(`Column: expected ${c.type} offsets within the child's ${child.length} rows, got ${off[off.length - 1]}`);
  }
}

const JS_KINDS = { string: 'utf8', number: 'float64', bigint: 'int64', boolean: 'bool' } as const;

/** A JS array of one kind of value (nulls anywhere) as a column of the matching type. */
function fromHostArray(values: ReadonlyArray<string | number | bigint | boolean | null | undefined>, validity?: Uint8Array, type?: DTypeName): Column {
  const first = values.findIndex((v) => v !== null && v !== undefined);
  const kind = first < 0 ? 'string' : typeof values[first];
  if (!(kind in JS_KINDS)) throw new DTypeError(`Column.from: expected strings, numbers, bigints or booleans, got ${kind} at index ${first}`);
  const bad = values.findIndex((v) => v !== null && v !== undefined && typeof v !== kind);
  if (bad >= 0) throw new DTypeError(`Column.from: expected ${kind}s (as at index ${first}) or nulls, got ${typeof values[bad]} at index ${bad}`);
  if (validity !== undefined) throw new ValueError('Column.from: expected nulls as null/undefined in a JS array, got a validity bitmap too');
  if (kind === 'string') {
    if (type !== undefined) throw new ValueError(`Column.from: expected no dtype for strings (they are utf8), got '${type}'`);
    return fromStrings(values as ReadonlyArray<string | null | undefined>);
  }
  const dtype: DTypeName = type ?? JS_KINDS[kind as 'number' | 'bigint' | 'boolean'];
  const info = dtypeInfo(dtype);
  const fits = kind === 'bigint' ? info.bytes === 8 && info.kind !== 'float' : kind === 'boolean' ? dtype === 'bool' : info.kind !== 'bool' && (info.bytes < 8 || info.kind === 'float');
  if (!fits) throw new DTypeError(`Column.from: expected a dtype that holds ${kind}s, got '${dtype}'`);
  const data = new info.array(values.length) as unknown as Array<unknown>;
  const valid = fillValid(values, (i, v) => {
    data[i] = kind === 'boolean' ? (v ? 1 : 0) : v;
    if (kind !== 'boolean' && info.kind !== 'float' && data[i] !== v) {
      throw new ValueError(`Column.from: expected values that fit ${dtype}, got ${String(v)} at index ${i}`);
    }
  });
  return new Column({ type: dtype, data: DataBuffer.fromHost(data as unknown as TypedArray, dtype), validity: valid });
}

/** Calls `put` for each non-null value; the validity bitmap, or undefined when nothing is null. */
function fillValid<T>(values: ReadonlyArray<T | null | undefined>, put: (i: number, v: T) => void): DataBuffer<'uint8'> | undefined {
  const n = values.length;
  const bits = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) nulls++;
    else {
      put(i, v);
      bits[i >> 3]! |= 1 << (i & 7);
    }
  }
  return nulls > 0 ? DataBuffer.fromHost(bits, 'uint8') : undefined;
}

function fromStrings(values: ReadonlyArray<string | null | undefined>): Column {
  const distinct = uniqueSortedUtf8(values.filter((v): v is string => v !== null && v !== undefined));
  const code = new Map(distinct.map((s, i) => [s, i]));
  const codes = new Uint32Array(values.length);
  const validity = fillValid(values, (i, v) => (codes[i] = code.get(v)!));
  return new Column({ type: 'utf8', data: DataBuffer.fromHost(codes, 'uint32'), validity, dictionary: distinct });
}

/** Bytes per value of a column type's data buffer. */
export function columnBytes(type: ColumnType): number {
  return dtypeInfo(STORAGE[type] ?? (type as DTypeName)).bytes;
}
