/**
 * One Parquet file from Parquet files written one after another (`sinkParquet`): each part is
 * a whole file from the eager writer (src/io/parquet.ts); its data (the bytes between the
 * leading magic and the footer) is appended as it comes, and its footer's row groups are
 * kept. At the end one footer lists every row group, with the column chunks' offsets shifted
 * to where their bytes landed.
 *
 * The footer is Thrift's compact protocol, decoded here into a generic tree and encoded back
 * (every field kept but the ones below), so nothing of the writer's metadata is lost:
 * - ColumnChunk.file_offset (2), ColumnMetaData.data_page_offset (9), index_page_offset (10),
 *   dictionary_page_offset (11), bloom_filter_offset (14) and RowGroup.file_offset (5) are
 *   shifted; RowGroup.ordinal (7) is renumbered.
 * - The page indexes (ColumnChunk fields 4-7) are dropped: their page locations are absolute
 *   offsets inside structures this file does not rewrite. Readers then read pages in order
 *   (the indexes only let them skip pages).
 * Every part must have the first part's schema (FileMetaData field 2) and key-value metadata
 * (the Arrow schema): a ValueError otherwise.
 */
import { ValueError } from '../../src/errors.js';

type Field = { id: number; t: number; v: unknown };
type List = { et: number; items: unknown[] };
type MapV = { kt: number; vt: number; entries: Array<[unknown, unknown]> };

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.b.length) throw new ValueError('sinkParquet: expected a whole Parquet footer from the writer, got one cut short');
    return this.b[this.pos++]!;
  }
  varint(): bigint {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const c = this.byte();
      v |= BigInt(c & 0x7f) << shift;
      if ((c & 0x80) === 0) return v;
      shift += 7n;
    }
  }
  zigzag(): bigint {
    const v = this.varint();
    return (v >> 1n) ^ -(v & 1n);
  }
  bytes(n: number): Uint8Array {
    const s = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  value(t: number, inCollection = false): unknown {
    switch (t) {
      case 1:
      case 2:
        return inCollection ? this.byte() : t === 1;
      case 3:
        return this.byte();
      case 4:
      case 5:
      case 6:
        return this.zigzag();
      case 7:
        return this.bytes(8);
      case 8:
        return this.bytes(Number(this.varint()));
      case 9:
      case 10: {
        const h = this.byte();
        const et = h & 15;
        const size = h >> 4 === 15 ? Number(this.varint()) : h >> 4;
        const items: unknown[] = [];
        for (let i = 0; i < size; i++) items.push(this.value(et, true));
        return { et, items } satisfies List;
      }
      case 11: {
        const size = Number(this.varint());
        const m: MapV = { kt: 0, vt: 0, entries: [] };
        if (size === 0) return m;
        const kv = this.byte();
        m.kt = kv >> 4;
        m.vt = kv & 15;
        for (let i = 0; i < size; i++) m.entries.push([this.value(m.kt, true), this.value(m.vt, true)]);
        return m;
      }
      case 12:
        return this.struct();
      default:
        throw new ValueError(`sinkParquet: expected a Thrift compact type in the writer's footer, got ${t}`);
    }
  }
  struct(): Field[] {
    const fields: Field[] = [];
    let last = 0;
    for (;;) {
      const h = this.byte();
      if (h === 0) return fields;
      const t = h & 15;
      const id = h >> 4 ? last + (h >> 4) : Number(this.zigzag());
      fields.push({ id, t, v: this.value(t) });
      last = id;
    }
  }
}

class Writer {
  private out: number[] = [];
  byte(x: number): void {
    this.out.push(x & 0xff);
  }
  varint(v: bigint): void {
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }
  zigzag(v: bigint): void {
    this.varint(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
  }
  raw(b: Uint8Array): void {
    for (const x of b) this.out.push(x);
  }
  value(t: number, v: unknown, inCollection = false): void {
    switch (t) {
      case 1:
      case 2:
        if (inCollection) this.byte(v as number);
        return;
      case 3:
        return this.byte(v as number);
      case 4:
      case 5:
      case 6:
        return this.zigzag(v as bigint);
      case 7:
        return this.raw(v as Uint8Array);
      case 8:
        this.varint(BigInt((v as Uint8Array).length));
        return this.raw(v as Uint8Array);
      case 9:
      case 10: {
        const { et, items } = v as List;
        if (items.length < 15) this.byte((items.length << 4) | et);
        else {
          this.byte(0xf0 | et);
          this.varint(BigInt(items.length));
        }
        for (const x of items) this.value(et, x, true);
        return;
      }
      case 11: {
        const m = v as MapV;
        this.varint(BigInt(m.entries.length));
        if (m.entries.length === 0) return;
        this.byte((m.kt << 4) | m.vt);
        for (const [k, x] of m.entries) {
          this.value(m.kt, k, true);
          this.value(m.vt, x, true);
        }
        return;
      }
      case 12:
        return this.struct(v as Field[]);
    }
  }
  struct(fields: readonly Field[]): void {
    let last = 0;
    for (const f of fields) {
      const t = f.t === 1 || f.t === 2 ? (f.v ? 1 : 2) : f.t;
      const d = f.id - last;
      if (d > 0 && d <= 15) this.byte((d << 4) | t);
      else {
        this.byte(t);
        this.zigzag(BigInt(f.id));
      }
      this.value(t, f.v);
      last = f.id;
    }
    this.byte(0);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

const get = (s: Field[], id: number): Field | undefined => s.find((f) => f.id === id);
const encode = (t: number, v: unknown): string => {
  const w = new Writer();
  w.value(t, v);
  return Array.from(w.bytes(), (x) => x.toString(16).padStart(2, '0')).join('');
};

/** Shift the offsets of one row group (see the module comment) by `delta`; ordinal `k`. */
function moveGroup(g: Field[], delta: bigint, k: number): Field[] {
  const shift = (f: Field): Field => ({ ...f, v: (f.v as bigint) + delta });
  return g.map((f) => {
    if (f.id === 5) return shift(f);
    if (f.id === 7) return { ...f, v: BigInt(k) };
    if (f.id !== 1) return f;
    const list = f.v as List;
    const columns = list.items.map((c) =>
      (c as Field[])
        .filter((x) => x.id < 4 || x.id > 7)
        .map((x) => {
          if (x.id === 2) return shift(x);
          if (x.id !== 3) return x;
          return { ...x, v: (x.v as Field[]).map((m) => (m.id === 9 || m.id === 10 || m.id === 11 || m.id === 14 ? shift(m) : m)) };
        }),
    );
    return { ...f, v: { et: list.et, items: columns } };
  });
}

/** Appends parts to a Parquet file being written through `write`; `finish` writes the footer. */
export class ParquetMerger {
  private offset = 0;
  private meta: Field[] | undefined;
  private schemaKey = '';
  private groups: Field[][] = [];
  private rows = 0n;

  constructor(private readonly write: (b: Uint8Array) => Promise<void>) {}

  /** Append one whole Parquet file's row groups. */
  async add(part: Uint8Array): Promise<void> {
    const n = part.length;
    const len = new DataView(part.buffer, part.byteOffset + n - 8, 4).getUint32(0, true);
    const footerStart = n - 8 - len;
    const meta = new Reader(part.subarray(footerStart, n - 8)).struct();
    const key = [2, 5].map((id) => { const f = get(meta, id); return f ? encode(f.t, f.v) : ''; }).join('|');
    if (this.meta === undefined) {
      this.meta = meta;
      this.schemaKey = key;
      await this.write(part.subarray(0, 4)); // PAR1
      this.offset = 4;
    } else if (key !== this.schemaKey) throw new ValueError('sinkParquet: expected every batch to have the first batch\'s schema, got one whose Parquet schema differs');
    const delta = BigInt(this.offset - 4);
    const groups = get(meta, 4);
    for (const g of (groups?.v as List | undefined)?.items ?? []) this.groups.push(moveGroup(g as Field[], delta, this.groups.length));
    this.rows += (get(meta, 3)?.v as bigint | undefined) ?? 0n;
    const data = part.subarray(4, footerStart);
    await this.write(data);
    this.offset += data.length;
  }

  /** Write the merged footer and the closing magic. */
  async finish(): Promise<void> {
    if (!this.meta) throw new ValueError('sinkParquet: expected at least one part, got none');
    const groupsField = get(this.meta, 4);
    const meta = this.meta.map((f) => (f.id === 3 ? { ...f, v: this.rows } : f.id === 4 ? { ...f, v: { et: 12, items: this.groups } } : f));
    if (!groupsField) meta.push({ id: 4, t: 9, v: { et: 12, items: this.groups } });
    meta.sort((a, b) => a.id - b.id);
    const w = new Writer();
    w.struct(meta);
    const footer = w.bytes();
    const tail = new Uint8Array(8);
    new DataView(tail.buffer).setUint32(0, footer.length, true);
    tail.set([0x50, 0x41, 0x52, 0x31], 4);
    await this.write(footer);
    await this.write(tail);
  }
}
