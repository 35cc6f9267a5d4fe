/**
 * sinkParquet / sinkCSV: a LazyFrame's batches written as they stream, to a temporary file
 * beside `path` (`<path>.<random>.tmp`) that is renamed to `path` once the last byte is
 * written. Any failure (a parse error in the source, a full disk) removes the temporary file
 * and leaves `path` as it was: never a half-written output.
 *
 * Parquet: batches are gathered into row groups of `rowGroupSize` rows (default 1,048,576,
 * fewer when the source's memoryLimit asks), each written by the eager writer and appended
 * (./parquet-merge.ts joins them into one file). CSV: each batch by the eager writer, the
 * header with the first.
 */
import { ValueError } from '../../src/errors.js';
import { checkOptions, showValue } from '../../src/options.js';
import { writeParquet as writeParquetBytes, type WriteParquetOptions } from '../../src/io/parquet.js';
import { writeCSV as writeCSVText, type WriteCSVOptions } from '../../src/io/csv-write.js';
import { ioError } from '../../src/io/fs.js';
import type { StreamFile } from '../../src/platform/types.js';
import type { DataFrame } from '../data-frame.js';
import { concat } from '../verbs/concat.js';
import { frameBytes, streamFs } from './scan.js';
import { ParquetMerger } from './parquet-merge.js';

/** sinkParquet's options: writeParquet's, without `as`. */
export type SinkParquetOptions = Omit<WriteParquetOptions, 'as'>;
/** sinkCSV's options: writeCSV's, without `as`. */
export type SinkCSVOptions = Omit<WriteCSVOptions, 'as'>;

type Streamed = AsyncIterable<DataFrame>;

const tableOf = (df: DataFrame) => ({ names: df.names, columns: df.getColumns(), numRows: df.numRows });

/** Write through `body` into a temporary file, renamed to `path` on success, removed on failure. */
async function atomically(op: string, path: unknown, body: (f: StreamFile) => Promise<number>): Promise<{ rows: number }> {
  if (typeof path !== 'string' || path === '') throw new ValueError(`${op}: expected a path as a string, got ${showValue(path)}`);
  const fs = await streamFs(op);
  const tmp = `${path}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  let f: StreamFile;
  try {
    f = await fs.open(tmp, 'w');
  } catch (e) {
    throw ioError(op, 'a writable path', path, e);
  }
  let rows: number;
  try {
    rows = await body(f);
    await f.close();
  } catch (e) {
    await f.close().catch(() => undefined);
    await fs.remove(tmp).catch(() => undefined);
    throw e;
  }
  try {
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.remove(tmp).catch(() => undefined);
    throw ioError(op, 'a writable path', path, e);
  }
  return { rows };
}

/** `lazyFrame.sinkParquet(path, options)`. */
export async function sinkParquet(lf: Streamed, path: string, options: SinkParquetOptions, memoryLimit?: number): Promise<{ rows: number }> {
  const op = 'sinkParquet';
  checkOptions(op, options, ['compression', 'rowGroupSize', 'geometryEncoding']);
  const groupRows = options.rowGroupSize ?? 1 << 20;
  if (!Number.isInteger(groupRows) || groupRows < 1) throw new ValueError(`${op}: expected rowGroupSize as a positive integer, got ${showValue(options.rowGroupSize)}`);
  const limit = (memoryLimit ?? Infinity) / 8;
  return atomically(op, path, async (f) => {
    const merger = new ParquetMerger((b) => f.write(b));
    let pending: DataFrame[] = [];
    let held = 0;
    let bytes = 0;
    let rows = 0;
    let schema: DataFrame | undefined;
    const flush = async (all: boolean): Promise<void> => {
      let df = pending.length === 1 ? pending[0]! : concat(pending);
      while (df.numRows >= groupRows || (all && df.numRows > 0) || (bytes > limit && df.numRows > 0)) {
        const n = Math.min(groupRows, df.numRows);
        const part = n === df.numRows ? df : df.slice(0, n);
        await merger.add(await writeParquetBytes(tableOf(part), undefined, { ...options, rowGroupSize: n }));
        df = n === df.numRows ? df.slice(0, 0) : df.slice(n);
        bytes = 0;
      }
      pending = df.numRows > 0 ? [df] : [];
      held = df.numRows;
      bytes = df.numRows > 0 ? frameBytes(df) : 0;
    };
    for await (const b of lf) {
      schema ??= b.slice(0, 0);
      if (b.numRows === 0) continue;
      pending.push(b);
      held += b.numRows;
      rows += b.numRows;
      if (limit !== Infinity) bytes += frameBytes(b);
      if (held >= groupRows || bytes > limit) await flush(false);
    }
    if (held > 0) await flush(true);
    if (rows === 0 && schema) await merger.add(await writeParquetBytes(tableOf(schema), undefined, options));
    await merger.finish();
    return rows;
  });
}

/** `lazyFrame.sinkCSV(path, options)`. */
export async function sinkCSV(lf: Streamed, path: string, options: SinkCSVOptions): Promise<{ rows: number }> {
  const op = 'sinkCSV';
  checkOptions(op, options, ['header', 'delimiter', 'nullValue', 'lineTerminator']);
  return atomically(op, path, async (f) => {
    let rows = 0;
    let first = true;
    for await (const b of lf) {
      const text = await writeCSVText(tableOf(b), undefined, { ...options, header: first ? options.header ?? true : false, as: 'bytes' });
      first = false;
      rows += b.numRows;
      await f.write(text);
    }
    return rows;
  });
}
