/**
 * A bounds-checked reader of FlatBuffers tables, for validating Arrow IPC metadata before
 * apache-arrow (whose flatbuffers runtime checks nothing) decodes it.
 *
 * The FlatBuffers binary format, as the Arrow IPC metadata uses it (all little-endian):
 * - the buffer opens with a uoffset (u32) to the root table;
 * - a table opens with an soffset (i32): its vtable lies at `table - soffset`;
 * - a vtable is u16 vtable size, u16 table size, then one u16 per field: the field's offset
 *   inside the table, 0 when the field is absent (the default applies);
 * - a reference field (table, vector, string, union value) holds a uoffset relative to the
 *   field's own position; a vector or string is a u32 count then its elements (strings: bytes);
 *   a vector of tables holds one uoffset per element, relative to that element's position.
 *
 * Every read is checked against the metadata's bounds and fails through `fail` (which throws
 * the caller's typed error), so a corrupt offset is an error, never an out-of-range read.
 */

/** Throws: how a reader reports a fault (the caller adds where it was). */
export type Fail = (expected: string, got: string) => never;

/** A view of one flatbuffer (a message's metadata or a file's footer). */
export class FlatBuffer {
  readonly view: DataView;
  readonly length: number;
  constructor(
    readonly bytes: Uint8Array,
    readonly fail: Fail,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  /** Checks that `size` bytes at `at` lie inside the buffer. */
  need(at: number, size: number, what: string): void {
    if (!(at >= 0 && size >= 0 && at + size <= this.length)) this.fail(`${what} inside the ${this.length}-byte flatbuffer`, `${size} bytes at ${at}`);
  }

  u8(at: number): number {
    this.need(at, 1, 'a byte');
    return this.view.getUint8(at);
  }
  i16(at: number): number {
    this.need(at, 2, 'an int16');
    return this.view.getInt16(at, true);
  }
  u16(at: number): number {
    this.need(at, 2, 'a uint16');
    return this.view.getUint16(at, true);
  }
  i32(at: number): number {
    this.need(at, 4, 'an int32');
    return this.view.getInt32(at, true);
  }
  u32(at: number): number {
    this.need(at, 4, 'a uint32');
    return this.view.getUint32(at, true);
  }
  /** An int64 as a number: exact below 2^53; larger magnitudes come back as ±Infinity. */
  i64(at: number): number {
    this.need(at, 8, 'an int64');
    const lo = this.view.getUint32(at, true);
    const hi = this.view.getInt32(at + 4, true);
    if (hi > 0x1fffff || hi < -0x200000) return hi < 0 ? -Infinity : Infinity;
    return hi * 2 ** 32 + lo;
  }

  /** The root table. */
  root(): Table {
    return this.table(this.u32(0), 'the root table');
  }

  /** The table at `at`, its vtable checked. */
  table(at: number, what: string): Table {
    this.need(at, 4, what);
    const vt = at - this.view.getInt32(at, true);
    this.need(vt, 4, `the vtable of ${what}`);
    const vtSize = this.view.getUint16(vt, true);
    const tableSize = this.view.getUint16(vt + 2, true);
    // apache-arrow's flatbuffers runtime reads vtable entries as int16: keep them below 2^15.
    if (vtSize < 4 || vtSize % 2 !== 0 || vtSize >= 0x8000) this.fail(`an even vtable size in [4, 32768) for ${what}`, String(vtSize));
    this.need(vt, vtSize, `the vtable of ${what}`);
    if (tableSize < 4) this.fail(`a table size of at least 4 for ${what}`, String(tableSize));
    this.need(at, tableSize, what);
    return new Table(this, at, vt, vtSize, tableSize, what);
  }
}

/** One table: typed field access by field index (the order of the .fbs declaration). */
export class Table {
  constructor(
    readonly fb: FlatBuffer,
    readonly at: number,
    private readonly vt: number,
    private readonly vtSize: number,
    private readonly size: number,
    readonly what: string,
  ) {}

  /** The field's absolute position, or 0 when absent; checks it fits the table. */
  private field(index: number, width: number): number {
    const slot = 4 + 2 * index;
    if (slot + 2 > this.vtSize) return 0;
    const off = this.fb.view.getUint16(this.vt + slot, true);
    if (off === 0) return 0;
    if (off >= 0x8000 || off + width > this.size) this.fb.fail(`field ${index} of ${this.what} inside its ${this.size}-byte table`, `${width} bytes at ${off}`);
    return this.at + off;
  }

  has(index: number): boolean {
    return this.field(index, 1) !== 0;
  }
  u8(index: number, dflt: number): number {
    const p = this.field(index, 1);
    return p ? this.fb.u8(p) : dflt;
  }
  i16(index: number, dflt: number): number {
    const p = this.field(index, 2);
    return p ? this.fb.i16(p) : dflt;
  }
  i32(index: number, dflt: number): number {
    const p = this.field(index, 4);
    return p ? this.fb.i32(p) : dflt;
  }
  i64(index: number, dflt: number): number {
    const p = this.field(index, 8);
    return p ? this.fb.i64(p) : dflt;
  }

  /** Where a reference field points (checked to lie inside the buffer), or 0 when absent. */
  private target(index: number, what: string): number {
    const p = this.field(index, 4);
    if (!p) return 0;
    const to = p + this.fb.u32(p);
    this.fb.need(to, 4, `${what} of ${this.what}`);
    return to;
  }

  /** A sub-table, or undefined when absent. */
  table(index: number, what: string): Table | undefined {
    const to = this.target(index, what);
    return to ? this.fb.table(to, `${what} of ${this.what}`) : undefined;
  }

  /** A string's UTF-8 bytes, or undefined when absent. */
  string(index: number, what: string): Uint8Array | undefined {
    const to = this.target(index, what);
    if (!to) return undefined;
    const n = this.fb.u32(to);
    this.fb.need(to + 4, n, `the ${n} bytes of ${what} of ${this.what}`);
    return this.fb.bytes.subarray(to + 4, to + 4 + n);
  }

  /** A vector of `elemSize`-byte inline elements: its count and the first element's position. */
  vector(index: number, elemSize: number, what: string): { count: number; start: number } {
    const to = this.target(index, what);
    if (!to) return { count: 0, start: 0 };
    const count = this.fb.u32(to);
    this.fb.need(to + 4, count * elemSize, `the ${count} elements of ${what} of ${this.what}`);
    return { count, start: to + 4 };
  }

  /** A vector of tables. */
  tables(index: number, what: string): Table[] {
    const { count, start } = this.vector(index, 4, what);
    const out: Table[] = [];
    for (let i = 0; i < count; i++) {
      const p = start + 4 * i;
      out.push(this.fb.table(p + this.fb.u32(p), `element ${i} of ${what} of ${this.what}`));
    }
    return out;
  }
}
