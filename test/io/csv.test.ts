import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';

// Golden from pandas: scripts/golden/csv_reference.py (regenerate and review on purpose only).
const golden = JSON.parse(readFileSync(new URL('../fixtures/csv/airports.json', import.meta.url), 'utf8'));
const AIRPORTS = 'data/airports.csv';

const values = (t: gf.DataFrame, name: string) => t.column(name).toValues();
const col = (t: gf.DataFrame, name: string) => t.column(name);
const types = (t: gf.DataFrame) => Object.fromEntries(t.names.map((n, i) => [n, t.getColumns()[i]!.type]));

// Every test runs on both parsers: the fast path that 'auto' picks for these files, and papaparse.
for (const engine of ['auto', 'papaparse'] as const) {
  const readCSV = (pathOrText: string, options: NonNullable<Parameters<typeof gf.readCSV>[1]> = {}) => gf.readCSV(pathOrText, { engine, ...options });

  describe(`readCSV on data/airports.csv (vega-datasets) against pandas (engine ${engine})`, () => {
    it('has the rows, columns and dtypes pandas finds', async () => {
      const t = await readCSV(AIRPORTS);
      expect(t.numRows).toBe(golden.numRows);
      expect(t.names).toEqual(golden.columns);
      const want = Object.fromEntries(Object.entries(golden.dtypes as Record<string, string>).map(([k, v]) => [k, v === 'object' ? 'utf8' : v]));
      expect(types(t)).toEqual(want);
      for (const c of t.getColumns()) expect(c.length).toBe(golden.numRows);
    });

    it('reads only empty fields as null by default, and NA too when asked (pandas default)', async () => {
      const t = await readCSV(AIRPORTS);
      for (const n of t.names) expect(await col(t, n).nullCount(), n).toBe(golden.nullCounts[n]);
      const na = await readCSV(AIRPORTS, { nullValues: ['NA'] });
      for (const n of na.names) expect(await col(na, n).nullCount(), n).toBe(golden.nullCountsPandasDefault[n]);
      expect(golden.nullCountsPandasDefault.city).toBe(12);
    });

    it('matches pandas values: sums, distinct counts, sorted dictionaries, whole rows, JFK', async () => {
      const t = await readCSV(AIRPORTS);
      for (const [n, sum] of Object.entries(golden.sums as Record<string, number>)) {
        const v = (await values(t, n)) as number[];
        expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 6);
      }
      for (const [n, count] of Object.entries(golden.distinct as Record<string, number>)) {
        const dict = col(t, n).dictionary!;
        expect(dict.length, n).toBe(count);
        expect([...dict].sort()).toEqual(dict);
        expect([dict[0], dict[dict.length - 1]]).toEqual(golden.firstLast[n]);
      }
      const rows = await Promise.all(t.names.map((n) => values(t, n)));
      const row = (i: number) => Object.fromEntries(t.names.map((n, k) => [n, rows[k]![i]]));
      for (const [i, want] of Object.entries(golden.rows)) expect(row(Number(i))).toEqual(want);
      expect(row(golden.jfkIndex)).toEqual(golden.jfk);
      expect(row(golden.jfkIndex)).toMatchObject({ iata: 'JFK', city: 'New York', latitude: 40.63975111, longitude: -73.77892556 });
    });

    it('projects columns in the order asked and honours dtype overrides', async () => {
      const t = await readCSV(AIRPORTS, { columns: ['latitude', 'iata'], dtypes: { latitude: 'utf8' } });
      expect(t.names).toEqual(['latitude', 'iata']);
      expect(types(t)).toEqual({ latitude: 'utf8', iata: 'utf8' });
      const lat = (await values(t, 'latitude')) as string[];
      expect(lat[golden.jfkIndex]).toBe('40.63975111');
    });
  });

  describe(`readCSV type inference (engine ${engine})`, () => {
    it('runs the TSDoc examples', async () => {
      const t = await readCSV('id,score,name\n1,2.5,b\n2,,a\n');
      expect([t.numRows, t.getColumns().map((c) => c.type)]).toEqual([2, ['int32', 'float64', 'utf8']]);
      const u = await readCSV('a,b\n1,x\n');
      expect([u.names, u.numRows, u.getColumns()[0]!.type]).toEqual([['a', 'b'], 1, 'int32']);
      const seen: number[] = [];
      const a = await readCSV('data/airports.csv', { columns: ['iata', 'latitude'], onProgress: (p) => seen.push(p.bytesRead) });
      expect(a.names).toEqual(['iata', 'latitude']);
      expect(seen).toEqual([statSync('data/airports.csv').size]); // a small file: only the report at the end
    });


    it('int32 up to its bounds, int64 past them, exact past 2^53', async () => {
      const t = await readCSV('a,b,c,d\n2147483647,2147483648,9007199254740993,9223372036854775807\n-2147483648,-2147483649,-9007199254740995,-9223372036854775808\n0,1,+7,007\n');
      expect(types(t)).toEqual({ a: 'int32', b: 'int64', c: 'int64', d: 'int64' });
      expect(await values(t, 'a')).toEqual([2147483647, -2147483648, 0]);
      expect(await values(t, 'b')).toEqual([2147483648n, -2147483649n, 1n]);
      expect(await values(t, 'c')).toEqual([9007199254740993n, -9007199254740995n, 7n]);
      expect(await values(t, 'd')).toEqual([2n ** 63n - 1n, -(2n ** 63n), 7n]);
    });

    it('integers beyond int64 become float64 (nearest double)', async () => {
      const t = await readCSV('a\n9223372036854775808\n1\n');
      expect(t.getColumns()[0]!.type).toBe('float64');
      expect(await t.getColumns()[0]!.toValues()).toEqual([9223372036854775808, 1]);
    });

    it('floats: decimals, exponents, inf, nan, and ints mixed with floats', async () => {
      const t = await readCSV('a,b\n1e3,1\n-2.5E-3,2.5\n.5,3\n5.,4\n+1.5,5\ninf,6\n-Infinity,7\nNaN,8\n', {});
      expect(types(t)).toEqual({ a: 'float64', b: 'float64' });
      const a = (await values(t, 'a')) as number[];
      expect(a.slice(0, 7)).toEqual([1000, -0.0025, 0.5, 5, 1.5, Infinity, -Infinity]);
      expect(Number.isNaN(a[7])).toBe(true);
      expect(await values(t, 'b')).toEqual([1, 2.5, 3, 4, 5, 6, 7, 8]);
      await expect(readFloat('0.1')).resolves.toBe(0.1);
    });

    it('bools in any case; bools mixed with numbers are text; padded numbers are text', async () => {
      const t = await readCSV('a,b,c\ntrue,true, 1\nFALSE,1,2\nTrue,0,3\n');
      expect(types(t)).toEqual({ a: 'bool', b: 'utf8', c: 'utf8' });
      expect(await values(t, 'a')).toEqual([true, false, true]);
      expect(await values(t, 'c')).toEqual([' 1', '2', '3']);
    });

    it('empty fields are null in every dtype; an all-empty column is utf8 of nulls', async () => {
      const t = await readCSV('i,l,f,b,s,e\n1,,1.5,true,x,\n,5000000000,,,,\n3,1,,false,,\n');
      expect(types(t)).toEqual({ i: 'int32', l: 'int64', f: 'float64', b: 'bool', s: 'utf8', e: 'utf8' });
      expect(await values(t, 'i')).toEqual([1, null, 3]);
      expect(await values(t, 'l')).toEqual([null, 5000000000n, 1n]);
      expect(await values(t, 'f')).toEqual([1.5, null, null]);
      expect(await values(t, 'b')).toEqual([true, null, false]);
      expect(await values(t, 's')).toEqual(['x', null, null]);
      expect(await values(t, 'e')).toEqual([null, null, null]);
      expect(col(t, 'i').validity).toBeDefined();
      expect([...(await col(t, 'i').validity!.toArray())]).toEqual([0b101]);
      const dense = await readCSV('a\n1\n2\n');
      expect(dense.getColumns()[0]!.validity).toBeUndefined();
    });

    it('nullValues adds null strings', async () => {
      const t = await readCSV('a,b\n1,NA\nNA,x\n,y\n', { nullValues: ['NA'] });
      expect(types(t)).toEqual({ a: 'int32', b: 'utf8' });
      expect(await values(t, 'a')).toEqual([1, null, null]);
      expect(await values(t, 'b')).toEqual([null, 'x', 'y']);
    });

    it('quoted fields keep delimiters, newlines and escaped quotes', async () => {
      const t = await readCSV('a,b\n"x,y",1\n"line1\nline2",2\n"he said ""hi""",3\n');
      expect(await values(t, 'a')).toEqual(['x,y', 'line1\nline2', 'he said "hi"']);
      expect(await values(t, 'b')).toEqual([1, 2, 3]);
    });

    it('utf8 columns get a sorted dictionary and codes in lexical order', async () => {
      const t = await readCSV('s\nb\na\nc\na\nÉ\n');
      const c = t.getColumns()[0]!;
      expect(c.dictionary).toEqual(['a', 'b', 'c', 'É']);
      expect([...(await c.data.toArray())]).toEqual([1, 0, 2, 0, 3]);
    });

    it('dtype overrides parse as asked: float64 of ints, int64 of small ints, bool of 1/0, utf8 keeps zeros', async () => {
      const t = await readCSV('a,b,c,zip\n1,2,1,00501\n3,,0,10001\n', { dtypes: { a: 'float64', b: 'int64', c: 'bool', zip: 'utf8' } });
      expect(types(t)).toEqual({ a: 'float64', b: 'int64', c: 'bool', zip: 'utf8' });
      expect(await values(t, 'a')).toEqual([1, 3]);
      expect(await values(t, 'b')).toEqual([2n, null]);
      expect(await values(t, 'c')).toEqual([true, false]);
      expect(await values(t, 'zip')).toEqual(['00501', '10001']);
    });

    it('header: false, delimiters, CRLF, a BOM and text: true', async () => {
      const t = await readCSV('1;x\r\n2;y\r\n', { header: false, delimiter: ';' });
      expect(t.names).toEqual(['column_1', 'column_2']);
      expect(await values(t, 'column_1')).toEqual([1, 2]);
      expect(await values(t, 'column_2')).toEqual(['x', 'y']);
      const tab = await readCSV('\ufeffa\tb\n1\t2', { delimiter: '\t' });
      expect(tab.names).toEqual(['a', 'b']);
      expect(tab.numRows).toBe(1);
      const one = await readCSV('a,b', { text: true });
      expect(one.names).toEqual(['a', 'b']);
      expect(one.numRows).toBe(0);
    });

    it('empty input, header only, empty lines and one-column files', async () => {
      // no record at all is a ParseError (Polars: NoDataError); a header alone is 0 rows
      expect(await rejection(readCSV('', { text: true }))).toBeInstanceOf(gf.ParseError);
      const headerOnly = await readCSV('a,b\n');
      expect(headerOnly.numRows).toBe(0);
      expect(headerOnly.getColumns().map((c) => c.length)).toEqual([0, 0]);
      const gaps = await readCSV('a,b\n1,2\n\n3,4\n\n');
      expect(await values(gaps, 'a')).toEqual([1, 3]);
      const single = await readCSV('v\n1\n\n2\n\n\n');
      expect(await values(single, 'v')).toEqual([1, null, 2]);
    });

    it('a large file with typed and inferred columns (growth past the initial capacity)', async () => {
      const n = 100_000;
      const lines = ['i,f,s,big'];
      for (let k = 0; k < n; k++) lines.push(`${k - 50_000},${k / 4},k${k % 7},${k === n - 1 ? '4294967296' : k}`);
      const t = await readCSV(lines.join('\n'), { dtypes: { f: 'float64' } });
      expect(types(t)).toEqual({ i: 'int32', f: 'float64', s: 'utf8', big: 'int64' });
      const i = (await col(t, 'i').data.toArray()) as Int32Array;
      const f = (await col(t, 'f').data.toArray()) as Float64Array;
      expect(i.length).toBe(n);
      expect(f.length).toBe(n);
      for (let k = 0; k < n; k += 997) {
        expect(i[k]).toBe(k - 50_000);
        expect(f[k]).toBe(k / 4);
      }
      expect(col(t, 's').dictionary).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
      expect(((await col(t, 'big').data.toArray()) as BigInt64Array)[n - 1]).toBe(4294967296n);
    });
  });

  async function readFloat(s: string): Promise<unknown> {
    const t = await readCSV(`x\n${s}\n`);
    return (await t.getColumns()[0]!.toValues())[0];
  }

  describe(`readCSV errors (engine ${engine})`, () => {
    it('a row with the wrong number of fields names file, line and counts', async () => {
      const e = await rejection(readCSV('a,b\n1,2\n3,4,5\n'));
      expect(e).toBeInstanceOf(gf.ParseError);
      expect((e as gf.ParseError).row).toBe(3);
      expect((e as gf.ParseError).file).toBe('<text>');
      expect(e.message).toContain('expected 2 fields, got 3');
      const short = await rejection(readCSV('a,b\n1,2\n3\n'));
      expect(short.message).toContain('expected 2 fields, got 1');
    });

    it('lines are counted through quoted newlines, and files are named by path', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gf-csv-'));
      const path = join(dir, 'bad.csv');
      writeFileSync(path, 'a,b\n1,"x\ny"\n2\n');
      const e = (await rejection(readCSV(path))) as gf.ParseError;
      expect(e).toBeInstanceOf(gf.ParseError);
      expect(e.file).toBe(path);
      expect(e.row).toBe(4);
      expect(e.message).toContain(path);
      expect(e.message).toContain('row 4');
    });

    it('a value that does not parse under a dtype override names file, line and column', async () => {
      const e = (await rejection(readCSV('a,b\n1,2\nx,3\n', { dtypes: { a: 'int32' } }))) as gf.ParseError;
      expect(e).toBeInstanceOf(gf.ParseError);
      expect([e.row, e.column]).toEqual([3, 'a']);
      for (const [text, dtype] of [
        ['a\n2147483648\n', 'int32'],
        ['a\n1.5\n', 'int32'],
        ['a\n9223372036854775808\n', 'int64'],
        ['a\n1,5\n', 'float64'],
        ['a\nyes\n', 'bool'],
      ] as const) {
        const err = (await rejection(readCSV(text, { dtypes: { a: dtype }, ...(text.includes(',') ? { delimiter: ';' } : {}) }))) as gf.ParseError;
        expect(err, `${text} as ${dtype}`).toBeInstanceOf(gf.ParseError);
        expect([err.row, err.column]).toEqual([2, 'a']);
      }
    });

    it('a missing file, an unterminated quote and duplicate names are ParseErrors', async () => {
      const missing = (await rejection(readCSV('/no/such/dir/airports.csv'))) as gf.ParseError;
      expect(missing).toBeInstanceOf(gf.ParseError);
      expect(missing.file).toBe('/no/such/dir/airports.csv');
      const quote = (await rejection(readCSV('a,b\n1,2\n3,"open\n'))) as gf.ParseError;
      expect(quote).toBeInstanceOf(gf.ParseError);
      expect(quote.row).toBe(3);
      expect(await rejection(readCSV('a,a\n1,2\n'))).toBeInstanceOf(gf.ParseError);
    });

    it('bad options: unknown columns, unknown dtypes, bad delimiters', async () => {
      expect(await rejection(readCSV('a\n1\n', { columns: ['b'] }))).toBeInstanceOf(gf.ColumnNotFoundError);
      expect(await rejection(readCSV('a\n1\n', { dtypes: { b: 'int32' } }))).toBeInstanceOf(gf.ColumnNotFoundError);
      expect(await rejection(readCSV('a\n1\n', { dtypes: { a: 'float16' as 'float64' } }))).toBeInstanceOf(gf.DTypeError);
      expect(await rejection(readCSV('a\n1\n', { delimiter: '::' }))).toBeInstanceOf(gf.ValueError);
      expect(await rejection(readCSV('a\n1\n', { columns: ['a', 'a'] }))).toBeInstanceOf(gf.ValueError);
      const proto = await readCSV('constructor\n1\n');
      expect(proto.getColumns()[0]!.type).toBe('int32');
    });
  });
}
