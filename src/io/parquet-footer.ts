/**
 * A Parquet file's footer, checked in JS before any byte goes to wasm: the `PAR1` magic at both
 * ends, the footer length within the file, and the footer's Thrift (compact protocol) fields that
 * size what a reader allocates: the file's and each row group's `num_rows`, the leaf columns'
 * physical types, and each column chunk's byte range. A tiny file cannot make the reader
 * allocate gigabytes:
 *
 * - every list length and string length in the footer is at most the bytes left in it (so this
 *   parser allocates O(footer)), and nesting is at most 64 deep;
 * - every column chunk lies inside the data region (after the leading magic, before the footer);
 * - the row groups' rows add up to the file's `num_rows`, each below 2^31 (arrow-rs's batch sizes);
 * - the declared decoded size, Σ over row groups of rows × the leaf columns' least decoded width
 *   (BOOLEAN 1 bit, INT32/FLOAT 4 bytes, INT64/DOUBLE 8, INT96 12, BYTE_ARRAY 4 for its offset,
 *   FIXED_LEN_BYTE_ARRAY its length, + 1 validity bit for a non-required column), is at most
 *   max(64 × the file's size, 256 MiB) (`MAX_EXPANSION`, `FLOOR_BYTES`).
 *
 * Anything else is a ParseError naming the file. The footer is otherwise left to parquet-wasm.
 */
import { ParseError } from '../errors.js';

/** A decoded size may be this many times the file's size... */
export const MAX_EXPANSION = 64;
/** ...or this many bytes, whichever is larger. */
export const FLOOR_BYTES = 2 ** 28;

export interface FooterInfo {
  /** Rows in each row group, in file order. */
  groupRows: number[];
  numRows: number;
  /** Leaf (physical) columns. */
  leaves: number;
  /** The declared decoded size in bytes (see the file's comment). */
  decodedBytes: number;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1
const WIDTH_BITS = [1, 32, 64, 96, 32, 64, 32, -1]; // by physical type; BYTE_ARRAY as its 4-byte offset, FIXED_LEN by type_length
const MAX_DEPTH = 64;

class Bad extends Error {}

/** Thrift compact protocol, just what a footer needs (numbers up to 2^53). */
class Compact {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.b.length) throw new Bad('the footer ends inside a field');
    return this.b[this.pos++]!;
  }
  varint(): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const c = this.byte();
      v += (c & 0x7f) * scale;
      if ((c & 0x80) === 0) {
        if (v > Number.MAX_SAFE_INTEGER) throw new Bad('a number beyond 2^53');
        return v;
      }
      scale *= 128;
    }
    throw new Bad('a varint longer than 10 bytes');
  }
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
  /** A length or count: at most the bytes left (every element takes at least one byte). */
  count(n: number): number {
    if (n > this.b.length - this.pos) throw new Bad(`a length of ${n} with ${this.b.length - this.pos} footer bytes left`);
    return n;
  }
  binary(): Uint8Array {
    const n = this.count(this.varint());
    const s = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  listHeader(): { n: number; type: number } {
    const h = this.byte();
    const n = (h >> 4) === 15 ? this.varint() : h >> 4;
    return { n: this.count(n), type: h & 0x0f };
  }
  /** Read a struct, calling `field` for each field; it returns false to have the field skipped. */
  struct(depth: number, field: (id: number, type: number) => boolean): void {
    if (depth > MAX_DEPTH) throw new Bad(`structs nested deeper than ${MAX_DEPTH}`);
    let last = 0;
    for (;;) {
      const h = this.byte();
      const type = h & 0x0f;
      if (type === 0) return;
      const delta = h >> 4;
      const id = delta === 0 ? this.zigzag() : last + delta;
      last = id;
      if (!field(id, type)) this.skip(type, depth + 1);
    }
  }
  skip(type: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new Bad(`values nested deeper than ${MAX_DEPTH}`);
    switch (type) {
      case 1: case 2: return; // bool in a field header
      case 3: this.byte(); return;
      case 4: case 5: case 6: this.varint(); return;
      case 7: this.count(8); this.pos += 8; return;
      case 8: this.binary(); return;
      case 9: case 10: {
        const { n, type: t } = this.listHeader();
        for (let i = 0; i < n; i++) t === 1 || t === 2 ? this.byte() : this.skip(t, depth + 1);
        return;
      }
      case 11: {
        const n = this.count(this.varint());
        if (n === 0) return;
        const kv = this.byte();
        for (let i = 0; i < n; i++) {
          this.skip(kv >> 4, depth + 1);
          this.skip(kv & 0x0f, depth + 1);
        }
        return;
      }
      case 12: this.struct(depth, () => false); return;
      default: throw new Bad(`a field of unknown type ${type}`);
    }
  }
  /** An integer field's value (i16/i32/i64 are all zigzag varints). */
  int(type: number): number {
    if (type < 3 || type > 6) throw new Bad(`an integer field of type ${type}`);
    return type === 3 ? (this.byte() << 24) >> 24 : this.zigzag();
  }
  list(type: number, each: () => void): number {
    if (type !== 9) throw new Bad(`a list field of type ${type}`);
    const { n, type: t } = this.listHeader();
    if (t !== 12) throw new Bad(`a list of type ${t} where structs belong`);
    for (let i = 0; i < n; i++) each();
    return n;
  }
}

interface Chunk { start: number; size: number; external: boolean }

/**
 * Check a Parquet file's framing and footer (see the file's comment); `file` names it in errors.
 */
export function checkFooter(op: string, bytes: Uint8Array, file: string): FooterInfo {
  const fail = (what: string): never => {
    throw new ParseError(`${op}: expected a Parquet file, got ${what}`, { file });
  };
  const size = bytes.length;
  if (size < 12) fail(`${size} bytes (a Parquet file has at least 12: PAR1, a footer length, PAR1)`);
  const at = (o: number) => MAGIC.every((m, i) => bytes[o + i] === m);
  if (!at(0)) fail('no PAR1 magic at its start');
  if (!at(size - 4)) fail(bytes[size - 4] === 0x50 && bytes[size - 3] === 0x41 && bytes[size - 2] === 0x52 && bytes[size - 1] === 0x45 ? 'an encrypted footer (PARE), which is not supported' : 'no PAR1 magic at its end');
  const len = (bytes[size - 8]! | (bytes[size - 7]! << 8) | (bytes[size - 6]! << 16) | (bytes[size - 5]! << 24)) >>> 0;
  const footerStart = size - 8 - len;
  if (len === 0 || footerStart < 4) fail(`a footer length of ${len} bytes in a file of ${size} (at most ${size - 12})`);
  const r = new Compact(bytes.subarray(footerStart, size - 8));
  let numRows = -1;
  let sawSchema = false;
  const widths: number[] = []; // leaf columns' least decoded width, bits
  const groups: Array<{ rows: number; chunks: Chunk[] }> = [];
  try {
    r.struct(0, (id, type) => {
      if (id === 2) {
        sawSchema = true;
        let first = true;
        r.list(type, () => {
          let phys = -1, typeLength = 0, repetition = 0, children = 0;
          r.struct(2, (fid, ft) => {
            if (fid === 1) phys = r.int(ft);
            else if (fid === 2) typeLength = r.int(ft);
            else if (fid === 3) repetition = r.int(ft);
            else if (fid === 5) children = r.int(ft);
            else return false;
            return true;
          });
          if (first) { first = false; return; } // the root
          if (children > 0) return;
          if (phys < 0 || phys > 7) throw new Bad(`a leaf column of physical type ${phys}`);
          const w = phys === 7 ? typeLength * 8 : WIDTH_BITS[phys]!;
          if (w < 0) throw new Bad(`a FIXED_LEN_BYTE_ARRAY of length ${typeLength}`);
          widths.push(w + (repetition === 0 ? 0 : 1));
        });
        return true;
      }
      if (id === 3) { numRows = r.int(type); return true; }
      if (id === 4) {
        r.list(type, () => {
          const g = { rows: -1, chunks: [] as Chunk[] };
          r.struct(2, (fid, ft) => {
            if (fid === 3) { g.rows = r.int(ft); return true; }
            if (fid !== 1) return false;
            r.list(ft, () => g.chunks.push(readChunk(r)));
            return true;
          });
          groups.push(g);
        });
        return true;
      }
      return false;
    });
  } catch (e) {
    if (e instanceof Bad) fail(`a footer that does not parse: ${e.message}`);
    throw e;
  }
  if (!sawSchema) fail('a footer without a schema');
  if (numRows < 0) fail(`a footer with num_rows ${numRows}`);
  let sum = 0;
  let decodedBits = 0;
  const rowBits = widths.reduce((s, w) => s + w, 0);
  groups.forEach((g, i) => {
    if (!(g.rows >= 0 && g.rows < 2 ** 31)) fail(`row group ${i} with num_rows ${g.rows} (expected 0 to 2^31 - 1)`);
    if (g.chunks.length !== widths.length) fail(`row group ${i} with ${g.chunks.length} column chunks for ${widths.length} leaf columns`);
    g.chunks.forEach((c, j) => {
      if (c.external) fail(`row group ${i}, column ${j} in another file (file_path), which is not supported`);
      if (!(c.start >= 4 && c.size >= 0 && c.start + c.size <= footerStart)) fail(`row group ${i}, column ${j} at bytes ${c.start} to ${c.start + c.size}, outside the data region 4 to ${footerStart}`);
    });
    sum += g.rows;
    decodedBits += g.rows * rowBits;
  });
  if (sum !== numRows) fail(`row groups of ${sum} rows in all where num_rows says ${numRows}`);
  const decodedBytes = Math.ceil(decodedBits / 8);
  const bound = Math.max(MAX_EXPANSION * size, FLOOR_BYTES);
  if (decodedBytes > bound) fail(`a footer declaring ${numRows} rows (${decodedBytes} bytes decoded) in ${size} bytes: at most max(${MAX_EXPANSION} × the file's size, ${FLOOR_BYTES}) = ${bound} bytes`);
  return { groupRows: groups.map((g) => g.rows), numRows, leaves: widths.length, decodedBytes };
}

/** A ColumnChunk: its byte range (from its ColumnMetaData) and whether it lives in another file. */
function readChunk(r: Compact): Chunk {
  const c: Chunk = { start: -1, size: -1, external: false };
  let data = -1, dict = -1, index = -1;
  r.struct(3, (id, type) => {
    if (id === 1) { r.skip(type, 4); c.external = true; return true; }
    if (id !== 3) return false;
    if (type !== 12) throw new Bad(`column metadata of type ${type}`);
    r.struct(4, (fid, ft) => {
      if (fid === 7) c.size = r.int(ft);
      else if (fid === 9) data = r.int(ft);
      else if (fid === 10) index = r.int(ft);
      else if (fid === 11) dict = r.int(ft);
      else return false;
      return true;
    });
    return true;
  });
  if (data < 0) throw new Bad('a column chunk without a data page offset');
  const starts = [data, dict, index].filter((o) => o > 0);
  c.start = Math.min(...starts);
  return c;
}
