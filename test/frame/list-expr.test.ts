// List expressions (`col(l).list.len() / get(i) / sum() / mean() / min() / max()`) on both
// backends against a plain-JS reference: empty lists, null lists, null elements, NaN, ±0,
// int64 beyond 2^53, 1e5 random lists, composition with other expressions and filter,
// columns past one storage binding, and the typed errors for flat ops on list columns.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';
import { exact } from '../helpers/nested-columns.js';
import { randomLists, type Elem, type ListDType } from '../helpers/random-lists.js';

const { col } = gf;

/** Records of the frame `fn` builds on the CPU, asserted bit-equal (lists too) to WebGPU's. */
async function frameParity(fn: () => gf.DataFrame | Promise<gf.DataFrame>): Promise<Array<Record<string, unknown>>> {
  const cpu = await gf.withBackendAsync('cpu', async () => (await fn()).toRecords());
  if (hasGpu()) {
    const gpu = await gf.withBackendAsync('webgpu', async () => (await fn()).toRecords());
    expect(gpu.length, 'row count gpu vs cpu').toBe(cpu.length);
    for (let r = 0; r < cpu.length; r++) expect(exact(gpu[r]), `row ${r} gpu vs cpu`).toEqual(exact(cpu[r]));
  }
  return cpu;
}
type Row = Elem[] | null;

const present = (l: Elem[]) => l.filter((x): x is number | bigint => x !== null);

/** Polars' list.get(i, null_on_oob=True). */
function refGet(l: Row, i: number): Elem {
  if (l === null) return null;
  const k = i < 0 ? i + l.length : i;
  return k >= 0 && k < l.length ? l[k]! : null;
}

function refSum(l: Row, dtype: ListDType): Elem {
  if (l === null) return null;
  const xs = present(l);
  if (dtype === 'float64' || dtype === 'float32') return (xs as number[]).reduce((a, b) => a + b, 0);
  const s = xs.reduce<bigint>((a, b) => a + BigInt(b), 0n);
  return dtype === 'uint32' || dtype === 'uint64' ? BigInt.asUintN(64, s) : BigInt.asIntN(64, s);
}

function refMean(l: Row, dtype: ListDType): Elem {
  if (l === null) return null;
  const xs = present(l);
  if (xs.length === 0) return null;
  if (dtype === 'float64' || dtype === 'float32') return (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;
  return Number(xs.reduce<bigint>((a, b) => a + BigInt(b), 0n)) / xs.length;
}

/** min/max: NaN ignored unless every value is NaN; -0 below +0. */
function refMinMax(l: Row, max: boolean): Elem {
  if (l === null) return null;
  const xs = present(l);
  if (xs.length === 0) return null;
  const real = xs.filter((x) => !(typeof x === 'number' && Number.isNaN(x)));
  if (real.length === 0) return NaN;
  const lt = (a: number | bigint, b: number | bigint) => a < b || (a === 0 && b === 0 && Object.is(a, -0) && Object.is(b, 0));
  return real.reduce((best, x) => (max ? lt(best, x) : lt(x, best)) ? x : best);
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

const EXPRS = {
  len: col('pts').list.len(),
  first: col('pts').list.get(0),
  second: col('pts').list.get(1),
  last: col('pts').list.get(-1),
  third_last: col('pts').list.get(-3),
  far: col('pts').list.get(1000),
  sum: col('pts').list.sum(),
  mean: col('pts').list.mean(),
  min: col('pts').list.min(),
  max: col('pts').list.max(),
  lenPlus: col('pts').list.len().add(1),
};

function reference(l: Row, dtype: ListDType): Record<keyof typeof EXPRS, unknown> {
  return {
    len: l === null ? null : l.length,
    first: refGet(l, 0),
    second: refGet(l, 1),
    last: refGet(l, -1),
    third_last: refGet(l, -3),
    far: refGet(l, 1000),
    sum: refSum(l, dtype),
    mean: refMean(l, dtype),
    min: refMinMax(l, false),
    max: refMinMax(l, true),
    lenPlus: l === null ? null : l.length + 1,
  };
}

async function checkAll(n: number, dtype: ListDType, seed: number, opts: Parameters<typeof randomLists>[3] = {}): Promise<void> {
  const make = () => {
    const { column } = randomLists(n, dtype, seed, opts);
    return new gf.DataFrame({ id: Int32Array.from({ length: n }, (_, i) => i), pts: column });
  };
  const { values } = randomLists(n, dtype, seed, opts);
  const rows = await frameParity(() => make().withColumns(EXPRS));
  expect(rows.length).toBe(n);
  rows.forEach((row, r) => {
    const want = reference(values[r]!, dtype);
    for (const [k, v] of Object.entries(want)) {
      if (!same(row[k], v)) expect.fail(`${dtype} n=${n} row ${r} ${k}: expected ${String(v)}, got ${String(row[k])} (list ${JSON.stringify(values[r], (_, x) => (typeof x === 'bigint' ? `${x}n` : x))})`);
    }
  });
}

describe('list expressions', () => {
  const DTYPES: ListDType[] = ['float64', 'float32', 'int32', 'uint32', 'int64', 'uint64'];
  for (const dtype of DTYPES) {
    it(`${dtype}: len, get, sum, mean, min, max match the reference on both backends`, async () => {
      for (const [n, seed] of [[0, 1], [1, 2], [7, 3], [257, 4], [1000, 5]] as const) await checkAll(n, dtype, seed * 31 + dtype.length, { start: seed % 2 ? 0 : 5 });
      await checkAll(300, dtype, 77, { listNulls: 1 }); // every list null
      await checkAll(300, dtype, 78, { listNulls: 0, elemNulls: 1 }); // every element null
      await checkAll(300, dtype, 79, { maxLen: 0 }); // every list empty
    });
  }

  it('result types: len uint32, integer sums widen (int32 → int64, uint32 → uint64), mean float64, min/max keep the type', () => {
    const df = (dtype: ListDType) => new gf.DataFrame({ pts: randomLists(4, dtype, 1).column });
    const s = df('int32').withColumns({ n: col('pts').list.len(), s: col('pts').list.sum(), m: col('pts').list.mean(), lo: col('pts').list.min(), g: col('pts').list.get(0) }).schema;
    expect(s).toMatchObject({ n: 'uint32', s: 'int64', m: 'float64', lo: 'int32', g: 'int32' });
    expect(df('uint32').withColumns({ s: col('pts').list.sum() }).schema.s).toBe('uint64');
    expect(df('float32').withColumns({ s: col('pts').list.sum(), hi: col('pts').list.max() }).schema).toMatchObject({ s: 'float64', hi: 'float32' });
  });

  it('1e5 random lists (int64 beyond 2^53, float64 with NaN and ±0)', async () => {
    await checkAll(100_000, 'int64', 5, { maxLen: 4 });
    await checkAll(100_000, 'float64', 6, { maxLen: 4, start: 3 });
  }, 120_000);

  it('composes with other expressions and with filter', async () => {
    const { column, values } = randomLists(2000, 'int32', 11);
    const make = () => new gf.DataFrame({ id: Int32Array.from({ length: 2000 }, (_, i) => i), pts: column });
    const kept = await frameParity(() => make().filter(col('pts').list.len().gt(2)));
    expect(kept.map((r) => r.id)).toEqual(values.flatMap((l, i) => (l !== null && l.length > 2 ? [i] : [])));
    const rows = await frameParity(() =>
      make().withColumns({ spread: col('pts').list.max().sub(col('pts').list.min()), big: col('pts').list.sum().gt(col('id')).and(col('pts').list.get(-1).isNotNull()) }),
    );
    rows.forEach((row, i) => {
      const l = values[i]!;
      const lo = refMinMax(l, false) as number | null;
      const hi = refMinMax(l, true) as number | null;
      expect(row.spread, `row ${i}`).toBe(lo === null || hi === null ? null : (hi - lo) | 0);
      // Kleene AND: a null list's get(-1).isNotNull() is false, so the row is false, not null.
      const s = refSum(l, 'int32') as bigint | null;
      expect(row.big, `row ${i}`).toBe(l === null ? false : s! > BigInt(i) && refGet(l, -1) !== null);
    });
  });

  it('past one storage binding (maxBindingBytes 65536): same results', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      await checkAll(30_001, 'float64', 21, { maxLen: 3, start: 2 }); // 120 kB of offsets, ~360 kB of child
      await checkAll(30_001, 'int64', 22, { maxLen: 3 });
    } finally {
      if (hasGpu()) await gf.init();
    }
  }, 120_000);

  it('frees its temporaries (no device bytes left once the result is disposed)', async () => {
    if (!hasGpu()) return;
    await gf.withBackendAsync('webgpu', async () => {
      const { column } = randomLists(5000, 'float64', 3);
      const df = new gf.DataFrame({ pts: column });
      df.withColumns({ a: col('pts').list.sum() }).column('a').dispose(); // uploads the list once
      const before = gf.stats().liveDeviceBytes + gf.stats().finalizedBytes;
      const out = df.withColumns({ a: col('pts').list.sum().add(col('pts').list.len()), b: col('pts').list.get(-1), c: col('pts').list.len() });
      out.column('a').dispose();
      out.column('b').dispose();
      out.column('c').dispose();
      const kept = await df.filter(col('pts').list.mean().gt(0));
      kept.dispose();
      expect(gf.stats().liveDeviceBytes + gf.stats().finalizedBytes).toBe(before);
    });
  });

  it('typed errors: a flat op on a list column, a list op on a flat column or unsupported elements', () => {
    const df = new gf.DataFrame({ pts: randomLists(3, 'float64', 1).column, x: new Float64Array(3), s: new gf.Column({ type: 'list', data: gf.array(new Int32Array([0, 1, 1, 2])), children: [gf.Column.from(['a', 'b'])] }) });
    expect(() => df.withColumns({ y: col('pts').add(1) })).toThrow(gf.DTypeError);
    expect(() => df.withColumns({ y: col('pts').add(1) })).toThrow(/'pts' of type list/);
    expect(() => df.withColumns({ y: col('x').list.len() })).toThrow(/expected a list column for col\("x"\)\.list\.len\(\), got 'x' of type float64/);
    expect(() => df.withColumns({ y: col('s').list.sum() })).toThrow(/'s' of list<utf8>/);
    expect(() => col('pts').list.get(1.5)).toThrow(gf.ValueError);
    // A string list's elements keep their dictionary through get.
    expect(df.withColumns({ g: col('s').list.get(0) }).column('g').type).toBe('utf8');
  });
});
