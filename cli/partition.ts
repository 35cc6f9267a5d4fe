/**
 * One partition in, one result out, for `gpuframe worker` (./worker.ts).
 * - A partition is `{ path, format?, rowGroup? }`: a Parquet file (all of it, or one row group),
 *   a CSV file or an Arrow IPC file; the format is taken from the extension when not given.
 * - A result is written atomically: to a temporary name beside the target (same folder, so the
 *   rename cannot cross file systems), then renamed over it. A failed write removes the
 *   temporary file, so a reader of the target sees the whole result or nothing.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import * as gf from '../index.js';
import { checkFooter } from '../src/io/parquet-footer.js';

export type InputFormat = 'parquet' | 'csv' | 'arrow';
export type OutputFormat = 'parquet' | 'arrow' | 'json';

/** A partition as a request names it. */
export interface Partition {
  path: string;
  format?: InputFormat;
  rowGroup?: number;
}

const INPUT_FORMATS: Record<string, InputFormat> = { '.parquet': 'parquet', '.pq': 'parquet', '.csv': 'csv', '.arrow': 'arrow', '.feather': 'arrow', '.ipc': 'arrow' };
const OUTPUT_FORMATS: Record<string, OutputFormat> = { '.parquet': 'parquet', '.pq': 'parquet', '.arrow': 'arrow', '.feather': 'arrow', '.ipc': 'arrow', '.json': 'json' };

/** Checks a request's partition (from JSON), naming what is wrong. */
export function checkPartition(op: string, p: unknown): Partition {
  const part = (typeof p === 'string' ? { path: p } : p) as Partial<Partition> | null;
  if (part === null || typeof part !== 'object' || typeof part.path !== 'string' || part.path === '') throw new gf.ValueError(`${op}: expected a partition as a path or { path, format?, rowGroup? }, got ${JSON.stringify(p)}`);
  const format = part.format ?? INPUT_FORMATS[extname(part.path).toLowerCase()];
  if (format === undefined || !['parquet', 'csv', 'arrow'].includes(format)) throw new gf.ValueError(`${op}: expected format 'parquet' | 'csv' | 'arrow' (or a .parquet/.csv/.arrow path), got ${JSON.stringify(part.format ?? extname(part.path))} for ${part.path}`);
  if (part.rowGroup !== undefined && (format !== 'parquet' || !Number.isInteger(part.rowGroup) || part.rowGroup < 0)) throw new gf.ValueError(`${op}: expected rowGroup as an integer >= 0 of a Parquet partition, got ${JSON.stringify(part.rowGroup)} for ${part.path}`);
  return { path: part.path, format, rowGroup: part.rowGroup };
}

/** Reads a partition into a frame. */
export async function readPartition(p: Partition): Promise<gf.DataFrame> {
  if (p.format === 'csv') return gf.readCSV(p.path);
  if (p.format === 'arrow') return gf.readArrow(p.path);
  return gf.readParquet(p.path, p.rowGroup === undefined ? {} : { rowGroups: [p.rowGroup] });
}

/** Rows per row group of a Parquet file (from its footer; no data page is decoded). */
export async function describeParquet(path: string): Promise<number[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new gf.IOError(`describe: expected a readable file, got ${code ?? String(e)}`, path, code);
  }
  return checkFooter('describe', bytes, path).groupRows;
}

/** The output format of a request: given, or from the path's extension. */
export function outputFormat(op: string, path: unknown, format: unknown): OutputFormat {
  if (typeof path !== 'string' || path === '') throw new gf.ValueError(`${op}: expected output as a path, got ${JSON.stringify(path)}`);
  const f = format ?? OUTPUT_FORMATS[extname(path).toLowerCase()];
  if (f !== 'parquet' && f !== 'arrow' && f !== 'json') throw new gf.ValueError(`${op}: expected outputFormat 'parquet' | 'arrow' | 'json' (or a .parquet/.arrow/.json path), got ${JSON.stringify(format ?? extname(path))} for ${path}`);
  return f;
}

/** Writes `df` to `path` atomically: a temporary name in the same folder, then a rename. */
export async function writeAtomically(df: gf.DataFrame, path: string, format: OutputFormat): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (format === 'parquet') await gf.writeParquet(df, tmp);
    else if (format === 'arrow') await gf.writeArrow(df, tmp);
    else await gf.writeJSON(df, tmp);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
