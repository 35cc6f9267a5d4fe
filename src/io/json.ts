/**
 * readJSON (an array of records) and readNDJSON (one record per line) into typed columns.
 *
 * Types are inferred over every record, as Polars' read_json does:
 * - integer literals → int64 (exact; beyond int64 → float64), any literal with a fraction or an
 *   exponent → float64 (so `1.0` is a float), ints and floats mixed → float64;
 * - true/false → bool; strings → utf8; a column of nulls only → utf8, all null;
 * - arrays → 'list' of their items' type; objects → 'struct' with the union of their keys (a
 *   missing key is a null field), nested to any depth;
 * - any other mix (a string and a number, a list and a scalar) is a DTypeError naming the
 *   column and the line, unless `dtypes` names a flat type for it.
 * Columns come in the order their keys first appear. A key missing from a record is a null.
 * Bad JSON is a ParseError naming the file and the line.
 */
import { Column } from '../column/column.js';
import { DTypeError, ParseError, ValueError } from '../errors.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { checkOptions } from '../options.js';
import { CSV_DTYPES, type CSVDType } from './csv-dtypes.js';
import { resolveSource, type TextSource } from './csv-source.js';
import { checkFormat, parseDate, parseFloat32, parseTimestamp } from './csv-temporal.js';
import { ColumnBuilder, parseFloat64 } from './infer.js';
import { JsonNumber, JsonParser, type JsonValue } from './json-parse.js';
import type { Table } from './table.js';

export interface ReadJSONOptions {
  /** Treat a string source as JSON text (default: a string is text when it starts with '[' or '{' after blanks, else a path). */
  text?: boolean;
  /** Read only these columns, in this order. */
  columns?: string[];
  /** Flat dtypes for some columns instead of inference (as readCSV's; utf8 also takes numbers and bools as their JSON text). */
  dtypes?: Record<string, CSVDType>;
  /** strftime format(s) for date and timestamp columns (as readCSV's). */
  format?: string | Record<string, string>;
}

const KNOWN = ['text', 'columns', 'dtypes', 'format'];

/** A record and the line it starts on. */
interface Rec {
  value: Map<string, JsonValue>;
  line: number;
}

/**
 * Read a JSON array of records (objects) into typed columns. The source is a path, JSON text,
 * bytes, a URL or a stream, as readCSV's.
 *
 * @example
 * The public verb it implements, `gf.readJSON`:
 * ```ts
 * const df = await gf.readJSON('[{"id": 1, "tags": ["a"], "at": {"x": 1.5}}, {"id": 2, "tags": []}]');
 * console.log(df.dtypes); // ['int64', 'list', 'struct']
 * ```
 */
export async function readJSON(source: TextSource, options: ReadJSONOptions = {}): Promise<Table> {
  const { text, file } = await load('readJSON', source, options);
  const p = new JsonParser(text, file, 'readJSON');
  p.ws();
  if (text[p.pos] !== '[') p.fail("a JSON array of records ('[')");
  p.pos++;
  const recs: Rec[] = [];
  p.ws();
  if (text[p.pos] === ']') p.pos++;
  else {
    for (;;) {
      p.ws();
      const line = p.line;
      const v = p.value();
      if (!(v instanceof Map)) throw new ParseError(`readJSON: expected a record (an object), got ${kindName(v)}`, { file, row: line });
      recs.push({ value: v, line });
      p.ws();
      if (text[p.pos] === ',') p.pos++;
      else if (text[p.pos] === ']') {
        p.pos++;
        break;
      } else p.fail("',' or ']' after a record");
    }
  }
  p.ws();
  if (p.pos < text.length) p.fail('the end of the input after the array');
  return build('readJSON', recs, file, options);
}

/**
 * Read newline-delimited JSON (one record per line; blank lines skipped) into typed columns.
 *
 * @example
 * The public verb it implements, `gf.readNDJSON`:
 * ```ts
 * const df = await gf.readNDJSON('{"a": 1, "b": "x"}\n{"a": 2.5}\n');
 * console.log(df.dtypes); // ['float64', 'utf8']
 * ```
 */
export async function readNDJSON(source: TextSource, options: ReadJSONOptions = {}): Promise<Table> {
  const { text, file } = await load('readNDJSON', source, options);
  const recs: Rec[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const s = text.slice(start, end);
    start = end + 1;
    if (/^[ \t\r]*$/.test(s)) continue;
    const p = new JsonParser(s, file, 'readNDJSON');
    p.line = line;
    const v = p.value();
    p.ws();
    if (p.pos < s.length) p.fail('one record per line');
    if (!(v instanceof Map)) throw new ParseError(`readNDJSON: expected a record (an object) per line, got ${kindName(v)}`, { file, row: line });
    recs.push({ value: v, line });
  }
  return build('readNDJSON', recs, file, options);
}

async function load(op: string, source: TextSource, options: ReadJSONOptions): Promise<{ text: string; file: string }> {
  checkOptions(op, options, KNOWN);
  if (options.text !== undefined && typeof options.text !== 'boolean') throw new ValueError(`${op}: expected text as a boolean, got ${JSON.stringify(options.text)}`);
  if (options.columns !== undefined && (!Array.isArray(options.columns) || options.columns.some((c) => typeof c !== 'string'))) throw new ValueError(`${op}: expected columns as an array of names, got ${JSON.stringify(options.columns)}`);
  for (const [name, dt] of Object.entries(options.dtypes ?? {})) {
    if (!CSV_DTYPES.includes(dt)) throw new DTypeError(`${op}: expected a dtype in ${CSV_DTYPES.join(', ')} for column '${name}', got '${String(dt)}'`);
  }
  if (typeof options.format === 'string') checkFormat(op, options.format);
  else for (const f of Object.values(options.format ?? {})) checkFormat(op, f);
  const src = await resolveSource(op, source, (s) => options.text === true || /^\s*[[{]/.test(s));
  const text = src.text ?? new TextDecoder('utf-8', { fatal: false }).decode(src.bytes!);
  return { text, file: src.file };
}

function kindName(v: JsonValue): string {
  if (v === null) return 'null';
  if (v instanceof JsonNumber) return `the number ${v.text}`;
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : `${v}`;
}

/** An inferred type. */
type Shape = { k: 'null' } | { k: 'int' } | { k: 'float' } | { k: 'bool' } | { k: 'str' } | { k: 'list'; item: Shape } | { k: 'struct'; fields: Map<string, Shape> };

const NULL: Shape = { k: 'null' };
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function shapeOf(v: JsonValue): Shape {
  if (v === null) return NULL;
  if (typeof v === 'boolean') return { k: 'bool' };
  if (typeof v === 'string') return { k: 'str' };
  if (v instanceof JsonNumber) {
    if (!v.isInteger) return { k: 'float' };
    const b = BigInt(v.text);
    return b >= I64_MIN && b <= I64_MAX ? { k: 'int' } : { k: 'float' };
  }
  if (Array.isArray(v)) return { k: 'list', item: v.reduce<Shape | undefined>((s, x) => merge(s!, shapeOf(x)), NULL) ?? NULL };
  const fields = new Map<string, Shape>();
  for (const [k, x] of v) fields.set(k, shapeOf(x));
  return { k: 'struct', fields };
}

function show(s: Shape): string {
  if (s.k === 'list') return `list<${show(s.item)}>`;
  if (s.k === 'struct') return `struct{${[...s.fields].map(([k, f]) => `${k}: ${show(f)}`).join(', ')}}`;
  return { null: 'null', int: 'int64', float: 'float64', bool: 'bool', str: 'utf8' }[s.k];
}

/** The common type of a and b; undefined when there is none. */
function merge(a: Shape, b: Shape): Shape | undefined {
  if (a.k === 'null') return b;
  if (b.k === 'null') return a;
  if ((a.k === 'int' || a.k === 'float') && (b.k === 'int' || b.k === 'float')) return a.k === b.k ? a : { k: 'float' };
  if (a.k !== b.k) return undefined;
  if (a.k === 'list' && b.k === 'list') {
    const item = merge(a.item, b.item);
    return item && { k: 'list', item };
  }
  if (a.k === 'struct' && b.k === 'struct') {
    const fields = new Map(a.fields);
    for (const [k, s] of b.fields) {
      const m = fields.has(k) ? merge(fields.get(k)!, s) : s;
      if (!m) return undefined;
      fields.set(k, m);
    }
    return { k: 'struct', fields };
  }
  return a;
}

function build(op: string, recs: Rec[], file: string, options: ReadJSONOptions): Table {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of recs) for (const k of r.value.keys()) if (!seen.has(k)) (seen.add(k), names.push(k));
  for (const k of Object.keys(options.dtypes ?? {})) if (!seen.has(k) && !(options.columns ?? []).includes(k)) names.push(k);
  const wanted = options.columns ?? names;
  const columns = wanted.map((name) => {
    const cells = recs.map((r) => r.value.get(name) ?? null);
    const dt = options.dtypes?.[name];
    if (dt !== undefined) {
      const fmt = typeof options.format === 'string' ? options.format : options.format?.[name];
      return typed(op, name, dt, cells, recs, file, fmt);
    }
    if (!seen.has(name)) throw new ValueError(`${op}: expected columns among ${names.map((n) => `'${n}'`).join(', ') || 'none (no records)'}, got '${name}'`);
    let shape: Shape = NULL;
    cells.forEach((v, i) => {
      const m = merge(shape, shapeOf(v));
      if (!m) throw new DTypeError(`${op}: expected ${show(shape)} values in column '${name}' (as in the rows before), got ${show(shapeOf(v))} (give dtypes: { '${name}': 'utf8' } to read scalars as text) (${file}, row ${recs[i]!.line}, column '${name}')`);
      shape = m;
    });
    return column(shape, cells);
  });
  return { names: [...wanted], columns, numRows: recs.length };
}

/** A column of `shape` from values that all fit it. */
function column(shape: Shape, cells: JsonValue[]): Column {
  const n = cells.length;
  const bits = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  cells.forEach((v, i) => (v === null ? nulls++ : (bits[i >> 3]! |= 1 << (i & 7))));
  const validity = nulls > 0 ? DataBuffer.fromHost(bits, 'uint8') : undefined;
  switch (shape.k) {
    case 'null':
    case 'str': {
      const b = new ColumnBuilder('utf8', n);
      for (const v of cells) b.append(v as string | null);
      return b.finish();
    }
    case 'bool':
      return new Column({ type: 'bool', data: DataBuffer.fromHost(Uint8Array.from(cells, (v) => (v === true ? 1 : 0)), 'bool'), validity });
    case 'int':
      return new Column({ type: 'int64', data: DataBuffer.fromHost(BigInt64Array.from(cells, (v) => (v === null ? 0n : BigInt((v as JsonNumber).text))), 'int64'), validity });
    case 'float':
      return new Column({ type: 'float64', data: DataBuffer.fromHost(Float64Array.from(cells, (v) => (v === null ? 0 : Number((v as JsonNumber).text))), 'float64'), validity });
    case 'list': {
      const offsets = new Int32Array(n + 1);
      const items: JsonValue[] = [];
      cells.forEach((v, i) => {
        if (v !== null) items.push(...(v as JsonValue[]));
        offsets[i + 1] = items.length;
      });
      return new Column({ type: 'list', data: DataBuffer.fromHost(offsets, 'int32'), validity, children: [column(shape.item, items)] });
    }
    case 'struct': {
      const fields = [...shape.fields.keys()];
      const children = fields.map((f) => column(shape.fields.get(f)!, cells.map((v) => (v === null ? null : ((v as Map<string, JsonValue>).get(f) ?? null)))));
      return new Column({ type: 'struct', data: DataBuffer.fromHost(new Uint8Array(0), 'uint8'), validity, fields, children, length: n });
    }
  }
}

/** A column of an explicit flat dtype; a value that does not fit is a ParseError naming its line. */
function typed(op: string, name: string, dt: CSVDType, cells: JsonValue[], recs: Rec[], file: string, format: string | undefined): Column {
  const text = cells.map((v, i): string | null => {
    if (v === null) return null;
    if (v instanceof JsonNumber) return v.text;
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'string') {
      // a number or bool dtype takes JSON numbers and bools, not strings holding them
      if (dt === 'utf8' || dt === 'date' || dt.startsWith('timestamp')) return v;
    }
    throw new ParseError(`${op}: expected a ${dt} value, got ${kindName(v)}`, { file, row: recs[i]!.line, column: name });
  });
  const bad = (i: number, why = ''): never => {
    throw new ParseError(`${op}: expected a ${dt} value${why ? ` (${why})` : ''}, got ${JSON.stringify(text[i])}`, { file, row: recs[i]!.line, column: name });
  };
  const n = cells.length;
  const bits = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  text.forEach((v, i) => (v === null ? nulls++ : (bits[i >> 3]! |= 1 << (i & 7))));
  const validity = nulls > 0 ? DataBuffer.fromHost(bits, 'uint8') : undefined;
  if (dt === 'float32') {
    const data = Float32Array.from(text, (s, i) => (s === null ? 0 : (parseFloat32(s) ?? bad(i))));
    return new Column({ type: 'float32', data: DataBuffer.fromHost(data, 'float32'), validity });
  }
  if (dt === 'float64') {
    const data = Float64Array.from(text, (s, i) => (s === null ? 0 : (parseFloat64(s) ?? bad(i))));
    return new Column({ type: 'float64', data: DataBuffer.fromHost(data, 'float64'), validity });
  }
  if (dt === 'date') {
    const data = Int32Array.from(text, (s, i) => {
      if (s === null) return 0;
      const d = parseDate(s, format);
      return typeof d === 'string' ? bad(i, d) : d;
    });
    return new Column({ type: 'date', data: DataBuffer.fromHost(data, 'int32'), validity });
  }
  if (dt.startsWith('timestamp')) {
    const unit = dt === 'timestamp' ? 'us' : (dt.slice(10, -1) as 's' | 'ms' | 'us' | 'ns');
    let withOffset: boolean | undefined;
    const data = BigInt64Array.from(text, (s, i) => {
      if (s === null) return 0n;
      const t = parseTimestamp(s, unit, format);
      if (typeof t === 'string') return bad(i, t);
      if (withOffset !== undefined && withOffset !== t.offset) bad(i, `expected every value ${withOffset ? 'with' : 'without'} a UTC offset, as the first one, got a mix`);
      withOffset = t.offset;
      return t.value;
    });
    return new Column({ type: 'timestamp', unit, timezone: withOffset ? 'UTC' : undefined, data: DataBuffer.fromHost(data, 'int64'), validity });
  }
  const b = new ColumnBuilder(dt as 'int32' | 'int64' | 'bool' | 'utf8', n);
  text.forEach((s, i) => b.append(s) || bad(i));
  return b.finish();
}
