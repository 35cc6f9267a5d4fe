/**
 * Parquet through parquet-wasm (arrow-rs compiled to WebAssembly): Parquet ↔ Arrow IPC in wasm,
 * then apache-arrow and the Arrow converters in ./arrow.ts. Chosen by measurement over
 * hyparquet (bench/parquet-libs.mjs; numbers in README.md and BENCHMARKS.md): 3-6× faster
 * reads on the real flights-3m file, half the peak memory there, native int64 and timestamps
 * (no detour through JS numbers or Date), and a writer with every codec.
 *
 * Reads decode a few row groups per call: wasm memory only grows, so decoding the whole file at
 * once would keep its decoded size reserved in the process for good. Each call of the sync
 * reader copies the file into wasm, so the selected groups go in at most 8 calls (one group per
 * call up to 8 groups): wasm memory stays near the file plus an eighth of its decoded size, and
 * the file is copied at most 8 times. `onProgress` follows those steps.
 *
 * parquet-wasm 0.8 has two readers. The async `ParquetFile.read` honours a column projection;
 * the sync `readParquet` decodes every column but reports more corrupt pages as errors where the
 * async one panics. gpuframe uses the sync reader for data and projects after decoding:
 * `columns` saves the conversion and the memory of the other columns, not their decoding. The
 * schema comes from `ParquetFile.fromFile`, which reads the footer alone (a Blob slice), not the
 * whole file into wasm.
 *
 * Hostile files: the footer's framing and the sizes it declares are checked in JS first
 * (./parquet-footer.ts: magic, footer length, row counts, column chunk ranges, and a declared
 * decoded size of at most max(64 × the file's size, 256 MiB)). A wasm trap (a Rust panic in
 * arrow-rs), sync or async, is contained by ./parquet-wasm.ts and becomes a ParseError naming
 * the file: the promise settles, the process lives, and the trapped instance is replaced.
 */
import * as arrow from 'apache-arrow';
import { ParseError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { checkSize } from '../memory/budget.js';
import { pickColumns, sourceBytes, tableFromArrow } from './arrow.js';
import type { ByteSource } from './source.js';
import { writeFileBytes } from './fs.js';
import { bytesOutput, MEDIA_TYPES, outputKind, type BinaryOutput, type Written } from './write-output.js';
import { checkFooter } from './parquet-footer.js';
import { isTrap, settle, withParquetWasm, type ParquetWasm, type WasmHost } from './parquet-wasm.js';
import { geoParquetRead, geoParquetTable, type GeometryEncoding } from './geoparquet.js';
import type { Table } from './table.js';

export interface ReadParquetOptions {
  /** Read only these columns, in this order. Default: all, in file order. */
  columns?: string[];
  /** Read only these row groups (0-based), in file order. Default: all. */
  rowGroups?: number[];
  /** Called after each row group is decoded. */
  onProgress?: (p: { rowsRead: number; totalRows: number }) => void;
}

export type ParquetCompression = 'uncompressed' | 'snappy' | 'gzip' | 'zstd';

export interface WriteParquetOptions {
  /** Codec of every column chunk. Default 'zstd' (what Polars and DuckDB write by default). */
  compression?: ParquetCompression;
  /** Most rows in one row group. Default 1,048,576 (arrow-rs's default). */
  rowGroupSize?: number;
  /**
   * How geometry columns are written (GeoParquet 1.1): 'wkb' (default; every GeoParquet reader
   * takes it) or 'geoarrow' (the native encodings, separated x/y coordinates).
   */
  geometryEncoding?: GeometryEncoding;
  /** What is returned: 'bytes' (default) or 'blob' (type application/vnd.apache.parquet). */
  as?: BinaryOutput;
}

const READ_OPTIONS = ['columns', 'rowGroups', 'onProgress'];
const WRITE_OPTIONS = ['compression', 'rowGroupSize', 'geometryEncoding', 'as'];


function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What a failed wasm call says: a trap is named as one (the instance it killed is replaced). */
function why(h: WasmHost, e: unknown): string {
  if (!isTrap(h, e)) return message(e);
  return `a crash in parquet-wasm (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}; its instance is discarded and the next read gets a fresh one)`;
}

/**
 * Read a Parquet file (a path or its bytes) into columns: column projection, row-group
 * selection, nulls, dictionary pages, every codec parquet-wasm has (snappy, gzip, zstd, brotli,
 * lz4). int64 and timestamps come through as their 64-bit integers, exactly. Types map as in
 * `fromArrow`: strings → 'utf8', Arrow dictionaries of strings → 'categorical', DATE → 'date',
 * TIMESTAMP → 'timestamp' with its unit and time zone, lists, structs and binary → 'list',
 * 'struct' and 'binary'. A GeoParquet file's geometry columns (WKB or native encodings) become
 * geometry columns with their CRS (see ./geoparquet.ts).
 *
 * @example
 * The public verb it implements, `gf.readParquet` (a path or the bytes):
 * ```ts
 * const df = new gf.DataFrame({ delay: new Float64Array([5, -2, 7]), id: ['a', 'b', 'c'] });
 * const bytes = await gf.writeParquet(df, undefined, { rowGroupSize: 2 });
 * const back = await gf.readParquet(bytes, { columns: ['delay'], rowGroups: [0] });
 * console.log(back.numRows, back.columns); // 2 ['delay']
 * ```
 */
export async function readParquet(source: ByteSource, options: ReadParquetOptions = {}): Promise<Table> {
  checkOptions('readParquet', options, READ_OPTIONS);
  const { bytes, file } = await sourceBytes('readParquet', source);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new ValueError(`readParquet: expected onProgress as a function, got ${typeof options.onProgress}`);
  const footer = checkFooter('readParquet', bytes, file);
  const groupRows = footer.groupRows;
  const schema = await withParquetWasm(async (h) => {
    try {
      const pf = await settle(h, h.pw.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>])));
      try {
        const rows = pf.metadata().rowGroups().map((g) => g.numRows());
        if (rows.length !== groupRows.length || rows.some((n, i) => n !== groupRows[i])) throw new Error(`row groups of ${rows.join(', ')} rows where the footer says ${groupRows.join(', ')}`);
        return arrow.tableFromIPC(pf.schema().intoIPCStream()).schema;
      } finally {
        if (!h.dead) pf.free();
      }
    } catch (e) {
      throw new ParseError(`readParquet: expected a Parquet file, got one that does not decode: ${why(h, e)}`, { file });
    }
  });
  const geo = geoParquetRead(schema, file);
  {
    const names = schema.fields.map((f) => f.name);
    const columns = pickColumns('readParquet', names, options.columns);
    const groups = options.rowGroups ?? groupRows.map((_, i) => i);
    if (!Array.isArray(groups) || groups.some((g) => !Number.isInteger(g) || g < 0 || g >= groupRows.length)) {
      throw new ValueError(`readParquet: expected rowGroups as indices in [0, ${groupRows.length}), got ${JSON.stringify(options.rowGroups)}`);
    }
    const totalRows = groups.reduce((sum, g) => sum + groupRows[g]!, 0);
    // The size budget (gf.setLimits) on the rows the footer declares for the groups read, at the
    // least decoded width of a row (see parquet-footer.ts), before wasm decodes a page.
    checkSize('readParquet', totalRows, footer.numRows > 0 ? Math.ceil(footer.decodedBytes / footer.numRows) : 0, file);
    const perCall = Math.max(1, Math.ceil(groups.length / 8));
    const batches: arrow.RecordBatch[] = [];
    let rowsRead = 0;
    for (let k = 0; k < groups.length; k += perCall) {
      const part = groups.slice(k, k + perCall);
      const rows = part.reduce((sum, g) => sum + groupRows[g]!, 0);
      const ipc = await withParquetWasm((h) => {
        try {
          // batchSize: one batch per group; the footer check bounds every group's rows.
          return h.pw.readParquet(bytes, { rowGroups: part, batchSize: Math.max(1, ...part.map((g) => groupRows[g]!)) }).intoIPCStream(); // frees the wasm table
        } catch (e) {
          throw new ParseError(`readParquet: expected row group${part.length > 1 ? 's' : ''} ${part.join(', ')} to decode, got: ${why(h, e)}`, { file });
        }
      });
      const t = arrow.tableFromIPC(ipc);
      const at = columns.map((c) => names.indexOf(c)); // selectAt keeps this order (select would not)
      const picked = geo.schema.selectAt(at);
      batches.push(...t.selectAt(at).batches.map((b) => new arrow.RecordBatch(picked, b.data)));
      rowsRead += rows;
      options.onProgress?.({ rowsRead, totalRows });
    }
    const out = batches.length > 0 ? new arrow.Table(batches) : new arrow.Table(geo.schema.selectAt(columns.map((c) => names.indexOf(c))));
    return geo.finish(tableFromArrow(out));
  }
}

const CODECS: Record<ParquetCompression, keyof ParquetWasm['Compression']> = { uncompressed: 'UNCOMPRESSED', snappy: 'SNAPPY', gzip: 'GZIP', zstd: 'ZSTD' };

/**
 * Columns as Parquet bytes, written to `path` when one is given. Arrow's schema travels in the
 * file's metadata, so every gpuframe type reads back as itself (int8/16, uint8/16/32/64,
 * categorical, timestamp unit and zone, lists, structs and binary included). Geometry columns
 * make the file GeoParquet 1.1 (`geometryEncoding` 'wkb', the default, or 'geoarrow'; the
 * `geo` metadata as ./geoparquet.ts describes).
 *
 * @example
 * The public verb it implements, `gf.writeParquet` (to a path as well when one is given):
 * ```ts
 * import * as gf from 'gpuframe';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const df = new gf.DataFrame({ x: new Float64Array([1, 2]) });
 * const bytes = await gf.writeParquet(df, join(tmpdir(), 'gpuframe-example.parquet'), { compression: 'snappy' });
 * console.log((await gf.readParquet(bytes)).numRows); // 2
 * ```
 */
export async function writeParquet<A extends BinaryOutput | undefined = undefined>(table: Table, path?: string, options: WriteParquetOptions & { as?: A } = {}): Promise<Written<A, Uint8Array>> {
  checkOptions('writeParquet', options, WRITE_OPTIONS);
  const kind = outputKind<BinaryOutput>('writeParquet', options.as, ['bytes', 'blob'], 'bytes');
  const compression = options.compression ?? 'zstd';
  if (!(compression in CODECS)) throw new ValueError(`writeParquet: expected compression ${Object.keys(CODECS).map((c) => `'${c}'`).join(' | ')}, got ${JSON.stringify(compression)}`);
  const rowGroupSize = options.rowGroupSize ?? 1 << 20;
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) throw new ValueError(`writeParquet: expected rowGroupSize as a positive integer, got ${JSON.stringify(options.rowGroupSize)}`);
  const { table: t, geo } = await geoParquetTable(table, options.geometryEncoding ?? 'wkb');
  const ipc = arrow.tableToIPC(t, 'stream');
  const bytes = await withParquetWasm(({ pw }) => {
    let builder = new pw.WriterPropertiesBuilder().setCompression(pw.Compression[CODECS[compression]]).setMaxRowGroupSize(rowGroupSize);
    if (geo !== undefined) builder = builder.setKeyValueMetadata(new Map([['geo', geo]]));
    return pw.writeParquet(pw.Table.fromIPCStream(ipc), builder.build());
  });
  if (path !== undefined) await writeFileBytes('writeParquet', path, bytes);
  return bytesOutput(kind, bytes, MEDIA_TYPES.parquet) as Written<A, Uint8Array>;
}
