// df.explode on both backends against a plain-JS reference: empty lists and null lists (one
// null row each), null elements, NaN and ±0 bits, int64 beyond 2^53, offsets starting above
// 0, several columns at once, a row-selected input, 1e5 random lists, columns past one
// storage binding, and the typed errors.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';
import { exact, floatColumn, listColumn } from '../../helpers/nested-columns.js';
import { randomLists, type Elem, type ListDType } from '../../helpers/random-lists.js';

const { col } = gf;
type Rec = Record<string, unknown>;

/** Records of the frame `fn` builds on the CPU, asserted bit-equal to WebGPU's. */
async function frameParity(fn: () => gf.DataFrame | Promise<gf.DataFrame>): Promise<Rec[]> {
  const cpu = await gf.withBackendAsync('cpu', async () => (await fn()).toRecords());
  if (hasGpu()) {
    const gpu = await gf.withBackendAsync('webgpu', async () => (await fn()).toRecords());
    expect(gpu.length, 'row count gpu vs cpu').toBe(cpu.length);
    for (let r = 0; r < cpu.length; r++) expect(exact(gpu[r]), `row ${r} gpu vs cpu`).toEqual(exact(cpu[r]));
  }
  return cpu;
}

/** Polars' explode, row at a time. */
function reference(rows: Rec[], cols: string[]): Rec[] {
  const out: Rec[] = [];
  for (const row of rows) {
    const first = row[cols[0]!] as Elem[] | null;
    const m = first === null || first.length === 0 ? 1 : first.length;
    for (let k = 0; k < m; k++) {
      const r: Rec = { ...row };
      for (const c of cols) {
        const l = row[c] as Elem[] | null;
        r[c] = l === null || k >= l.length ? null : l[k];
      }
      out.push(r);
    }
  }
  return out;
}

function frame(n: number, dtype: ListDType, seed: number, opts: Parameters<typeof randomLists>[3] = {}) {
  const { column, values } = randomLists(n, dtype, seed, opts);
  const id = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 3n + 2n ** 60n);
  const make = () => new gf.DataFrame({ id, pts: randomLists(n, dtype, seed, opts).column, w: Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? -0 : i / 8)) });
  column.dispose();
  const rows: Rec[] = values.map((pts, i) => ({ id: id[i], pts, w: i % 7 === 3 ? -0 : i / 8 }));
  return { make, rows };
}

async function check(n: number, dtype: ListDType, seed: number, opts: Parameters<typeof randomLists>[3] = {}): Promise<void> {
  const { make, rows } = frame(n, dtype, seed, opts);
  const got = await frameParity(() => make().explode('pts'));
  expect(got.map(exact)).toEqual(reference(rows, ['pts']).map(exact));
}

describe('explode', () => {
  it('the small case: [[1, 2], [], null, [null, 4]]', async () => {
    const make = () =>
      new gf.DataFrame({
        id: new Int32Array([1, 2, 3, 4]),
        pts: new gf.Column({
          type: 'list',
          data: gf.array(new Int32Array([0, 2, 2, 3, 5])), // the null list spans one child row
          validity: gf.array(new Uint8Array([0b1011]), 'uint8'),
          children: [gf.Column.from(new Float64Array([1, 2, 99, 0, 4]), new Uint8Array([0b10111]))],
        }),
      });
    const got = await frameParity(() => make().explode('pts'));
    expect(got).toEqual([
      { id: 1, pts: 1 },
      { id: 1, pts: 2 },
      { id: 2, pts: null },
      { id: 3, pts: null },
      { id: 4, pts: null },
      { id: 4, pts: 4 },
    ]);
    await expect(make().explode(['pts']).then((d) => d.schema)).resolves.toEqual({ id: 'int32', pts: 'float64' });
  });

  for (const dtype of ['float64', 'float32', 'int32', 'int64', 'uint64'] as const) {
    it(`${dtype} lists at several sizes, all-null, all-empty and null elements match the reference on both backends`, async () => {
      for (const [n, seed] of [[0, 1], [1, 2], [255, 3], [257, 4], [1000, 5]] as const) await check(n, dtype, seed * 13 + dtype.length, { start: seed % 2 ? 0 : 4 });
      await check(200, dtype, 61, { listNulls: 1 });
      await check(200, dtype, 62, { maxLen: 0 });
      await check(200, dtype, 63, { elemNulls: 1, listNulls: 0 });
    });
  }

  it('strings keep their dictionary', async () => {
    const make = () => new gf.DataFrame({ tags: new gf.Column({ type: 'list', data: gf.array(new Int32Array([0, 2, 2, 3])), children: [gf.Column.from(['b', 'a', null])] }) });
    expect(await frameParity(() => make().explode('tags'))).toEqual([{ tags: 'b' }, { tags: 'a' }, { tags: null }, { tags: null }]);
  });

  it('a list of lists explodes into a list column (inner nulls and empties kept)', async () => {
    const inner = () => listColumn([2, 0, 1, 3, 1], [true, true, false, true, true], floatColumn([1, -0, 7, 2, NaN, 3, 5], [true, true, true, true, true, false, true]));
    const make = () => new gf.DataFrame({ k: new Int32Array([1, 2, 3, 4]), ll: listColumn([2, 0, 2, 1], [true, true, true, false], inner()) });
    const got = await frameParity(() => make().explode('ll'));
    expect(got.map(exact)).toEqual(
      [
        { k: 1, ll: [1, -0] },
        { k: 1, ll: [] },
        { k: 2, ll: null },
        { k: 3, ll: null },
        { k: 3, ll: [2, NaN, null] },
        { k: 4, ll: null },
      ].map(exact),
    );
    expect((await make().explode('ll')).schema.ll).toBe('list');
  });

  it('other nested columns are repeated with their rows (children sized by the longest list)', async () => {
    const { values } = randomLists(400, 'int32', 31, { maxLen: 6 });
    const other = randomLists(400, 'float64', 32, { maxLen: 3 });
    const make = () => new gf.DataFrame({ pts: randomLists(400, 'int32', 31, { maxLen: 6 }).column, other: randomLists(400, 'float64', 32, { maxLen: 3 }).column });
    const got = await frameParity(() => make().explode('pts'));
    const rows = values.map((pts, i) => ({ pts, other: other.values[i] }));
    expect(got.map(exact)).toEqual(reference(rows, ['pts']).map(exact));
  });

  it('several columns of equal lengths explode together; unequal lengths are a ShapeError naming the row', async () => {
    const a = () => randomLists(500, 'int64', 7, { start: 3 });
    // b: the same lengths and nulls as a (same seed and shape), other values.
    const b = () => randomLists(500, 'float64', 7, { start: 3 });
    const make = () => new gf.DataFrame({ a: a().column, k: new Int32Array(500).map((_, i) => i), b: b().column });
    const rows = a().values.map((l, i) => ({ a: l, k: i, b: b().values[i] }));
    const got = await frameParity(() => make().explode(['a', 'b']));
    expect(got.map(exact)).toEqual(reference(rows, ['a', 'b']).map(exact));
    const bad = () => new gf.DataFrame({ a: a().column, c: randomLists(500, 'int32', 8).column });
    for (const backend of hasGpu() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
      await gf.withBackendAsync(backend, async () => {
        await expect(bad().explode(['a', 'c'])).rejects.toThrow(gf.ShapeError);
        await expect(bad().explode(['a', 'c'])).rejects.toThrow(/expected lists of equal length in 'a' and 'c' in every row, got \d+ and \d+ in row \d+/);
      });
    }
  });

  it('a filtered frame explodes (the row selection composes)', async () => {
    const { make, rows } = frame(3000, 'int32', 9);
    const got = await frameParity(async () => (await make().filter(col('pts').list.len().ge(2).and(col('w').gt(10)))).explode('pts'));
    const kept = rows.filter((r) => r.pts !== null && (r.pts as Elem[]).length >= 2 && (r.w as number) > 10);
    expect(got.map(exact)).toEqual(reference(kept, ['pts']).map(exact));
  });

  it('1e5 random lists', async () => {
    await check(100_000, 'int64', 11, { maxLen: 4, start: 1 });
  }, 120_000);

  it('past one storage binding (maxBindingBytes 65536)', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(30_001, 'float64', 12, { maxLen: 3 });
    } finally {
      if (hasGpu()) await gf.init();
    }
  }, 120_000);

  it('typed errors: not a list, unknown column, bad names', async () => {
    const df = new gf.DataFrame({ x: new Float64Array(2), pts: randomLists(2, 'int32', 1).column });
    await expect(df.explode('x')).rejects.toThrow(gf.DTypeError);
    await expect(df.explode('x')).rejects.toThrow(/expected a list column, got 'x' of type float64/);
    await expect(df.explode('nope')).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(df.explode([])).rejects.toThrow(gf.ValueError);
    await expect(df.explode(['pts', 'pts'])).rejects.toThrow(/'pts' twice/);
  });

  it('frees what it computes (device bytes back to the start once the result is disposed)', async () => {
    if (!hasGpu()) return;
    await gf.withBackendAsync('webgpu', async () => {
      const { make } = frame(4000, 'float64', 5);
      const df = make();
      const warm = await df.explode('pts'); // uploads the inputs once (every column, as the check below reads them all)
      await warm.column('id').toValues();
      warm.dispose();
      const before = gf.stats().liveDeviceBytes + gf.stats().finalizedBytes;
      const out = await df.explode('pts');
      await out.column('id').toValues();
      out.dispose();
      expect(gf.stats().liveDeviceBytes + gf.stats().finalizedBytes).toBe(before);
    });
  });
});
