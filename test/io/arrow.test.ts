import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as arrow from 'apache-arrow';
import * as gf from 'gpuframe';
import { randomFrame } from '../helpers/random-frame.js';

/** Values as apache-arrow's own getters see them (the independent reference), nulls as null. */
function arrowValues(v: arrow.Vector): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < v.length; i++) out.push(v.isValid(i) ? v.get(i) : null);
  return out;
}

const host = (c: gf.Column) => c.data.hostView('test');

describe('DataFrame.fromArrow', () => {
  test('numeric columns of one chunk share the Arrow buffers (zero-copy), validity included', () => {
    const f = arrow.makeVector(new Float64Array([1.5, NaN, -0, Infinity]));
    const bits = new Uint8Array([0b1011]);
    const i = arrow.makeVector(arrow.makeData({ type: new arrow.Int32(), length: 4, nullCount: 1, nullBitmap: bits, data: new Int32Array([1, 2, 3, 4]) }));
    const df = gf.DataFrame.fromArrow(new arrow.Table({ f, i }));
    expect(df.schema).toEqual({ f: 'float64', i: 'int32' });
    expect(host(df.column('f')).buffer).toBe(f.data[0]!.values.buffer);
    expect(host(df.column('i')).buffer).toBe(i.data[0]!.values.buffer);
    expect(df.column('i').validity!.hostView('test').buffer).toBe(bits.buffer);
    expect(df.column('f').validity).toBeUndefined();
    expect(df.column('f').hostValues()).toEqual([1.5, NaN, -0, Infinity]);
    expect(df.column('i').hostValues()).toEqual([1, 2, null, 4]);
  });

  test('every supported type maps as documented and keeps every value (vs apache-arrow getters)', () => {
    const cases: Array<[string, arrow.DataType, unknown[], gf.ColumnType]> = [
      ['b', new arrow.Bool(), [true, false, null, true, true, false, true, false, true], 'bool'],
      ['i8', new arrow.Int8(), [-128, 127, null, 0], 'int8'],
      ['i16', new arrow.Int16(), [-32768, 32767, null, 0], 'int16'],
      ['i32', new arrow.Int32(), [-(2 ** 31), 2 ** 31 - 1, null, 0], 'int32'],
      ['i64', new arrow.Int64(), [-(2n ** 63n), 2n ** 63n - 1n, null, 2n ** 53n + 1n], 'int64'],
      ['u8', new arrow.Uint8(), [0, 255, null, 1], 'uint8'],
      ['u16', new arrow.Uint16(), [0, 65535, null, 1], 'uint16'],
      ['u32', new arrow.Uint32(), [0, 2 ** 32 - 1, null, 1], 'uint32'],
      ['u64', new arrow.Uint64(), [0n, 2n ** 64n - 1n, null, 2n ** 53n + 1n], 'uint64'],
      ['f32', new arrow.Float32(), [1.5, -0, null, Infinity], 'float32'],
      ['f64', new arrow.Float64(), [NaN, -0, null, -Infinity], 'float64'],
      ['s', new arrow.Utf8(), ['b', '', null, 'Ünïcode ✓', 'a,b "q"', 'b'], 'utf8'],
      ['ls', new arrow.LargeUtf8(), ['zz', 'a', null, ''], 'utf8'],
    ];
    for (const [name, type, values, expected] of cases) {
      const v = arrow.vectorFromArray(values, type);
      const c = gf.DataFrame.fromArrow(new arrow.Table({ [name]: v })).column(name);
      expect(c.type, name).toBe(expected);
      expect(c.hostValues(), name).toEqual(arrowValues(v));
      if (expected === 'utf8') expect([...c.dictionary!], name).toEqual([...new Set(values.filter((s) => s !== null) as string[])].sort());
    }
  });

  test('dates, timestamps with unit and zone, dictionaries of strings', () => {
    const day = arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: 3, data: new Int32Array([-1, 0, 19000]) }));
    // Date64: ms since the epoch, floored to whole days (pre-1970 included).
    const ms = arrow.makeVector(arrow.makeData({ type: new arrow.DateMillisecond(), length: 3, data: new BigInt64Array([-1n, 86_400_000n * 3n + 5n, -86_400_000n]) }));
    const ns = arrow.makeVector(arrow.makeData({ type: new arrow.Timestamp(arrow.TimeUnit.NANOSECOND, 'Asia/Tokyo'), length: 3, data: new BigInt64Array([2n ** 62n + 1n, -5n, 0n]) }));
    const sec = arrow.makeVector(arrow.makeData({ type: new arrow.Timestamp(arrow.TimeUnit.SECOND), length: 3, data: new BigInt64Array([1n, 2n, 3n]) }));
    // An unsorted dictionary with a repeat, in two chunks with different dictionaries.
    const d1 = arrow.vectorFromArray(['zeta', 'alpha', null, 'zeta'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
    const d2 = arrow.vectorFromArray(['beta', 'alpha', 'beta'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
    const cat = d1.concat(d2);
    const df = gf.DataFrame.fromArrow(new arrow.Table({ day, ms, ns, sec }));
    expect(df.schema).toEqual({ day: 'date', ms: 'date', ns: 'timestamp', sec: 'timestamp' });
    expect(df.column('day').hostValues()).toEqual([-1, 0, 19000]);
    expect(df.column('ms').hostValues()).toEqual([-1, 3, -1]);
    expect([df.column('ns').unit, df.column('ns').timezone]).toEqual(['ns', 'Asia/Tokyo']);
    expect(df.column('ns').hostValues()).toEqual([2n ** 62n + 1n, -5n, 0n]);
    expect([df.column('sec').unit, df.column('sec').timezone]).toEqual(['s', undefined]);
    const c = gf.DataFrame.fromArrow(new arrow.Table({ cat })).column('cat');
    expect(c.type).toBe('categorical');
    expect(c.dictionary).toEqual(['alpha', 'beta', 'zeta']);
    expect(c.hostValues()).toEqual(arrowValues(cat));
  });

  test('sliced and multi-chunk data (bit offsets not multiples of 8) are read correctly', () => {
    const n = 50;
    const vals = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : i * 3 - 40));
    const strs = Array.from({ length: n }, (_, i) => (i % 5 === 1 ? null : `s${i % 9}`));
    const bools = Array.from({ length: n }, (_, i) => (i % 6 === 0 ? null : i % 3 === 1));
    for (const [name, type, values] of [['i', new arrow.Int32(), vals], ['s', new arrow.Utf8(), strs], ['b', new arrow.Bool(), bools]] as const) {
      const v = arrow.vectorFromArray(values as unknown[], type);
      const pieces = [v.slice(3, 14), v.slice(14, 30), v.slice(30, 47)]; // offsets 3, 14, 30
      const chunked = pieces[0]!.concat(pieces[1]!, pieces[2]!);
      const one = gf.DataFrame.fromArrow(new arrow.Table({ x: pieces[1]! })).column('x');
      expect(one.hostValues(), name).toEqual(arrowValues(pieces[1]!));
      const all = gf.DataFrame.fromArrow(new arrow.Table({ x: chunked })).column('x');
      expect(all.hostValues(), name).toEqual(arrowValues(chunked));
    }
  });

  test('an unsupported type is a DTypeError naming the column', () => {
    const time = arrow.makeVector(arrow.makeData({ type: new arrow.TimeMillisecond(), length: 2, data: new Int32Array([1, 2]) }));
    expect(() => gf.DataFrame.fromArrow(new arrow.Table({ tags: time }))).toThrow(gf.DTypeError);
    expect(() => gf.DataFrame.fromArrow(new arrow.Table({ tags: time }))).toThrow(/'tags'/);
    const half = arrow.makeVector(arrow.makeData({ type: new arrow.Float16(), length: 1, data: new Uint16Array([0x3c00]) }));
    expect(() => gf.DataFrame.fromArrow(new arrow.Table({ h: half }))).toThrow(/column 'h'/);
  });
});

describe('df.toArrow', () => {
  test('types map back (utf8 → Utf8, categorical → Dictionary, date → DateDay, timestamp → Timestamp) and values agree', async () => {
    const df = randomFrame(300, 5);
    const t = await df.toArrow();
    const types = Object.fromEntries(t.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({ k: 'Int32', s: 'Utf8', i: 'Int32', l: 'Int64', u: 'Uint32', f: 'Float64', g: 'Float32', b: 'Bool', d: 'Date32<DAY>', t: 'Timestamp<MILLISECOND>', z: 'Float64' });
    const records = await df.toRecords();
    for (const name of df.names) {
      const got = arrowValues(t.getChild(name)!);
      const want = records.map((r) => r[name]);
      if (name === 'd') expect(got, name).toEqual(want.map((d) => (d === null ? null : (d as number) * 86_400_000)));
      else if (name === 't') expect(got, name).toEqual(want.map((x) => (x === null ? null : Number(x))));
      else expect(got, name).toEqual(want);
    }
    // Exact 64-bit values straight from the buffers.
    expect(Array.from(t.getChild('t')!.data[0]!.values as BigInt64Array)).toEqual(Array.from(df.column('t').data.hostView('test') as BigInt64Array));
  });

  test('host numeric buffers are shared with Arrow (zero-copy); categorical keeps its codes as indices', async () => {
    const x = new Float64Array([1, 2, 3]);
    const cat = gf.Column.from(['b', 'a', 'b']);
    const df = new gf.DataFrame({ x, c: new gf.Column({ type: 'categorical', data: cat.data, dictionary: cat.dictionary }) });
    const t = await df.toArrow();
    expect(t.getChild('x')!.data[0]!.values.buffer).toBe(x.buffer);
    expect(String(t.getChild('c')!.type)).toBe('Dictionary<Int32, Utf8>');
    expect(arrowValues(t.getChild('c')!)).toEqual(['b', 'a', 'b']);
    expect(t.getChild('c')!.data[0]!.values.buffer).toBe(cat.data.hostView('test').buffer);
  });

  test('device-resident columns (after a sort) are downloaded first', async () => {
    const df = randomFrame(257, 9).sort(['k', 'i']);
    const t = await df.toArrow();
    expect(t.numRows).toBe(257);
    const records = await df.toRecords();
    expect(arrowValues(t.getChild('l')!)).toEqual(records.map((r) => r.l));
    expect(arrowValues(t.getChild('s')!)).toEqual(records.map((r) => r.s));
  });
});

describe('readArrow / writeArrow', () => {
  test('file and stream formats round-trip every type; columns projects; path writes', async () => {
    const df = randomFrame(500, 3);
    const want = await df.toRecords();
    for (const format of ['file', 'stream'] as const) {
      const bytes = await gf.writeArrow(df, undefined, { format });
      const back = await gf.readArrow(bytes);
      expect(back.schema).toEqual(df.schema);
      expect(await back.toRecords()).toEqual(want);
    }
    const path = join(mkdtempSync(join(tmpdir(), 'gf-arrow-')), 'df.arrow');
    await gf.writeArrow(df, path);
    const some = await gf.readArrow(path, { columns: ['t', 'k'] });
    expect(some.names).toEqual(['t', 'k']);
    expect(await some.toRecords()).toEqual(want.map((r) => ({ t: r.t, k: r.k })));
    const ab = readFileSync(path);
    const fromBuffer = await gf.readArrow(ab.buffer.slice(ab.byteOffset, ab.byteOffset + ab.byteLength));
    expect(fromBuffer.numRows).toBe(500);
  });

  test('bad input is typed: missing column, unknown format, corrupt or missing file', async () => {
    const bytes = await gf.writeArrow(randomFrame(10, 1));
    await expect(gf.readArrow(bytes, { columns: ['nope'] })).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(gf.writeArrow(randomFrame(1, 1), undefined, { format: 'csv' as 'file' })).rejects.toThrow(gf.ValueError);
    await expect(gf.readArrow(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).rejects.toThrow(gf.ParseError);
    await expect(gf.readArrow(bytes.subarray(0, bytes.length >> 1))).rejects.toThrow(gf.ParseError);
    await expect(gf.readArrow('/nonexistent/x.arrow')).rejects.toThrow(/x\.arrow/);
  });

  test('the real vega-datasets flights-200k.arrow agrees with apache-arrow', async () => {
    let path: string | undefined;
    try {
      path = join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data', 'flights-200k.arrow');
    } catch {
      path = undefined;
    }
    if (!path || !existsSync(path)) return;
    const ref = arrow.tableFromIPC(readFileSync(path));
    const df = await gf.readArrow(path);
    expect(df.numRows).toBe(ref.numRows);
    for (const f of ref.schema.fields) {
      const ours = df.column(f.name).hostValues();
      const theirs = arrowValues(ref.getChild(f.name)!);
      expect(ours.length).toBe(theirs.length);
      let bad = 0;
      for (let i = 0; i < ours.length; i++) if (!Object.is(ours[i], theirs[i])) bad++;
      expect(bad, f.name).toBe(0);
    }
  });
});
