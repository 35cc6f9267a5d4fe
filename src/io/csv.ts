/**
 * readCSV: CSV text or file → typed columns. papaparse does the tokenising (quotes, delimiters,
 * line breaks); fields go straight into per-column builders, so no row objects are ever kept.
 * Columns with an explicit dtype are parsed as they stream; the others keep their text until
 * every value has been seen, then are typed by `inferDType` (see infer.ts for the rules).
 */
import Papa from 'papaparse';
import type { Column } from '../column/column.js';
import { ColumnNotFoundError, DTypeError, ParseError, ValueError } from '../errors.js';
import { ColumnBuilder, IO_DTYPES, inferDType, type IoDType } from './infer.js';
import type { Table } from './table.js';

export interface ReadCSVOptions {
  /** Treat `pathOrText` as CSV text even without a newline in it. */
  text?: boolean;
  /** Read only these columns, in this order. Default: all, in file order. */
  columns?: string[];
  /** Per-column dtypes instead of inference; a value that does not parse is a ParseError. */
  dtypes?: Record<string, IoDType>;
  /** One-character field delimiter. Default ','. */
  delimiter?: string;
  /** Extra strings read as null. An empty field is always null. Default: none (Polars-like). */
  nullValues?: string[];
  /** Whether the first record holds the column names. Default true; else columns are column_1, column_2, ... */
  header?: boolean;
}

/**
 * Read a CSV file (or CSV text: any string with a newline, or `{ text: true }`) into typed columns.
 *
 * Types are inferred over all rows: int32, then int64 (exact, via BigInt), float64 (also for
 * inf/nan or integers beyond int64), bool (true/false in any case), else utf8 with a sorted
 * dictionary. Empty fields are null (so is any of `nullValues`); quoted "" is null too.
 * Empty lines are skipped, except in a one-column file, where an empty line inside the file is
 * a null and the empty lines at its end are dropped. Errors are ParseErrors whose `row` is the
 * 1-based line on which the offending record starts (the header is line 1).
 *
 * @example
 * ```ts
 * const t = await readCSV('id,score,name\n1,2.5,b\n2,,a\n');
 * console.log(t.numRows, t.columns.map((c) => c.type)); // 2 ['int32', 'float64', 'utf8']
 * const airports = await readCSV('data/airports.csv', { columns: ['iata', 'latitude'] });
 * ```
 */
export async function readCSV(pathOrText: string, options: ReadCSVOptions = {}): Promise<Table> {
  if (typeof pathOrText !== 'string') throw new ValueError(`readCSV: expected a path or CSV text, got ${typeof pathOrText}`);
  checkOptions(options);
  const isText = options.text === true || /[\r\n]/.test(pathOrText);
  const file = isText ? '<text>' : pathOrText;
  let text = isText ? pathOrText : await readText(pathOrText);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseCSV(text, file, options);
}

async function readText(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new ParseError(`readCSV: expected a readable file, got ${code === 'ENOENT' ? 'no such file' : String((e as Error).message)}`, { file: path });
  }
}

function checkOptions(o: ReadCSVOptions): void {
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
  for (const [name, dt] of Object.entries(o.dtypes ?? {})) {
    if (!IO_DTYPES.includes(dt)) throw new DTypeError(`readCSV: expected a dtype in ${IO_DTYPES.join(', ')} for column '${name}', got '${String(dt)}'`);
  }
}

/** A column being read: a typed builder (dtype given) or the text kept for inference. */
interface Sink {
  name: string;
  index: number;
  builder?: ColumnBuilder;
  text?: Array<string | null>;
}

function parseCSV(text: string, file: string, options: ReadCSVOptions): Table {
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
        linebreak = res.meta.linebreak || linebreak;
        if (res.errors.length > 0) {
          failure = new ParseError(`readCSV: expected well-formed CSV, got ${res.errors[0]!.message.toLowerCase()}`, { file, row: lineAt(recordStart) });
          return parser.abort();
        }
        if (names === undefined) {
          ncols = row.length;
          names = header ? row.map((n, i) => (n === '' ? `column_${i + 1}` : n)) : row.map((_, i) => `column_${i + 1}`);
          const dup = names.find((n, i) => names!.indexOf(n) !== i);
          if (dup !== undefined) {
            failure = new ParseError(`readCSV: expected distinct column names, got '${dup}' twice`, { file, row: 1 });
            return parser.abort();
          }
          try {
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

function makeSinks(names: string[], options: ReadCSVOptions): Sink[] {
  const wanted = options.columns ?? names;
  for (const c of wanted) {
    if (!names.includes(c)) throw new ColumnNotFoundError(`readCSV: expected a column in [${names.join(', ')}], got '${c}'`);
  }
  for (const c of Object.keys(options.dtypes ?? {})) {
    if (!wanted.includes(c)) throw new ColumnNotFoundError(`readCSV: expected dtypes for columns that are read (${wanted.join(', ')}), got '${c}'`);
  }
  return wanted.map((name) => {
    const dt = options.dtypes && Object.hasOwn(options.dtypes, name) ? options.dtypes[name] : undefined;
    const index = names.indexOf(name);
    return dt ? { name, index, builder: new ColumnBuilder(dt) } : { name, index, text: [] };
  });
}
