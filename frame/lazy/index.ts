/** Streaming: lazy frames over files larger than memory (`scanCSV`, `scanParquet`). */
import { csvSource, parquetSource, type ScanCSVOptions, type ScanParquetOptions } from './scan.js';
import { LazyFrame } from './lazy-frame.js';

export { LazyFrame, LazyGroupBy } from './lazy-frame.js';
export type { ScanCSVOptions, ScanParquetOptions, ScanSettings } from './scan.js';
export type { SinkCSVOptions, SinkParquetOptions } from './sink.js';

/**
 * A CSV file as a LazyFrame: read in chunks cut at record boundaries (about 16 MiB, or
 * memoryLimit / 16), each parsed by `readCSV`'s parsers, given as batches of `batchRows`
 * rows. Options as readCSV's (not `text` or `onProgress`) plus `batchRows` and `memoryLimit`;
 * column types come from the first chunk (or `dtypes`) and hold for the whole file. Errors
 * name the file, its line and the column. Node only (a browser has no paths).
 *
 * @example
 * ```ts
 * const lf = gf.scanCSV('data/airports.csv', { batchRows: 1000, columns: ['state', 'latitude'] });
 * let batches = 0;
 * for await (const batch of lf) batches++;
 * console.log(batches); // 4
 * const top = await lf.groupBy('state').agg({ n: ['latitude', 'count'] }).collect();
 * console.log(top.columns); // ['state', 'n']
 * ```
 */
export function scanCSV(path: string, options: ScanCSVOptions = {}): LazyFrame {
  return new LazyFrame(csvSource(path, options ?? {}));
}

/**
 * Parquet files as a LazyFrame: a path, an array of paths or a glob (`*`, `?` in the file
 * name, e.g. `'parts/day-*.parquet'`, in name order), read one row group at a time by
 * `readParquet`'s reader and given as batches of `batchRows` rows. Options: `columns`,
 * `batchRows`, `memoryLimit`. Node only.
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const path = join(tmpdir(), 'gpuframe-scan-example.parquet');
 * await gf.writeParquet(new gf.DataFrame({ x: new Float64Array([1, 2, 3]) }), path, { rowGroupSize: 2 });
 * const df = await gf.scanParquet(path, { batchRows: 2 }).filter(gf.col('x').gt(1)).collect();
 * console.log(df.numRows); // 2
 * ```
 */
export function scanParquet(paths: string | readonly string[], options: ScanParquetOptions = {}): LazyFrame {
  return new LazyFrame(parquetSource(paths, options ?? {}));
}
