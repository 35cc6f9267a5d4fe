import { describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as gf from 'gpuframe';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { randomFrame } from '../helpers/random-frame.js';

const FIXTURES = new URL('../fixtures/parquet/', import.meta.url);

/** JSON-comparable form of a value: 64-bit ints, NaN, ±Infinity and -0 as strings (golden.json's form). */
function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return Object.is(v, -0) ? '-0' : String(v);
  return v;
}

async function columnsOf(df: gf.DataFrame): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const n of df.names) out[n] = (await df.column(n).toValues()).map(norm);
  return out;
}

function bufferOf(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function flightsPath(): string | undefined {
  try {
    const req = createRequire(import.meta.url);
    const p = join(dirname(req.resolve('vega-datasets')), '..', 'data', 'flights-3m.parquet');
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

describe('readParquet on a file written by another library (hyparquet-writer golden)', () => {
  const golden = JSON.parse(readFileSync(new URL('golden.json', FIXTURES), 'utf8')) as Record<string, unknown[]>;
  const path = new URL('golden.parquet', FIXTURES).pathname;

  test('every value, null and type, across 3 row groups, dictionary pages and snappy', async () => {
    const df = await gf.readParquet(path);
    expect(df.schema).toEqual({ i8: 'int8', u16: 'uint16', i32: 'int32', i64: 'int64', f64: 'float64', s: 'utf8', b: 'bool', d: 'date', ts_ns: 'timestamp', ts_us_utc: 'timestamp' });
    expect(df.column('ts_ns').unit).toBe('ns');
    expect(df.column('ts_ns').timezone).toBeUndefined();
    expect(df.column('ts_us_utc').unit).toBe('us');
    expect(df.column('ts_us_utc').timezone).toBe('UTC'); // arrow-rs names isAdjustedToUTC 'UTC'
    expect(await columnsOf(df)).toEqual(golden);
  });

  test('column projection keeps the requested order; row groups select rows; onProgress per group', async () => {
    const progress: Array<{ rowsRead: number; totalRows: number }> = [];
    const df = await gf.readParquet(readFileSync(path), { columns: ['s', 'i64'], rowGroups: [0, 2], onProgress: (p) => progress.push(p) });
    expect(df.names).toEqual(['s', 'i64']);
    // 10 rows in groups of 4: group 0 = rows 0-3, group 2 = rows 8-9.
    const rows = [0, 1, 2, 3, 8, 9];
    expect(await columnsOf(df)).toEqual({ s: rows.map((r) => golden.s![r]), i64: rows.map((r) => golden.i64![r]) });
    expect(progress).toEqual([{ rowsRead: 4, totalRows: 6 }, { rowsRead: 6, totalRows: 6 }]);
  });

  test('bad options and bad files are typed errors naming the file or column', async () => {
    await expect(gf.readParquet(path, { columns: ['nope'] })).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(gf.readParquet(path, { columns: ['nope'] })).rejects.toThrow(/'nope'/);
    await expect(gf.readParquet(path, { rowGroups: [3] })).rejects.toThrow(gf.ValueError);
    const dir = mkdtempSync(join(tmpdir(), 'gf-pq-'));
    const bytes = readFileSync(path);
    const truncated = join(dir, 'truncated.parquet');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    await expect(gf.readParquet(truncated)).rejects.toThrow(gf.ParseError);
    await expect(gf.readParquet(truncated)).rejects.toThrow(/truncated\.parquet/);
    const garbage = join(dir, 'garbage.parquet');
    writeFileSync(garbage, 'PAR1 this is not parquet at all PAR1');
    await expect(gf.readParquet(garbage)).rejects.toThrow(gf.ParseError);
    // Corrupt a data page in the middle: the footer decodes, a row group does not.
    const corrupt = new Uint8Array(bytes);
    for (let i = 200; i < 600; i++) corrupt[i] = 0xa5;
    const err = await gf.readParquet(corrupt).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(gf.ParseError);
    expect((err as gf.ParseError).file).toBe('<bytes>');
    await expect(gf.readParquet(join(dir, 'missing.parquet'))).rejects.toThrow(/missing\.parquet/);
  });
});

describe('writeParquet → readParquet', () => {
  test('a random frame of every type survives each codec; an independent reader (hyparquet) agrees', async () => {
    const df = randomFrame(1000, 11);
    const expected = await columnsOf(df);
    for (const compression of ['uncompressed', 'snappy', 'gzip', 'zstd'] as const) {
      const bytes = await gf.writeParquet(df, undefined, { compression, rowGroupSize: 300 });
      const md = parquetMetadata(bufferOf(bytes));
      expect(md.row_groups.length).toBe(4);
      expect(new Set(md.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data!.codec)))).toEqual(new Set([compression.toUpperCase()]));
      const back = await gf.readParquet(bytes);
      expect(back.schema).toEqual(df.schema);
      expect(back.column('t').unit).toBe('ms');
      expect(await columnsOf(back)).toEqual(expected);
    }
    // hyparquet reads what we wrote: int64 exact (bigint), nulls where ours are.
    const bytes = await gf.writeParquet(df, undefined, { compression: 'zstd' });
    const rows = (await parquetReadObjects({ file: bufferOf(bytes), compressors, columns: ['l', 'i', 's'] })) as Array<Record<string, unknown>>;
    expect(rows.map((r) => norm(r.l ?? null))).toEqual(expected.l);
    expect(rows.map((r) => r.i ?? null)).toEqual(expected.i);
    expect(rows.map((r) => r.s ?? null)).toEqual(expected.s);
  });

  test('int8/16, uint8/16/64, categorical, and timestamps in every unit with a time zone round-trip', async () => {
    const n = 5;
    const valid = new Uint8Array([0b10111]);
    const ts = (unit: 's' | 'ms' | 'us' | 'ns', timezone?: string) =>
      new gf.Column({ type: 'timestamp', unit, timezone, data: gf.DataBuffer.fromHost(new BigInt64Array([-(2n ** 62n), 0n, 1n, 2n ** 62n + 7n, -1n]), 'int64'), validity: gf.DataBuffer.fromHost(valid, 'uint8') });
    const cat = gf.Column.from(['z', 'a', null, 'z', 'm']);
    const df = new gf.DataFrame({
      i8: gf.Column.from(new Int8Array([-128, 127, 0, -1, 1]), valid),
      i16: gf.Column.from(new Int16Array([-32768, 32767, 0, -1, 1])),
      u8: gf.Column.from(new Uint8Array([0, 255, 1, 2, 3]), valid, 'uint8'),
      u16: gf.Column.from(new Uint16Array([0, 65535, 1, 2, 3])),
      u64: gf.Column.from(new BigUint64Array([0n, 2n ** 64n - 1n, 2n ** 53n + 1n, 1n, 2n])),
      cat: new gf.Column({ type: 'categorical', data: cat.data, validity: cat.validity, dictionary: cat.dictionary }),
      t_s: ts('s', 'Europe/Paris'),
      t_ms: ts('ms'),
      t_us: ts('us', 'UTC'),
      t_ns: ts('ns', 'America/New_York'),
    });
    expect(df.numRows).toBe(n);
    const back = await gf.readParquet(await gf.writeParquet(df));
    expect(back.schema).toEqual(df.schema);
    for (const c of ['t_s', 't_ms', 't_us', 't_ns']) {
      expect([back.column(c).unit, back.column(c).timezone]).toEqual([df.column(c).unit, df.column(c).timezone]);
    }
    expect(back.column('cat').dictionary).toEqual(['a', 'm', 'z']);
    expect(await columnsOf(back)).toEqual(await columnsOf(df));
  });

  test('an empty frame and a path argument', async () => {
    const df = randomFrame(0, 1);
    const file = join(mkdtempSync(join(tmpdir(), 'gf-pq-')), 'empty.parquet');
    const bytes = await gf.writeParquet(df, file);
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
    const back = await gf.readParquet(file);
    expect(back.numRows).toBe(0);
    expect(back.schema).toEqual(df.schema);
    await expect(gf.writeParquet(df, undefined, { compression: 'lzo' as 'zstd' })).rejects.toThrow(gf.ValueError);
    await expect(gf.writeParquet(df, undefined, { rowGroupSize: 0 })).rejects.toThrow(gf.ValueError);
  });
});

const flights = flightsPath();

describe.skipIf(!flights)('the real vega-datasets flights-3m.parquet (Polars, ZSTD, dictionary pages)', () => {
  test('first and last row groups agree with hyparquet, value for value', async () => {
    const bytes = readFileSync(flights!);
    const md = parquetMetadata(bufferOf(bytes));
    expect(Number(md.num_rows)).toBe(3_000_000);
    const last = md.row_groups.length - 1;
    const df = await gf.readParquet(flights!, { rowGroups: [0, last] });
    expect(df.schema).toEqual({ date: 'timestamp', delay: 'int64', distance: 'int64', origin: 'utf8', destination: 'utf8' });
    expect(df.column('date').unit).toBe('us');
    const sizes = md.row_groups.map((g) => Number(g.num_rows));
    expect(df.numRows).toBe(sizes[0]! + sizes[last]!);
    const start = sizes.slice(0, last).reduce((a, b) => a + b, 0);
    const exact = { timestampFromMicroseconds: (v: bigint) => v };
    const ref = [
      ...((await parquetReadObjects({ file: bufferOf(bytes), compressors, parsers: exact, rowStart: 0, rowEnd: sizes[0] })) as Array<Record<string, unknown>>),
      ...((await parquetReadObjects({ file: bufferOf(bytes), compressors, parsers: exact, rowStart: start, rowEnd: start + sizes[last]! })) as Array<Record<string, unknown>>),
    ];
    const ours = await columnsOf(df);
    for (const name of df.names) {
      const theirs = ref.map((r) => norm(r[name] ?? null));
      expect(ours[name]!.length).toBe(theirs.length);
      let mismatches = 0;
      for (let i = 0; i < theirs.length; i++) if (ours[name]![i] !== theirs[i]) mismatches++;
      expect(mismatches, name).toBe(0);
    }
  });
});
