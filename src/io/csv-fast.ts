/**
 * The CSV fast path: UTF-8 bytes → typed columns without a string per field.
 *
 * A byte scanner splits records and fields exactly as papaparse does for the files it takes:
 * a one-byte (ASCII) delimiter, the line break papaparse would guess (`\n`, `\r\n` or `\r`, from
 * the same rule on the same first 1 MiB), and quoted fields whose closing quote is followed at
 * once by a delimiter, the line break or the end. Anything else (a quote followed by other
 * text, an unterminated quote, invalid UTF-8, a non-ASCII delimiter, two BOMs) makes
 * `parseCSVFast` return undefined, and readCSV parses the text with papaparse instead.
 *
 * Fields are classified and parsed from their bytes (`classifyBytes`, the byte twin of infer.ts's
 * rules) in one pass: each column keeps the doubles of its values until it turns out to be
 * text, and from then on interns byte spans in a hash table. Rows read before a column turned
 * to text are interned at the end, by re-scanning their records (their starts are kept).
 * Results, errors included, are those of the papaparse path; test/io/csv-fast.test.ts checks
 * that on random files.
 */
import { Column } from '../column/column.js';
import { utf8Comparator } from '../column/utf8-order.js';
import { ColumnNotFoundError, ParseError } from '../errors.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { BOOL, classifyBytes, scanNumber, dtypeOfKinds, INT32, INT64, FLOAT, TEXT, asciiText, type IoDType, type ParsedField } from './infer.js';
import { Slab } from './csv-slab.js';
import type { Table } from './table.js';

/** The options both paths read (a subset of ReadCSVOptions). */
export interface CSVParseOptions {
  columns?: string[];
  dtypes?: Record<string, IoDType>;
  delimiter?: string;
  nullValues?: string[];
  header?: boolean;
}

/** A column to read: its name, its field index in the file, and its dtype when one was given. */
export interface ColumnPlan {
  name: string;
  index: number;
  dtype?: IoDType;
}

/** Bytes between two progress reports (both paths report about this often). */
export const PROGRESS_BYTES = 1 << 20;

/**
 * Column names from the first record (`column_<i>` for empty names or without a header).
 * Throws a ParseError for a duplicate name. Shared by both paths.
 *
 * For instance `columnNames(['a', '', 'c'], true, 'f.csv')` is `['a', 'column_2', 'c']`.
 */
export function columnNames(row: readonly string[], header: boolean, file: string): string[] {
  const names = header ? row.map((n, i) => (n === '' ? `column_${i + 1}` : n)) : row.map((_, i) => `column_${i + 1}`);
  const seen = new Set<string>(); // a Set, not indexOf per name: a file may have 100,000 columns
  for (const n of names) {
    if (seen.has(n)) throw new ParseError(`readCSV: expected distinct column names, got '${n}' twice`, { file, row: 1 });
    seen.add(n);
  }
  return names;
}

/**
 * The columns to read, in output order, with their dtype overrides. Shared by both paths.
 *
 * For instance `planColumns(['a', 'b'], { columns: ['b'], dtypes: { b: 'utf8' } })` is
 * `[{ name: 'b', index: 1, dtype: 'utf8' }]`.
 */
export function planColumns(names: readonly string[], options: CSVParseOptions): ColumnPlan[] {
  const wanted = options.columns ?? names;
  // name → field index (the first, as indexOf): lookups stay linear in the column count
  const at = new Map<string, number>();
  names.forEach((n, i) => at.has(n) || at.set(n, i));
  for (const c of wanted) {
    if (!at.has(c)) throw new ColumnNotFoundError(`readCSV: expected a column in [${listNames(names)}], got '${c}'`);
  }
  const read = options.columns ? new Set(wanted) : at;
  for (const c of Object.keys(options.dtypes ?? {})) {
    if (!read.has(c)) throw new ColumnNotFoundError(`readCSV: expected dtypes for columns that are read (${listNames(wanted)}), got '${c}'`);
  }
  return wanted.map((name) => {
    const dtype = options.dtypes && Object.hasOwn(options.dtypes, name) ? options.dtypes[name] : undefined;
    return dtype ? { name, index: at.get(name)!, dtype } : { name, index: at.get(name)! };
  });
}

/** Names for an error message: all of them, or the first 20 and how many more (a file may have 100,000). */
function listNames(names: readonly string[]): string {
  return names.length <= 20 ? names.join(', ') : `${names.slice(0, 20).join(', ')}, ... ${names.length - 20} more`;
}

const DELIM = 0;
const NEWLINE = 1;
const EOF = 2;
const BAIL = 3;
const QUOTE = 34;

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of b[s, e), unescaping "" when the field was quoted with escapes. */
function spanText(b: Uint8Array, s: number, e: number, escaped = false): string {
  let ascii = e - s <= 512;
  for (let i = s; ascii && i < e; i++) ascii = b[i]! < 0x80;
  const t = ascii ? asciiText(b, s, e) : decoder.decode(b.subarray(s, e));
  return escaped ? t.replace(/""/g, '"') : t;
}

/** Splits fields: `field(pos)` reads one, leaves its span in start/end, and returns how it ended. */
class Scanner {
  start = 0;
  end = 0;
  next = 0;
  escaped = false;
  constructor(
    readonly b: Uint8Array,
    readonly delim: number,
    readonly nl0: number,
    readonly nl1: number, // second byte of "\r\n", else -1
  ) {}

  field(pos: number): number {
    const b = this.b;
    const len = b.length;
    if (pos < len && b[pos] === QUOTE) return this.quoted(pos);
    const delim = this.delim;
    const nl0 = this.nl0;
    const nl1 = this.nl1;
    this.start = pos;
    this.escaped = false;
    for (let p = pos; p < len; p++) {
      const c = b[p]!;
      if (c === delim) {
        this.end = p;
        this.next = p + 1;
        return DELIM;
      }
      if (c === nl0 && (nl1 < 0 || b[p + 1] === nl1)) {
        this.end = p;
        this.next = nl1 < 0 ? p + 1 : p + 2;
        return NEWLINE;
      }
    }
    this.end = this.next = len;
    return EOF;
  }

  /** A quoted field: "" is a quote; the closing quote must be followed by delimiter, line break or end. */
  private quoted(pos: number): number {
    const b = this.b;
    const len = b.length;
    let escaped = false;
    for (let i = pos + 1; ; ) {
      const q = b.indexOf(QUOTE, i);
      if (q < 0) return BAIL;
      if (q + 1 < len && b[q + 1] === QUOTE) {
        escaped = true;
        i = q + 2;
        continue;
      }
      this.start = pos + 1;
      this.end = q;
      this.escaped = escaped;
      const a = q + 1;
      if (a === len) {
        this.next = len;
        return EOF;
      }
      if (b[a] === this.delim) {
        this.next = a + 1;
        return DELIM;
      }
      if (b[a] === this.nl0 && (this.nl1 < 0 || b[a + 1] === this.nl1)) {
        this.next = this.nl1 < 0 ? a + 1 : a + 2;
        return NEWLINE;
      }
      return BAIL;
    }
  }
}

/** papaparse's guessLineEndings on the same first 1 MiB (UTF-16 units) of the text after the BOM. */
export function guessLinebreak(b: Uint8Array, s: number): string {
  const end = Math.min(b.length, s + 3 * 1048576 + 8); // 1 Mi UTF-16 units take at most 3 MiB
  if (b.subarray(s, end).indexOf(13) < 0) return '\n';
  const input = decoder.decode(b.subarray(s, end)).substring(0, 1048576).replace(/"([^]*?)"/gm, '');
  const r = input.split('\r');
  const n = input.split('\n');
  const nAppearsFirst = n.length > 1 && n[0]!.length < r[0]!.length;
  if (r.length === 1 || nAppearsFirst) return '\n';
  let numWithN = 0;
  for (const piece of r) if (piece[0] === '\n') numWithN++;
  return numWithN >= r.length / 2 ? '\r\n' : '\r';
}

/** Distinct byte spans (or unescaped strings) → provisional ids, in first-seen order. */
class Interner {
  private table: Int32Array; // 16 slots to start, doubled as needed: a wide file has a table per column
  private starts: number[] = [];
  private ends: number[] = [];
  private hashes: number[] = [];
  private strings: Map<string, number> | undefined; // made on first use: most columns never need it
  private texts: Array<string | undefined> = [];

  constructor(
    private readonly b: Uint8Array,
    slab: Slab,
  ) {
    this.table = slab.i32(16);
  }

  span(s: number, e: number): number {
    const b = this.b;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id1 = this.table[slot]!;
      if (id1 === 0) {
        const id = this.starts.length;
        this.starts.push(s);
        this.ends.push(e);
        this.hashes.push(h);
        this.texts.push(undefined);
        this.table[slot] = id + 1;
        if (this.starts.length * 2 > this.table.length) this.rehash();
        return id;
      }
      const id = id1 - 1;
      if (this.hashes[id] === h && this.ends[id]! - this.starts[id]! === e - s && equalBytes(b, this.starts[id]!, s, e - s)) return id;
    }
  }

  string(t: string): number {
    this.strings ??= new Map();
    let id = this.strings.get(t);
    if (id === undefined) {
      id = this.starts.length;
      this.starts.push(-1);
      this.ends.push(-1);
      this.hashes.push(0);
      this.texts.push(t);
      this.strings.set(t, id);
    }
    return id;
  }

  /** The text of every id. */
  finish(): string[] {
    return this.texts.map((t, id) => t ?? spanText(this.b, this.starts[id]!, this.ends[id]!));
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.starts.length; id++) {
      if (this.starts[id]! < 0) continue;
      let slot = this.hashes[id]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
  }
}

function equalBytes(b: Uint8Array, i: number, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (b[i + k] !== b[j + k]) return false;
  return true;
}

const NO_VALUES = new Float64Array(0);

/** One column being read: doubles until it turns out to be text, then interned codes. */
class FastColumn {
  readonly name: string;
  /** Field index in the file. */
  readonly index: number;
  readonly dtype: IoDType | undefined;
  kinds = 0;
  /** Row from which values are interned; -1 while the column is not text. */
  textFrom = -1;
  /** Whether numbers are parsed while the field is split (see parseCSVFast). */
  fused: boolean;
  vals: Float64Array;
  /** Null rows (set bits); validity is its complement. */
  nullBits: Uint8Array;
  nulls = 0;
  codes: Uint32Array | undefined;
  interner: Interner | undefined;
  /** Exact values of integers with more than 15 significant digits, by row. */
  bigs: Map<number, bigint> | undefined;

  constructor(
    plan: ColumnPlan,
    /** Position in the output (errors within a record name the first failing column in this order). */
    readonly order: number,
    private readonly b: Uint8Array,
    cap: number,
    fuse: boolean,
    private readonly slab: Slab,
  ) {
    this.name = plan.name;
    this.index = plan.index;
    this.dtype = plan.dtype;
    this.fused = fuse;
    this.vals = slab.f64(cap);
    this.nullBits = slab.u8(cap >> 3);
    if (plan.dtype === 'utf8') this.toText(0, cap);
  }

  toText(row: number, cap: number): void {
    this.textFrom = row;
    this.fused = false;
    this.codes = this.slab.u32(cap);
    this.interner = new Interner(this.b, this.slab);
    this.vals = NO_VALUES;
  }

  setNull(r: number): void {
    this.nullBits[r >> 3]! |= 1 << (r & 7);
    this.nulls++;
  }

  isValid(r: number): boolean {
    return (this.nullBits[r >> 3]! & (1 << (r & 7))) === 0;
  }

  grow(cap: number): void {
    const bits = new Uint8Array(cap >> 3);
    bits.set(this.nullBits);
    this.nullBits = bits;
    if (this.codes) {
      const codes = new Uint32Array(cap);
      codes.set(this.codes);
      this.codes = codes;
    } else {
      const vals = new Float64Array(cap);
      vals.set(this.vals);
      this.vals = vals;
    }
  }
}

/** Does a dtype override accept a field of this kind (b[s, e) its text)? As ColumnBuilder.append. */
function accepts(dtype: IoDType, kind: number, b: Uint8Array, s: number, e: number): boolean {
  switch (dtype) {
    case 'int32':
      return kind === INT32;
    case 'int64':
      return kind === INT32 || kind === INT64;
    case 'float64':
      return kind === INT32 || kind === INT64 || kind === FLOAT;
    case 'bool':
      return kind === BOOL || (e - s === 1 && (b[s] === 48 || b[s] === 49));
    default:
      return true;
  }
}

/** Reports progress: bytes read so far (an offset into the input) and rows read. */
export type ProgressReport = (bytesRead: number, rowsRead: number) => void;

function isWellFormed(s: string): boolean {
  return !/\p{Surrogate}/u.test(s);
}

export const hasBom = (b: Uint8Array, i: number): boolean => b[i] === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf;

/**
 * Parse CSV bytes (valid UTF-8; a leading BOM is skipped) into a Table, with the results and
 * errors of the papaparse path, or return undefined when the file needs the general parser.
 *
 * Records are read field by field straight into their columns (row r = rows so far plus the
 * empty lines pending in a one-column file); a record commits only once its field count is
 * checked, so errors come in the papaparse path's order: field count first, then the first
 * failing column in output order. Numeric fields not in quotes are parsed while they are split
 * (scanNumber), when the delimiter cannot be part of a number.
 *
 * Internal: `readCSV`'s default engine on plain files.
 */
/**
 * What a parallel read (csv-parallel.ts) fixes for each piece of a file: the whole file's line
 * break, and an array to receive each output column's kinds (so the pieces' types can be unified).
 */
export interface PieceSettings {
  linebreak: string;
  kinds: number[];
  /**
   * Receives, for each column that is not text, its type, its values as the parse keeps them
   * (the doubles a float64 column holds: "-0" is −0 there, while int32 data has 0) and the
   * exact int64 values beyond 2^53. Such a column's Column then holds these doubles (typed
   * float64) instead of its own data: the join writes each piece straight into the whole
   * file's arrays (`writeNumbers`), in the type the whole file has, with no copy in between.
   */
  numbers: Array<{ dtype: IoDType; vals: Float64Array; bigs: Map<number, bigint> | undefined } | undefined>;
}

export function parseCSVFast(input: Uint8Array, file: string, options: CSVParseOptions, report?: ProgressReport, piece?: PieceSettings): Table | undefined {
  const b = new Uint8Array(input.buffer, input.byteOffset, input.byteLength); // one element kind for every input
  const delim = (options.delimiter ?? ',').charCodeAt(0);
  if (delim >= 0x80) return undefined;
  const nullValues = options.nullValues ?? [];
  if (!nullValues.every(isWellFormed)) return undefined;
  const len = b.length;
  const pos0 = hasBom(b, 0) ? 3 : 0;
  if (hasBom(b, pos0)) return undefined;
  if (pos0 === len) return { names: [], columns: [], numRows: 0 };
  const header = options.header ?? true;
  const nullSet = new Set(['', ...nullValues]);
  const nullBytes = nullValues.map((v) => new TextEncoder().encode(v)).filter((v) => v.length > 0);
  const lb = piece?.linebreak ?? guessLinebreak(b, pos0);
  const nl0 = lb.charCodeAt(0);
  const nl1 = lb.length === 2 ? lb.charCodeAt(1) : -1;
  const nlLen = lb.length;
  const sc = new Scanner(b, delim, nl0, nl1);
  const out: ParsedField = { value: 0, big: undefined, end: 0 };
  const fuse = !/[0-9+\-.eE]/.test(String.fromCharCode(delim));

  // the first record: column names
  let pos = pos0;
  const first: string[] = [];
  let term: number;
  do {
    term = sc.field(pos);
    if (term === BAIL) return undefined;
    first.push(spanText(b, sc.start, sc.end, sc.escaped));
    pos = sc.next;
  } while (term === DELIM);
  const ncols = first.length;
  const names = columnNames(first, header, file);
  // rows to allocate for: 1024, or fewer where the file seems to hold fewer records of the first
  // one's size (a wide file of a few rows would otherwise take 8 KiB per column up front)
  let cap = Math.min(1024, Math.max(8, Math.ceil(((len - pos0) / Math.max(1, pos - pos0)) * 1.05 / 8) * 8));
  const slab = new Slab();
  const cols = planColumns(names, options).map((p, k) => new FastColumn(p, k, b, cap, fuse, slab));
  const colOf: Array<FastColumn | undefined> = new Array(ncols).fill(undefined);
  for (const c of cols) colOf[c.index] = c;
  if (!header) {
    pos = pos0; // the first record is data too
    term = DELIM;
  }

  let rowStart = new Float64Array(cap);
  let numRows = 0;
  let pending = 0;
  let nextReport = pos0 + PROGRESS_BYTES;

  const lineAt = (offset: number): number => {
    let line = 1;
    for (let i = pos0; i < offset; i++) if (b[i] === nl0 && (nl1 < 0 || b[i + 1] === nl1)) line++;
    return line;
  };
  const isNullSpan = (s: number, e: number, escaped: boolean): boolean => {
    if (s === e) return true;
    if (escaped) return nullSet.has(spanText(b, s, e, true));
    for (const v of nullBytes) if (v.length === e - s && v.every((x, k) => x === b[s + k])) return true;
    return false;
  };
  const intern = (c: FastColumn, r: number, s: number, e: number, escaped: boolean): void => {
    c.codes![r] = escaped ? c.interner!.string(spanText(b, s, e, true)) : c.interner!.span(s, e);
  };
  /** Put field b[s, e) into column c at row r; kind < 0: not classified yet. False if a dtype override refuses it. */
  const put = (c: FastColumn, r: number, s: number, e: number, escaped: boolean, kind: number): boolean => {
    if ((s === e || nullBytes.length > 0 || escaped) && isNullSpan(s, e, escaped)) {
      c.setNull(r);
      return true;
    }
    if (c.textFrom >= 0) {
      intern(c, r, s, e, escaped);
      return true;
    }
    if (kind < 0) kind = escaped ? TEXT : classifyBytes(b, s, e, out);
    if (c.dtype !== undefined) {
      if (!accepts(c.dtype, kind, b, s, e)) return false;
    } else {
      const kinds = (c.kinds |= kind);
      if (kinds & TEXT || (kinds & BOOL && kinds !== BOOL)) {
        c.toText(r, cap);
        intern(c, r, s, e, escaped);
        return true;
      }
    }
    c.vals[r] = out.value;
    if (out.big !== undefined) (c.bigs ??= new Map()).set(r, out.big);
    return true;
  };

  while (term !== EOF) {
    const recStart = pos;
    // an empty line ("" counts as one): skipped, or a null in a one-column file unless at the end
    let q = pos;
    if (b[q] === QUOTE && b[q + 1] === QUOTE) q += 2;
    if (q === len || (b[q] === nl0 && (nl1 < 0 || b[q + 1] === nl1))) {
      if (ncols === 1) pending++;
      if (q === len) break;
      pos = q + nlLen;
      continue;
    }
    const r = numRows + pending;
    if (r >= cap) {
      // grow to the rows the file seems to hold (bytes per row so far), at least doubling
      cap = Math.max(2 * cap, Math.ceil((((len - pos0) / (recStart - pos0)) * r * 1.05) / 8) * 8);
      const rs = new Float64Array(cap);
      rs.set(rowStart);
      rowStart = rs;
      for (const c of cols) c.grow(cap);
    }
    let j = 0;
    let fail: FastColumn | undefined;
    let failText = '';
    do {
      const c = j < ncols ? colOf[j] : undefined;
      j++;
      if (c !== undefined && c.fused && b[pos] !== QUOTE) {
        const kind = scanNumber(b, pos, len, out);
        const stop = out.end;
        if (stop === len || b[stop] === delim || (b[stop] === nl0 && (nl1 < 0 || b[stop + 1] === nl1))) {
          term = stop === len ? EOF : b[stop] === delim ? DELIM : NEWLINE;
          if (!put(c, r, pos, stop, false, kind) && (fail === undefined || c.order < fail.order)) {
            fail = c;
            failText = spanText(b, pos, stop);
          }
          pos = term === EOF ? len : term === DELIM ? stop + 1 : stop + nlLen;
          continue;
        }
      }
      term = sc.field(pos);
      if (term === BAIL) return undefined;
      if (c !== undefined && !put(c, r, sc.start, sc.end, sc.escaped, -1) && (fail === undefined || c.order < fail.order)) {
        fail = c;
        failText = spanText(b, sc.start, sc.end, sc.escaped);
      }
      pos = sc.next;
    } while (term === DELIM);
    if (j !== ncols) throw new ParseError(`readCSV: expected ${ncols} fields, got ${j}`, { file, row: lineAt(recStart) });
    if (fail) throw new ParseError(`readCSV: expected a ${fail.dtype} value, got ${JSON.stringify(failText)}`, { file, row: lineAt(recStart), column: fail.name });
    for (; numRows < r; numRows++) {
      rowStart[numRows] = -1;
      for (const c of cols) c.setNull(numRows);
    }
    rowStart[r] = recStart;
    numRows = r + 1;
    pending = 0;
    if (report && pos >= nextReport) {
      report(pos, numRows);
      nextReport = pos + PROGRESS_BYTES;
    }
  }

  if (piece) {
    cols.forEach((c, k) => {
      const dt = c.dtype ?? dtypeOfKinds(c.kinds);
      piece.kinds[k] = c.kinds;
      piece.numbers[k] = dt !== 'utf8' ? { dtype: dt, vals: c.vals.subarray(0, numRows), bigs: c.bigs } : undefined;
    });
  }
  internEarlyRows(cols, numRows, rowStart, sc);
  const columns = cols.map((c) => finishColumn(c, numRows, piece !== undefined));
  return { names: cols.map((c) => c.name), columns, numRows };
}

/**
 * Intern the rows each text column read before it turned to text, by re-scanning those records
 * from their starts: each record once, for all such columns together (up to the last field one
 * of them needs), so the work is linear in the file's size however many columns it has.
 */
function internEarlyRows(cols: readonly FastColumn[], n: number, rowStart: Float64Array, sc: Scanner): void {
  const late = cols.filter((c) => c.interner !== undefined && c.textFrom > 0);
  if (late.length === 0) return;
  const byField = new Map(late.map((c) => [c.index, c]));
  const rows = Math.min(n, late.reduce((m, c) => Math.max(m, c.textFrom), 0)); // no spread: 100,000 arguments overflow
  const lastField = late.reduce((m, c) => Math.max(m, c.index), 0);
  for (let r = 0; r < rows; r++) {
    let pos = rowStart[r]!;
    if (pos < 0) continue; // an empty line read as a null in every column
    for (let k = 0; k <= lastField; k++) {
      sc.field(pos);
      pos = sc.next;
      const c = byField.get(k);
      if (c === undefined || r >= c.textFrom || !c.isValid(r)) continue;
      c.codes![r] = sc.escaped ? c.interner!.string(spanText(sc.b, sc.start, sc.end, true)) : c.interner!.span(sc.start, sc.end);
    }
  }
}

const NUMBER_ARRAYS = { int32: Int32Array, int64: BigInt64Array, float64: Float64Array, bool: Uint8Array } as const;

/**
 * A number column's `n` parsed values (doubles, and the exact int64 values beyond 2^53 in `bigs`)
 * written into `out` from `at` on as `dtype` (int32, int64, float64 or bool): the data of one
 * pass, or of a piece at its place in the whole file (the parallel read's join).
 */
export function writeNumbers(vals: Float64Array, bigs: Map<number, bigint> | undefined, n: number, dtype: string, out: ArrayBufferView, at: number): void {
  if (dtype === 'float64') (out as Float64Array).set(vals.subarray(0, n), at);
  else if (dtype === 'int32' || dtype === 'bool') {
    const o = out as Int32Array | Uint8Array; // exact: every value fits
    for (let r = 0; r < n; r++) o[at + r] = vals[r]!;
  } else {
    const words = new Uint32Array(out.buffer, out.byteOffset + at * 8, 2 * n);
    for (let r = 0; r < n; r++) {
      const v = vals[r]!;
      const u = Math.abs(v); // < 2^53 here, else the exact value is in bigs
      let lo = u % 4294967296;
      let hi = (u - lo) / 4294967296;
      if (v < 0) {
        hi = lo === 0 ? -hi >>> 0 : ~hi >>> 0;
        lo = lo === 0 ? 0 : 4294967296 - lo;
      }
      words[2 * r] = lo;
      words[2 * r + 1] = hi;
    }
    const big = out as BigInt64Array;
    for (const [r, v] of bigs ?? []) big[at + r] = v;
  }
}

/**
 * The finished column: dtype from the kinds seen (or the override), exact-length data, validity
 * (a text column's early rows are interned by internEarlyRows first).
 */
function finishColumn(c: FastColumn, n: number, piece = false): Column {
  const dtype = c.dtype ?? dtypeOfKinds(c.kinds);
  let validity: DataBuffer<'uint8'> | undefined;
  if (c.nulls > 0) {
    const bits = new Uint8Array(Math.ceil(n / 8));
    for (let i = 0; i < bits.length; i++) bits[i] = ~c.nullBits[i]! & 0xff;
    if (n & 7) bits[bits.length - 1]! &= (1 << (n & 7)) - 1;
    validity = DataBuffer.fromHost(bits, 'uint8');
  }
  if (dtype === 'utf8') {
    const codes = c.codes ? c.codes.slice(0, n) : new Uint32Array(n);
    if (!c.interner) return new Column({ type: 'utf8', data: DataBuffer.fromHost(codes, 'uint32'), validity, dictionary: [] });
    // sort the ids by text (equal texts, from an escaped and a plain field, become neighbours):
    // no Set or Map of strings, which cost more than the sort for many distinct values
    const texts = c.interner.finish();
    if (texts.length === 1) return new Column({ type: 'utf8', data: DataBuffer.fromHost(codes, 'uint32'), validity, dictionary: texts }); // every valid code is 0
    const cmp = utf8Comparator(texts);
    const order = Array.from(texts, (_, k) => k).sort((x, y) => cmp(texts[x]!, texts[y]!));
    const dictionary: string[] = [];
    const remap = new Uint32Array(texts.length);
    for (const k of order) {
      if (dictionary.length === 0 || dictionary[dictionary.length - 1] !== texts[k]) dictionary.push(texts[k]!);
      remap[k] = dictionary.length - 1;
    }
    for (let r = 0; r < n; r++) if (c.isValid(r)) codes[r] = remap[codes[r]!]!;
    return new Column({ type: 'utf8', data: DataBuffer.fromHost(codes, 'uint32'), validity, dictionary });
  }
  if (piece) return new Column({ type: 'float64', data: DataBuffer.fromHost(c.vals.subarray(0, n), 'float64'), validity }); // see PieceSettings.numbers
  const data = new NUMBER_ARRAYS[dtype](n);
  writeNumbers(c.vals, c.bigs, n, dtype, data, 0);
  return new Column({ type: dtype, data: DataBuffer.fromHost(data, dtype), validity });
}
