// The CSV fast path (src/io/csv-fast.ts) against the papaparse path: random files must give
// identical tables (names, dtypes, data bytes, validity bytes, dictionaries) or identical errors.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as gf from 'gpuframe';
import { rng as mulberry32 } from '../helpers/parity.js';
import { bytesOf, isBail, makeCSV, outcome, randomFloat, type Opts, type Outcome } from '../helpers/csv-files.js';


/** Read text with both engines (and 'auto'); expect identical outcomes; return the papaparse one. */
async function compareEngines(text: string, options: Opts, plain: boolean, what: string): Promise<Outcome> {
  const ref = await outcome(gf.readCSV(text, { ...options, text: true, engine: 'papaparse' }));
  const fast = await outcome(gf.readCSV(text, { ...options, text: true, engine: 'fast' }));
  const auto = await outcome(gf.readCSV(text, { ...options, text: true }));
  if (plain) expect(isBail(fast), `${what}: the fast path bailed on a plain file`).toBe(false);
  if (!isBail(fast)) expect(fast, what).toEqual(ref);
  expect(auto, what).toEqual(ref);
  return ref;
}

describe('readCSV fast path = papaparse path, on random files', () => {
  it('identical tables or errors on 600 seeded files (all dtypes, quoting, CRLF, BOM, nulls, overrides)', async () => {
    let fastOk = 0;
    let errors = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const { text, options, plain } = makeCSV(seed);
      const ref = await compareEngines(text, options, plain, `seed ${seed}: ${JSON.stringify(options)}\n${JSON.stringify(text.slice(0, 300))}`);
      if ('ok' in ref) fastOk++;
      else errors++;
    }
    // the generator exercises both outcomes
    expect(fastOk).toBeGreaterThan(300);
    expect(errors).toBeGreaterThan(10);
  });

  it('edge files: empty, BOM only, header only, one row, empty lines, one column', async () => {
    const cases = ['', '\ufeff', '\ufeff\ufeffa\n1', 'a', 'a\n', 'a,b', 'a,b\n', 'a,b\r\n', '\n', '\n\n', '\r\n\r\n', 'a\n1', 'a\n1\n', 'v\n1\n\n2\n\n\n', 'v\n\n\n1', 'v\n""\n1\n', '"a"\n"1"', '""', '"",""\n', 'a,b\n\n1,2\n\n', '\na,b\n1,2', 'a\r\nb\nc\r\n', 'a,b\r\n1,"x\ny"\r\n', 'a,b\n1,"x\r\ny"\n', 'x\r1\r2\r', 'a\n"1""2"\n', 'a,b\n1,2,3\n', 'a,b\n1\n', 'a,a\n1,2', ',\n1,2'];
    for (const text of cases) {
      await compareEngines(text, {}, !text.startsWith('\ufeff\ufeff'), JSON.stringify(text));
      await compareEngines(text, { header: false }, !text.startsWith('\ufeff\ufeff'), `${JSON.stringify(text)} header: false`);
    }
  });

  it('floats parse to the same bits as Number() (fast path for ≤ 15 digits, exact fallback otherwise)', async () => {
    const r = mulberry32(77);
    const values: string[] = [];
    for (let i = 0; i < 20000; i++) values.push(i % 4 === 0 ? randomFloat(r) : (r() * 10 ** Math.floor(r() * 44 - 22)).toPrecision(1 + Math.floor(r() * 17)));
    const t = await gf.readCSV(`x\n${values.join('\n')}\n`, { engine: 'fast' });
    expect(t.getColumns()[0]!.type).toBe('float64');
    const got = (await t.getColumns()[0]!.data.toArray()) as Float64Array;
    const want = Float64Array.from(values, Number);
    expect(bytesOf(got)).toEqual(bytesOf(want));
  });

  it('data/airports.csv: identical with both engines, and the fast path takes it', async () => {
    for (const options of [{}, { nullValues: ['NA'] }, { columns: ['longitude', 'iata'], dtypes: { iata: 'utf8' as const } }]) {
      const fast = await outcome(gf.readCSV('data/airports.csv', { ...options, engine: 'fast' }));
      const ref = await outcome(gf.readCSV('data/airports.csv', { ...options, engine: 'papaparse' }));
      expect('ok' in fast).toBe(true);
      expect(fast).toEqual(ref);
    }
  });

  it('files: invalid UTF-8 falls back to papaparse (same table as before); engine fast refuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-csv-fast-'));
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, Buffer.from([...Buffer.from('name,n\n'), 0x63, 0x61, 0x66, 0xe9, ...Buffer.from(',1\nb,2\n')]));
    const auto = await outcome(gf.readCSV(path));
    expect(auto).toEqual(await outcome(gf.readCSV(path, { engine: 'papaparse' })));
    const t = await gf.readCSV(path);
    expect(t.getColumns()[0]!.dictionary).toEqual(['b', 'caf\ufffd']);
    expect(isBail(await outcome(gf.readCSV(path, { engine: 'fast' })))).toBe(true);
  });
});

describe('readCSV fast path: hand-written expectations', () => {
  it('types, values, nulls and dictionaries of a small file', async () => {
    const t = await gf.readCSV('i,l,f,b,s\r\n1,9007199254740993,-0,TRUE,"x,y"\r\n,-9223372036854775808,.5,false,\r\n-7,-4294967296,1e-3,,"he said ""hi"""\r\n', { engine: 'fast' });
    expect(t.getColumns().map((c) => c.type)).toEqual(['int32', 'int64', 'float64', 'bool', 'utf8']);
    const v = await Promise.all(t.getColumns().map((c) => c.toValues()));
    expect(v[0]).toEqual([1, null, -7]);
    expect(v[1]).toEqual([9007199254740993n, -(2n ** 63n), -4294967296n]);
    expect(Object.is(v[2]![0], -0)).toBe(true);
    expect(v[2]).toEqual([-0, 0.5, 0.001]);
    expect(v[3]).toEqual([true, false, null]);
    expect(v[4]).toEqual(['x,y', null, 'he said "hi"']);
    expect(t.getColumns()[4]!.dictionary).toEqual(['he said "hi"', 'x,y']);
  });

  it('a column that is numeric for many rows, then text, keeps every value as text', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => (i === 2500 ? 'oops' : i % 3 === 0 ? '' : String(i * 1.5)));
    const t = await gf.readCSV(`x,y\n${rows.map((v, i) => `${v},${i}`).join('\n')}`, { engine: 'fast' });
    expect(t.getColumns().map((c) => c.type)).toEqual(['utf8', 'int32']);
    expect(await t.getColumns()[0]!.toValues()).toEqual(rows.map((v) => (v === '' ? null : v)));
  });

  it('errors name file, line and column as the papaparse path does', async () => {
    const e = await outcome(gf.readCSV('a,b\n1,"x\ny"\n3\n', { engine: 'fast' }));
    expect(e).toMatchObject({ error: { name: 'ParseError', row: 4, file: '<text>' } });
    const d = await outcome(gf.readCSV('a,b\r\n1,2\r\nx,3\r\n', { engine: 'fast', dtypes: { a: 'int32' } }));
    expect(d).toMatchObject({ error: { name: 'ParseError', row: 3, column: 'a' } });
    expect((d as { error: { message: string } }).error.message).toContain('expected a int32 value, got "x"');
  });

  it('bad engine and onProgress options are ValueErrors', async () => {
    expect(await outcome(gf.readCSV('a\n1\n', { engine: 'polars' as 'auto' }))).toMatchObject({ error: { name: 'ValueError' } });
    expect(await outcome(gf.readCSV('a\n1\n', { onProgress: 3 as unknown as () => void }))).toMatchObject({ error: { name: 'ValueError' } });
  });
});

describe('readCSV onProgress', () => {
  it('reports at least every MiB, monotonic, ending at the file size, on both engines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-csv-progress-'));
    const path = join(dir, 'big.csv');
    const r = mulberry32(5);
    const lines = ['\ufeffa,b,c'];
    for (let i = 0; i < 120_000; i++) lines.push(`${i},${r().toFixed(6)},"é${i % 13}"`);
    writeFileSync(path, lines.join('\n') + '\n');
    const size = statSync(path).size;
    for (const engine of ['fast', 'papaparse'] as const) {
      const seen: Array<{ bytesRead: number; totalBytes: number; rowsRead: number }> = [];
      const t = await gf.readCSV(path, { engine, onProgress: (p) => seen.push(p) });
      expect(t.numRows).toBe(120_000);
      expect(seen.length, engine).toBeGreaterThanOrEqual(Math.floor(size / 2 ** 20));
      for (let k = 1; k < seen.length; k++) {
        expect(seen[k]!.bytesRead).toBeGreaterThanOrEqual(seen[k - 1]!.bytesRead);
        expect(seen[k]!.rowsRead).toBeGreaterThanOrEqual(seen[k - 1]!.rowsRead);
        expect(seen[k]!.bytesRead - seen[k - 1]!.bytesRead).toBeLessThan(2 ** 20 + 100);
      }
      expect(seen.every((p) => p.totalBytes === size && p.bytesRead <= size)).toBe(true);
      expect(seen.at(-1)).toEqual({ bytesRead: size, totalBytes: size, rowsRead: 120_000 });
    }
    // text input: totalBytes is the UTF-8 size
    const text = 'a\né\n';
    const seen: unknown[] = [];
    await gf.readCSV(text, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([{ bytesRead: 5, totalBytes: 5, rowsRead: 1 }]);
  });
});
