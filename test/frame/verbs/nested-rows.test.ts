// Row selection of nested columns (lists, binary, structs, every geometry type): each verb runs
// on both backends and is checked against a plain-JS reference built from toValues.
import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';

type Geo = { type: string; coordinates: unknown } | null;

function bitmap(valid: readonly boolean[]): gf.DataBuffer<'uint8'> | undefined {
  if (valid.every(Boolean)) return undefined;
  const bits = new Uint8Array(Math.ceil(valid.length / 8));
  valid.forEach((v, i) => v && (bits[i >> 3]! |= 1 << (i & 7)));
  return gf.array(bits);
}

/** list<float64> from JS rows (null rows, null elements); `pad` child rows before the first (offsets above 0). */
function listColumn(rows: ReadonlyArray<ReadonlyArray<number | null> | null>, pad = 0): gf.Column {
  const items = [...Array<number | null>(pad).fill(-1), ...rows.flatMap((r) => r ?? [])];
  const off = new Int32Array(rows.length + 1);
  off[0] = pad;
  rows.forEach((r, i) => (off[i + 1] = off[i]! + (r?.length ?? 0)));
  const child = new gf.Column({ type: 'float64', data: gf.array(Float64Array.from(items, (v) => v ?? 0)), validity: bitmap(items.map((v) => v !== null)) });
  return new gf.Column({ type: 'list', data: gf.array(off), validity: bitmap(rows.map((r) => r !== null)), children: [child] });
}

function binaryColumn(rows: ReadonlyArray<Uint8Array | null>): gf.Column {
  const off = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (off[i + 1] = off[i]! + (r?.length ?? 0)));
  const bytes = new Uint8Array(off[rows.length]!);
  rows.forEach((r, i) => r && bytes.set(r, off[i]!));
  return new gf.Column({ type: 'binary', data: gf.array(off), validity: bitmap(rows.map((r) => r !== null)), children: [gf.Column.from(bytes)] });
}

function structColumn(a: ReadonlyArray<number | null>, b: ReadonlyArray<ReadonlyArray<number | null> | null>, valid: readonly boolean[]): gf.Column {
  const fa = new gf.Column({ type: 'int16', data: gf.array(Int16Array.from(a, (v) => v ?? 0)), validity: bitmap(a.map((v) => v !== null)) });
  return new gf.Column({ type: 'struct', data: gf.array(new Uint8Array(0)), fields: ['a', 'b'], children: [fa, listColumn(b)], validity: bitmap(valid), length: a.length });
}

/** Random data for every nested type; about 10% nulls, some empty lists and geometries. */
function randomFrame(n: number, seed: number, only?: readonly string[]): gf.DataFrame {
  const r = rng(seed);
  const num = () => Math.round((r() - 0.5) * 2000) / 8 + 0; // + 0: no -0 (sorts before 0)
  const pt = () => [num(), num()];
  const many = <T>(max: number, f: () => T): T[] => Array.from({ length: Math.floor(r() * (max + 1)) }, f);
  const ring = () => {
    const p = [pt(), pt(), pt()];
    return [...p, p[0]!];
  };
  const maybe = <T>(f: () => T): T | null => (r() < 0.1 ? null : f());
  const geo = (type: string, f: () => unknown): Geo => (r() < 0.1 ? null : { type, coordinates: f() });
  const crs = 'OGC:CRS84';
  const col = (type: gf.GeometryType, f: () => unknown, name: string) => () =>
    gf.geo.fromGeoJSON(Array.from({ length: n }, () => geo(name, f)) as never, { type, crs });
  const make: Record<string, () => gf.ColumnInput> = {
    id: () => Int32Array.from({ length: n }, (_, i) => i),
    k: () => Float64Array.from({ length: n }, () => num()),
    l: () => listColumn(Array.from({ length: n }, () => maybe(() => many(4, () => (r() < 0.1 ? null : num())))), 2),
    s: () => {
      const a = Array.from({ length: n }, () => (r() < 0.1 ? null : Math.floor(r() * 100)));
      const b = Array.from({ length: n }, () => maybe(() => many(3, num)));
      return structColumn(a, b, Array.from({ length: n }, () => r() > 0.1));
    },
    b: () => binaryColumn(Array.from({ length: n }, () => maybe(() => Uint8Array.from(many(5, () => Math.floor(r() * 256)))))),
    p: col('point', pt, 'Point'),
    ls: col('linestring', () => many(3, pt), 'LineString'),
    pg: col('polygon', () => many(2, ring), 'Polygon'),
    mpt: col('multipoint', () => many(3, pt), 'MultiPoint'),
    mls: col('multilinestring', () => many(2, () => many(3, pt)), 'MultiLineString'),
    mpg: col('multipolygon', () => many(2, () => many(2, ring)), 'MultiPolygon'),
  };
  return new gf.DataFrame(Object.keys(make).filter((k) => !only || only.includes(k)).map((k) => [k, make[k]!()] as const));
}

type Table = Record<string, unknown[]>;

async function valuesOf(df: gf.DataFrame): Promise<Table> {
  const out: Table = {};
  for (const n of df.names) out[n] = await df.column(n).toValues();
  return out;
}

/** The reference: the source's values at the result's row ids. */
function at(src: Table, ids: readonly number[]): Table {
  return Object.fromEntries(Object.entries(src).map(([k, v]) => [k, ids.map((i) => v[i])]));
}

/** Run `verb` on both backends; each result must equal the source's values at its ids, and `ids` when given. */
async function check(build: () => gf.DataFrame, verb: (df: gf.DataFrame) => gf.DataFrame | Promise<gf.DataFrame>, ids?: (src: Table) => number[]) {
  const backends: gf.BackendName[] = hasGpu() ? ['cpu', 'webgpu'] : ['cpu'];
  const results: Table[] = [];
  for (const b of backends) {
    const t = await gf.withBackendAsync(b, async () => {
      const df = build();
      const src = await valuesOf(df);
      const out = await verb(df);
      const got = await valuesOf(out);
      expect(got, `${b}: nested values at the result's ids`).toEqual(at(src, got.id as number[]));
      if (ids) expect(got.id, `${b}: the rows the verb keeps`).toEqual(ids(src));
      for (const c of ['p', 'ls', 'pg', 'mpg']) if (out.names.includes(c)) expect(out.column(c).crs).toBe('OGC:CRS84');
      out.dispose();
      df.dispose();
      return got;
    });
    results.push(t);
  }
  if (results.length === 2) expect(results[1], 'webgpu vs cpu').toEqual(results[0]);
  return results[0]!;
}

const ids = (src: Table) => (src.id as number[]).map((_, i) => i);
const byK = (src: Table) => ids(src).sort((a, b) => (src.k[a] as number) - (src.k[b] as number) || a - b);
const noNulls = (src: Table) => ids(src).filter((i) => Object.values(src).every((col) => col[i] !== null));

describe('row selection of nested columns (both backends, against a reference from toValues)', () => {
  for (const n of [0, 1, 257, 1000]) {
    const build = () => randomFrame(n, n + 1);
    it(`n=${n}: filter, sort by a flat key, head, tail, slice, sample, dropNulls and chains`, async () => {
      await check(build, (df) => df.filter(gf.col('k').gt(0)), (s) => ids(s).filter((i) => (s.k[i] as number) > 0));
      await check(build, (df) => df.sort('k'), byK);
      await check(build, (df) => df.sort('k', { descending: true }));
      await check(build, (df) => df.head(7), (s) => ids(s).slice(0, 7));
      await check(build, (df) => df.tail(5), (s) => ids(s).slice(-5));
      await check(build, (df) => df.slice(3, 10), (s) => ids(s).slice(3, 13));
      await check(build, (df) => df.sample({ n: Math.min(n, 20), seed: 3 }));
      if (n > 0) await check(build, (df) => df.sample({ n: 50, seed: 4, withReplacement: true, shuffle: true }));
      await check(build, (df) => df.dropNulls(), noNulls);
      await check(build, async (df) => (await df.filter(gf.col('k').lt(50))).sort('k').head(9), (s) => byK(s).filter((i) => (s.k[i] as number) < 50).slice(0, 9));
      await check(build, (df) => df.sort('k').slice(2, 30).sort('id'), (s) => byK(s).slice(2, 32).sort((a, b) => a - b));
    });
  }

  it('concat: offsets rebased, children (offsets above 0 included) packed, validity joined', async () => {
    for (const [n1, n2] of [[0, 3], [257, 100], [40, 0]] as const) {
      const both = async () => {
        const a = randomFrame(n1, 7);
        const b = randomFrame(n2, 8);
        const va = await valuesOf(a);
        const vb = await valuesOf(b);
        const c = gf.concat([a.tail(Math.max(0, n1 - 3)), b.sort('k')]);
        const got = await valuesOf(c);
        const want = Object.fromEntries(Object.keys(va).map((k) => [k, [...at(va, ids(va).slice(Math.min(3, n1))) [k]!, ...at(vb, byK(vb))[k]!]]));
        expect(got).toEqual(want);
        return got;
      };
      const cpu = await gf.withBackendAsync('cpu', both);
      if (hasGpu()) expect(await gf.withBackendAsync('webgpu', both)).toEqual(cpu);
    }
  });

  it('concat needs matching nested types, struct fields and CRS', () => {
    const a = new gf.DataFrame({ g: gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2] }], { crs: 'EPSG:4326' }) });
    const b = new gf.DataFrame({ g: gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2] }], { crs: 'EPSG:3857' }) });
    expect(() => gf.concat([a, b])).toThrow(/concat: expected column 'g' with one CRS/);
    const c = new gf.DataFrame({ g: gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[1, 2]] }]) });
    expect(() => gf.concat([a, c])).toThrow(gf.DTypeError);
    const s1 = new gf.DataFrame({ s: structColumn([1], [[1]], [true]) });
    const f = new gf.Column({ type: 'struct', data: gf.array(new Uint8Array(0)), fields: ['a', 'c'], children: [gf.Column.from(new Int16Array(1)), listColumn([[1]])], length: 1 });
    expect(() => gf.concat([s1, new gf.DataFrame({ s: f })])).toThrow(/concat: expected column 's' as struct\{a: int16, b: list<float64>\}/);
  });

  it('join carries nested payloads (many-to-many, and the missing side of a left join is null)', async () => {
    const run = async () => {
      const left = new gf.DataFrame({ key: new Int32Array([1, 2, 2, 9]), l: listColumn([[1], [], null, [4, 5]]) });
      const right = new gf.DataFrame({
        key: new Int32Array([2, 1, 2]),
        g: gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, null, { type: 'LineString', coordinates: [] }], { crs: 'OGC:CRS84' }),
      });
      const j = await left.join(right, { on: 'key', how: 'left' });
      expect(j.column('g').crs).toBe('OGC:CRS84');
      return valuesOf(j);
    };
    const cpu = await gf.withBackendAsync('cpu', run);
    const line = { type: 'LineString', coordinates: [[0, 0], [1, 1]] };
    const empty = { type: 'LineString', coordinates: [] };
    expect(cpu).toEqual({ key: [1, 2, 2, 2, 2, 9], l: [[1], [], [], null, null, [4, 5]], g: [null, line, empty, line, empty, null] });
    if (hasGpu()) expect(await gf.withBackendAsync('webgpu', run)).toEqual(cpu);
  });

  it('sort keys, unique subsets, join keys and valueCounts on a nested column are DTypeErrors naming it', async () => {
    const df = randomFrame(10, 2);
    expect(() => df.sort('l')).toThrow(gf.DTypeError);
    expect(() => df.sort(['k', 'pg'])).toThrow(/'pg'/);
    await expect(df.unique({ subset: 'p' })).rejects.toThrow(gf.DTypeError);
    await expect(df.unique({ subset: ['id', 's'] })).rejects.toThrow(/'s'/);
    await expect(df.join(df, { on: 'mpg' })).rejects.toThrow(gf.DTypeError);
    await expect(df.join(df, { on: 'b' })).rejects.toThrow(/'b'/);
    await expect(df.valueCounts('ls')).rejects.toThrow(gf.DTypeError);
    await expect(df.valueCounts('l')).rejects.toThrow(/'l'/);
  });

  it('format, toString and toRecords show nested values readably', async () => {
    const df = new gf.DataFrame({
      l: listColumn([[1, 2], null, []]),
      s: structColumn([1, null, 3], [[0.5], null, []], [true, true, false]),
      p: gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2] }, null, { type: 'Point', coordinates: [3, 4] }]),
      pg: gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, { type: 'Polygon', coordinates: [] }, null]),
      b: binaryColumn([Uint8Array.from([1, 255]), null, new Uint8Array(0)]),
    });
    const text = await df.format();
    for (const s of ['[1, 2]', '[]', '{a: 1, b: [0.5]}', '{a: null, b: null}', 'POINT (1 2)', 'POLYGON ((0 0, 1 0, 1 1, 0 0))', 'POLYGON EMPTY', '0x01ff']) expect(text).toContain(s);
    expect(String(df)).toBe(text);
    const recs = await df.head(1).toRecords();
    expect(recs[0]).toEqual({ l: [1, 2], s: { a: 1, b: [0.5] }, p: { type: 'Point', coordinates: [1, 2] }, pg: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, b: Uint8Array.from([1, 255]) });
    const long = new gf.DataFrame({ l: listColumn([Array.from({ length: 100 }, (_, i) => i)]) });
    expect((await long.format()).split('\n').every((line) => line.length < 80)).toBe(true);
  });
});

describe('nested rows at scale', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('1e5 random nested rows: filter, sort, head chain', async () => {
    const build = () => randomFrame(100_000, 42, ['id', 'k', 'l', 'ls', 'mpg']);
    await check(build, async (df) => (await df.filter(gf.col('k').gt(-100))).sort('k').slice(1000, 5000), (s) => byK(s).filter((i) => (s.k[i] as number) > -100).slice(1000, 6000));
  });

  it('columns past one storage binding (maxBindingBytes 65536)', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      const build = () => randomFrame(30_000, 5, ['id', 'k', 'l', 'p', 'pg', 's']);
      await check(build, (df) => df.sort('k'), byK);
      await check(build, (df) => df.sample({ n: 20_000, seed: 1, withReplacement: true }));
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
