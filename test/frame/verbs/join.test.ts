// DataFrame.join: differential tests (both backends, and a plain-JS nested-loop reference
// join, order included) over every `how` and key type, and semantics tests pinning the
// documented Polars rules.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { hasGpu, rng } from '../../helpers/parity.js';

type Rec = Record<string, unknown>;
type How = 'inner' | 'left' | 'right' | 'outer' | 'semi' | 'anti';
const HOWS: How[] = ['inner', 'left', 'right', 'outer', 'semi', 'anti'];
type KeyType = 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64' | 'utf8' | 'categorical' | 'date' | 'timestamp' | 'bool' | 'int8' | 'uint16';
type V = number | bigint | string | null;

const POOLS: Record<KeyType, { left: V[]; right?: V[] }> = {
  int32: { left: [-3, -1, 0, 2, 5, 2147483647, -2147483648] },
  uint32: { left: [0, 1, 7, 4294967295, 2147483648] },
  int64: { left: [2n ** 53n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, -5n, 0n, -(2n ** 53n) - 1n] },
  uint64: { left: [0n, 1n, 2n ** 64n - 1n, 2n ** 53n + 1n, 2n ** 53n] },
  float32: { left: [NaN, -0, 0, 1.5, -2, Infinity, -Infinity] },
  float64: { left: [NaN, -0, 0, 1.5, -2, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2, 5e-324] },
  utf8: { left: ['a', 'b', 'c', 'é', ''], right: ['', 'b', 'd', 'é', 'zz', 'c'] },
  categorical: { left: ['x', 'y', 'w'], right: ['y', 'z', 'x'] },
  date: { left: [0, -1, 19000, 19001] },
  timestamp: { left: [0n, -86400000n, 1700000000000n, 1700000000001n] },
  bool: { left: [0, 1] },
  int8: { left: [-128, -1, 0, 5, 127] },
  uint16: { left: [0, 7, 65535, 256] },
};

/** A column of `type` from values (null = null). Float NaNs get varied payloads and signs. */
function makeColumn(type: KeyType, values: V[]): gf.Column {
  const n = values.length;
  const bits = new Uint8Array(Math.ceil(n / 8));
  values.forEach((v, i) => v !== null && (bits[i >> 3]! |= 1 << (i & 7)));
  const validity = values.includes(null) ? gf.DataBuffer.fromHost(bits, 'uint8') : undefined;
  if (type === 'utf8') return gf.Column.from(values as Array<string | null>);
  if (type === 'categorical') {
    const dict = [...new Set(values.filter((v) => v !== null) as string[])].sort();
    const codes = Uint32Array.from(values, (v) => (v === null ? 0 : dict.indexOf(v as string)));
    return new gf.Column({ type: 'categorical', data: gf.DataBuffer.fromHost(codes, 'uint32'), validity, dictionary: dict });
  }
  if (type === 'date') return new gf.Column({ type: 'date', data: gf.DataBuffer.fromHost(Int32Array.from(values, (v) => (v ?? 0) as number), 'int32'), validity });
  if (type === 'timestamp') return new gf.Column({ type: 'timestamp', unit: 'ms', data: gf.DataBuffer.fromHost(BigInt64Array.from(values, (v) => (v ?? 0n) as bigint), 'int64'), validity });
  const arrays = { int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array, bool: Uint8Array, int8: Int8Array, uint16: Uint16Array } as const;
  let data: gf.TypedArray;
  if (type === 'int64') data = BigInt64Array.from(values, (v) => (v ?? 0n) as bigint);
  else if (type === 'uint64') data = BigUint64Array.from(values, (v) => (v ?? 0n) as bigint);
  else data = (arrays[type] as typeof Float64Array).from(values, (v) => (v ?? 0) as number);
  if (data instanceof Float64Array || data instanceof Float32Array) {
    const w = new Uint32Array(data.buffer);
    const wide = data instanceof Float64Array;
    data.forEach((x, i) => {
      if (!Number.isNaN(x)) return;
      if (i % 3 === 1) w[wide ? 2 * i + 1 : i] = wide ? 0xfff80000 : 0xffc00000; // negative NaN
      if (i % 3 === 2) w[wide ? 2 * i : i] = wide ? 1 : 0x7fc00001; // NaN with a payload
    });
  }
  return gf.Column.from(data, validity ? bits : undefined, type === 'bool' ? 'bool' : undefined);
}

/** Left/right frames with key columns `keys` (random from the pools, with nulls and duplicates) and payloads. */
function frames(keys: readonly KeyType[], nL: number, nR: number, seed: number, nullRate = 0.1) {
  const r = rng(seed);
  const pick = (pool: V[]) => (r() < nullRate ? null : pool[Math.floor(r() * pool.length)]!);
  const side = (n: number, which: 'left' | 'right', prefix: string) => {
    const cols: Array<[string, gf.Column]> = keys.map((t, k) => {
      const pool = which === 'right' ? POOLS[t].right ?? POOLS[t].left : POOLS[t].left;
      return [`${prefix}${k}`, makeColumn(t, Array.from({ length: n }, () => pick(pool)))];
    });
    cols.push([`${which[0]}v`, makeColumn('int32', Array.from({ length: n }, (_, i) => i))]);
    cols.push(['x', makeColumn('float64', Array.from({ length: n }, () => (r() < 0.2 ? null : Math.round(r() * 100) / 4)))]);
    cols.push([which === 'left' ? 'name' : 'flag', which === 'left' ? makeColumn('utf8', Array.from({ length: n }, () => pick(['p', 'q', 'r']))) : makeColumn('bool', Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0)))]);
    return new gf.DataFrame(cols);
  };
  // Left keys are k0, k1, ...; right keys are named the same (on) or rk0, ... (leftOn/rightOn).
  return { left: side(nL, 'left', 'k'), right: (renamed: boolean) => side(nR, 'right', renamed ? 'rk' : 'k') };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

/** Key equality of the reference: nulls never match, NaN matches NaN, -0 matches +0. */
function keyEq(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a)) return Number.isNaN(b);
  return a === b;
}

/** The plain nested-loop join of the documented semantics: names, order and values. */
function referenceJoin(L: Rec[], R: Rec[], lNames: readonly string[], rNames: readonly string[], lk: string[], rk: string[], how: How, suffix = '_right') {
  const match = (l: Rec, r: Rec) => lk.every((k, i) => keyEq(l[k], r[rk[i]!]));
  const pairs: Array<[number, number]> = [];
  if (how === 'right') R.forEach((r, j) => {
    const hits = L.flatMap((l, i) => (match(l, r) ? [i] : []));
    if (hits.length === 0) pairs.push([-1, j]);
    for (const i of hits) pairs.push([i, j]);
  });
  else L.forEach((l, i) => {
    const hits = R.flatMap((r, j) => (match(l, r) ? [j] : []));
    if (how === 'semi' || how === 'anti') {
      if ((hits.length > 0) === (how === 'semi')) pairs.push([i, -1]);
      return;
    }
    if (hits.length === 0 && how !== 'inner') pairs.push([i, -1]);
    for (const j of hits) pairs.push([i, j]);
  });
  if (how === 'outer') R.forEach((r, j) => L.some((l) => match(l, r)) || pairs.push([-1, j]));
  const cols: Array<[string, (i: number, j: number) => unknown]> = [];
  for (const n of lNames) {
    const k = lk.indexOf(n);
    if (how === 'right' && k >= 0) continue;
    if (how === 'outer' && k >= 0) cols.push([n, (i, j) => (i >= 0 ? L[i]![n] : R[j]![rk[k]!])]);
    else cols.push([n, (i) => (i >= 0 ? L[i]![n] : null)]);
  }
  if (how !== 'semi' && how !== 'anti') {
    const taken = new Set(cols.map(([n]) => n));
    for (const n of rNames) {
      if (how !== 'right' && rk.includes(n)) continue;
      const name = taken.has(n) ? n + suffix : n;
      taken.add(name);
      cols.push([name, (_, j) => (j >= 0 ? R[j]![n] : null)]);
    }
  }
  return { names: cols.map(([n]) => n), rows: pairs.map(([i, j]) => Object.fromEntries(cols.map(([n, f]) => [n, f(i, j)]))) };
}

/** Join on both backends (frameParity) and against the reference; returns the result's names. */
async function checkJoin(build: () => { left: gf.DataFrame; right: gf.DataFrame }, opts: gf.JoinOptions, what: string): Promise<void> {
  let names: readonly string[] = [];
  const got = await frameParity(async () => {
    const { left, right } = build();
    const out = await left.join(right, opts);
    names = out.names;
    return out;
  });
  const { left, right } = gf.withBackend('cpu', build);
  const [L, R] = await gf.withBackendAsync('cpu', () => Promise.all([left.toRecords(), right.toRecords()]));
  const list = (v: string | readonly string[] | undefined) => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);
  const lk = opts.on ? list(opts.on) : list(opts.leftOn);
  const rk = opts.on ? list(opts.on) : list(opts.rightOn);
  const want = referenceJoin(L, R, left.names, right.names, lk, rk, opts.how ?? 'inner', opts.suffix);
  expect(names, `${what}: names`).toEqual(want.names);
  expect(got.length, `${what}: rows`).toBe(want.rows.length);
  got.forEach((row, r) => {
    for (const n of want.names) if (!sameValue(row[n], want.rows[r]![n])) expect.fail(`${what}: row ${r} column '${n}': got ${String(row[n])}, want ${String(want.rows[r]![n])}`);
  });
}

const SIZE_PAIRS = [[0, 4], [4, 0], [1, 1], [300, 120]] as const;

describe('DataFrame.join: both backends and a nested-loop reference agree', () => {
  for (const t of Object.keys(POOLS) as KeyType[]) {
    it(`single ${t} key, every how, duplicates on both sides, nulls, NaN/±0 where they apply`, async () => {
      for (const [nL, nR] of SIZE_PAIRS) {
        for (const how of HOWS) {
          const seed = nL * 31 + nR + t.length;
          await checkJoin(() => { const f = frames([t], nL, nR, seed); return { left: f.left, right: f.right(false) }; }, { on: 'k0', how }, `${t} ${how} ${nL}x${nR}`);
        }
      }
    });
  }

  for (const keys of [['int32', 'utf8'], ['float64', 'int64'], ['timestamp', 'categorical', 'uint32'], ['bool', 'int8']] as KeyType[][]) {
    it(`multi-key (${keys.join(', ')}) with leftOn/rightOn, every how`, async () => {
      for (const [nL, nR] of SIZE_PAIRS) {
        for (const how of HOWS) {
          const lk = keys.map((_, k) => `k${k}`);
          const rk = keys.map((_, k) => `rk${k}`);
          await checkJoin(() => { const f = frames(keys, nL, nR, nL + nR * 7); return { left: f.left, right: f.right(true) }; }, { leftOn: lk, rightOn: rk, how }, `${keys.join('+')} ${how} ${nL}x${nR}`);
        }
      }
    });
  }

  it('edge cases: both empty, an all-null key, one row each side, a custom suffix', async () => {
    for (const how of HOWS) {
      await checkJoin(() => { const f = frames(['int32'], 0, 0, 1); return { left: f.left, right: f.right(false) }; }, { on: 'k0', how }, `empty ${how}`);
      await checkJoin(() => { const f = frames(['float64'], 40, 30, 2, 1); return { left: f.left, right: f.right(false) }; }, { on: 'k0', how }, `all-null ${how}`);
      await checkJoin(() => { const f = frames(['utf8', 'int64'], 1, 1, 3, 0); return { left: f.left, right: f.right(false) }; }, { on: ['k0', 'k1'], how, suffix: '_r' }, `one row ${how}`);
    }
  });
});

describe('DataFrame.join: small-range integer keys (the CPU looks them up by value)', () => {
  // A foreign key into a dimension table: the build side's keys span a small range, so the
  // CPU backend numbers keys by value − least (no hashing); probe keys outside that range,
  // negative keys and nulls on both sides must still match exactly as the reference says.
  const build = (nL: number, nR: number, seed: number, unique: boolean) => () => {
    const r = rng(seed);
    const lk = Array.from({ length: nL }, () => (r() < 0.1 ? null : Math.floor(r() * 60) - 20));
    const rk = Array.from({ length: nR }, (_, i) => (r() < 0.1 ? null : unique ? i - 5 : Math.floor(r() * 25) - 5));
    const int = (values: Array<number | null>) => gf.Column.from(Int32Array.from(values, (v) => v ?? 7), Uint8Array.from({ length: Math.ceil(values.length / 8) }, (_, b) => values.slice(8 * b, 8 * b + 8).reduce((m: number, v, j) => (v === null ? m : m | (1 << j)), 0)));
    return {
      left: new gf.DataFrame({ k: int(lk), lv: Int32Array.from({ length: nL }, (_, i) => i) }),
      right: new gf.DataFrame({ k: int(rk), w: Float64Array.from({ length: nR }, (_, i) => i / 4) }),
    };
  };
  for (const unique of [true, false]) {
    it(`every how, ${unique ? 'unique' : 'repeated'} build keys, on both backends and the reference`, async () => {
      for (const [nL, nR] of [[0, 4], [4, 0], [1, 1], [700, 25], [257, 30]] as const) {
        for (const how of HOWS) await checkJoin(build(nL, nR, nL + nR, unique), { on: 'k', how }, `${how} ${nL}x${nR}`);
      }
    });
  }
});

describe('DataFrame.join: a larger join on the CPU backend', () => {
  it('2e5 x 1e4 rows (int64 keys, many-to-many) completes with the reference row counts', async () => {
    await gf.withBackendAsync('cpu', async () => {
      const r = rng(99);
      const nL = 200_000;
      const nR = 10_000;
      const lk = BigInt64Array.from({ length: nL }, () => BigInt(Math.floor(r() * 20_000)) + 2n ** 53n);
      const rkeys = BigInt64Array.from({ length: nR }, () => BigInt(Math.floor(r() * 12_000)) + 2n ** 53n);
      const left = new gf.DataFrame({ k: lk, lv: Int32Array.from({ length: nL }, (_, i) => i) });
      const right = new gf.DataFrame({ k: rkeys, rv: Int32Array.from({ length: nR }, (_, i) => i) });
      const perKey = new Map<bigint, number>();
      for (const k of rkeys) perKey.set(k, (perKey.get(k) ?? 0) + 1);
      let inner = 0;
      let leftRows = 0;
      for (const k of lk) {
        inner += perKey.get(k) ?? 0;
        leftRows += Math.max(1, perKey.get(k) ?? 0);
      }
      const out = await left.join(right, { on: 'k' });
      expect(out.numRows).toBe(inner);
      const k = (await out.column('k').toValues()) as bigint[];
      const lv = (await out.column('lv').toValues()) as number[];
      const rv = (await out.column('rv').toValues()) as number[];
      for (let i = 0; i < out.numRows; i++) {
        if (k[i] !== rkeys[rv[i]!] || k[i] !== lk[lv[i]!]) expect.fail(`row ${i}: keys differ`);
        if (i > 0 && (lv[i]! < lv[i - 1]! || (lv[i] === lv[i - 1] && rv[i]! <= rv[i - 1]!))) expect.fail(`row ${i}: not in (left, right) row order`);
      }
      expect((await left.join(right, { on: 'k', how: 'left' })).numRows).toBe(leftRows);
    });
  });
});

describe('DataFrame.join: device limits', () => {
  it('matches the CPU in binding windows and on the 2-D grid (maxBindingBytes 65536, grid cap 64)', async () => {
    // Wide int64 keys (beyond 2^53) and a float64 key with NaN and ±0: ~1 match per row.
    const side = (n: number, seed: number) => {
      const r = rng(seed);
      const k0 = Array.from({ length: n }, () => (r() < 0.05 ? null : BigInt(Math.floor(r() * 40_000)) + 2n ** 53n));
      const k1 = Array.from({ length: n }, () => (r() < 0.05 ? null : [NaN, -0, 0, 1.5][Math.floor(r() * 4)]!));
      return new gf.DataFrame({ k0: makeColumn('int64', k0), k1: makeColumn('float64', k1), v: makeColumn('int32', Array.from({ length: n }, (_, i) => i)) });
    };
    const build = () => ({ left: side(30_000, 1), right: side(20_000, 2) });
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536, maxWorkgroupsPerDim: 64 });
    try {
      for (const how of ['left', 'outer', 'anti'] as const) {
        const got = await frameParity(async () => {
          const { left, right } = build();
          return left.join(right, { on: ['k0', 'k1'], how });
        });
        // An independent row count: matches per key tuple, by a Map over the records.
        const { left, right } = gf.withBackend('cpu', build);
        const [L, R] = await gf.withBackendAsync('cpu', () => Promise.all([left.toRecords(), right.toRecords()]));
        const tuple = (r: Rec) => (r.k0 === null || r.k1 === null ? null : `${String(r.k0)}|${Object.is(r.k1, -0) ? 0 : String(r.k1)}`);
        const perKey = new Map<string, number>();
        for (const r of R) { const t = tuple(r); if (t !== null) perKey.set(t, (perKey.get(t) ?? 0) + 1); }
        const leftKeys = new Set(L.map(tuple));
        const matches = L.map((l) => { const t = tuple(l); return t === null ? 0 : perKey.get(t) ?? 0; });
        const want = how === 'anti' ? matches.filter((m) => m === 0).length
          : matches.reduce((a, m) => a + Math.max(m, 1), 0) + (how === 'outer' ? R.filter((r) => { const t = tuple(r); return t === null || !leftKeys.has(t); }).length : 0);
        expect(got.length, how).toBe(want);
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('frees its intermediate device buffers', async () => {
    if (!hasGpu()) return;
    await gf.withBackendAsync('webgpu', async () => {
      const f = frames(['utf8', 'int32'], 500, 300, 8);
      const right = f.right(false);
      const warm = await f.left.join(right, { on: ['k0', 'k1'], how: 'outer' });
      warm.dispose();
      const before = gf.stats().liveDeviceBytes;
      const out = await f.left.join(right, { on: ['k0', 'k1'], how: 'outer' });
      out.dispose();
      expect(gf.stats().liveDeviceBytes).toBeLessThanOrEqual(before);
    });
  });
});

describe('DataFrame.join: semantics (Polars)', () => {
  // The example of Polars' DataFrame.join documentation.
  const df = () => new gf.DataFrame({ foo: new Int32Array([1, 2, 3]), bar: new Float64Array([6, 7, 8]), ham: ['a', 'b', 'c'] });
  const other = () => new gf.DataFrame({ apple: ['x', 'y', 'z'], ham: ['a', 'b', 'd'] });
  const rows = async (p: Promise<gf.DataFrame>) => (await p).toRecords();

  it('inner, left, right, outer, semi and anti on the Polars documentation example', async () => {
    expect(await rows(df().join(other(), { on: 'ham' }))).toEqual([
      { foo: 1, bar: 6, ham: 'a', apple: 'x' },
      { foo: 2, bar: 7, ham: 'b', apple: 'y' },
    ]);
    expect(await rows(df().join(other(), { on: 'ham', how: 'left' }))).toEqual([
      { foo: 1, bar: 6, ham: 'a', apple: 'x' },
      { foo: 2, bar: 7, ham: 'b', apple: 'y' },
      { foo: 3, bar: 8, ham: 'c', apple: null },
    ]);
    const right = await df().join(other(), { on: 'ham', how: 'right' });
    expect(right.names).toEqual(['foo', 'bar', 'apple', 'ham']);
    expect(await right.toRecords()).toEqual([
      { foo: 1, bar: 6, apple: 'x', ham: 'a' },
      { foo: 2, bar: 7, apple: 'y', ham: 'b' },
      { foo: null, bar: null, apple: 'z', ham: 'd' },
    ]);
    // Outer fills nulls for the missing side; the key is coalesced (Polars coalesce=True).
    const outer = await df().join(other(), { on: 'ham', how: 'outer' });
    expect(outer.schema).toEqual({ foo: 'int32', bar: 'float64', ham: 'utf8', apple: 'utf8' });
    expect(await outer.toRecords()).toEqual([
      { foo: 1, bar: 6, ham: 'a', apple: 'x' },
      { foo: 2, bar: 7, ham: 'b', apple: 'y' },
      { foo: 3, bar: 8, ham: 'c', apple: null },
      { foo: null, bar: null, ham: 'd', apple: 'z' },
    ]);
    expect(await rows(df().join(other(), { on: 'ham', how: 'semi' }))).toEqual([{ foo: 1, bar: 6, ham: 'a' }, { foo: 2, bar: 7, ham: 'b' }]);
    expect(await rows(df().join(other(), { on: 'ham', how: 'anti' }))).toEqual([{ foo: 3, bar: 8, ham: 'c' }]);
  });

  it('null keys never match (join_nulls=False); NaN matches NaN and -0 matches +0, also in a multi-key', async () => {
    const l = new gf.DataFrame({ k: gf.Column.from(new Int32Array([1, 0, 2]), new Uint8Array([0b101])), a: new Int32Array([10, 20, 30]) });
    const r = new gf.DataFrame({ k: gf.Column.from(new Int32Array([0, 1]), new Uint8Array([0b10])), b: new Int32Array([40, 50]) });
    expect(await rows(l.join(r, { on: 'k' }))).toEqual([{ k: 1, a: 10, b: 50 }]);
    expect(await rows(l.join(r, { on: 'k', how: 'outer' }))).toEqual([
      { k: 1, a: 10, b: 50 },
      { k: null, a: 20, b: null },
      { k: 2, a: 30, b: null },
      { k: null, a: null, b: 40 },
    ]);
    const fl = new gf.DataFrame({ f: new Float64Array([-0, 0, NaN]), i: new Int32Array([3, 5, 7]) });
    const fr = new gf.DataFrame({ f: new Float64Array([0, -0, NaN]), i: new Int32Array([3, 5, 7]), v: new Int32Array([1, 2, 3]) });
    const got = await rows(fl.join(fr, { on: ['f', 'i'] }));
    expect(got.map((x) => x.v)).toEqual([1, 2, 3]);
    expect(Object.is(got[0]!.f, -0)).toBe(true); // the left key's value, bits kept
  });

  it('suffixes right names already taken, and rejects a suffix that still clashes', async () => {
    const l = new gf.DataFrame({ id: new Int32Array([1]), v: new Int32Array([2]), v_r: new Int32Array([3]) });
    const r = new gf.DataFrame({ id: new Int32Array([1]), v: new Int32Array([4]) });
    expect((await l.join(r, { on: 'id' })).names).toEqual(['id', 'v', 'v_r', 'v_right']);
    await expect(l.join(r, { on: 'id', suffix: '_r' })).rejects.toThrow(/unique output column names, got 'v_r' twice/);
    const r2 = new gf.DataFrame({ uid: new Int32Array([1]), id: new Int32Array([9]) });
    expect(await rows(l.join(r2, { leftOn: 'id', rightOn: 'uid' }))).toEqual([{ id: 1, v: 2, v_r: 3, id_right: 9 }]);
  });

  it('orders rows by left row, then right row (many-to-many)', async () => {
    const l = new gf.DataFrame({ k: new Int32Array([2, 1, 2]), i: new Int32Array([0, 1, 2]) });
    const r = new gf.DataFrame({ k: new Int32Array([2, 2, 1, 3]), j: new Int32Array([0, 1, 2, 3]) });
    const pairs = async (how: How) => (await rows(l.join(r, { on: 'k', how }))).map((x) => [x.i, x.j]);
    expect(await pairs('inner')).toEqual([[0, 0], [0, 1], [1, 2], [2, 0], [2, 1]]);
    expect(await pairs('right')).toEqual([[0, 0], [2, 0], [0, 1], [2, 1], [1, 2], [null, 3]]);
    expect(await pairs('outer')).toEqual([[0, 0], [0, 1], [1, 2], [2, 0], [2, 1], [null, 3]]);
  });

  it('rejects bad keys and options with typed errors', async () => {
    const a = new gf.DataFrame({ k: new Int32Array([1]), t: ['x'] });
    const b = new gf.DataFrame({ k: new BigInt64Array([1n]), t: ['x'] });
    await expect(a.join(b, { on: 'k' })).rejects.toThrow(gf.DTypeError);
    await expect(a.join(b, { on: 'k' })).rejects.toThrow(/join: expected key 'k' of the right frame to have the type of 'k' \(int32\), got int64/);
    await expect(a.join(a, { on: 'nope' })).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(a.join(a, { on: 'k', how: 'cross' as never })).rejects.toThrow(gf.ValueError);
    await expect(a.join(a, {})).rejects.toThrow(gf.ValueError);
    await expect(a.join(a, { on: 'k', leftOn: 'k' })).rejects.toThrow(gf.ValueError);
    await expect(a.join(a, { leftOn: ['k', 't'], rightOn: ['k'] })).rejects.toThrow(gf.ValueError);
    const ts = (unit: 'ms' | 'us') => new gf.DataFrame({ t: new gf.Column({ type: 'timestamp', unit, data: gf.DataBuffer.fromHost(new BigInt64Array([1n]), 'int64') }) });
    await expect(ts('ms').join(ts('us'), { on: 't' })).rejects.toThrow(/timestamp\[ms\].*got timestamp\[us\]/);
    const i8 = new gf.DataFrame({ k: new Int8Array([1]) });
    const i16 = new gf.DataFrame({ k: new Int16Array([1]) });
    await expect(i8.join(i16, { on: 'k' })).rejects.toThrow(/got int16/);
  });
});
