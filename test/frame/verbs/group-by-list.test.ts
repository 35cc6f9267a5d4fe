// groupBy(keys).agg({ out: [col, 'list'] }): each group's values as a list, in frame order,
// nulls as null elements, on both backends, against plain-JS group loops (groupRowsRef).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, randomArray, randomValidity } from '../../helpers/parity.js';
import { randomFrame } from '../../helpers/random-frame.js';
import { groupRowsRef, type Row } from './group-reference.js';

/** Deep equality with NaN == NaN and -0 distinct from +0. */
function deepSame(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepSame(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepSame((a as Row)[k], (b as Row)[k]));
  }
  return a === b;
}

function expectRecords(got: Row[], want: Row[], what: string) {
  expect(got.length, `${what}: rows`).toBe(want.length);
  got.forEach((r, i) => {
    for (const k of Object.keys(want[i]!)) if (!deepSame(r[k], want[i]![k])) expect.fail(`${what} row ${i} '${k}': expected ${JSON.stringify(want[i]![k], (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}, got ${JSON.stringify(r[k], (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  });
}

/** Records of `fn`'s frame on the CPU and (if present) WebGPU, the two compared deeply. */
async function bothBackends(fn: () => Promise<gf.DataFrame>): Promise<Row[]> {
  const cpu = await gf.withBackendAsync('cpu', async () => (await fn()).toRecords());
  if (hasGpu()) expectRecords(await gf.withBackendAsync('webgpu', async () => (await fn()).toRecords()), cpu, 'gpu vs cpu');
  return cpu;
}

const VALUE_COLUMNS = ['s', 'i', 'l', 'u', 'f', 'g', 'b', 'd', 't', 'z'];

describe("groupBy(...).agg([col, 'list'])", () => {
  for (const n of [0, 1, 2, 257, 3001]) {
    it(`every value type, keys k and (k, s), n=${n}, nulls and NaN`, async () => {
      for (const keys of [['k'], ['k', 's']]) {
        const spec: Record<string, gf.AggSpec> = {};
        for (const c of VALUE_COLUMNS) if (!keys.includes(c)) spec[`${c}_list`] = [c, 'list'];
        spec.f_sum = ['f', 'sum'];
        const out = await bothBackends(() => randomFrame(n, n + 5).groupBy(keys).agg(spec));
        const rows = await randomFrame(n, n + 5).toRecords();
        const want = groupRowsRef(rows, keys).map((g) => {
          const r: Row = {};
          for (const k of keys) r[k] = g[0]![k];
          for (const [name, [c, op]] of Object.entries(spec)) if (op === 'list') r[name] = g.map((row) => row[c]);
          return r;
        });
        expectRecords(out, want, `keys ${keys}`);
      }
    });
  }

  it('the list column has type list with the value type as child, offsets = group sizes', async () => {
    const df = new gf.DataFrame({ id: gf.Column.from(new Int32Array([3, 1, 3, 3, 1])), x: gf.Column.from(new Float64Array([0.5, NaN, -0, 2, 4]), new Uint8Array([0b11011])) });
    const g = await df.groupBy('id').agg({ xs: ['x', 'list'] });
    expect(g.schema.xs).toBe('list');
    const xs = g.column('xs');
    expect(xs.child.type).toBe('float64');
    expect(await xs.data.toArray()).toEqual(new Int32Array([0, 2, 5]));
    expect(await g.toRecords()).toEqual([{ id: 1, xs: [NaN, 4] }, { id: 3, xs: [0.5, null, 2] }]);
  });

  it('1e5 rows against a plain-JS reference', async () => {
    const n = 100_000;
    const k = randomArray('int32', n, 1, { distinct: 500 }) as Int32Array;
    const x = randomArray('float64', n, 2) as Float64Array;
    const bits = randomValidity(n, 0.05, 3);
    const make = async () => new gf.DataFrame({ k: gf.Column.from(k), x: gf.Column.from(x, bits) }).groupBy('k').agg({ xs: ['x', 'list'] });
    const out = await bothBackends(make);
    const ref = new Map<number, Array<number | null>>();
    for (let i = 0; i < n; i++) {
      const v = (bits[i >> 3]! >> (i & 7)) & 1 ? x[i]! : null;
      const l = ref.get(k[i]!) ?? [];
      l.push(v);
      ref.set(k[i]!, l);
    }
    const want = [...ref.keys()].sort((a, b) => a - b).map((key) => ({ k: key, xs: ref.get(key)! }));
    expectRecords(out, want, '1e5');
  });

  it('nested value columns: a point column and a list<float64> column into lists, first/last', async () => {
    const make = async () => {
      const p = new gf.Column({ type: 'point', data: gf.array(new Float64Array([0, 1, 2, 3, 4, 5, 6, 7])), validity: gf.array(new Uint8Array([0b1011]), 'uint8') });
      const l = new gf.Column({ type: 'list', data: gf.array(new Int32Array([0, 2, 2, 3, 5])), children: [gf.Column.from(new Float64Array([1, NaN, 3, 4, 5]))] });
      const df = new gf.DataFrame({ id: gf.Column.from(new Int32Array([2, 1, 2, 2])), p, l });
      return df.groupBy('id').agg({ pts: ['p', 'list'], ls: ['l', 'list'], p1: ['p', 'first'], lN: ['l', 'last'] });
    };
    const out = await bothBackends(make);
    const pt = (x: number, y: number) => ({ type: 'Point', coordinates: [x, y] });
    expectRecords(out, [
      { id: 1, pts: [pt(2, 3)], ls: [[]], p1: pt(2, 3), lN: [] },
      { id: 2, pts: [pt(0, 1), null, pt(6, 7)], ls: [[1, NaN], [3], [4, 5]], p1: pt(0, 1), lN: [4, 5] },
    ], 'nested');
  });

  it("groupRows(df, keys): each group's row numbers as a list<uint32> column", async () => {
    const { groupRows } = await import('../../../frame/verbs/grouping.js');
    const df = new gf.DataFrame({ id: gf.Column.from(new Float64Array([7, NaN, 7, -0, 0, NaN])) });
    for (const backend of hasGpu() ? (['cpu', 'webgpu'] as const) : (['cpu'] as const)) {
      const l = await gf.withBackendAsync(backend, () => groupRows(df, ['id']));
      expect(l.type).toBe('list');
      expect(await l.toValues()).toEqual([[3, 4], [0, 2], [1, 5]]);
    }
  });

  it('nested value columns: rejects ops other than first, last, list', async () => {
    const l = new gf.Column({ type: 'list', data: gf.array(new Int32Array([0, 1, 3])), children: [gf.Column.from(new Float64Array([1, 2, 3]))] });
    const df = new gf.DataFrame({ k: gf.Column.from(new Int32Array([1, 2])), l });
    await expect(df.groupBy('k').agg({ m: ['l', 'sum'] })).rejects.toThrow(/expected first \| last \| list for 'l' \(list\)/);
  });
});
