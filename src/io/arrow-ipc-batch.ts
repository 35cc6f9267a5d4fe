/**
 * Checks one RecordBatch (Message.fbs) against its schema, in the order apache-arrow 21's
 * VectorLoader consumes field nodes and buffers (fields depth-first; per field: validity, then
 * offsets/values; a dictionary-encoded field: validity, indices). Before apache-arrow or
 * gpuframe touches a byte:
 * - every buffer's offset + length lies inside the message body;
 * - each field node has 0 <= null_count <= length <= the row bound, a top-level node the batch's
 *   length, a child at least the rows its parent's offsets or list size reach;
 * - validity holds ceil(n / 8) bytes when null_count > 0; fixed-width values n x width bytes,
 *   aligned for the typed array apache-arrow makes of them;
 * - utf8/binary/list/map offsets, read from the bytes: first >= 0, non-decreasing, last within
 *   the data buffer or the child's length;
 * - dictionary indices of valid rows lie in [0, dictionary length); string views of valid rows
 *   lie inside their variadic buffer.
 *
 * Internal to ./arrow-validate.ts.
 */
import type { Fail, Table } from './arrow-flatbuffer.js';
import type { IpcField } from './arrow-ipc-schema.js';

/** What a batch is checked against, and the budgets it spends. */
export interface BatchContext {
  bytes: Uint8Array;
  view: DataView;
  /** Absolute position of the message body in `bytes`, and its length. */
  bodyStart: number;
  bodyLength: number;
  /** The most rows any node may declare (8 x the file's bytes: a row costs at least one bit). */
  maxRows: number;
  /** Metadata version V5 (unions lost their validity buffer in V5). */
  v5: boolean;
  /** Dictionary id → its current length (entries). */
  dictionaries: Map<number, number>;
  /** Bytes of string views that decoding would produce, left in the budget (64 x the file). */
  budget: { viewBytes: number };
  /** Throws a ParseError for the fault at the given place (field path, buffer index). */
  fail: (expected: string, got: string, where: { field?: string; buffer?: number }) => never;
}

interface Buf {
  at: number;
  length: number;
  index: number;
}

/** Checks a RecordBatch table whose top-level columns are `fields`; returns its length. */
export function checkBatch(rb: Table, fields: readonly IpcField[], ctx: BatchContext, failMeta: Fail): number {
  const length = rb.i64(0, 0);
  if (!(length >= 0 && length <= ctx.maxRows)) failMeta(`a batch length in [0, ${ctx.maxRows}] (8 x the file's bytes)`, String(length));
  const compression = rb.table(3, 'the compression');
  if (compression) {
    const codec = compression.u8(0, 0);
    failMeta('an uncompressed body (apache-arrow 21 has no LZ4/ZSTD codec registered)', `${codec === 0 ? 'LZ4_FRAME' : codec === 1 ? 'ZSTD' : `codec ${codec}`} compression`);
  }
  const nodes = rb.vector(1, 16, 'the field nodes');
  const buffers = rb.vector(2, 16, 'the buffers');
  const variadic = rb.vector(4, 8, 'the variadic buffer counts');
  const fb = rb.fb;
  const bufs: Buf[] = [];
  for (let i = 0; i < buffers.count; i++) {
    const off = fb.i64(buffers.start + 16 * i);
    const len = fb.i64(buffers.start + 16 * i + 8);
    if (!(off >= 0 && len >= 0 && off + len <= ctx.bodyLength)) ctx.fail(`a buffer inside the ${ctx.bodyLength}-byte body`, `${len} bytes at ${off}`, { buffer: i });
    bufs.push({ at: ctx.bodyStart + off, length: len, index: i });
  }
  const cur = { node: 0, buffer: 0, variadic: 0 };
  const nextNode = (f: IpcField): { n: number; nulls: number } => {
    if (cur.node >= nodes.count) ctx.fail(`a field node for every field (${nodes.count} given)`, 'too few', { field: f.path });
    const p = nodes.start + 16 * cur.node++;
    const n = fb.i64(p);
    const nulls = fb.i64(p + 8);
    if (!(n >= 0 && n <= ctx.maxRows)) ctx.fail(`a length in [0, ${ctx.maxRows}] (8 x the file's bytes)`, String(n), { field: f.path });
    // Types without a validity buffer (Null, a V5 union) have no use for the count, and
    // apache-arrow's writer puts -1 (unknown) there for a sliced Null column.
    const bitmapless = f.layout.kind === 'null' || (f.layout.kind === 'union' && ctx.v5);
    if (!bitmapless && !(nulls >= 0 && nulls <= n)) ctx.fail(`a null count in [0, ${n}]`, String(nulls), { field: f.path });
    return { n, nulls };
  };
  const nextBuffer = (f: IpcField): Buf => bufs[cur.buffer++] ?? ctx.fail(`a buffer for every field's layout (${bufs.length} given)`, 'too few', { field: f.path });
  const variadicCount = (f: IpcField): number => {
    const i = cur.variadic++;
    if (i >= variadic.count) return 0;
    const c = fb.i64(variadic.start + 8 * i);
    if (!(c >= 0 && c <= bufs.length)) ctx.fail(`a variadic buffer count in [0, ${bufs.length}]`, String(c), { field: f.path });
    return c;
  };
  const sized = (f: IpcField, b: Buf, bytes: number, align: number, what: string): void => {
    if (b.length < bytes) ctx.fail(`${what} of at least ${bytes} bytes`, `${b.length}`, { field: f.path, buffer: b.index });
    if (align > 1 && ((b.at - ctx.bodyStart) % align !== 0 || b.length % align !== 0)) ctx.fail(`${what} aligned to ${align} bytes`, `${b.length} bytes at ${b.at - ctx.bodyStart}`, { field: f.path, buffer: b.index });
  };
  const validity = (f: IpcField, n: number, nulls: number): ((row: number) => boolean) => {
    const b = nextBuffer(f);
    if (nulls === 0) return () => true;
    sized(f, b, Math.ceil(n / 8), 1, 'a validity bitmap');
    return (row) => ((ctx.bytes[b.at + (row >> 3)]! >> (row & 7)) & 1) === 1;
  };
  const offsets = (f: IpcField, b: Buf, n: number, width: 4 | 8, limit: number, what: string): void => {
    if (n === 0) return;
    sized(f, b, (n + 1) * width, width, 'an offsets buffer');
    let prev = readInt(ctx.view, b.at, width);
    if (prev < 0) ctx.fail('a first offset >= 0', String(prev), { field: f.path, buffer: b.index });
    // The common case, int32 offsets aligned in memory: one typed view instead of a DataView read per row.
    const direct = width === 4 && (ctx.bytes.byteOffset + b.at) % 4 === 0 ? new Int32Array(ctx.bytes.buffer, ctx.bytes.byteOffset + b.at, n + 1) : undefined;
    for (let i = 1; i <= n; i++) {
      const o = direct ? direct[i]! : readInt(ctx.view, b.at + i * width, width);
      if (o < prev) ctx.fail('non-decreasing offsets', `${o} after ${prev} at row ${i}`, { field: f.path, buffer: b.index });
      prev = o;
    }
    if (prev > limit) ctx.fail(`a last offset within ${what} (${limit})`, String(prev), { field: f.path, buffer: b.index });
  };

  /** Checks one field's node and buffers (and its children's); returns its length. */
  const field = (f: IpcField): number => {
    const { n, nulls } = nextNode(f);
    const valid = f.layout.kind === 'null' || (f.layout.kind === 'union' && ctx.v5) ? () => true : validity(f, n, nulls);
    if (f.dictionary) {
      const { id, width, signed } = f.dictionary;
      const size = ctx.dictionaries.get(id);
      if (size === undefined) ctx.fail(`a dictionary batch with id ${id} before this batch`, 'none', { field: f.path });
      const b = nextBuffer(f);
      sized(f, b, n * width, width, 'a dictionary index buffer');
      const direct = width === 4 && (ctx.bytes.byteOffset + b.at) % 4 === 0 ? (signed ? new Int32Array(ctx.bytes.buffer, ctx.bytes.byteOffset + b.at, n) : new Uint32Array(ctx.bytes.buffer, ctx.bytes.byteOffset + b.at, n)) : undefined;
      for (let i = 0; i < n; i++) {
        if (nulls > 0 && !valid(i)) continue;
        const k = direct ? direct[i]! : readIndex(ctx.view, b.at + i * width, width, signed);
        if (!(k >= 0 && k < size)) ctx.fail(`dictionary indices in [0, ${size})`, `${k} at row ${i}`, { field: f.path, buffer: b.index });
      }
      return n;
    }
    const L = f.layout;
    switch (L.kind) {
      case 'null':
        break;
      case 'bits':
        sized(f, nextBuffer(f), Math.ceil(n / 8), 1, 'a bit-packed value buffer');
        break;
      case 'fixed':
        sized(f, nextBuffer(f), n * L.width, L.align, 'a value buffer');
        break;
      case 'var': {
        const offs = nextBuffer(f);
        const data = nextBuffer(f);
        offsets(f, offs, n, L.offsetWidth, data.length, 'the data buffer');
        break;
      }
      case 'view': {
        const views = nextBuffer(f);
        sized(f, views, n * 16, 1, 'a views buffer');
        const count = variadicCount(f);
        const data: Buf[] = [];
        for (let i = 0; i < count; i++) data.push(nextBuffer(f));
        for (let i = 0; i < n; i++) {
          if (!valid(i)) continue;
          const at = views.at + 16 * i;
          const len = ctx.view.getInt32(at, true);
          if (len < 0) ctx.fail('a non-negative view length', `${len} at row ${i}`, { field: f.path, buffer: views.index });
          if ((ctx.budget.viewBytes -= len) < 0) ctx.fail("string views decoding to at most 64 x the file's bytes", 'more', { field: f.path, buffer: views.index });
          if (len <= 12) continue;
          const which = ctx.view.getInt32(at + 8, true);
          const off = ctx.view.getInt32(at + 12, true);
          const target = data[which];
          if (!target || off < 0 || off + len > target.length) ctx.fail(`a view inside one of its ${count} data buffers`, `${len} bytes at ${off} of buffer ${which}, row ${i}`, { field: f.path, buffer: views.index });
        }
        break;
      }
      case 'list': {
        const offs = nextBuffer(f);
        const m = field(f.children[0]!);
        offsets(f, offs, n, L.offsetWidth, m, "the child's length");
        break;
      }
      case 'fixed-list': {
        const m = field(f.children[0]!);
        if (m < n * L.size) ctx.fail(`a child of at least ${n} x ${L.size} values`, String(m), { field: f.children[0]!.path });
        break;
      }
      case 'struct':
        for (const c of f.children) {
          const m = field(c);
          if (m < n) ctx.fail(`a struct child of at least ${n} rows`, String(m), { field: c.path });
        }
        break;
      case 'union': {
        sized(f, nextBuffer(f), n, 1, 'a type id buffer');
        if (L.dense) sized(f, nextBuffer(f), n * 4, 4, 'an offsets buffer');
        for (const c of f.children) {
          const m = field(c);
          if (!L.dense && m < n) ctx.fail(`a sparse union child of at least ${n} rows`, String(m), { field: c.path });
        }
        break;
      }
    }
    return n;
  };
  for (const f of fields) {
    const n = field(f);
    if (n !== length) ctx.fail(`a column of the batch's ${length} rows`, String(n), { field: f.path });
  }
  return length;
}

/** A little-endian offset of 4 or 8 bytes as a number (±Infinity past 2^53). */
function readInt(view: DataView, at: number, width: 4 | 8): number {
  if (width === 4) return view.getInt32(at, true);
  const hi = view.getInt32(at + 4, true);
  if (hi > 0x1fffff || hi < -0x200000) return hi < 0 ? -Infinity : Infinity;
  return hi * 2 ** 32 + view.getUint32(at, true);
}

function readIndex(view: DataView, at: number, width: number, signed: boolean): number {
  switch (width) {
    case 1:
      return signed ? view.getInt8(at) : view.getUint8(at);
    case 2:
      return signed ? view.getInt16(at, true) : view.getUint16(at, true);
    case 4:
      return signed ? view.getInt32(at, true) : view.getUint32(at, true);
    default:
      return Number(signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true));
  }
}
