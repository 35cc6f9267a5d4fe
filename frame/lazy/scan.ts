/**
 * The streaming sources behind `scanCSV` and `scanParquet`: DataFrame batches of exactly
 * `batchRows` rows (the last may be shorter), read a piece of the file at a time.
 *
 * - CSV: chunks cut at record boundaries (./csv-chunks.ts), each parsed by the eager reader
 *   (src/io/csv.ts, worker threads included). Column types come from the first chunk (the
 *   user's `dtypes` win) and are then fixed for every later chunk, as Polars infers a schema
 *   from the first rows: a later value that does not fit is a ParseError naming the file, the
 *   line and the column (give `dtypes` for such a column).
 * - Parquet: one file at a time (a path, an array of paths, or a glob such as
 *   `data/part-*.parquet`: `*` and `?` in the file name, matches in name order), one row group
 *   at a time through the eager reader (src/io/parquet.ts). A file's bytes are held while its
 *   row groups are decoded.
 *
 * Batch size: `batchRows` (default 262,144: on bench:stream's file, 0.3 GB, the peak RSS was
 * 525 MB against 758 MB with 1,048,576, and the run was faster), lowered so that a batch takes at most
 * memoryLimit / 8 bytes (from the first batch's bytes per row) and, on WebGPU, so that an
 * 8-byte column fits one storage binding (`maxBindingBytes`, the device's
 * maxStorageBufferBindingSize unless capped).
 */
import { platform } from '#platform';
import type { StreamFs } from '../../src/platform/types.js';
import { activeBackend, ensureBackend, gpu } from '../../src/device/index.js';
import { IOError, ParseError, ValueError } from '../../src/errors.js';
import { checkOptions, showValue } from '../../src/options.js';
import { readCSV as readCSVTable, type ReadCSVOptions } from '../../src/io/csv.js';
import type { CSVDType } from '../../src/io/csv-dtypes.js';
import { readParquet as readParquetTable } from '../../src/io/parquet.js';
import { readFileBytes, ioError } from '../../src/io/fs.js';
import { checkFooter } from '../../src/io/parquet-footer.js';
import { DataFrame } from '../data-frame.js';
import { concat } from '../verbs/concat.js';
import { csvChunks } from './csv-chunks.js';

/** What every scan takes besides its reader's options. */
export interface ScanSettings {
  /** Rows per batch (default 262,144); lowered by `memoryLimit` and, on WebGPU, the device's binding size. */
  batchRows?: number;
  /**
   * Bytes the stream may hold at once (the file chunk read, its batch, the group states). A
   * batch takes at most an eighth of it, a file chunk a sixteenth; a record longer than a
   * quarter of it, or group states larger than half of it, are a ValueError. Default: no limit
   * (16 MiB chunks).
   */
  memoryLimit?: number;
}

/** `scanCSV`'s options: readCSV's (but `text` and `onProgress`) and the scan settings. */
export type ScanCSVOptions = Omit<ReadCSVOptions, 'text' | 'onProgress'> & ScanSettings;

/** `scanParquet`'s options. */
export interface ScanParquetOptions extends ScanSettings {
  /** Read only these columns, in this order. Default: all, in file order. */
  columns?: string[];
}

/** A scan's batch source and the settings the plan carries on. */
export interface Source {
  op: string;
  batches(): AsyncIterable<DataFrame>;
  memoryLimit?: number;
  batchRows: number;
}

const CSV_KNOWN = ['columns', 'dtypes', 'format', 'delimiter', 'nullValues', 'header', 'engine', 'threads', 'batchRows', 'memoryLimit'];
const PARQUET_KNOWN = ['columns', 'batchRows', 'memoryLimit'];
const DEFAULT_ROWS = 1 << 18;
const DEFAULT_CHUNK = 16 << 20;

/** The file calls, or a ValueError where there is no file system (a browser). */
export async function streamFs(op: string): Promise<StreamFs> {
  const fs = await platform.streamFs();
  if (!fs) throw new ValueError(`${op}: expected a platform with a file system (Node), got ${platform.name}`);
  return fs;
}

/** Check batchRows and memoryLimit; the settings with their defaults. */
export function checkSettings(op: string, o: ScanSettings): { batchRows: number; memoryLimit?: number } {
  if (o.batchRows !== undefined && !(Number.isInteger(o.batchRows) && o.batchRows >= 1)) throw new ValueError(`${op}: expected batchRows as a positive integer, got ${showValue(o.batchRows)}`);
  if (o.memoryLimit !== undefined && !(Number.isSafeInteger(o.memoryLimit) && o.memoryLimit >= 65536)) throw new ValueError(`${op}: expected memoryLimit as an integer number of bytes >= 65536, got ${showValue(o.memoryLimit)}`);
  return { batchRows: o.batchRows ?? DEFAULT_ROWS, memoryLimit: o.memoryLimit };
}

/** Host bytes a frame holds (values, validity, dictionaries at 2 bytes a char). */
export function frameBytes(df: DataFrame): number {
  let n = 0;
  for (const c of df.getColumns()) {
    n += c.data.byteLength + (c.validity?.byteLength ?? 0);
    if (c.dictionary) for (const s of c.dictionary) n += 16 + 2 * s.length;
    for (const k of c.children) n += k.data.byteLength;
  }
  return n;
}

/** Rows per batch: batchRows, capped by the memory limit (bytes per row of `sample`) and the device. */
function rowsPerBatch(op: string, s: { batchRows: number; memoryLimit?: number }, sample: DataFrame): number {
  let rows = s.batchRows;
  if (s.memoryLimit !== undefined && sample.numRows > 0) {
    const perRow = Math.max(1, frameBytes(sample) / sample.numRows);
    rows = Math.min(rows, Math.max(1, Math.floor(s.memoryLimit / 8 / perRow)));
    if (perRow > s.memoryLimit / 4) throw new ValueError(`${op}: expected rows of at most memoryLimit / 4 = ${Math.floor(s.memoryLimit / 4)} bytes, got ${Math.ceil(perRow)} bytes a row`);
  }
  if (activeBackend() === 'webgpu') rows = Math.min(rows, Math.max(1, Math.floor(gpu(op).maxBindingBytes / 8)));
  return rows;
}

/** Frames of any sizes → frames of exactly `rows` rows (the last shorter); one empty frame when there are no rows. */
export async function* rebatch(op: string, frames: AsyncIterable<DataFrame>, s: { batchRows: number; memoryLimit?: number }): AsyncGenerator<DataFrame> {
  let rows = 0;
  let pending: DataFrame[] = [];
  let held = 0;
  let yielded = false;
  let schema: DataFrame | undefined;
  for await (const t of frames) {
    schema ??= t.slice(0, 0);
    if (t.numRows === 0) continue;
    if (rows === 0) rows = rowsPerBatch(op, s, t);
    for (let off = 0; off < t.numRows; ) {
      const take = Math.min(rows - held, t.numRows - off);
      pending.push(off === 0 && take === t.numRows ? t : t.slice(off, take));
      held += take;
      off += take;
      if (held === rows) {
        yield pending.length === 1 ? pending[0]! : concat(pending);
        yielded = true;
        pending = [];
        held = 0;
      }
    }
  }
  if (held > 0) yield pending.length === 1 ? pending[0]! : concat(pending);
  else if (!yielded && schema) yield schema;
}

/** A ParseError from a chunk, with the file's name and line. */
function relocate(e: ParseError, file: string, rowOffset: number, op = 'scanCSV', reader = 'readCSV'): ParseError {
  const at = [e.file, e.row !== undefined ? `row ${e.row}` : undefined, e.column !== undefined ? `column '${e.column}'` : undefined].filter((x) => x !== undefined).join(', ');
  const base = at && e.message.endsWith(` (${at})`) ? e.message.slice(0, -at.length - 3) : e.message;
  return new ParseError(base.replace(new RegExp(`^${reader}:`), `${op}:`), { file, row: e.row !== undefined ? e.row + rowOffset : undefined, column: e.column });
}

/** The CSV source of `scanCSV(path, options)`, options checked. */
export function csvSource(path: unknown, options: ScanCSVOptions): Source {
  const op = 'scanCSV';
  checkOptions(op, options, CSV_KNOWN);
  if (typeof path !== 'string') throw new ValueError(`${op}: expected a path as a string, got ${showValue(path)}`);
  const settings = checkSettings(op, options);
  const { batchRows: _r, memoryLimit: _m, ...read } = options;
  if (read.delimiter !== undefined && (typeof read.delimiter !== 'string' || read.delimiter.length !== 1 || read.delimiter.charCodeAt(0) >= 0x80)) {
    throw new ValueError(`${op}: expected a one-byte (ASCII) delimiter, got ${showValue(read.delimiter)}`);
  }
  const chunkBytes = settings.memoryLimit !== undefined ? Math.max(4096, Math.min(64 << 20, Math.floor(settings.memoryLimit / 16))) : DEFAULT_CHUNK;
  const maxRecord = settings.memoryLimit !== undefined ? Math.floor(settings.memoryLimit / 4) : 1 << 30;
  async function* tables(): AsyncGenerator<DataFrame> {
    await ensureBackend(op);
    const fs = await streamFs(op);
    let size: number;
    let f;
    try {
      size = await fs.size(path as string);
      f = await fs.open(path as string, 'r');
    } catch (e) {
      throw ioError(op, 'a readable file', path as string, e);
    }
    try {
      let dtypes: Record<string, CSVDType> | undefined = read.dtypes;
      for await (const chunk of csvChunks(op, path as string, f, size, chunkBytes, maxRecord, read.header ?? true, (read.delimiter ?? ',').charCodeAt(0))) {
        if (chunk.bytes.length === 0) throw new ParseError(`${op}: expected a header or a first record, got an empty input`, { file: path as string });
        let df: DataFrame;
        try {
          df = DataFrame.fromTable(await readCSVTable(chunk.bytes, { ...read, dtypes }));
        } catch (e) {
          throw e instanceof ParseError && !(e instanceof IOError) ? relocate(e, path as string, e.row !== undefined ? await chunk.rowOffset() : 0) : e;
        }
        if (dtypes === read.dtypes) dtypes = { ...Object.fromEntries(df.names.map((n) => [n, inferredDType(df, n)])), ...read.dtypes };
        yield df;
      }
    } finally {
      await f.close();
    }
  }
  return { op, batches: () => rebatch(op, tables(), settings), ...settings };
}

/** A read column's dtype as readCSV's `dtypes` names it (timestamps with their unit). */
function inferredDType(df: DataFrame, name: string): CSVDType {
  const c = df.column(name);
  if (c.type === 'timestamp') return `timestamp[${c.unit ?? 'us'}]` as CSVDType;
  return c.type as CSVDType;
}

/** Paths of a glob (`*`, `?` in the file name) in name order; a plain path as itself. */
async function expand(op: string, fs: StreamFs, pattern: string): Promise<string[]> {
  const slash = pattern.lastIndexOf('/');
  const dir = slash >= 0 ? pattern.slice(0, slash) || '/' : '.';
  const name = pattern.slice(slash + 1);
  if (!/[*?]/.test(name)) return [pattern];
  if (/[*?]/.test(dir)) throw new ValueError(`${op}: expected wildcards only in the file name, got ${JSON.stringify(pattern)}`);
  const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let names: string[];
  try {
    names = await fs.list(dir);
  } catch (e) {
    throw ioError(op, 'a readable folder', dir, e);
  }
  const hits = names.filter((n) => re.test(n)).sort();
  if (hits.length === 0) throw new IOError(`${op}: expected files matching ${JSON.stringify(name)}, got none`, dir, 'ENOENT');
  return hits.map((n) => (slash >= 0 ? `${pattern.slice(0, slash)}/${n}` : n));
}

/** The Parquet source of `scanParquet(paths, options)`, options checked. */
export function parquetSource(paths: unknown, options: ScanParquetOptions): Source {
  const op = 'scanParquet';
  checkOptions(op, options, PARQUET_KNOWN);
  const list = typeof paths === 'string' ? [paths] : paths;
  if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== 'string')) throw new ValueError(`${op}: expected a path, a glob or an array of paths, got ${showValue(paths)}`);
  const settings = checkSettings(op, options);
  if (options.columns !== undefined && (!Array.isArray(options.columns) || options.columns.some((c) => typeof c !== 'string'))) throw new ValueError(`${op}: expected columns as an array of names, got ${showValue(options.columns)}`);
  async function* tables(): AsyncGenerator<DataFrame> {
    await ensureBackend(op);
    const fs = await streamFs(op);
    const files: string[] = [];
    for (const p of list as string[]) files.push(...(await expand(op, fs, p)));
    for (const file of files) {
      const bytes = await readFileBytes(op, file);
      if (settings.memoryLimit !== undefined && bytes.length > settings.memoryLimit / 2) {
        throw new ValueError(`${op}: expected a file of at most memoryLimit / 2 = ${Math.floor(settings.memoryLimit / 2)} bytes (a file's bytes are held while its row groups are read), got ${bytes.length} (${file})`);
      }
      const groups = checkFooter(op, bytes, file).groupRows;
      if (groups.length === 0) yield DataFrame.fromTable(await readParquetTable(bytes, { columns: options.columns }));
      for (let g = 0; g < groups.length; g++) {
        try {
          yield DataFrame.fromTable(await readParquetTable(bytes, { columns: options.columns, rowGroups: [g] }));
        } catch (e) {
          throw e instanceof ParseError && !(e instanceof IOError) ? relocate(e, file, 0, op, 'readParquet') : e;
        }
      }
    }
  }
  return { op, batches: () => rebatch(op, tables(), settings), ...settings };
}
