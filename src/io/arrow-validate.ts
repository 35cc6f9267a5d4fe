/**
 * Validates Arrow IPC bytes (file or stream format) before apache-arrow decodes them, so that
 * hostile or corrupt input is a ParseError naming the file and the place (message, field,
 * buffer), never a hang, an out-of-memory abort, an untyped error or a huge result from a tiny
 * file. apache-arrow 21's reader trusts every length it reads: a negative metadata length makes
 * `tableFromIPC` loop forever, and a file block pointing at a message other than a record batch
 * re-reads that block forever.
 *
 * Checked, in reading order:
 * - framing: the file format's leading and trailing `ARROW1`, a footer length inside the file;
 *   each message's continuation marker, a metadata length >= 0 inside the file (0 ends a
 *   stream), a body length >= 0 inside the file (before the footer in the file format);
 * - metadata: every flatbuffer offset inside its message (./arrow-flatbuffer.ts), version V4
 *   or V5, a header of type Schema, DictionaryBatch or RecordBatch (only one schema, first in a
 *   stream; the file format's blocks must point at a DictionaryBatch or RecordBatch each);
 * - the schema's types (./arrow-ipc-schema.ts) and each batch's nodes and buffers
 *   (./arrow-ipc-batch.ts);
 * - size: a file of n bytes declares at most 8n rows per batch and in all (a row of any column
 *   but a Null one costs at least one bit), and the data gpuframe decodes from it is O(n):
 *   fixed-width and offset-addressed values lie inside the file, dictionary entries decoded
 *   (each dictionary version a batch uses, counted once) at most 8n, string views at most 64n
 *   bytes.
 *
 * Compressed bodies (LZ4_FRAME, ZSTD) are refused: apache-arrow 21 ships no codec and gpuframe
 * registers none.
 */
import { ParseError } from '../errors.js';
import { checkSize } from '../memory/budget.js';
import { FlatBuffer, type Fail, type Table } from './arrow-flatbuffer.js';
import { checkBatch, type BatchContext } from './arrow-ipc-batch.js';
import { keyValues, readSchema, type IpcField, type IpcSchema } from './arrow-ipc-schema.js';

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // 'ARROW1'
const HEADER = { Schema: 1, DictionaryBatch: 2, RecordBatch: 3 } as const;
const HEADER_NAMES = ['NONE', 'Schema', 'DictionaryBatch', 'RecordBatch', 'Tensor', 'SparseTensor'];

/** Whether bytes open with the Arrow file magic (apache-arrow then reads them as a file). */
export function isArrowFile(b: Uint8Array): boolean {
  return b.length >= 6 && MAGIC.every((m, i) => b[i] === m);
}

/**
 * Throws a ParseError (naming `file` and where) unless `bytes` are Arrow IPC data that
 * apache-arrow 21 can decode safely and gpuframe can convert within O(bytes) memory.
 *
 * Internal: `readArrow` runs it before `tableFromIPC`.
 */
export function validateArrowIpc(op: string, bytes: Uint8Array, file: string): void {
  new Validator(op, bytes, file).run();
}

interface Message {
  index: number;
  headerType: number;
  header: Table;
  version: number;
  bodyStart: number;
  bodyLength: number;
  /** Position after the body. */
  end: number;
  fail: Fail;
}

class Validator {
  private readonly view: DataView;
  private readonly maxRows: number;
  private rows = 0;
  private dictEntries = 0;
  private readonly budget: { viewBytes: number };
  private readonly dictionaries = new Map<number, number>();
  /** Dictionary id → version (bumped by each dictionary batch), and the versions already counted. */
  private readonly dictVersion = new Map<number, number>();
  private readonly counted = new Set<string>();

  constructor(
    private readonly op: string,
    private readonly bytes: Uint8Array,
    private readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.maxRows = 8 * bytes.length;
    this.budget = { viewBytes: 64 * bytes.length };
  }

  /** Throws the ParseError: `op: expected X, got Y (where) (file)`. */
  private fail(expected: string, got: string, where: string): never {
    throw new ParseError(`${this.op}: expected ${expected}, got ${got}${where ? ` (${where})` : ''}`, { file: this.file });
  }

  run(): void {
    const b = this.bytes;
    if (b.length < 4) this.fail('Arrow IPC data (a file or a stream)', `${b.length} bytes`, '');
    if (isArrowFile(b)) this.runFile();
    else this.runStream();
  }

  private runStream(): void {
    let schema: IpcSchema | undefined;
    let pos = 0;
    for (let index = 0; pos < this.bytes.length; index++) {
      const m = this.message(pos, this.bytes.length, index);
      if (!m) break; // end-of-stream marker
      if (m.headerType === HEADER.Schema) {
        if (schema) m.fail('one schema message', 'another');
        schema = readSchema(m.header, m.fail);
      } else if (!schema) m.fail('a schema message first in a stream', HEADER_NAMES[m.headerType] ?? `header ${m.headerType}`);
      else this.batch(m, schema);
      pos = m.end;
    }
    if (!schema) this.fail('a schema message in the stream', 'none', 'message 0');
  }

  private runFile(): void {
    const b = this.bytes;
    const size = b.length;
    if (size < 18) this.fail("an Arrow file of at least 18 bytes (magic, footer length, magic)", `${size} bytes`, 'file format');
    if (!MAGIC.every((m, i) => b[size - 6 + i] === m)) this.fail("the file's closing ARROW1 magic", 'other bytes', 'file format');
    const footerLength = this.view.getInt32(size - 10, true);
    const footerStart = size - 10 - footerLength;
    if (!(footerLength > 0 && footerStart >= 8)) this.fail(`a footer length in [1, ${size - 18}]`, String(footerLength), 'file footer');
    const fail: Fail = (e, g) => this.fail(e, g, 'file footer');
    const footer = new FlatBuffer(b.subarray(footerStart, footerStart + footerLength), fail).root();
    this.version(footer.i16(0, 0), fail);
    keyValues(footer, 4);
    const schemaTable = footer.table(1, 'the schema') ?? fail('a schema in the footer', 'none');
    const schema = readSchema(schemaTable, fail);
    const blocks = (index: number, what: string): Array<{ offset: number; i: number }> => {
      const { count, start } = footer.vector(index, 24, what);
      const out = [];
      for (let i = 0; i < count; i++) {
        const offset = footer.fb.i64(start + 24 * i);
        if (!(offset >= 8 && offset < footerStart)) fail(`${what} block ${i} at an offset in [8, ${footerStart})`, String(offset));
        out.push({ offset, i });
      }
      return out;
    };
    // apache-arrow reads every dictionary block first, then the record batch blocks, by offset.
    const dicts = blocks(2, 'dictionary');
    const batches = blocks(3, 'record batch');
    let index = 0;
    for (const [list, type] of [[dicts, HEADER.DictionaryBatch], [batches, HEADER.RecordBatch]] as const) {
      for (const { offset, i } of list) {
        const m = this.message(offset, footerStart, index++);
        const kind = type === HEADER.RecordBatch ? 'record batch' : 'dictionary';
        if (!m) this.fail(`a message at ${kind} block ${i}`, 'an end-of-stream marker', `offset ${offset}`);
        if (m.headerType !== type) m.fail(`a ${HEADER_NAMES[type]} at ${kind} block ${i}`, HEADER_NAMES[m.headerType] ?? `header ${m.headerType}`);
        this.batch(m, schema);
      }
    }
  }

  private version(v: number, fail: Fail): number {
    if (v !== 3 && v !== 4) fail('metadata version V4 or V5', v >= 0 && v < 3 ? `V${v + 1} (pre-1.0 Arrow)` : `version ${v}`);
    return v;
  }

  /** The message framed at `pos` (bounded by `limit`), or undefined at an end-of-stream marker. */
  private message(pos: number, limit: number, index: number): Message | undefined {
    const where = `message ${index} at byte ${pos}`;
    if (pos + 4 > limit) this.fail('a 4-byte message length', `${limit - pos} bytes`, where);
    let len = this.view.getInt32(pos, true);
    let prefix = 4;
    if (len === -1) {
      if (pos + 8 > limit) this.fail('a 4-byte metadata length after the continuation marker', `${limit - pos - 4} bytes`, where);
      len = this.view.getInt32(pos + 4, true);
      prefix = 8;
    }
    if (len === 0) return undefined;
    const start = pos + prefix;
    if (!(len > 0 && start + len <= limit)) this.fail(`a metadata length in [0, ${limit - start}]`, String(len), where);
    const fail: Fail = (e, g) => this.fail(e, g, where);
    const msg = new FlatBuffer(this.bytes.subarray(start, start + len), fail).root();
    const version = this.version(msg.i16(0, 0), fail);
    const headerType = msg.u8(1, 0);
    if (headerType < 1 || headerType > 3) fail('a Schema, DictionaryBatch or RecordBatch message', HEADER_NAMES[headerType] ?? `header type ${headerType}`);
    const header = msg.table(2, 'the header') ?? fail(`a ${HEADER_NAMES[headerType]} header`, 'none');
    const bodyLength = msg.i64(3, 0);
    const bodyStart = start + len;
    if (!(bodyLength >= 0 && bodyStart + bodyLength <= limit)) fail(`a body length in [0, ${limit - bodyStart}]`, String(bodyLength));
    keyValues(msg, 4);
    return { index, headerType, header, version, bodyStart, bodyLength, end: bodyStart + bodyLength, fail };
  }

  /** Checks a DictionaryBatch or RecordBatch message against the schema. */
  private batch(m: Message, schema: IpcSchema): void {
    const at = (field?: string, buffer?: number): string => [`message ${m.index}`, field !== undefined ? `field '${field}'` : '', buffer !== undefined ? `buffer ${buffer}` : ''].filter(Boolean).join(', ');
    const ctx: BatchContext = {
      bytes: this.bytes,
      view: this.view,
      bodyStart: m.bodyStart,
      bodyLength: m.bodyLength,
      maxRows: this.maxRows,
      v5: m.version === 4,
      dictionaries: this.dictionaries,
      budget: this.budget,
      fail: (e, g, w) => this.fail(e, g, at(w.field, w.buffer)),
    };
    if (m.headerType === HEADER.DictionaryBatch) {
      const id = m.header.i64(0, 0);
      const value = schema.dictionaries.get(id) ?? m.fail(`a dictionary id of the schema (${[...schema.dictionaries.keys()].join(', ') || 'none'})`, String(id));
      const data = m.header.table(1, 'the dictionary data') ?? m.fail('a record batch in the dictionary batch', 'none');
      const isDelta = m.header.u8(2, 0) !== 0;
      const n = checkBatch(data, [value], ctx, m.fail);
      const before = this.dictionaries.get(id);
      this.dictionaries.set(id, isDelta && before !== undefined ? before + n : n);
      this.dictVersion.set(id, (this.dictVersion.get(id) ?? 0) + 1);
      return;
    }
    const n = checkBatch(m.header, schema.fields, ctx, m.fail);
    if ((this.rows += n) > this.maxRows) m.fail(`at most ${this.maxRows} rows in all (8 x the file's bytes)`, String(this.rows));
    checkSize(this.op, this.rows, 0, `${this.file}, message ${m.index}`); // the size budget (gf.setLimits), before decoding
    this.countDictionaries(schema.fields, m);
  }

  /** Spends the dictionary-entry budget on each dictionary version a batch uses, once. */
  private countDictionaries(fields: readonly IpcField[], m: Message): void {
    for (const f of fields) {
      if (f.dictionary) {
        const key = `${f.dictionary.id}:${this.dictVersion.get(f.dictionary.id)}`;
        if (!this.counted.has(key)) {
          this.counted.add(key);
          this.dictEntries += this.dictionaries.get(f.dictionary.id) ?? 0;
          if (this.dictEntries > this.maxRows) m.fail(`at most ${this.maxRows} dictionary entries decoded (8 x the file's bytes)`, String(this.dictEntries));
        }
      } else this.countDictionaries(f.children, m);
    }
  }
}
