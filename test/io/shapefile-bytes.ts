// Test helpers: write tiny shapefiles (.shp, .dbf) and zip archives byte by byte, per the ESRI
// shapefile and dBase III specs, so the reader's error paths can be driven with crafted files.
import { crc32, deflateRawSync } from 'node:zlib';

/** One record: polygon rings (each a list of [x, y]) in file order, or null for a null shape. */
export type RecordRings = number[][][] | null;

/** A .shp file of polygon records (shape type 5 unless given). */
export function shpBytes(records: RecordRings[], shapeType = 5): Uint8Array {
  const contents = records.map((rings) => {
    if (rings === null) {
      const b = new DataView(new ArrayBuffer(4));
      b.setInt32(0, 0, true);
      return b;
    }
    const nv = rings.reduce((s, r) => s + r.length, 0);
    const b = new DataView(new ArrayBuffer(44 + 4 * rings.length + 16 * nv));
    b.setInt32(0, shapeType, true);
    const xs = rings.flat().map((p) => p[0]!);
    const ys = rings.flat().map((p) => p[1]!);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.setFloat64(4 + 8 * i, v, true));
    b.setInt32(36, rings.length, true);
    b.setInt32(40, nv, true);
    let start = 0;
    rings.forEach((r, j) => {
      b.setInt32(44 + 4 * j, start, true);
      start += r.length;
    });
    let at = 44 + 4 * rings.length;
    for (const [x, y] of rings.flat()) {
      b.setFloat64(at, x!, true);
      b.setFloat64(at + 8, y!, true);
      at += 16;
    }
    return b;
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
