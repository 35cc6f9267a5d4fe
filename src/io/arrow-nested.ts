/**
 * Nested columns ↔ Arrow: List (and LargeList on read), Struct, Binary (and LargeBinary on
 * read), and geometry as GeoArrow extension types on their native storage.
 *
 * Geometry fields carry `ARROW:extension:name` = `geoarrow.<type>` and
 * `ARROW:extension:metadata` = a JSON object, with `crs` when the column has one (a PROJJSON
 * object when the CRS text is one, with `crs_type: 'projjson'`; an `AUTHORITY:CODE` string with
 * `crs_type: 'authority_code'`; any other text, such as a .prj's WKT, as a plain string, which
 * GeoArrow allows as a fallback). Coordinates are written interleaved, FixedSizeList<2, float64>
 * with child field "xy", or (option `coordinates: 'separated'`, what GeoParquet's native
 * encodings store) Struct<x, y>. Reading takes either; interleaved coordinates of one chunk
 * are a view on the Arrow buffer, separated ones are interleaved once.
 *
 * Offsets of one chunk are views on the Arrow offsets (int32; int64 offsets are narrowed when
 * they fit, a ValueError otherwise), child values views on the child buffers. Columns of
 * several chunks are concatenated once (./column-concat.ts).
 */
import * as arrow from 'apache-arrow';
import { Column, GEOMETRY_TYPES, isGeometryType, type GeometryType } from '../column/column.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { DTypeError, GeometryError, ValueError } from '../errors.js';
import { concatHostColumns, copyBits } from './column-concat.js';

type AnyData = arrow.Data<any>;
type AnyField = arrow.Field<any>;

/** Converts one Arrow field's chunks (flat or nested) to a Column: the caller's dispatcher. */
export type ChunksToColumn = (name: string, chunks: readonly AnyData[], field: AnyField) => Column;
/** Converts any Column to Arrow Data: the caller's dispatcher. */
export type ColumnToData = (c: Column, options: NestedArrowOptions) => Promise<AnyData>;

export interface NestedArrowOptions {
  /** Geometry coordinates as FixedSizeList<2> 'xy' (default) or Struct<x, y>. */
  coordinates?: 'interleaved' | 'separated';
}

const EXT_NAME = 'ARROW:extension:name';
const EXT_META = 'ARROW:extension:metadata';

/** The geometry type and CRS a field's GeoArrow extension metadata names, if any. */
export function geoarrowOf(name: string, field: AnyField | undefined): { type: GeometryType; crs?: string } | undefined {
  const ext = field?.metadata.get(EXT_NAME);
  if (!ext?.startsWith('geoarrow.')) return undefined;
  const type = ext.slice('geoarrow.'.length) as GeometryType;
  if (!GEOMETRY_TYPES.includes(type)) return undefined; // geoarrow.wkb, .box…: read as their storage
  const text = field!.metadata.get(EXT_META);
  if (!text) return { type };
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch {
    throw new ValueError(`fromArrow: expected ${EXT_META} of column '${name}' as JSON, got ${JSON.stringify(text.slice(0, 60))}`);
  }
  const crs = (meta as { crs?: unknown } | null)?.crs;
  if (crs === undefined || crs === null) return { type };
  return { type, crs: typeof crs === 'string' ? crs : JSON.stringify(crs) };
}

/** Whether an Arrow field converts through this module. */
export function isNestedArrow(field: AnyField): boolean {
  const t = field.type as arrow.DataType;
  return (
    arrow.DataType.isList(t) || arrow.DataType.isLargeList(t) || arrow.DataType.isStruct(t) || arrow.DataType.isBinary(t) ||
    arrow.DataType.isLargeBinary(t) || arrow.DataType.isFixedSizeList(t)
  );
}

/** Validity of one chunk (undefined without nulls): a view when its bit offset is whole bytes. */
function validityOf(d: AnyData): DataBuffer<'uint8'> | undefined {
  if (d.nullCount <= 0 || !d.nullBitmap || d.nullBitmap.length === 0) return undefined;
  const bytes = (d.length + 7) >> 3;
  if ((d.offset & 7) === 0) return DataBuffer.fromHost(d.nullBitmap.subarray(d.offset >> 3, (d.offset >> 3) + bytes), 'uint8');
  const out = new Uint8Array(bytes);
  copyBits(out, 0, d.nullBitmap, d.offset, d.length);
  return DataBuffer.fromHost(out, 'uint8');
}

/** A chunk's offsets as int32 (a view for List/Binary; LargeList/LargeBinary narrowed when they fit). */
function offsets32(name: string, d: AnyData): DataBuffer<'int32'> {
  const raw = d.valueOffsets as Int32Array | BigInt64Array | undefined;
  if (!raw || raw.length < d.length + 1) {
    if (d.length === 0) return DataBuffer.fromHost(new Int32Array(1), 'int32');
    throw new ValueError(`fromArrow: expected ${d.length + 1} offsets in column '${name}', got ${raw?.length ?? 0}`);
  }
  if (raw instanceof Int32Array) return DataBuffer.fromHost(raw.subarray(0, d.length + 1), 'int32');
  const last = raw[d.length]!;
  if (last > 0x7fffffffn || raw[0]! < 0n) throw new ValueError(`fromArrow: expected 64-bit offsets below 2^31 in column '${name}' (gpuframe offsets are int32), got ${last}`);
  return DataBuffer.fromHost(Int32Array.from(raw.subarray(0, d.length + 1), Number), 'int32');
}

/** The first `n` rows of a child chunk (children may be longer than their parent needs). */
function head(d: AnyData, n: number): AnyData {
  return d.length === n ? d : d.slice(0, n);
}

/** Coordinates (FixedSizeList<2, float64> or Struct<x, y> of float64) as interleaved xy. */
function coordinates(name: string, d: AnyData): DataBuffer<'float64'> {
  const t = d.type as arrow.DataType;
  const n = d.length;
  if (arrow.DataType.isFixedSizeList(t)) {
    const fsl = t as arrow.FixedSizeList;
    const child = d.children[0]!;
    if (fsl.listSize !== 2 || !isFloat64(child.type)) throw new DTypeError(`fromArrow: expected xy coordinates as FixedSizeList<2, float64> in column '${name}', got ${String(t)}`);
    return DataBuffer.fromHost((child.values as Float64Array).subarray(0, 2 * n), 'float64');
  }
  if (arrow.DataType.isStruct(t)) {
    const names = (t as arrow.Struct).children.map((f) => f.name);
    const ix = names.indexOf('x');
    const iy = names.indexOf('y');
    if (names.length !== 2 || ix < 0 || iy < 0 || !d.children.every((c) => isFloat64(c.type))) {
      throw new DTypeError(`fromArrow: expected xy coordinates as Struct<x: float64, y: float64> in column '${name}', got ${String(t)}`);
    }
    const x = head(d.children[ix]!, n).values as Float64Array;
    const y = head(d.children[iy]!, n).values as Float64Array;
    const xy = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      xy[2 * i] = x[i]!;
      xy[2 * i + 1] = y[i]!;
    }
    return DataBuffer.fromHost(xy, 'float64');
  }
  throw new DTypeError(`fromArrow: expected coordinates as FixedSizeList<2, float64> or Struct<x, y> in column '${name}', got ${String(t)}`);
}

function isFloat64(t: arrow.DataType): boolean {
  return arrow.DataType.isFloat(t) && (t as arrow.Float).precision === arrow.Precision.DOUBLE;
}

function isListType(t: arrow.DataType): boolean {
  return arrow.DataType.isList(t) || arrow.DataType.isLargeList(t);
}

/** One chunk of a GeoArrow native geometry column. */
function geometryFromData(name: string, d: AnyData, type: GeometryType, crs: string | undefined): Column {
  if (type === 'point') return new Column({ type, data: coordinates(name, d), validity: validityOf(d), crs });
  const levels = GEOMETRY_LEVELS_OF[type];
  const level = (dd: AnyData, depth: number): Column => {
    // GeoArrow: only a whole geometry may be null; a null part, ring or vertex inside one has no
    // meaning (and would surface as a hole in the coordinates).
    if (depth > 0 && dd.nullCount > 0) {
      throw new GeometryError(`fromArrow: expected no nulls inside geoarrow.${type} geometries in column '${name}', got ${dd.nullCount} null ${depth === levels ? 'vertices' : 'parts or rings'}`);
    }
    if (depth === levels) return new Column({ type: 'point', data: coordinates(name, dd), validity: validityOf(dd) });
    if (!isListType(dd.type)) throw new DTypeError(`fromArrow: expected geoarrow.${type} storage with ${levels} list level(s) in column '${name}', got ${String(d.type)}`);
    return new Column({ type: depth === 0 ? type : 'list', data: offsets32(name, dd), validity: validityOf(dd), children: [level(dd.children[0]!, depth + 1)], crs: depth === 0 ? crs : undefined });
  };
  return level(d, 0);
}

/** List levels above the points, per geometry type (GeoArrow's nesting). */
const GEOMETRY_LEVELS_OF: Record<Exclude<GeometryType, 'point'>, number> = { linestring: 1, multipoint: 1, polygon: 2, multilinestring: 2, multipolygon: 3 };

/** Data of no rows of a nested type (what a column of no chunks converts from). */
function emptyData(type: arrow.DataType): AnyData {
  const t = type as arrow.DataType;
  if (isListType(t)) return arrow.makeData({ type: t as arrow.List, length: 0, valueOffsets: new Int32Array(1), child: emptyData(t.children[0]!.type) });
  if (arrow.DataType.isFixedSizeList(t)) return arrow.makeData({ type: t, length: 0, child: emptyData(t.children[0]!.type) });
  if (arrow.DataType.isStruct(t)) return arrow.makeData({ type: t, length: 0, children: t.children.map((f) => emptyData(f.type)) });
  if (arrow.DataType.isBinary(t) || arrow.DataType.isLargeBinary(t)) return arrow.makeData({ type: new arrow.Binary(), length: 0, valueOffsets: new Int32Array(1), data: new Uint8Array(0) });
  return arrow.makeData({ type: t, length: 0 } as never);
}

/**
 * A nested Arrow field's chunks (see `isNestedArrow`, or any field with GeoArrow extension
 * metadata) as one Column; `convert` converts the children.
 *
 * Internal: `DataFrame.fromArrow` and `readArrow`/`readParquet` reach it for nested fields.
 */
export function nestedFromArrow(name: string, chunks: readonly AnyData[], field: AnyField, convert: ChunksToColumn): Column {
  if (chunks.length === 0) chunks = [emptyData(field.type)];
  if (chunks.length > 1) return concatHostColumns(name, chunks.map((d) => nestedFromArrow(name, [d], field, convert)));
  // A chunk of no rows may come without its children (IPC readers leave them out): rebuild it.
  const d = chunks[0]!.length === 0 ? emptyData(field.type) : chunks[0]!;
  const t = d.type as arrow.DataType;
  const n = d.length;
  const geo = geoarrowOf(name, field);
  if (geo) return geometryFromData(name, d, geo.type, geo.crs);
  const validity = validityOf(d);
  if (isListType(t)) {
    const childField = (t as arrow.List).children[0]!;
    const child = convert(name, [d.children[0]!], childField);
    return new Column({ type: 'list', data: offsets32(name, d), validity, children: [child] });
  }
  if (arrow.DataType.isBinary(t) || arrow.DataType.isLargeBinary(t)) {
    const bytes = (d.values as Uint8Array | undefined) ?? new Uint8Array(0);
    return new Column({ type: 'binary', data: offsets32(name, d), validity, children: [Column.from(bytes, undefined, 'uint8')] });
  }
  if (arrow.DataType.isStruct(t)) {
    const fields = (t as arrow.Struct).children;
    const children = fields.map((f, i) => convert(`${name}.${f.name}`, [head(d.children[i]!, n)], f));
    return new Column({ type: 'struct', data: DataBuffer.fromHost(new Uint8Array(0), 'uint8'), validity, fields: fields.map((f) => f.name), children, length: n });
  }
  if (arrow.DataType.isFixedSizeList(t)) {
    // No fixed-size list type in gpuframe: a list whose offsets step by the size.
    const size = (t as arrow.FixedSizeList).listSize;
    const offsets = Int32Array.from({ length: n + 1 }, (_, i) => i * size);
    const child = convert(name, [head(d.children[0]!, n * size)], (t as arrow.FixedSizeList).children[0]!);
    return new Column({ type: 'list', data: DataBuffer.fromHost(offsets, 'int32'), validity, children: [child] });
  }
  throw new DTypeError(`fromArrow: expected a list, struct or binary type in column '${name}', got ${String(t)}`);
}

// ---- to Arrow ---------------------------------------------------------------------------------

/** GeoArrow child field names, outermost first, per geometry type. */
const CHILD_NAMES: Record<Exclude<GeometryType, 'point'>, readonly string[]> = {
  linestring: ['vertices'],
  multipoint: ['points'],
  polygon: ['rings', 'vertices'],
  multilinestring: ['linestrings', 'vertices'],
  multipolygon: ['polygons', 'rings', 'vertices'],
};

/** The GeoArrow extension metadata of a geometry column (see the module header for `crs`). */
export function geoarrowMetadata(c: Column): Map<string, string> | undefined {
  if (!isGeometryType(c.type)) return undefined;
  const meta: Record<string, unknown> = {};
  if (c.crs !== undefined) {
    const projjson = parseObject(c.crs);
    if (projjson) Object.assign(meta, { crs: projjson, crs_type: 'projjson' });
    else if (/^[A-Za-z][A-Za-z0-9_.-]*:[A-Za-z0-9_.-]+$/.test(c.crs)) Object.assign(meta, { crs: c.crs, crs_type: 'authority_code' });
    else meta.crs = c.crs;
  }
  return new Map([
    [EXT_NAME, `geoarrow.${c.type}`],
    [EXT_META, JSON.stringify(meta)],
  ]);
}

/** `text` as a JSON object, or undefined when it is not one. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The Arrow field for a column converted to `data`: nullable, with GeoArrow metadata for geometry. */
export function arrowField(name: string, c: Column, data: AnyData): AnyField {
  return new arrow.Field(name, data.type, true, geoarrowMetadata(c) ?? null);
}

async function bitsOf(c: Column): Promise<{ nullCount: number; nullBitmap: Uint8Array | undefined }> {
  if (!c.validity) return { nullCount: 0, nullBitmap: undefined };
  const bits = (await c.validity.toArray()) as Uint8Array;
  let valid = 0;
  for (let i = 0; i < c.length; i++) valid += (bits[i >> 3]! >> (i & 7)) & 1;
  return { nullCount: c.length - valid, nullBitmap: valid < c.length ? bits : undefined };
}

/** A 'point' column (or the point level of a geometry) as GeoArrow coordinates. */
async function pointsToArrow(c: Column, options: NestedArrowOptions): Promise<AnyData> {
  const xy = (await c.data.toArray()) as Float64Array;
  const n = c.length;
  const nulls = await bitsOf(c);
  const f64 = new arrow.Float64();
  if (options.coordinates === 'separated') {
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = xy[2 * i]!;
      y[i] = xy[2 * i + 1]!;
    }
    const fields = [new arrow.Field('x', f64, false), new arrow.Field('y', f64, false)];
    const children = [arrow.makeData({ type: f64, length: n, data: x }), arrow.makeData({ type: f64, length: n, data: y })];
    return arrow.makeData({ type: new arrow.Struct(fields), length: n, ...nulls, children });
  }
  const type = new arrow.FixedSizeList(2, new arrow.Field('xy', f64, false));
  return arrow.makeData({ type, length: n, ...nulls, child: arrow.makeData({ type: f64, length: 2 * n, data: xy }) });
}

/**
 * A nested Column (list, struct, binary, geometry) as Arrow Data; `convert` converts the
 * children. Offsets and child values are shared, not copied (separated coordinates excepted).
 *
 * Internal: `df.toArrow()` and `writeArrow`/`writeParquet` reach it for nested columns.
 */
export async function nestedToArrow(c: Column, convert: ColumnToData, options: NestedArrowOptions = {}): Promise<AnyData> {
  const n = c.length;
  const nulls = await bitsOf(c);
  if (c.type === 'point') return pointsToArrow(c, options);
  if (c.type === 'struct') {
    const children = await Promise.all(c.children.map((k) => convert(k, options)));
    const fields = c.children.map((k, i) => arrowField(c.fields![i]!, k, children[i]!));
    return arrow.makeData({ type: new arrow.Struct(fields), length: n, ...nulls, children });
  }
  const offsets = (await c.data.toArray()) as Int32Array;
  if (c.type === 'binary') {
    const bytes = (await c.child.data.toArray()) as Uint8Array;
    return arrow.makeData({ type: new arrow.Binary(), length: n, ...nulls, valueOffsets: offsets, data: bytes });
  }
  if (isGeometryType(c.type)) {
    const names = CHILD_NAMES[c.type];
    const level = async (col: Column, depth: number): Promise<AnyData> => {
      if (col.type === 'point') return pointsToArrow(col, options);
      const child = await level(col.child, depth + 1);
      const type = new arrow.List(new arrow.Field(names[depth]!, child.type, col.child.validity !== undefined));
      return arrow.makeData({ type, length: col.length, ...(await bitsOf(col)), valueOffsets: (await col.data.toArray()) as Int32Array, child });
    };
    return level(c, 0);
  }
  if (c.type === 'list') {
    const child = await convert(c.child, options);
    const type = new arrow.List(arrowField('item', c.child, child));
    return arrow.makeData({ type, length: n, ...nulls, valueOffsets: offsets, child });
  }
  throw new DTypeError(`toArrow: expected a nested column, got ${c.type}`);
}
