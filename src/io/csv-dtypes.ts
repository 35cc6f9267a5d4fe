/**
 * readCSV's dtypes beyond the inferred ones: 'float32', 'date' and 'timestamp' (in 's', 'ms',
 * 'us' (the default, as Polars) or 'ns'). Both parsers read such a column as utf8; it is then
 * converted here, each distinct string once (through the column's dictionary), so the fast,
 * parallel and papaparse paths give the same values and the same errors. A value that does not
 * parse is a ParseError naming the file, the line where its record starts and the column.
 */
import { Column, type TimeUnit } from '../column/column.js';
import { DTypeError, ParseError, ValueError } from '../errors.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { checkFormat, parseDate, parseFloat32, parseTimestamp } from './csv-temporal.js';
import { IO_DTYPES, type IoDType } from './infer.js';
import type { Table } from './table.js';

/** The dtypes readCSV's `dtypes` option takes: the inferred ones, float32, date and timestamps. */
export type CSVDType = IoDType | 'float32' | 'date' | 'timestamp' | 'timestamp[s]' | 'timestamp[ms]' | 'timestamp[us]' | 'timestamp[ns]';
export const CSV_DTYPES: readonly CSVDType[] = [...IO_DTYPES, 'float32', 'date', 'timestamp', 'timestamp[s]', 'timestamp[ms]', 'timestamp[us]', 'timestamp[ns]'];

const UNIT: Record<string, TimeUnit> = { timestamp: 'us', 'timestamp[s]': 's', 'timestamp[ms]': 'ms', 'timestamp[us]': 'us', 'timestamp[ns]': 'ns' };

const isTemporal = (dt: CSVDType | undefined): boolean => dt === 'date' || (dt !== undefined && dt in UNIT);

/**
 * Check `dtypes` and `format` (a strftime string for every date/timestamp column, or one per
 * column) and give the dtypes the parsers read with (utf8 for the converted ones).
 *
 * For instance `parserDTypes('readCSV', { t: 'timestamp', x: 'int64' }, '%Y/%m/%d %H:%M')` is
 * `{ t: 'utf8', x: 'int64' }`.
 */
export function parserDTypes(op: string, dtypes: Record<string, CSVDType> | undefined, format: string | Record<string, string> | undefined): Record<string, IoDType> | undefined {
  if (dtypes !== undefined && (dtypes === null || typeof dtypes !== 'object' || Array.isArray(dtypes))) throw new ValueError(`${op}: expected dtypes as an object of column → dtype, got ${JSON.stringify(dtypes)}`);
  for (const [name, dt] of Object.entries(dtypes ?? {})) {
    if (!CSV_DTYPES.includes(dt)) throw new DTypeError(`${op}: expected a dtype in ${CSV_DTYPES.join(', ')} for column '${name}', got '${String(dt)}'`);
  }
  if (typeof format === 'string') checkFormat(op, format);
  else if (format !== undefined) {
    if (format === null || typeof format !== 'object' || Array.isArray(format)) throw new ValueError(`${op}: expected format as a string or an object of column → format, got ${JSON.stringify(format)}`);
    for (const [name, f] of Object.entries(format)) {
      if (!isTemporal(dtypes?.[name])) throw new ValueError(`${op}: expected a format only for columns given a date or timestamp dtype, got one for '${name}' (dtype ${dtypes?.[name] ?? 'inferred'})`);
      checkFormat(op, f);
    }
  }
  if (dtypes === undefined) return undefined;
  return Object.fromEntries(Object.entries(dtypes).map(([n, dt]) => [n, (IO_DTYPES as readonly string[]).includes(dt) ? (dt as IoDType) : 'utf8']));
}

/** Where a conversion failed: the data row (0-based among the rows read), the column, the text and why. */
export interface ConversionFailure {
  row: number;
  column: string;
  text: string;
  reason: string;
}

/**
 * Convert the columns read as utf8 for a float32/date/timestamp dtype; throws what `fail`
 * makes of the first bad value (the lowest row; the leftmost column on that row).
 *
 * Internal to `readCSV` (its float32/date/timestamp `dtypes`).
 */
export function convertColumns(t: Table, dtypes: Record<string, CSVDType> | undefined, format: string | Record<string, string> | undefined, fail: (f: ConversionFailure) => Error): Table {
  if (!dtypes) return t;
  let first: ConversionFailure | undefined;
  const columns = t.columns.map((c, k) => {
    const name = t.names[k]!;
    const dt = dtypes[name];
    if (dt === undefined || (IO_DTYPES as readonly string[]).includes(dt)) return c;
    const fmt = typeof format === 'string' ? format : format?.[name];
    const out = convert(c, name, dt, fmt);
    if ('row' in out) {
      if (!first || out.row < first.row) first = out;
      return c;
    }
    return out;
  });
  if (first) throw fail(first);
  return { names: t.names, columns, numRows: t.numRows };
}

function convert(c: Column, name: string, dt: CSVDType, format: string | undefined): Column | ConversionFailure {
  const dict = c.dictionary!;
  const codes = c.data.hostView('readCSV') as Uint32Array;
  const bits = c.validity?.hostView('readCSV') as Uint8Array | undefined;
  const n = c.length;
  const valid = (i: number) => !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
  const reasons: Array<string | undefined> = new Array(dict.length);
  const failAt = (bad: (code: number) => boolean): ConversionFailure | undefined => {
    for (let i = 0; i < n; i++) if (valid(i) && bad(codes[i]!)) return { row: i, column: name, text: dict[codes[i]!]!, reason: reasons[codes[i]!]! };
    return undefined;
  };
  // Each row takes its dictionary entry's parsed value (nulls stay zero under the validity).
  const byCode = <A extends Float32Array | Int32Array | BigInt64Array>(values: A): A => {
    const data = new (values.constructor as new (n: number) => A)(n);
    for (let i = 0; i < n; i++) if (valid(i)) data[i] = values[codes[i]!]!;
    return data;
  };
  if (dt === 'float32') {
    const values = new Float32Array(dict.length);
    dict.forEach((s, k) => {
      const v = parseFloat32(s);
      if (v === undefined) reasons[k] = 'expected a float32 value';
      else values[k] = v;
    });
    const bad = failAt((code) => reasons[code] !== undefined);
    if (bad) return bad;
    return new Column({ type: 'float32', data: DataBuffer.fromHost(byCode(values), 'float32'), validity: c.validity });
  }
  if (dt === 'date') {
    const values = new Int32Array(dict.length);
    dict.forEach((s, k) => {
      const v = parseDate(s, format);
      if (typeof v === 'string') reasons[k] = v;
      else values[k] = v;
    });
    const bad = failAt((code) => reasons[code] !== undefined);
    if (bad) return bad;
    return new Column({ type: 'date', data: DataBuffer.fromHost(byCode(values), 'int32'), validity: c.validity });
  }
  const unit = UNIT[dt]!;
  const values = new BigInt64Array(dict.length);
  const offsets = new Uint8Array(dict.length);
  dict.forEach((s, k) => {
    const v = parseTimestamp(s, unit, format);
    if (typeof v === 'string') reasons[k] = v;
    else (values[k] = v.value), (offsets[k] = v.offset ? 1 : 0);
  });
  const bad = failAt((code) => reasons[code] !== undefined);
  if (bad) return bad;
  // Offsets are all or nothing (as Polars): a mix of UTC instants and naive wall times has no one meaning.
  let firstKind = -1;
  const mixed = failAt((code) => {
    if (firstKind < 0) firstKind = offsets[code]!;
    if (offsets[code] === firstKind) return false;
    reasons[code] = `expected every value ${firstKind ? 'with' : 'without'} a UTC offset, as the first one, got a mix`;
    return true;
  });
  if (mixed) return mixed;
  return new Column({ type: 'timestamp', unit, timezone: firstKind === 1 ? 'UTC' : undefined, data: DataBuffer.fromHost(byCode(values), 'int64'), validity: c.validity });
}

/**
 * The 1-based line on which data record `row` (0-based, as the parsers count rows: empty lines
 * skipped, except in a one-column file) starts, by an RFC 4180 scan of the text. Only run on an
 * error, to name the line.
 *
 * For instance `lineOfRow('a,b\n1,"x\ny"\n\n2,z\n', 1, { header: true, delimiter: ',' })` is 5.
 */
export function lineOfRow(text: string, row: number, options: { header?: boolean; delimiter?: string }): number {
  const delim = options.delimiter ?? ',';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let ncols = -1;
  let seen = options.header === false ? 0 : -1; // data rows passed; the header is row -1
  const n = text.length;
  while (i < n) {
    const start = line;
    let fields = 1;
    let empty = true;
    // one record
    for (;;) {
      if (i >= n) break;
      let c = text[i]!;
      if (c === '"') {
        empty = false;
        for (i++; i < n; i++) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') i++;
            else {
              i++;
              break;
            }
          } else if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
        }
      }
      while (i < n && (c = text[i]!) !== delim && c !== '\n' && c !== '\r') (i++, (empty = false));
      if (i >= n) break;
      if (c === delim) {
        fields++;
        empty = false;
        i++;
        continue;
      }
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      break;
    }
    if (ncols < 0) ncols = fields;
    if (seen === -1) {
      seen = 0;
      continue;
    }
    if (empty && ncols > 1) continue;
    if (seen === row) return start;
    seen++;
  }
  return line;
}
