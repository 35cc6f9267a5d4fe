// Issue 13, "IO": writeCSV, readCSV from bytes/URLs/streams, date/timestamp/float32 dtypes,
// readJSON/readNDJSON (and their writers), empty CSVs, strict options. Runs on either backend.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';

const dir = mkdtempSync(join(tmpdir(), 'gpuframe-io-'));
const enc = (s: string) => new TextEncoder().encode(s);

const values = async (df: gf.DataFrame) => Object.fromEntries(await Promise.all(df.names.map(async (n) => [n, await df.column(n).toValues()] as const)));
const col = (type: gf.ColumnType, data: gf.TypedArray, valid?: boolean[], extra: Partial<gf.ColumnInit> = {}) =>
  new gf.Column({
    type,
    data: gf.DataBuffer.fromHost(data),
    validity: valid ? gf.DataBuffer.fromHost(Uint8Array.from({ length: Math.ceil(valid.length / 8) }, (_, b) => valid.slice(b * 8, b * 8 + 8).reduce((m, v, i) => m | (v ? 1 << i : 0), 0)), 'uint8') : undefined,
    ...extra,
  });

/** A frame of every flat dtype readCSV reads, with the awkward values: NaN, ±Inf, -0, nulls, quotes, line breaks, unicode. */
function awkward(): gf.DataFrame {
  const v = [true, true, true, true, true, false, true];
  return new gf.DataFrame({
    i32: col('int32', new Int32Array([0, -1, 2147483647, -2147483648, 5, 0, 7]), v),
    i64: col('int64', new BigInt64Array([9007199254740993n, -(2n ** 63n), 2n ** 63n - 1n, 0n, 1n, 0n, -5n]), v),
    f64: col('float64', new Float64Array([NaN, Infinity, -Infinity, -0, 0.1, 0, 1e300]), v),
    f32: col('float32', new Float32Array([NaN, -Infinity, -0, Math.fround(0.1), 3.4028234663852886e38, 0, 1.401298464324817e-45]), v),
    b: col('bool', new Uint8Array([1, 0, 1, 0, 1, 0, 1]), v),
    s: ['plain', 'with "quotes"', 'comma, here', 'line\nbreak', 'crlf\r\nx', null, 'ünïcødé 🚀 𝔘'],
    d: col('date', new Int32Array([0, -1, 19782, 2932896, -719528, 0, 11016]), v),
    t: col('timestamp', new BigInt64Array([0n, -1n, 1704103200123456n, 253402300799999999n, -62135596800000000n, 0n, 1n]), v, { unit: 'us' }),
  });
}

describe('writeCSV', () => {
  it('writes a header, quotes fields with the delimiter, quotes or line breaks, nulls as empty', async () => {
    const df = new gf.DataFrame({ x: new Float64Array([1, 0.1, -0]), s: ['a,b', 'say "hi"', null], n: new Int32Array([1, 2, 3]) });
    expect(await gf.writeCSV(df)).toBe('x,s,n\n1.0,"a,b",1\n0.1,"say ""hi""",2\n-0.0,,3\n');
    expect(await gf.writeCSV(df, undefined, { delimiter: ';', nullValue: 'NA', header: false, lineTerminator: '\r\n' })).toBe('1.0;a,b;1\r\n0.1;"say ""hi""";2\r\n-0.0;NA;3\r\n');
  });

  it('writes the file when given a path and returns the same text', async () => {
    const df = new gf.DataFrame({ a: new Int32Array([1, 2]) });
    const path = join(dir, 'a.csv');
    const text = await gf.writeCSV(df, path);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(text).toBe('a\n1\n2\n');
  });

  it('writes ISO dates, timestamps at the unit precision, exact int64, true/false, NaN/inf', async () => {
    const df = new gf.DataFrame({
      d: col('date', new Int32Array([19782, -1])),
      ts: col('timestamp', new BigInt64Array([1704103200500n, -1n]), undefined, { unit: 'ms' }),
      tz: col('timestamp', new BigInt64Array([0n, 1n]), undefined, { unit: 's', timezone: 'Europe/Paris' }),
      big: col('int64', new BigInt64Array([9007199254740993n, -1n])),
      b: col('bool', new Uint8Array([1, 0])),
      f: new Float64Array([NaN, -Infinity]),
    });
    expect(await gf.writeCSV(df)).toBe('d,ts,tz,big,b,f\n2024-02-29,2024-01-01T10:00:00.500,1970-01-01T00:00:00Z,9007199254740993,true,NaN\n1969-12-31,1969-12-31T23:59:59.999,1970-01-01T00:00:01Z,-1,false,-inf\n');
  });

  it('round-trips every flat dtype through readCSV with the schema (after an op on the backend)', async () => {
    const df = awkward();
    const sorted = await df.sort('i32');
    const text = await gf.writeCSV(sorted);
    for (const engine of ['auto', 'papaparse'] as const) {
      const back = await gf.readCSV(text, { dtypes: sorted.schema as Record<string, gf.CSVDType>, engine });
      expect(back.schema).toEqual(sorted.schema);
      const [got, want] = [await values(back), await values(sorted)];
      expect(got).toEqual(want);
      const negZero = (want.f64 as number[]).findIndex((x) => Object.is(x, -0));
      expect(Object.is((got.f64 as number[])[negZero], -0)).toBe(true);
      expect(Object.is((got.f32 as number[])[(want.f32 as number[]).findIndex((x) => Object.is(x, -0))], -0)).toBe(true);
    }
    // without the schema, floats stay floats (1.0, -0.0) and the rest is inferred
    const inferred = await gf.readCSV(text);
    expect(inferred.schema.f64).toBe('float64');
    expect(inferred.schema.f32).toBe('float64');
    expect(inferred.schema.i64).toBe('int64');
  });

  it('writes geometry as WKT and refuses lists and structs, naming the column', async () => {
    const pts = await gf.readGeoJSON({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { n: 1 }, geometry: { type: 'Point', coordinates: [1, 2] } }] });
    expect(await gf.writeCSV(pts)).toBe('n,geometry\n1,POINT (1 2)\n');
    const nested = await gf.readNDJSON('{"l": [1, 2]}\n');
    const e = await rejection(gf.writeCSV(nested));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toMatch(/writeCSV: expected flat or geometry columns, got list column 'l'/);
  });

  it('rejects unknown options, with a hint for snake_case and pandas names', async () => {
    const df = new gf.DataFrame({ a: new Int32Array([1]) });
    const e = await rejection(gf.writeCSV(df, undefined, { null_value: 'NA' } as never));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toContain("unknown option 'null_value' (did you mean 'nullValue'?");
    expect((await rejection(gf.writeCSV(df, undefined, { sep: ';' } as never))).message).toContain("did you mean 'delimiter'?");
    expect((await rejection(gf.writeCSV(df, undefined, { delimiter: '"' }))).message).toContain('one-character delimiter');
  });
});

describe('readCSV sources', () => {
  const csv = 'a,b\n1,x\n2,y\n';
  const check = async (df: gf.DataFrame) => expect(await values(df)).toEqual({ a: [1, 2], b: ['x', 'y'] });

  it('reads a path, a Buffer, a Uint8Array, an ArrayBuffer and a file: URL alike', async () => {
    const path = join(dir, 'src.csv');
    writeFileSync(path, csv);
    await check(await gf.readCSV(path));
    await check(await gf.readCSV(Buffer.from(csv)));
    await check(await gf.readCSV(enc(csv)));
    await check(await gf.readCSV(enc(csv).buffer as ArrayBuffer));
    await check(await gf.readCSV(pathToFileURL(path)));
  });

  it('reads a Node Readable, a web ReadableStream and an async iterable (chunks split anywhere)', async () => {
    const bytes = enc(csv);
    await check(await gf.readCSV(Readable.from([bytes.subarray(0, 3), bytes.subarray(3, 7), bytes.subarray(7)])));
    await check(await gf.readCSV(new ReadableStream({ start: (c) => (c.enqueue(bytes.subarray(0, 5)), c.enqueue(bytes.subarray(5)), c.close()) })));
    await check(await gf.readCSV((async function* () { yield 'a,b\n1,'; yield 'x\n2,y\n'; })()));
  });

  it('reads an http: URL through fetch, and names the URL in errors', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/ok.csv') res.end(csv);
      else (res.statusCode = 404), res.end('no');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      await check(await gf.readCSV(new URL(`${base}/ok.csv`)));
      const e = await rejection(gf.readCSV(new URL(`${base}/missing.csv`)));
      expect(e).toBeInstanceOf(gf.ParseError);
      expect((e as gf.ParseError).file).toBe(`${base}/missing.csv`);
      expect(e.message).toContain('expected an HTTP 2xx response, got 404');
    } finally {
      server.close();
    }
  });

  it('names the source in errors: the path, <buffer>, <stream>, <text>', async () => {
    const bad = 'a,b\n1,2,3\n';
    const path = join(dir, 'bad.csv');
    writeFileSync(path, bad);
    const where = async (src: Parameters<typeof gf.readCSV>[0]) => {
      const e = (await rejection(gf.readCSV(src))) as gf.ParseError;
      expect(e).toBeInstanceOf(gf.ParseError);
      expect(e.row).toBe(2);
      return e.file;
    };
    expect(await where(path)).toBe(path);
    expect(await where(enc(bad))).toBe('<buffer>');
    expect(await where(Readable.from([enc(bad)]))).toBe('<stream>');
    expect(await where(bad)).toBe('<text>');
    const e = await rejection(gf.readCSV(42 as never));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toContain('readCSV: expected a path, CSV/JSON text, a Uint8Array, an ArrayBuffer, a URL or a stream, got 42');
  });
});

for (const engine of ['auto', 'papaparse'] as const) {
  describe(`readCSV dtypes date, timestamp, float32 (engine ${engine})`, () => {
    const read = (text: string, options: NonNullable<Parameters<typeof gf.readCSV>[1]>) => gf.readCSV(text, { engine, ...options });

    it('parses ISO dates and timestamps, with fractions and offsets (converted to UTC)', async () => {
      const df = await read('d,t\n2024-02-29,2024-01-01T10:00:00Z\n1969-12-31,2024-01-01 12:00:00.123456+02:00\n,2024-01-01T11:30+0130\n', { dtypes: { d: 'date', t: 'timestamp' } });
      expect(df.schema).toEqual({ d: 'date', t: 'timestamp' });
      expect(await df.column('d').toValues()).toEqual([19782, -1, null]);
      expect(await df.column('t').toValues()).toEqual([1704103200000000n, 1704103200123456n, 1704103200000000n]);
      expect(df.column('t').unit).toBe('us');
      expect(df.column('t').timezone).toBe('UTC');
      const naive = await read('t\n2024-01-01\n2024-01-01T00:00:01.5\n', { dtypes: { t: 'timestamp[ms]' } });
      expect(await naive.column('t').toValues()).toEqual([1704067200000n, 1704067201500n]);
      expect(naive.column('t').timezone).toBeUndefined();
    });

    it('takes a strftime format, global or per column', async () => {
      const df = await read('d,t\n29/02/2024,2024.01.01 10h05m07.25s +0100\n', { dtypes: { d: 'date', t: 'timestamp[ms]' }, format: { d: '%d/%m/%Y', t: '%Y.%m.%d %Hh%Mm%S.%fs %z' } });
      expect(await df.column('d').toValues()).toEqual([19782]);
      expect(await df.column('t').toValues()).toEqual([BigInt(Date.UTC(2024, 0, 1, 9, 5, 7, 250))]);
      const g = await read('t\n20240301 0810\n', { dtypes: { t: 'timestamp[s]' }, format: '%Y%m%d %H%M' });
      expect(await g.column('t').toValues()).toEqual([BigInt(Date.UTC(2024, 2, 1, 8, 10) / 1000)]);
      const e = await rejection(read('t\nx\n', { dtypes: { t: 'date' }, format: '%d/%m/%y' }));
      expect(e).toBeInstanceOf(gf.ValueError);
      expect(e.message).toContain('got %y');
    });

    it('reads float32 correctly rounded (no double rounding)', async () => {
      const df = await read('f\n0.1\n1.00000005960464477539062500001\n-inf\nnan\n3.5e38\n', { dtypes: { f: 'float32' } });
      expect(df.schema.f).toBe('float32');
      const v = (await df.column('f').toValues()) as number[];
      expect(v.slice(0, 3)).toEqual([Math.fround(0.1), 1 + 2 ** -23, -Infinity]);
      expect(Number.isNaN(v[3])).toBe(true);
      expect(v[4]).toBe(Infinity);
    });

    it('gives a ParseError naming file, line and column for a bad value (lines counted across quoted breaks and empty lines)', async () => {
      const text = 'id,note,d\n1,"two\nlines",2024-01-01\n\n2,x,2024-02-30\n';
      const e = (await rejection(read(text, { dtypes: { d: 'date' } }))) as gf.ParseError;
      expect(e).toBeInstanceOf(gf.ParseError);
      expect([e.file, e.row, e.column]).toEqual(['<text>', 5, 'd']);
      expect(e.message).toBe('readCSV: expected a date value (not a valid date), got "2024-02-30" (<text>, row 5, column \'d\')');
      const t = (await rejection(read('t\n2024-01-01T00:00:00.1234567\n', { dtypes: { t: 'timestamp' } }))) as gf.ParseError;
      expect(t.message).toContain('expected at most 6 fraction digits for timestamp[us]');
      expect(t.row).toBe(2);
      const mix = (await rejection(read('t\n2024-01-01T00:00Z\n2024-01-01T00:00\n', { dtypes: { t: 'timestamp' } }))) as gf.ParseError;
      expect(mix.message).toContain('got a mix');
      expect(mix.row).toBe(3);
      const f = (await rejection(read('a,f\n1,1.5\n2,abc\n', { dtypes: { f: 'float32' } }))) as gf.ParseError;
      expect([f.row, f.column]).toEqual([3, 'f']);
    });
  });
}

describe('readCSV dtypes on the parallel path', () => {
  it('threads: 4 gives the same date/timestamp/float32 columns and the same error line as one thread', async () => {
    const lines = ['i,d,t,f'];
    for (let k = 0; k < 5000; k++) lines.push(`${k},${new Date(Date.UTC(2000, 0, 1 + k)).toISOString().slice(0, 10)},${new Date(Date.UTC(2000, 0, 1, 0, 0, k)).toISOString()},${k / 10}`);
    const text = lines.join('\n') + '\n';
    const dtypes = { d: 'date', t: 'timestamp[ms]', f: 'float32' } as const;
    const one = await gf.readCSV(enc(text), { dtypes, threads: 1 });
    const four = await gf.readCSV(enc(text), { dtypes, threads: 4 });
    expect(four.schema).toEqual({ i: 'int32', d: 'date', t: 'timestamp', f: 'float32' });
    expect(await values(four)).toEqual(await values(one));
    expect((await four.column('d').toValues())[4999]).toBe(10957 + 4999);
    const bad = text.replace('\n4000,', '\n4000,x');
    for (const threads of [1, 4]) {
      const e = (await rejection(gf.readCSV(enc(bad), { dtypes, threads }))) as gf.ParseError;
      expect([e.file, e.row, e.column]).toEqual(['<buffer>', 4002, 'd']);
    }
  });
});

describe('empty CSV', () => {
  it('0 bytes or only line breaks: a ParseError naming the source', async () => {
    for (const src of [new Uint8Array(0), enc('\n\r\n'), enc('\ufeff')]) {
      const e = (await rejection(gf.readCSV(src))) as gf.ParseError;
      expect(e).toBeInstanceOf(gf.ParseError);
      expect(e.file).toBe('<buffer>');
      expect(e.message).toMatch(/readCSV: expected a header or a first record, got (an empty input|only line breaks)/);
    }
    const path = join(dir, 'empty.csv');
    writeFileSync(path, '');
    expect(((await rejection(gf.readCSV(path))) as gf.ParseError).file).toBe(path);
  });

  it('a header alone: 0 rows of utf8 columns (or the given dtypes) that format() draws', async () => {
    for (const engine of ['auto', 'papaparse'] as const) {
      const df = await gf.readCSV(enc('id,name\n'), { engine, dtypes: { id: 'int64' } });
      expect([df.numRows, df.schema]).toEqual([0, { id: 'int64', name: 'utf8' }]);
      expect(await df.format()).toBe(['shape: (0, 2)', '┌───────┬──────┐', '│ id    │ name │', '│ int64 │ utf8 │', '╞═══════╪══════╡', '└───────┴──────┘'].join('\n'));
    }
  });
});

describe('readJSON / readNDJSON', () => {
  it('infers int64 (exact), float64 (1.0 too), bool, utf8, all-null utf8, list and struct', async () => {
    const df = await gf.readJSON('[{"i": 9007199254740993, "f": 1.0, "b": true, "s": "x", "n": null, "l": [1, 2], "o": {"x": 1, "y": "a"}},\n {"i": -1, "f": 2, "l": [], "o": {"x": 2.5}}]');
    expect(df.schema).toEqual({ i: 'int64', f: 'float64', b: 'bool', s: 'utf8', n: 'utf8', l: 'list', o: 'struct' });
    expect(await values(df)).toEqual({
      i: [9007199254740993n, -1n],
      f: [1, 2],
      b: [true, null],
      s: ['x', null],
      n: [null, null],
      l: [[1n, 2n], []],
      o: [{ x: 1, y: 'a' }, { x: 2.5, y: null }],
    });
  });

  it('readNDJSON: one record per line, blank lines skipped, keys in first-seen order', async () => {
    const df = await gf.readNDJSON(enc('{"b": 1, "1": "x"}\n\n{"a": false}\n'));
    expect(df.names).toEqual(['b', '1', 'a']);
    expect(await values(df)).toEqual({ b: [1n, null], 1: ['x', null], a: [null, false] });
  });

  it('bad JSON is a ParseError naming the line; a type clash a DTypeError naming column and line', async () => {
    const e = (await rejection(gf.readJSON('[{"a": 1},\n{"a": 2,}\n]'))) as gf.ParseError;
    expect(e).toBeInstanceOf(gf.ParseError);
    expect([e.file, e.row]).toEqual(['<text>', 2]);
    expect(e.message).toContain('readJSON: expected a key string');
    const n = (await rejection(gf.readNDJSON('{"a": 1}\n{"a": 2\n'))) as gf.ParseError;
    expect([n.row, n.message.startsWith("readNDJSON: expected ',' or '}' in an object")]).toEqual([2, true]);
    const t = await rejection(gf.readNDJSON('{"a": 1}\n\n{"a": "x"}\n'));
    expect(t).toBeInstanceOf(gf.DTypeError);
    expect(t.message).toContain("expected int64 values in column 'a'");
    expect(t.message).toContain("row 3, column 'a'");
    const notRecord = (await rejection(gf.readJSON('[1]'))) as gf.ParseError;
    expect(notRecord.message).toContain('expected a record (an object), got the number 1');
  });

  it('dtypes: utf8 takes numbers as their text; dates, timestamps and float32 as in readCSV', async () => {
    const df = await gf.readNDJSON('{"a": 1, "d": "2024-01-02", "t": "2024-01-01T00:00:00Z", "f": 0.1}\n{"a": "x", "d": null}\n', {
      dtypes: { a: 'utf8', d: 'date', t: 'timestamp[s]', f: 'float32' },
    });
    expect(df.schema).toEqual({ a: 'utf8', d: 'date', t: 'timestamp', f: 'float32' });
    expect(await values(df)).toEqual({ a: ['1', 'x'], d: [19724, null], t: [1704067200n, null], f: [Math.fround(0.1), null] });
    const e = (await rejection(gf.readNDJSON('{"a": 1}\n{"a": "2"}\n', { dtypes: { a: 'int32' } }))) as gf.ParseError;
    expect([e.row, e.column]).toEqual([2, 'a']);
  });

  it('writeJSON and writeNDJSON read back as the same frame (NaN/Inf as null, JSON has none)', async () => {
    const df = await gf.readJSON('[{"i": 9007199254740993, "f": 1.0, "s": "q\\"uote", "l": [[1.5], []], "o": {"x": -0.0}}, {"i": null, "f": 0.1, "s": "ü", "l": null, "o": null}]');
    const nd = await gf.writeNDJSON(df);
    expect(nd.split('\n')[0]).toBe('{"i":9007199254740993,"f":1.0,"s":"q\\"uote","l":[[1.5],[]],"o":{"x":-0.0}}');
    for (const back of [await gf.readNDJSON(nd), await gf.readJSON(await gf.writeJSON(df))]) {
      expect(back.schema).toEqual(df.schema);
      expect(await values(back)).toEqual(await values(df));
    }
    expect(await gf.writeJSON(new gf.DataFrame({ x: new Float64Array([NaN, Infinity]) }))).toBe('[{"x":null},{"x":null}]');
  });

  it('rejects unknown options (snake_case hint) and names a missing file', async () => {
    const e = await rejection(gf.readJSON('[]', { d_types: {} } as never));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toContain("readJSON: expected options among 'text', 'columns', 'dtypes', 'format', got unknown option 'd_types'");
    expect((await rejection(gf.writeNDJSON(new gf.DataFrame({ a: new Int32Array([1]) }), undefined, { pretty: true } as never))).message).toContain("writeNDJSON: expected options among 'as', got unknown option 'pretty'");
    const missing = (await rejection(gf.readNDJSON(join(dir, 'none.ndjson')))) as gf.ParseError;
    expect(missing.message).toContain('readNDJSON: expected a readable file, got no such file or folder (ENOENT)');
  });
});

describe('readCSV strict options', () => {
  it('an unknown key lists the valid ones; snake_case gets the camelCase hint', async () => {
    const e = await rejection(gf.readCSV('a\n1\n', { null_values: ['NA'] } as never));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toContain("readCSV: expected options among 'text', 'columns', 'dtypes', 'format'");
    expect(e.message).toContain("got unknown option 'null_values' (did you mean 'nullValues'? options are camelCase)");
    const d = await rejection(gf.readCSV('a\n1\n', { dtypes: { a: 'datetime' as never } }));
    expect(d).toBeInstanceOf(gf.DTypeError);
    expect(d.message).toContain("got 'datetime'");
    const f = await rejection(gf.readCSV('a\n1\n', { dtypes: { a: 'int32' }, format: { a: '%Y' } }));
    expect(f.message).toContain("expected a format only for columns given a date or timestamp dtype, got one for 'a'");
  });
});
