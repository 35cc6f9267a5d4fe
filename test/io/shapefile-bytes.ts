// Test helpers: write tiny shapefiles (.shp, .dbf) and zip archives byte by byte, per the ESRI
// shapefile and dBase III specs, so the reader's error paths can be driven with crafted files.
import { crc32, deflateRawSync } from 'node:zlib';

/** One polygon or polyline record: parts (rings or lines, each a list of positions) in file order, or null for a null shape. */
export type RecordRings = number[][][] | null;

/**
 * One record of any shape type, or null for a null shape. A position is [x, y], then z for the Z
 * types (11, 13, 15, 18), then m for the M types (21, 23, 25, 28) and optionally for the Z types
 * (the record gets an M section when its first position has one).
 * - Point (1, 11, 21): one position;
 * - MultiPoint (8, 18, 28): a list of positions;
 * - PolyLine, Polygon (3, 5 and variants): a list of parts, each a list of positions.
 */
export type ShpRecord = number[] | number[][] | number[][][] | null;

/** The content of one non-null record, per the ESRI shapefile spec. */
function recordContent(rec: number[] | number[][] | number[][][], shapeType: number): DataView {
  const base = shapeType % 10;
  const z = shapeType > 10 && shapeType < 20;
  const mType = shapeType > 20;
  const parts: number[][][] = base === 1 ? [[rec as number[]]] : base === 8 ? [rec as number[][]] : (rec as number[][][]);
  const pts = parts.flat();
  const m = mType || (z && pts.length > 0 && pts[0]!.length > 3);
  const mAt = z ? 3 : 2;
  const nv = pts.length;
  const np = parts.length;
  const head = base === 1 ? 4 : base === 8 ? 40 : 44 + 4 * np;
  const zLen = z ? (base === 1 ? 8 : 16 + 8 * nv) : 0;
  const mLen = m ? (base === 1 ? 8 : 16 + 8 * nv) : 0;
  const b = new DataView(new ArrayBuffer(head + 16 * nv + zLen + mLen));
  b.setInt32(0, shapeType, true);
  const range = (i: number) => [Math.min(...pts.map((p) => p[i]!)), Math.max(...pts.map((p) => p[i]!))];
  if (base !== 1) {
    const [x0, x1] = range(0);
    const [y0, y1] = range(1);
    [x0, y0, x1, y1].forEach((v, i) => b.setFloat64(4 + 8 * i, v!, true));
    if (base === 8) b.setInt32(36, nv, true);
    else {
      b.setInt32(36, np, true);
      b.setInt32(40, nv, true);
      let start = 0;
      parts.forEach((r, j) => {
        b.setInt32(44 + 4 * j, start, true);
        start += r.length;
      });
    }
  }
  let at = head;
  for (const p of pts) {
    b.setFloat64(at, p[0]!, true);
    b.setFloat64(at + 8, p[1]!, true);
    at += 16;
  }
  // The Z then M sections: a range (not for a Point), then one value per point.
  for (const [on, i] of [[z, 2], [m, mAt]] as const) {
    if (!on) continue;
    if (base !== 1) {
      range(i).forEach((v) => (b.setFloat64(at, v!, true), (at += 8)));
    }
    for (const p of pts) (b.setFloat64(at, p[i]!, true), (at += 8));
  }
  return b;
}

/** A .shp file of the given records (shape type 5, Polygon, unless given; see ShpRecord). */
export function shpBytes(records: ShpRecord[], shapeType = 5): Uint8Array {
  const contents = records.map((rec) => {
    if (rec === null) {
      const b = new DataView(new ArrayBuffer(4));
      b.setInt32(0, 0, true);
      return b;
    }
    return recordContent(rec, shapeType);
  });
  const total = 100 + contents.reduce((s, c) => s + 8 + c.byteLength, 0);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setInt32(0, 9994, false);
  v.setInt32(24, total / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, shapeType, true);
  let at = 100;
  contents.forEach((c, k) => {
    v.setInt32(at, k + 1, false);
    v.setInt32(at + 4, c.byteLength / 2, false);
    out.set(new Uint8Array(c.buffer), at + 8);
    at += 8 + c.byteLength;
  });
  return out;
}

/** A .shx index of a .shp file (record offsets and lengths), for readers that need one (OGR). */
export function shxBytes(shp: Uint8Array): Uint8Array {
  const sv = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  const entries: Array<[number, number]> = [];
  for (let at = 100; at < shp.length; at += 8 + sv.getInt32(at + 4, false) * 2) entries.push([at / 2, sv.getInt32(at + 4, false)]);
  const out = new Uint8Array(100 + 8 * entries.length);
  out.set(shp.subarray(0, 100));
  const v = new DataView(out.buffer);
  v.setInt32(24, out.length / 2, false);
  entries.forEach(([offset, len], i) => {
    v.setInt32(100 + 8 * i, offset, false);
    v.setInt32(104 + 8 * i, len, false);
  });
  return out;
}

export interface DbfField {
  name: string;
  type: 'C' | 'N' | 'F' | 'L' | 'D';
  length: number;
  decimals?: number;
}

/** A dBase III file; values are written as given (null → blanks), numbers right-aligned. */
export function dbfBytes(fields: DbfField[], rows: Array<Array<string | null>>): Uint8Array {
  const headerLen = 32 + 32 * fields.length + 1;
  const recLen = 1 + fields.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(headerLen + rows.length * recLen + 1).fill(0x20, headerLen);
  const v = new DataView(out.buffer);
  out[0] = 3;
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headerLen, true);
  v.setUint16(10, recLen, true);
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    out.fill(0, at, at + 32);
    out.set(new TextEncoder().encode(f.name).subarray(0, 10), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.length;
    out[at + 17] = f.decimals ?? 0;
  });
  out[headerLen - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLen + r * recLen + 1;
    fields.forEach((f, i) => {
      const s = row[i] ?? '';
      const bytes = new TextEncoder().encode(s);
      if (bytes.length > f.length) throw new Error(`dbfBytes: '${s}' is wider than field ${f.name}`);
      out.set(bytes, f.type === 'N' || f.type === 'F' ? at + f.length - bytes.length : at);
      at += f.length;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** A zip archive of the given files; deflated when `deflate`, else stored. */
export function zipBytes(files: Record<string, Uint8Array>, deflate = true): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = new TextEncoder().encode(name);
    const body = deflate ? new Uint8Array(deflateRawSync(data)) : data;
    const local = new Uint8Array(30 + nameBytes.length + body.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, deflate ? 8 : 0, true);
    lv.setUint32(14, crc32(data), true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(body, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, deflate ? 8 : 0, true);
    cv.setUint32(16, crc32(data), true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const cdSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A clockwise (shapefile exterior) axis-aligned square ring, closed. */
export function cwSquare(x: number, y: number, size: number): number[][] {
  return [[x, y], [x, y + size], [x + size, y + size], [x + size, y], [x, y]];
}

/** A counter-clockwise (shapefile hole) axis-aligned square ring, closed. */
export function ccwSquare(x: number, y: number, size: number): number[][] {
  return cwSquare(x, y, size).reverse();
}
