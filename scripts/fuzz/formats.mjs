// Structure-aware walkers: where the length, offset and count fields of each binary format sit, so
// the fuzzer edits them on purpose instead of hoping a random byte lands there. A walker returns
// fields `{ pos, size, le, kind }` (see mutate.mjs mutateField) and never throws: it stops where
// the file stops making sense.

// Reads past either end give 0, so a walker never throws on a mutated file.
const view = (b, p, n) => (p >= 0 && p + n <= b.length ? new DataView(b.buffer, b.byteOffset, b.byteLength) : null);
const u32 = (b, p, le = true) => view(b, p, 4)?.getUint32(p, le) ?? 0;
const i32 = (b, p, le = true) => view(b, p, 4)?.getInt32(p, le) ?? 0;
const u16 = (b, p) => view(b, p, 2)?.getUint16(p, true) ?? 0;
const int = (pos, size, le = true) => ({ pos, size, le, kind: 'int' });
const f64 = (pos, le = true) => ({ pos, size: 8, le, kind: 'float' });

// ---------------------------------------------------------------- Arrow IPC (file and stream)

/** Fields of one flatbuffer: every aligned int32 and int64 (offsets, lengths, counts) and the root table's vtable. */
function flatbufferFields(b, start, len, out) {
  const end = Math.min(b.length, start + len);
  for (let p = start; p + 4 <= end; p += 4) out.push(int(p, 4));
  for (let p = start; p + 8 <= end; p += 8) out.push(int(p, 8));
  if (start + 4 > end) return;
  const table = start + u32(b, start);
  if (table + 4 > end) return;
  const vt = table - i32(b, table);
  if (vt < start || vt + 4 > end) return;
  const vtLen = u16(b, vt);
  for (let p = vt; p + 2 <= Math.min(end, vt + vtLen); p += 2) out.push(int(p, 2));
}

/** A Message flatbuffer's bodyLength (field 3), or 0. */
function bodyLength(b, start, len) {
  const end = Math.min(b.length, start + len);
  if (start + 4 > end) return 0;
  const table = start + u32(b, start);
  if (table + 4 > end) return 0;
  const vt = table - i32(b, table);
  if (vt < start || vt + 4 > end) return 0;
  const vtLen = u16(b, vt);
  if (4 + 2 * 3 + 2 > vtLen || vt + 12 > end) return 0;
  const off = u16(b, vt + 10);
  if (!off || table + off + 8 > end) return 0;
  return Number(view(b, table + off, 8)?.getBigInt64(table + off, true) ?? 0n);
}

/** Arrow IPC: message continuation markers and metadata lengths, each metadata flatbuffer, body words, the file footer. */
export function arrowFields(b) {
  const out = [];
  const isFile = b.length >= 10 && new TextDecoder().decode(b.subarray(0, 6)) === 'ARROW1';
  let pos = isFile ? 8 : 0;
  let end = b.length;
  if (isFile && b.length >= 18) {
    const footerLenAt = b.length - 10;
    out.push(int(footerLenAt, 4));
    const flen = i32(b, footerLenAt);
    const fstart = footerLenAt - flen;
    if (flen > 0 && fstart >= 8) {
      flatbufferFields(b, fstart, flen, out);
      end = fstart;
    }
  }
  for (let guard = 0; pos + 8 <= end && guard < 64; guard++) {
    let p = pos;
    if (u32(b, p) === 0xffffffff) (out.push(int(p, 4)), (p += 4));
    out.push(int(p, 4));
    const metaLen = i32(b, p);
    p += 4;
    if (metaLen <= 0 || p + metaLen > b.length) break;
    flatbufferFields(b, p, metaLen, out);
    const body = bodyLength(b, p, metaLen);
    const bodyStart = p + metaLen;
    const bodyEnd = Math.min(b.length, bodyStart + Math.max(0, body));
    for (let q = bodyStart; q + 4 <= bodyEnd; q += 4) out.push(int(q, 4)); // offsets of strings and lists live here
    if (body < 0 || bodyStart + body > b.length) break;
    pos = bodyStart + body;
  }
  return out;
}

// ---------------------------------------------------------------- Parquet (Thrift compact protocol)

function varint(b, p) {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    if (p >= b.length || shift > 70n) throw new Error('varint');
    const x = b[p++];
    v |= BigInt(x & 0x7f) << shift;
    shift += 7n;
    if (!(x & 0x80)) return [v, p];
  }
}

/** One Thrift value of compact `type` at p; records ints and binaries in `out`; returns the next position. */
function thriftValue(b, p, type, out, depth, inList) {
  if (depth > 32) throw new Error('depth');
  switch (type) {
    case 1:
    case 2:
      return inList ? p + 1 : p; // a bool field's value is in its header; a list's bools take a byte
    case 3:
      out.ints.push(int(p, 1));
      return p + 1;
    case 4:
    case 5:
    case 6: {
      const [v, np] = varint(b, p);
      out.varints.push({ pos: p, len: np - p, zigzag: true, value: (v >> 1n) ^ -(v & 1n) });
      return np;
    }
    case 7:
      out.floats.push(f64(p));
      return p + 8;
    case 8: {
      const [len, np] = varint(b, p);
      out.varints.push({ pos: p, len: np - p, zigzag: false, value: len });
      out.binaries.push({ pos: p, lenLen: np - p, data: np, dataLen: Number(len) });
      return np + Number(len);
    }
    case 9:
    case 10: {
      const h = b[p];
      let size = BigInt(h >> 4);
      let q = p + 1;
      if (size === 15n) {
        const s = q;
        [size, q] = varint(b, q);
        out.varints.push({ pos: s, len: q - s, zigzag: false, value: size });
      }
      if (size > 100000n) throw new Error('list');
      for (let k = 0; k < Number(size); k++) q = thriftValue(b, q, h & 0x0f, out, depth + 1, true);
      return q;
    }
    case 11: {
      const s = p;
      const [size, q0] = varint(b, p);
      out.varints.push({ pos: s, len: q0 - s, zigzag: false, value: size });
      if (size === 0n) return q0;
      if (size > 100000n) throw new Error('map');
      const kv = b[q0];
      let q = q0 + 1;
      for (let k = 0; k < Number(size); k++) q = thriftValue(b, thriftValue(b, q, kv >> 4, out, depth + 1, true), kv & 0x0f, out, depth + 1, true);
      return q;
    }
    case 12:
      return thriftStruct(b, p, out, depth + 1).end;
    default:
      throw new Error('type');
  }
}

/** A Thrift compact struct at p: its end and its top-level int fields by id. */
function thriftStruct(b, p, out, depth = 0) {
  const ids = new Map();
  let last = 0;
  for (;;) {
    if (p >= b.length) throw new Error('eof');
    const h = b[p++];
    if (h === 0) return { end: p, ids };
    const type = h & 0x0f;
    if (h >> 4) last += h >> 4;
    else {
      const [v, np] = varint(b, p);
      last = Number((v >> 1n) ^ -(v & 1n));
      p = np;
    }
    const before = out.varints.length;
    p = thriftValue(b, p, type, out, depth, false);
    if (out.varints.length > before && (type === 5 || type === 6)) ids.set(last, out.varints[out.varints.length - 1].value);
  }
}

/**
 * Parquet: the footer length, the FileMetaData's ints and binaries (key-value metadata such as
 * GeoParquet's `geo` JSON included) and each page header's, walked page by page from byte 4.
 * Returns `{ fields, varints, binaries, footerStart }`.
 */
export function parquetLayout(b) {
  const out = { ints: [], floats: [], varints: [], binaries: [] };
  const res = { fields: out.ints, varints: out.varints, binaries: out.binaries, footerStart: b.length };
  if (b.length < 12) return res;
  out.ints.push(int(b.length - 8, 4));
  const metaLen = u32(b, b.length - 8);
  const footerStart = b.length - 8 - metaLen;
  if (footerStart < 4) return res;
  res.footerStart = footerStart;
  try {
    thriftStruct(b, footerStart, out);
  } catch {
    // a footer that does not parse: keep what was found
  }
  let p = 4;
  for (let guard = 0; p < footerStart && guard < 256; guard++) {
    try {
      const { end, ids } = thriftStruct(b, p, out);
      const size = Number(ids.get(3) ?? -1n); // compressed_page_size
      if (size < 0) break;
      p = end + size;
    } catch {
      break;
    }
  }
  out.ints.push(...out.floats);
  return res;
}

/** A varint of `value` (zigzag for Thrift ints) at least `minLen` bytes long (padded with continuation bytes). */
export function encodeVarint(value, zigzag, minLen = 1) {
  let v = BigInt(value);
  v = zigzag ? BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)) : BigInt.asUintN(64, v);
  const bytes = [];
  do {
    bytes.push(Number(v & 0x7fn));
    v >>= 7n;
  } while (v > 0n);
  while (bytes.length < minLen) bytes.push(0);
  return new Uint8Array(bytes.map((x, i) => (i < bytes.length - 1 ? x | 0x80 : x)));
}

// ---------------------------------------------------------------- shapefile .shp, .dbf, .zip

/** .shp: the header's file code, length (big-endian, 16-bit words), version, shape type and box; each record's number, content length, type, box, counts, part starts and some vertices. */
export function shpFields(b) {
  const out = [int(0, 4, false), int(24, 4, false), int(28, 4), int(32, 4)];
  for (let p = 36; p < 100; p += 8) out.push(f64(p));
  let at = 100;
  for (let guard = 0; at + 12 <= b.length && guard < 4096; guard++) {
    out.push(int(at, 4, false), int(at + 4, 4, false), int(at + 8, 4));
    const words = i32(b, at + 4, false);
    const type = i32(b, at + 8) % 10;
    const c = at + 8;
    if (type === 1) out.push(f64(c + 4), f64(c + 12));
    else if (type === 3 || type === 5 || type === 8) {
      for (let p = c + 4; p < c + 36; p += 8) out.push(f64(p));
      out.push(int(c + 36, 4));
      const parts = type === 8 ? 0 : i32(b, c + 36);
      if (type !== 8) out.push(int(c + 40, 4));
      const first = type === 8 ? c + 40 : c + 44;
      for (let k = 0; k < Math.min(parts, 16); k++) out.push(int(first + 4 * k, 4));
      const pts = type === 8 ? first : first + 4 * Math.max(0, parts);
      for (let k = 0; k < 32 && pts + 16 * k + 16 <= Math.min(b.length, c + 2 * words); k++) out.push(f64(pts + 16 * k), f64(pts + 16 * k + 8));
    }
    if (words <= 0) break;
    at += 8 + 2 * words;
  }
  return out.filter((f) => f.pos + f.size <= b.length);
}

/** .dbf: version, record count, header and record lengths, each field descriptor's type, length and decimal count. */
export function dbfFields(b) {
  if (b.length < 32) return [];
  const out = [int(0, 1), int(4, 4), int(8, 2), int(10, 2)];
  const headerLen = u16(b, 8);
  for (let at = 32; at + 32 <= Math.min(b.length, headerLen) && b[at] !== 0x0d; at += 32) out.push(int(at + 11, 1), int(at + 16, 1), int(at + 17, 1));
  return out;
}

/** Where each field descriptor's type letter is (for swapping in another type). */
export function dbfTypeBytes(b) {
  if (b.length < 32) return [];
  const out = [];
  const headerLen = u16(b, 8);
  for (let at = 32; at + 32 <= Math.min(b.length, headerLen) && b[at] !== 0x0d; at += 32) out.push(at + 11);
  return out;
}

/** .zip: every local header, central directory entry and end record's sizes, offsets, counts, CRC and method. */
export function zipFields(b) {
  const out = [];
  for (let p = 0; p + 22 <= b.length; p++) {
    const sig = u32(b, p);
    if (sig === 0x04034b50 && p + 30 <= b.length) out.push(int(p + 6, 2), int(p + 8, 2), int(p + 14, 4), int(p + 18, 4), int(p + 22, 4), int(p + 26, 2), int(p + 28, 2));
    else if (sig === 0x02014b50 && p + 46 <= b.length) out.push(int(p + 8, 2), int(p + 10, 2), int(p + 16, 4), int(p + 20, 4), int(p + 24, 4), int(p + 28, 2), int(p + 30, 2), int(p + 32, 2), int(p + 42, 4));
    else if (sig === 0x06054b50) out.push(int(p + 8, 2), int(p + 10, 2), int(p + 12, 4), int(p + 16, 4), int(p + 20, 2));
  }
  return out;
}
