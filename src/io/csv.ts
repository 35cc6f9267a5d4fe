/**
 * readCSV: CSV text or file → typed columns, by one of two parsers with identical results.
 * - The fast path (csv-fast.ts) scans UTF-8 bytes straight into typed columns. It takes plain
 *   files: a one-byte ASCII delimiter, valid UTF-8, and quotes (if any) that close right before
 *   a delimiter, the line break or the end.
 * - papaparse does the general case (any quoting it accepts, non-ASCII delimiters, invalid
 *   UTF-8); fields go straight into per-column builders, so no row objects are ever kept.
 *   Columns with an explicit dtype are parsed as they stream; the others keep their text until
 *   every value has been seen, then are typed by `inferDType` (see infer.ts for the rules).
 */
import Papa from 'papaparse';
import { platform } from '#platform';
import type { Column } from '../column/column.js';
import { ParseError, ValueError } from '../errors.js';
import { columnNames, parseCSVFast, planColumns, PROGRESS_BYTES, type CSVParseOptions, type ProgressReport } from './csv-fast.js';
import { defaultThreads, parseCSVFileParallel, parseCSVParallel, PARALLEL_MIN_BYTES } from './csv-parallel.js';
import { ColumnBuilder, inferDType } from './infer.js';
import { convertColumns, lineOfRow, parserDTypes, type ConversionFailure, type CSVDType } from './csv-dtypes.js';
import { resolveSource, type TextSource } from './csv-source.js';
import { isHttpURL } from './source.js';
import { checkOptions as checkKnown, showValue } from '../options.js';
import { availableCores } from '../worker-pool.js';
import type { Table } from './table.js';

/**
 * Progress of a read: bytes of the input consumed (of totalBytes) and rows read so far.
 *
 * @example
 * ```ts
 * let last: gf.CSVProgress | undefined;
 * await gf.readCSV('data/airports.csv', { onProgress: (p) => { last = p; } });
 * console.log(last!.bytesRead === last!.totalBytes, last!.rowsRead); // true 3376
 * ```
 */
export interface CSVProgress {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}

export interface ReadCSVOptions {
  /** Treat a string source as CSV text even without a line break in it. */
  text?: boolean;
  /** Read only these columns, in this order. Default: all, in file order. */
  columns?: string[];
  /**
   * Per-column dtypes instead of inference; a value that does not parse is a ParseError.
   * Beyond the inferred dtypes: 'float32' (correctly rounded), 'date' (ISO `YYYY-MM-DD`) and
   * 'timestamp' (ISO 8601 with an optional fraction and UTC offset; unit 'us', or
   * 'timestamp[s|ms|us|ns]'); see `format`.
   */
  dtypes?: Record<string, CSVDType>;
  /**
   * strftime format(s) for the date and timestamp columns instead of ISO 8601: one string for
   * all of them, or one per column. Directives: %Y %m %d %H %M %S %f %z %F %T %%.
   */
  format?: string | Record<string, string>;
  /** One-character field delimiter. Default ','. */
  delimiter?: string;
  /** Extra strings read as null. An empty field is always null. Default: none (Polars-like). */
  nullValues?: string[];
  /** Whether the first record holds the column names. Default true; else columns are column_1, column_2, ... */
  header?: boolean;
  /**
   * Which parser: 'auto' (default) takes the byte-scanning fast path where the file allows it
   * and papaparse otherwise; 'fast' only the fast path (a ValueError where it does not apply);
   * 'papaparse' always papaparse. Results are the same whichever parser reads a file.
   */
  engine?: 'auto' | 'fast' | 'papaparse';
  /**
   * Threads for the fast path: the file is cut at line breaks into one piece per thread, parsed
   * by worker threads in Node and module Web Workers in a browser. A positive integer, capped at
   * the cores (Node: `os.availableParallelism()`; a browser: `navigator.hardwareConcurrency`).
   * Default: the cores (at most 8) for inputs of 4 MiB or more, else 1. Workers idle for 5 s
   * are terminated (they are started again on the next read).
   * It applies to files without quotes after the header and with two or more columns; others
   * are read on one thread. The table is the same either way.
   */
  threads?: number;
  /**
   * Called about every MiB of input and once at the end (bytesRead === totalBytes), with
   * non-decreasing counts. totalBytes is the input's size in bytes (the UTF-8 size of CSV text).
   */
  onProgress?: (p: CSVProgress) => void;
}

const ENGINES = ['auto', 'fast', 'papaparse'];
const KNOWN = ['text', 'columns', 'dtypes', 'format', 'delimiter', 'nullValues', 'header', 'engine', 'threads', 'onProgress'];

/**
 * Read CSV into typed columns. The source is a path (a string without a line break), CSV text
 * (a string with a line break, or any string with `{ text: true }`), the bytes (a Uint8Array,
 * Buffer or ArrayBuffer), a URL (`file:`, or `http(s):` through fetch) or a stream (a web
 * ReadableStream, a Node Readable or an async iterable of chunks, read to the end first).
 * Errors name the file ('<text>', '<buffer>', '<stream>' or the URL otherwise).
 *
 * Types are inferred over all rows: int32, then int64 (exact, via BigInt), float64 (also for
 * inf/nan or integers beyond int64), bool (true/false in any case), else utf8 with a sorted
 * dictionary. Empty fields are null (so is any of `nullValues`); quoted "" is null too.
 * Empty lines are skipped, except in a one-column file, where an empty line inside the file is
 * a null and the empty lines at its end are dropped. Errors are ParseErrors whose `row` is the
 * 1-based line on which the offending record starts (the header is line 1).
 * An input with no record at all (0 bytes, or only line breaks) is a ParseError; a header
 * alone gives a frame of 0 rows whose columns are utf8 (or their given dtype), as Polars.
 * Plain files are parsed from bytes by a fast path, others by papaparse (see `engine`).
 *
 * @example
 * The public verb it implements, `gf.readCSV`:
 * ```ts
 * const t = await gf.readCSV('id,score,name\n1,2.5,b\n2,,a\n');
 * console.log(t.numRows, t.dtypes); // 2 ['int32', 'float64', 'utf8']
 * const airports = await gf.readCSV('data/airports.csv', { columns: ['iata', 'latitude'] });
 * const events = await gf.readCSV(new TextEncoder().encode('at,v\n2024-01-01T10:00:00Z,1.5\n'), { dtypes: { at: 'timestamp[ms]', v: 'float32' } });
 * console.log(events.dtypes); // ['timestamp', 'float32']
 * ```
 */
export async function readCSV(source: TextSource, options: ReadCSVOptions = {}): Promise<Table> {
  checkKnown('readCSV', options, KNOWN);
  checkOptions(options);
  const dtypes = parserDTypes('readCSV', options.dtypes, options.format);
  const parseOptions: CSVParseOptions & ReadCSVOptionsBase = { ...options, dtypes };
  const isText = (s: string): boolean => options.text === true || /[\r\n]/.test(s);
  const engine = options.engine ?? 'auto';
  let last = { bytesRead: 0, rowsRead: 0 };
  let totalBytes = -1; // -1: not counted yet
  const onProgress = options.onProgress;
  const report: ProgressReport | undefined = onProgress
    ? (bytesRead, rowsRead) => {
        // a fallback re-reads from the start: stay silent until it passes what was reported
        if (bytesRead < last.bytesRead || rowsRead < last.rowsRead) return;
        last = { bytesRead: Math.min(bytesRead, totalBytes), rowsRead };
        onProgress({ ...last, totalBytes });
      }
    : undefined;

  // A file on disk read in parallel: each thread reads its own range, none the whole file.
  const path = engine !== 'papaparse' ? filePath(source, isText) : undefined;
  let table: Table | undefined;
  if (path !== undefined) {
    const size = await (await platform.streamFs())?.size(path).catch(() => undefined);
    const threads = size === undefined ? 1 : options.threads !== undefined ? Math.min(options.threads, await availableCores()) : size >= PARALLEL_MIN_BYTES ? await defaultThreads() : 1;
    if (threads > 1) {
      totalBytes = size!;
      table = (await parseCSVFileParallel(path, path, parseOptions, threads, report)) ?? undefined;
    }
  }
  // The input's bytes or text, read once, when the parallel file read did not apply (or an error needs the text).
  let src: Awaited<ReturnType<typeof resolveSource>> | undefined;
  const resolved = async () => (src ??= await resolveSource('readCSV', source, isText));
  let text: string | undefined;
  const decoded = (): string => (text ??= src!.bytes ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(src!.bytes) : src!.text ?? '');
  if (!table) table = await readOnce(await resolved());
  const file = path ?? src!.file;

  async function readOnce(r: NonNullable<typeof src>): Promise<Table> {
    const { file, bytes } = r;
    const pathOrText = r.text ?? '';
    if (bytes ? isBlank(bytes) : /^\ufeff?[\r\n]*$/.test(pathOrText)) {
      throw new ParseError(`readCSV: expected a header or a first record, got ${(bytes ? bytes.length : pathOrText.length) === 0 ? 'an empty input' : 'only line breaks'}`, { file });
    }
    totalBytes = bytes ? bytes.length : -1;
    let t: Table | undefined;
    if (engine !== 'papaparse') {
      let input: Uint8Array | undefined;
      if (bytes) input = platform.isUtf8(bytes) ? bytes : undefined;
      else if (isWellFormed(pathOrText)) input = new TextEncoder().encode(pathOrText);
      if (input) {
        totalBytes = input.length;
        // at most one thread per core: more only adds idle workers (each one a V8 isolate)
        const threads = options.threads !== undefined ? Math.min(options.threads, await availableCores()) : input.length >= PARALLEL_MIN_BYTES ? await defaultThreads() : 1;
        t = (threads > 1 && path === undefined ? await parseCSVParallel(input, file, parseOptions, threads, report) : null) ?? parseCSVFast(input, file, parseOptions, report);
      }
      if (!t && engine === 'fast') {
        throw new ValueError(
          `readCSV: expected a plain CSV for engine 'fast' (one-byte ASCII delimiter, UTF-8, quotes closed before a delimiter or line break), got one that needs engine 'papaparse' (${file})`,
        );
      }
    }
    if (!t) {
      let s = decoded();
      if (totalBytes < 0 && onProgress) totalBytes = utf8Length(s, 0, s.length);
      let base = 0;
      if (s.charCodeAt(0) === 0xfeff) {
        s = s.slice(1);
        base = 3;
      }
      t = parseCSV(s, file, parseOptions, report && ((consumed, rows) => report(base + consumed, rows)));
    }
    return t;
  }

  // A value that does not convert: its line comes from the text (read now if the parallel read never held it).
  let failed: ConversionFailure | undefined;
  const failure = (f: ConversionFailure): ParseError => {
    const row = lineOfRow(decoded(), f.row, options);
    return new ParseError(`readCSV: expected a ${options.dtypes![f.column]} value (${f.reason}), got ${JSON.stringify(f.text)}`, { file, row, column: f.column });
  };
  try {
    table = convertColumns(table, options.dtypes, options.format, (f) => (src ? failure(f) : ((failed = f), new ParseError('readCSV: conversion failed', { file }))));
  } catch (e) {
    if (!failed) throw e;
    await resolved();
    throw failure(failed);
  }
  onProgress?.({ bytesRead: totalBytes, totalBytes, rowsRead: table.numRows });
  return table;
}

/** The options the parsers read besides CSVParseOptions. */
type ReadCSVOptionsBase = Omit<ReadCSVOptions, 'dtypes'>;

/** The path of a source that names a file here (a path string or a `file:` URL), else undefined. */
function filePath(source: unknown, isText: (s: string) => boolean): string | undefined {
  if (!platform.hasFileSystem) return undefined;
  if (typeof source === 'string') return isText(source) || isHttpURL(source) ? undefined : source;
  if (source instanceof URL && source.protocol === 'file:') return platform.fileURLToPath(source);
  return undefined;
}

/** Whether bytes hold nothing but an optional BOM and line breaks (stops at the first other byte). */
function isBlank(b: Uint8Array): boolean {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  for (; i < b.length; i++) if (b[i] !== 10 && b[i] !== 13) return false;
  return true;
}

function isWellFormed(s: string): boolean {
  return !/\p{Surrogate}/u.test(s);
}

/** UTF-8 length of s[from, to) (a lone surrogate counts as U+FFFD, 3 bytes). */
function utf8Length(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function checkOptions(o: ReadCSVOptions): void {
  if (o.text !== undefined && typeof o.text !== 'boolean') throw new ValueError(`readCSV: expected text as a boolean, got ${JSON.stringify(o.text)}`);
  if (o.header !== undefined && typeof o.header !== 'boolean') throw new ValueError(`readCSV: expected header as a boolean, got ${JSON.stringify(o.header)}`);
  if (o.delimiter !== undefined && (typeof o.delimiter !== 'string' || o.delimiter.length !== 1 || /[\r\n"]/.test(o.delimiter))) {
    throw new ValueError(`readCSV: expected a one-character delimiter other than a quote or line break, got ${JSON.stringify(o.delimiter)}`);
  }
  if (o.nullValues !== undefined && (!Array.isArray(o.nullValues) || o.nullValues.some((v) => typeof v !== 'string'))) {
    throw new ValueError(`readCSV: expected nullValues as an array of strings, got ${JSON.stringify(o.nullValues)}`);
  }
  if (o.columns !== undefined) {
    if (!Array.isArray(o.columns) || o.columns.some((c) => typeof c !== 'string')) throw new ValueError(`readCSV: expected columns as an array of names, got ${JSON.stringify(o.columns)}`);
    if (new Set(o.columns).size !== o.columns.length) throw new ValueError(`readCSV: expected distinct names in columns, got ${JSON.stringify(o.columns)}`);
  }
  if (o.engine !== undefined && !ENGINES.includes(o.engine)) throw new ValueError(`readCSV: expected engine in ${ENGINES.join(', ')}, got ${JSON.stringify(o.engine)}`);
  if (o.threads !== undefined && !(Number.isInteger(o.threads) && o.threads >= 1)) throw new ValueError(`readCSV: expected threads as a positive integer (capped at the cores), got ${showValue(o.threads)}`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new ValueError(`readCSV: expected onProgress as a function, got ${typeof o.onProgress}`);
}

/** A column being read: a typed builder (dtype given) or the text kept for inference. */
interface Sink {
  name: string;
  index: number;
  builder?: ColumnBuilder;
  text?: Array<string | null>;
}

/** The papaparse path; `report` gets UTF-8 bytes of `text` consumed so far. */
function parseCSV(text: string, file: string, options: CSVParseOptions, report?: ProgressReport): Table {
  const nulls = new Set(['', ...(options.nullValues ?? [])]);
  const header = options.header ?? true;
  let names: string[] | undefined;
  let sinks: Sink[] = [];
  let ncols = 0;
  let numRows = 0;
  let pendingEmpty = 0; // one-column files: empty lines not yet known to be inside the file
  let start = 0; // offset where the current record starts
  let failure: Error | undefined;
  let linebreak = '\n';
  // progress: UTF-8 bytes are counted every CHECK chars (at most 3 bytes each), so reports
  // come at most PROGRESS_BYTES apart (for rows shorter than CHECK)
  const CHECK = 1 << 16;
  let countedAt = 0;
  let counted = 0;
  let reported = 0;

  const lineAt = (offset: number): number => {
    let line = 1;
    for (let i = text.indexOf(linebreak); i >= 0 && i < offset; i = text.indexOf(linebreak, i + linebreak.length)) line++;
    return line;
  };
  const push = (row: string[], recordStart: number): Error | undefined => {
    for (const s of sinks) {
      const v = row[s.index]!;
      const value = nulls.has(v) ? null : v;
      if (s.text) s.text.push(value);
      else if (!s.builder!.append(value)) {
        return new ParseError(`readCSV: expected a ${s.builder!.dtype} value, got ${JSON.stringify(v)}`, { file, row: lineAt(recordStart), column: s.name });
      }
    }
    numRows++;
    return undefined;
  };

  if (text.length > 0) {
    Papa.parse(text, {
      delimiter: options.delimiter ?? ',',
      header: false,
      dynamicTyping: false,
      skipEmptyLines: false,
      quoteChar: '"',
      escapeChar: '"',
      step: (res, parser) => {
        const row = res.data;
        const recordStart = start;
        start = res.meta.cursor;
        if (report && start - countedAt >= CHECK) {
          counted += utf8Length(text, countedAt, start);
          countedAt = start;
          if (counted - reported >= PROGRESS_BYTES - 3 * CHECK) report((reported = counted), numRows);
        }
        linebreak = res.meta.linebreak || linebreak;
        if (res.errors.length > 0) {
          failure = new ParseError(`readCSV: expected well-formed CSV, got ${res.errors[0]!.message.toLowerCase()}`, { file, row: lineAt(recordStart) });
          return parser.abort();
        }
        if (names === undefined) {
          ncols = row.length;
          try {
            names = columnNames(row, header, file);
            sinks = makeSinks(names, options);
          } catch (e) {
            failure = e as Error;
            return parser.abort();
          }
          if (header) return;
        }
        if (row.length === 1 && row[0] === '') {
          if (ncols === 1) pendingEmpty++;
          return; // an empty line
        }
        if (row.length !== ncols) {
          failure = new ParseError(`readCSV: expected ${ncols} fields, got ${row.length}`, { file, row: lineAt(recordStart) });
          return parser.abort();
        }
        for (; pendingEmpty > 0 && !failure; pendingEmpty--) failure = push([''], recordStart);
        failure ??= push(row, recordStart);
        if (failure) parser.abort();
      },
    });
  }
  if (failure) throw failure;
  const columns: Column[] = sinks.map((s) => {
    if (s.builder) return s.builder.finish();
    const values = s.text!;
    const b = new ColumnBuilder(inferDType(values), values.length);
    for (const v of values) b.append(v); // cannot fail: the dtype was inferred from these values
    return b.finish();
  });
  return { names: sinks.map((s) => s.name), columns, numRows };
}

function makeSinks(names: string[], options: CSVParseOptions): Sink[] {
  return planColumns(names, options).map(({ name, index, dtype }) => (dtype ? { name, index, builder: new ColumnBuilder(dtype) } : { name, index, text: [] }));
}
