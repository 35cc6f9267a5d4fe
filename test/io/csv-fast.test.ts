// The CSV fast path (src/io/csv-fast.ts) against the papaparse path: random files must give
// identical tables (names, dtypes, data bytes, validity bytes, dictionaries) or identical errors.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as gf from 'gpuframe';
import { rng as mulberry32 } from '../helpers/parity.js';

type Opts = NonNullable<Parameters<typeof gf.readCSV>[1]>;
type Frame = Awaited<ReturnType<typeof gf.readCSV>>;


const bytesOf = (a: ArrayBufferView): number[] => [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];

/** Everything a table holds, as plain data: names, and per column type, length, data bytes, validity bytes, dictionary. */
async function dump(t: Frame): Promise<unknown> {
  const cols = [];
  for (const c of t.columns) {
    cols.push({
      type: c.type,
      length: c.length,
      data: bytesOf((await c.data.toArray()) as ArrayBufferView),
      validity: c.validity ? bytesOf((await c.validity.toArray()) as ArrayBufferView) : null,
      dictionary: c.dictionary ? [...c.dictionary] : null,
    });
  }
  return { names: [...t.names], numRows: t.numRows, cols };
}

type Outcome = { ok: unknown } | { error: { name: string; message: string; row?: number; column?: string; file?: string } };

async function outcome(p: Promise<Frame>): Promise<Outcome> {
  try {
    return { ok: await dump(await p) };
  } catch (e) {
    const err = e as gf.ParseError;
    return { error: { name: err.name, message: err.message, row: err.row, column: err.column, file: err.file } };
  }
}

const isBail = (o: Outcome): boolean => 'error' in o && o.error.name === 'ValueError' && o.error.message.includes("engine 'fast'");

// ---- random CSV files -------------------------------------------------------------------------

const INTS = ['0', '-0', '+7', '007', '1', '-1', '2147483647', '-2147483648', '2147483648', '-2147483649', '9007199254740993', '-9007199254740995', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-4294967296', '4294967296', '-8589934593', '-99999999999999999999', '0000000000001', '123456789012345', '1234567890123456'];
const FLOATS = ['1.5', '-0.0', '.5', '5.', '+1.5', '-.5', '1e5', '1E-5', '-2.5e+3', '1.e5', '.5e3', '0e400', '1e400', '-1e-400', '4.9e-324', '2.2250738585072014e-308', '1.7976931348623157e308', '0.1', '0.30000000000000004', 'NaN', 'nan', '-NaN', 'inf', '-Infinity', 'INF', '+infinity', '123456789012345.6', '1.000000000000000000001', '9007199254740993.0', '1e22', '1e23', '1e-22', '1e-23', '3.14159265358979323846'];
const BOOLS = ['true', 'false', 'TRUE', 'False', 'tRuE'];
const TEXTS = ['abc', 'É', '日本', '😀', ' 1', '1 ', 'NA', '1.2.3', '0x10', '1e', 'e5', '-', '+', '.', 'truee', '-true', 'infinity!', 'a\ufeffb', 'x y', 'null', '1_000', '١٢', 'Ｉnf'];
const NASTY = ['a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '"', '""', ',', 'x;y', 'tab\there', 'pipe|d', 'sp ace'];

function randomFloat(r: () => number): string {
  const x = (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
  switch (Math.floor(r() * 6)) {
    case 0:
      return String(x);
    case 1:
      return x.toFixed(Math.floor(r() * 12));
    case 2:
      return x.toExponential(Math.floor(r() * 20));
    case 3:
      return x.toPrecision(1 + Math.floor(r() * 21));
    case 4: {
      // many digits, any place for the point
      let s = '';
      const n = 1 + Math.floor(r() * 25);
      for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
      const dot = Math.floor(r() * (n + 1));
      return (r() < 0.3 ? '-' : '') + s.slice(0, dot) + '.' + s.slice(dot) + (r() < 0.3 ? `e${Math.floor(r() * 60 - 30)}` : '');
    }
    default:
      return (Math.round(x * 1e6) / 1e6).toString();
  }
}

function randomInt(r: () => number): string {
  const u = r();
  if (u < 0.5) return String(Math.floor((r() - 0.5) * 2000));
  if (u < 0.7) return String(Math.floor((r() - 0.5) * 2 ** 33));
  if (u < 0.85) return (BigInt(Math.floor((r() - 0.5) * 2 ** 52)) * 4096n + BigInt(Math.floor(r() * 4096))).toString(); // past 2^53
  return INTS[Math.floor(r() * INTS.length)]!;
}

type Gen = (r: () => number) => string;
const pick = (xs: readonly string[]): Gen => (r) => xs[Math.floor(r() * xs.length)]!;
const COLUMN_KINDS: Array<[string, Gen]> = [
  ['int', randomInt],
  ['smallint', (r) => String(Math.floor(r() * 100))],
  ['float', (r) => (r() < 0.2 ? pick(FLOATS)(r) : randomFloat(r))],
  ['bool', pick(BOOLS)],
  ['text', (r) => (r() < 0.2 ? pick(NASTY)(r) : pick(TEXTS)(r))],
  ['mixed', (r) => pick([...INTS, ...FLOATS, ...BOOLS, ...TEXTS])(r)],
  ['category', (r) => ['red', 'green', 'blue', 'Blue', 'ä'][Math.floor(r() * 5)]!],
];

interface Made {
  text: string;
  options: Opts;
  /** Whether every quote is one the fast path takes (so engine 'fast' must not bail). */
  plain: boolean;
}

/** A random CSV text with its read options. */
function makeCSV(seed: number): Made {
  const r = mulberry32(seed);
  const delim = r() < 0.6 ? ',' : pick([';', '\t', '|', ' ', 'x', '.'])(r);
  const lb = r() < 0.6 ? '\n' : r() < 0.8 ? '\r\n' : '\r';
  const ncols = 1 + Math.floor(r() * 5);
  const nrows = r() < 0.1 ? Math.floor(r() * 3) : r() < 0.9 ? Math.floor(r() * 60) : 1000 + Math.floor(r() * 2000);
  const header = r() < 0.85;
  const nullRate = r() < 0.3 ? 0 : r() * 0.3;
  const quoteRate = r() < 0.5 ? 0 : r() * 0.5;
  const kinds = Array.from({ length: ncols }, () => COLUMN_KINDS[Math.floor(r() * COLUMN_KINDS.length)]!);
  // a column that turns to text late: numbers, then one text value
  const lateText = r() < 0.3 ? Math.floor(r() * ncols) : -1;
  const lateRow = Math.floor(r() * nrows);
  const chaos = r() < 0.1; // irregular quoting (papaparse errors or tolerates): fast may bail
  let plain = true;
  const field = (v: string): string => {
    const must = v.includes(delim) || v.includes('"') || v.includes('\n') || v.includes('\r') || v.startsWith('"');
    if (must || r() < quoteRate) return `"${v.replaceAll('"', '""')}"`;
    return v;
  };
  const lines: string[] = [];
  const names = Array.from({ length: ncols }, (_, i) => (!header ? `column_${i + 1}` : r() < 0.1 ? '' : r() < 0.05 ? 'dup' : r() < 0.1 ? `na,me ${i}` : `c${i}`));
  if (header) lines.push(names.map(field).join(delim));
  const nameOf = (i: number): string => names[i] || `column_${i + 1}`;
  for (let i = 0; i < nrows; i++) {
    let fields = kinds.map(([, gen], c) => {
      if (r() < nullRate) return r() < 0.5 ? '' : r() < 0.5 ? '""' : 'NA';
      if (c === lateText) return i === lateRow ? 'late text' : randomInt(r);
      return field(gen(r));
    });
    if (r() < 0.005) fields = fields.slice(0, -1); // wrong field count
    if (r() < 0.005) fields.push('extra');
    if (chaos && r() < 0.05) {
      plain = false;
      fields[0] = pick(['"a" ', '"open', '"x"y', 'a"b', '"q""', '" sp "  '])(r);
    }
    lines.push(fields.join(delim));
    if (r() < 0.03) lines.push(''); // an empty line
  }
  let text = lines.join(lb);
  if (r() < 0.5 && lines.length > 0) text += lb;
  if (r() < 0.2) text = '\ufeff' + text;
  const options: Opts = { delimiter: delim, header };
  if (r() < 0.3) options.nullValues = ['NA'];
  const dtype = (): 'int32' => pick(['int32', 'int64', 'float64', 'bool', 'utf8'])(r) as 'int32';
  if (r() < 0.15) options.dtypes = { [nameOf(0)]: dtype() };
  if (r() < 0.1 && ncols > 1) options.dtypes = { [nameOf(0)]: dtype(), [nameOf(1)]: dtype() };
  if (r() < 0.1 && ncols > 1) options.columns = [nameOf(1), nameOf(0)];
  return { text, options, plain };
}

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
    expect(t.columns[0]!.type).toBe('float64');
    const got = (await t.columns[0]!.data.toArray()) as Float64Array;
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
    expect(t.columns[0]!.dictionary).toEqual(['b', 'caf\ufffd']);
    expect(isBail(await outcome(gf.readCSV(path, { engine: 'fast' })))).toBe(true);
  });
});

describe('readCSV fast path: hand-written expectations', () => {
  it('types, values, nulls and dictionaries of a small file', async () => {
    const t = await gf.readCSV('i,l,f,b,s\r\n1,9007199254740993,-0,TRUE,"x,y"\r\n,-9223372036854775808,.5,false,\r\n-7,-4294967296,1e-3,,"he said ""hi"""\r\n', { engine: 'fast' });
    expect(t.columns.map((c) => c.type)).toEqual(['int32', 'int64', 'float64', 'bool', 'utf8']);
    const v = await Promise.all(t.columns.map((c) => c.toValues()));
    expect(v[0]).toEqual([1, null, -7]);
    expect(v[1]).toEqual([9007199254740993n, -(2n ** 63n), -4294967296n]);
    expect(Object.is(v[2]![0], -0)).toBe(true);
    expect(v[2]).toEqual([-0, 0.5, 0.001]);
    expect(v[3]).toEqual([true, false, null]);
    expect(v[4]).toEqual(['x,y', null, 'he said "hi"']);
    expect(t.columns[4]!.dictionary).toEqual(['he said "hi"', 'x,y']);
  });

  it('a column that is numeric for many rows, then text, keeps every value as text', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => (i === 2500 ? 'oops' : i % 3 === 0 ? '' : String(i * 1.5)));
    const t = await gf.readCSV(`x,y\n${rows.map((v, i) => `${v},${i}`).join('\n')}`, { engine: 'fast' });
    expect(t.columns.map((c) => c.type)).toEqual(['utf8', 'int32']);
    expect(await t.columns[0]!.toValues()).toEqual(rows.map((v) => (v === '' ? null : v)));
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
