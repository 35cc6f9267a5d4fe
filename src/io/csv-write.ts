/**
 * writeCSV: columns → CSV text (RFC 4180), written so that readCSV reads back the same values:
 * - a header line of the names (unless `header: false`); fields holding the delimiter, a quote,
 *   CR or LF are quoted, quotes doubled; the empty string is written `""` (readCSV, like pandas,
 *   reads it back as null: CSV has one empty);
 * - nulls as `nullValue` (default: an empty field);
 * - floats as the shortest text that reads back as the same float64 (float32: the same float32),
 *   with '.0' on integral values so they read back as floats; -0 as '-0.0', NaN as 'NaN',
 *   ±Infinity as 'inf' / '-inf' (Polars' spellings);
 * - int64 and uint64 exactly (from BigInt); bool as true / false;
 * - dates as ISO `YYYY-MM-DD`; timestamps as ISO 8601 `YYYY-MM-DDTHH:MM:SS` with the unit's
 *   fraction digits (none, 3, 6 or 9), plus 'Z' when the column has a time zone (values are UTC);
 *   years outside 0000–9999 as a sign and at least 6 digits (ISO's expanded years);
 * - geometry columns as WKT (`POINT (1 2)`), as GeoPandas' to_csv;
 * - list, struct and binary columns are a ValueError naming the column: CSV has no nesting
 *   (writeNDJSON or writeParquet keep them).
 * Device-resident columns are downloaded first.
 */
import { isGeometryType, isNestedType, type Column, type TimeUnit } from '../column/column.js';
import { ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { civilFromDays } from '../../kernels/expr/expr-cpu.js';
import { parseFloat32 } from './csv-temporal.js';
import type { Table } from './table.js';
import { toWKT } from './wkt.js';
import { writeFileBytes } from './fs.js';
import { MEDIA_TYPES, outputKind, textOutput, type TextOutput, type Written } from './write-output.js';

export interface WriteCSVOptions {
  /** Write the names as the first line. Default true. */
  header?: boolean;
  /** One-character field delimiter (not a quote or line break). Default ','. */
  delimiter?: string;
  /** The text of a null. Default '' (an empty field). */
  nullValue?: string;
  /** The line terminator: '\n' (default) or '\r\n'. */
  lineTerminator?: '\n' | '\r\n';
  /** What is returned: 'string' (default), 'bytes' (UTF-8) or 'blob' (type text/csv). */
  as?: TextOutput;
}

const KNOWN = ['header', 'delimiter', 'nullValue', 'lineTerminator', 'as'];

/**
 * Columns as CSV text (see the module comment for how each type is written), also written to
 * `path` (UTF-8) when one is given.
 *
 * @example
 * The public verb it implements, `gf.writeCSV`:
 * ```ts
 * const text = await gf.writeCSV(new gf.DataFrame({ a: new Float64Array([1, 0.1]) }));
 * console.log(JSON.stringify(text)); // "a\n1.0\n0.1\n"
 * ```
 */
export async function writeCSV<A extends TextOutput | undefined = undefined>(t: Table, path?: string, options: WriteCSVOptions & { as?: A } = {}): Promise<Written<A, string>> {
  if (path !== undefined && typeof path !== 'string') throw new ValueError(`writeCSV: expected a path string or undefined, got ${typeof path}`);
  checkOptions('writeCSV', options, KNOWN, { sep: 'delimiter', separator: 'delimiter', na_rep: 'nullValue', naRep: 'nullValue', nullValues: 'nullValue' });
  const delim = options.delimiter ?? ',';
  if (typeof delim !== 'string' || delim.length !== 1 || /[\r\n"]/.test(delim)) throw new ValueError(`writeCSV: expected a one-character delimiter other than a quote or line break, got ${JSON.stringify(delim)}`);
  const nullValue = options.nullValue ?? '';
  if (typeof nullValue !== 'string') throw new ValueError(`writeCSV: expected nullValue as a string, got ${typeof nullValue}`);
  const eol = options.lineTerminator ?? '\n';
  if (eol !== '\n' && eol !== '\r\n') throw new ValueError(`writeCSV: expected lineTerminator '\\n' or '\\r\\n', got ${JSON.stringify(eol)}`);
  if (options.header !== undefined && typeof options.header !== 'boolean') throw new ValueError(`writeCSV: expected header as a boolean, got ${JSON.stringify(options.header)}`);
  const kind = outputKind<TextOutput>('writeCSV', options.as, ['string', 'bytes', 'blob'], 'string');

  const quote = (s: string): string => (s === '' || s.includes(delim) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const cells: CellWriter[] = [];
  for (let k = 0; k < t.columns.length; k++) cells.push(await columnCells(t.columns[k]!, t.names[k]!, nullValue, quote));
  // Straight to UTF-8 bytes, row by row: no per-row or per-column strings outlive their cell,
  // which kept the collector busy longer than the formatting itself.
  const sink = new ByteSink();
  const delimByte = delim.charCodeAt(0) < 128 ? delim.charCodeAt(0) : -1;
  const sep = (): void => (delimByte >= 0 ? sink.byte(delimByte) : sink.put(delim));
  const end = (): void => sink.put(eol);
  if (options.header !== false) {
    t.names.forEach((n, k) => (k > 0 && sep(), sink.put(quote(n))));
    end();
  }
  for (let r = 0; r < t.numRows; r++) {
    for (let k = 0; k < cells.length; k++) {
      if (k > 0) sep();
      cells[k]!(r, sink);
    }
    end();
  }
  const bytes = sink.finish();
  if (path !== undefined) {
    await writeFileBytes('writeCSV', path, bytes);
  }
  return textOutput(kind, bytes, MEDIA_TYPES.csv) as Written<A, string>;
}

type CellWriter = (row: number, sink: ByteSink) => void;

/** Growing UTF-8 output: ASCII is copied a char at a time, anything else through TextEncoder. */
class ByteSink {
  private readonly parts: Uint8Array[] = [];
  private buf = new Uint8Array(1 << 20);
  private pos = 0;
  private readonly enc = new TextEncoder();

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    this.parts.push(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(Math.max(1 << 20, bytes));
    this.pos = 0;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  put(s: string): void {
    this.room(s.length * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        pos += this.enc.encodeInto(s.slice(i), buf.subarray(pos)).written;
        break;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  finish(): Uint8Array {
    this.parts.push(this.buf.subarray(0, this.pos));
    if (this.parts.length === 1) return this.parts[0]!;
    const out = new Uint8Array(this.parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of this.parts) (out.set(p, o), (o += p.length));
    return out;
  }
}

/** Writes one column's field of a row (nulls as nullValue), from the column's host data. */
async function columnCells(c: Column, name: string, nullValue: string, quote: (s: string) => string): Promise<CellWriter> {
  if (isGeometryType(c.type)) return columnCells(toWKT(await onHost(c)), name, nullValue, quote);
  if (isNestedType(c.type)) throw new ValueError(`writeCSV: expected flat or geometry columns, got ${c.type} column '${name}' (CSV has no nesting: drop it, or use writeNDJSON or writeParquet)`);
  const valid = c.validity ? ((await c.validity.toArray()) as Uint8Array) : undefined;
  const isNull = (i: number): boolean => valid !== undefined && (valid[i >> 3]! & (1 << (i & 7))) === 0;
  const enc = new TextEncoder();
  const nullBytes = enc.encode(nullValue);
  if (c.type === 'utf8' || c.type === 'categorical') {
    // Each distinct string is quoted and encoded once; rows copy their code's bytes.
    const codes = (await c.data.toArray()) as Uint32Array;
    const dict = c.dictionary!.map((d) => enc.encode(quote(d)));
    return (i, sink) => sink.bytes(isNull(i) ? nullBytes : dict[codes[i]!]!);
  }
  if (c.type === 'float64') {
    const data = (await c.data.toArray()) as Float64Array;
    return (i, sink) => (isNull(i) ? sink.bytes(nullBytes) : sink.put(float64Text(data[i]!)));
  }
  if (c.type === 'int32' || c.type === 'uint32' || c.type === 'int16' || c.type === 'uint16' || c.type === 'int8' || c.type === 'uint8') {
    const data = (await c.data.toArray()) as Int32Array;
    return (i, sink) => (isNull(i) ? sink.bytes(nullBytes) : sink.put(String(data[i]!)));
  }
  const values = await c.toValues();
  const fmt = formatter(c, quote);
  return (i, sink) => {
    const v = values[i];
    if (v === null || v === undefined) sink.bytes(nullBytes);
    else sink.put(fmt(v));
  };
}

/** floatText for float64 without a regex: String(v) of an integral value below 1e21 has no '.' or 'e'. */
function float64Text(v: number): string {
  if (Number.isInteger(v)) return Object.is(v, -0) ? '-0.0' : Math.abs(v) < 1e21 ? `${v}.0` : String(v);
  return v === v ? (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v)) : 'NaN';
}

async function onHost(c: Column): Promise<Column> {
  await c.toValues();
  return c;
}

function formatter(c: Column, quote: (s: string) => string): (v: unknown) => string {
  switch (c.type) {
    case 'utf8':
    case 'categorical':
      return (v) => quote(v as string);
    case 'float64':
      return (v) => floatText(v as number, (x) => String(x));
    case 'float32':
      return (v) => floatText(v as number, shortestFloat32);
    case 'bool':
      return (v) => (v ? 'true' : 'false');
    case 'date':
      return (v) => isoDate(v as number);
    case 'timestamp':
      return (v) => isoTimestamp(v as bigint, c.unit ?? 'us') + (c.timezone ? 'Z' : '');
    default:
      return (v) => String(v);
  }
}

/** A float as text that reads back as the same value (and as a float, not an integer). */
export function floatText(v: number, shortest: (x: number) => string): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0.0';
  const s = shortest(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** The shortest decimal that parses (correctly rounded) back to this float32. */
export function shortestFloat32(v: number): string {
  for (let p = 1; p < 9; p++) {
    const s = String(Number(v.toPrecision(p)));
    if (parseFloat32(s) === v) return s;
  }
  return String(Number(v.toPrecision(9)));
}

function year(y: number): string {
  return y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : `${y < 0 ? '-' : '+'}${String(Math.abs(y)).padStart(6, '0')}`;
}

const two = (n: number | bigint): string => String(n).padStart(2, '0');

/** ISO `YYYY-MM-DD` of a day count since 1970-01-01, for any int32 day. */
export function isoDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${year(y)}-${two(m)}-${two(d)}`;
}

const PER_SECOND: Record<TimeUnit, bigint> = { s: 1n, ms: 1000n, us: 1000000n, ns: 1000000000n };
const DIGITS: Record<TimeUnit, number> = { s: 0, ms: 3, us: 6, ns: 9 };

/** ISO 8601 `YYYY-MM-DDTHH:MM:SS[.f…]` (no zone) of a count of `unit` since 1970-01-01, exact. */
export function isoTimestamp(v: bigint, unit: TimeUnit): string {
  const per = PER_SECOND[unit];
  let sec = v / per;
  let frac = v % per;
  if (frac < 0n) (sec -= 1n, (frac += per));
  let days = sec / 86400n;
  let sod = sec % 86400n;
  if (sod < 0n) (days -= 1n, (sod += 86400n));
  const time = `${two(sod / 3600n)}:${two((sod / 60n) % 60n)}:${two(sod % 60n)}`;
  const f = DIGITS[unit] === 0 ? '' : `.${String(frac).padStart(DIGITS[unit], '0')}`;
  return `${isoDate(Number(days))}T${time}${f}`;
}
