// Parity tests of the join kernels: 'join/concat-keys', 'join/key-ids', 'join/bounds',
// 'join/expand' and 'join/coalesce', each on both backends against a plain-JS oracle, at the
// standard sizes, on the 2-D grid (grid cap) and in binding windows (maxBindingBytes 65536).
import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { hasGpu, isValid, PAST_CAPPED_GRID, parity, randomArray, randomValidity, rng, SIZES, WORD_DTYPES, withGridCap } from '../../helpers/parity.js';
import { concatKeys } from '../../../kernels/join/concat-keys.js';
import { keyIds } from '../../../kernels/join/key-ids.js';
import { joinBounds } from '../../../kernels/join/bounds.js';
import { joinExpand } from '../../../kernels/join/expand.js';
import { coalesce } from '../../../kernels/join/coalesce.js';

const NONE = 0xffffffff;
const u32 = (a: ArrayLike<number>) => Uint32Array.from(a);

/** Run `fn` with a small binding cap (on WebGPU), so the kernels loop over windows. */
async function windowed<T>(fn: () => Promise<T>): Promise<T> {
  if (!hasGpu()) return fn();
  await gf.init({ maxBindingBytes: 65536 });
  try {
    return await fn();
  } finally {
    await gf.init();
  }
}

afterAll(async () => {
  if (hasGpu()) await gf.init();
});

describe('join/concat-keys', () => {
  function oracle(a: TypedArray, b: TypedArray): TypedArray {
    const out = new (a.constructor as new (n: number) => TypedArray)(a.length + b.length);
    const float = a instanceof Float64Array || a instanceof Float32Array;
    const all = [...(a as ArrayLike<number>) as number[], ...(b as ArrayLike<number>) as number[]];
    all.forEach((v, i) => ((out as Float64Array)[i] = float && Object.is(v, -0) ? 0 : v));
    return out;
  }
  const run = (a: TypedArray, b: TypedArray, what: string) => parity(() => concatKeys(gf.array(a), gf.array(b)), { oracle: [oracle(a, b)], what });

  for (const dtype of WORD_DTYPES) {
    it(`puts ${dtype} left keys before right keys, -0 as +0, on both backends`, async () => {
      for (const n of SIZES) {
        for (const m of [0, 1, 257]) await run(randomArray(dtype, n, n + 3, { specialRate: 0.3 }), randomArray(dtype, m, m + 5, { specialRate: 0.3 }), `${dtype} ${n}+${m}`);
      }
    });
  }

  it('runs on the 2-D grid and in binding windows (unaligned second part)', async () => {
    for (const dtype of ['float64', 'float32', 'int64'] as const) {
      const a = randomArray(dtype, PAST_CAPPED_GRID, 1, { specialRate: 0.3 });
      const b = randomArray(dtype, 9_001, 2, { specialRate: 0.3 });
      await withGridCap(() => run(a, b, `${dtype} grid`));
      await windowed(() => run(b, a, `${dtype} windows`));
    }
  });
});

/** Keys for n concatenated rows, their stable sort order and group-start flags, and oracle ids. */
function sortedCase(n: number, distinct: number, seed: number) {
  const r = rng(seed);
  const keys = Array.from({ length: n }, () => Math.floor(r() * distinct));
  const perm = u32(Array.from({ length: n }, (_, i) => i).sort((x, y) => keys[x]! - keys[y]! || x - y));
  const flags = Uint8Array.from(perm, (p, i) => (i === 0 || keys[p] !== keys[perm[i - 1]!] ? 1 : 0));
  const rank = new Map([...new Set(keys)].sort((x, y) => x - y).map((k, i) => [k, i]));
  return { perm, flags, ids: keys.map((k) => rank.get(k)!) };
}

describe('join/key-ids', () => {
  async function check(n: number, nLeft: number, distinct: number, what: string) {
    const { perm, flags, ids } = sortedCase(n, distinct, n * 7 + distinct);
    await parity(
      () => {
        const r = keyIds(gf.array(flags, 'bool'), gf.array(perm), nLeft);
        return [r.left, r.right];
      },
      { oracle: [u32(ids.slice(0, nLeft)), u32(ids.slice(nLeft))], what },
    );
  }

  it('gives equal keys equal dense ids, in row order, split at nLeft', async () => {
    for (const n of SIZES) for (const nLeft of [0, n >> 1, n]) await check(n, nLeft, 1 + (n >> 3), `n=${n} nLeft=${nLeft}`);
  });

  it('runs on the 2-D grid and in binding windows', async () => {
    await withGridCap(() => check(PAST_CAPPED_GRID, 20_000, 5_000, 'grid'));
    await windowed(() => check(50_000, 21_111, 3_000, 'windows'));
  });
});

/** Sorted build ids (NONE last, as null keys sort) and probe ids, some NONE. */
function boundsCase(n: number, m: number, distinct: number, seed: number) {
  const r = rng(seed);
  const build = u32(Array.from({ length: m }, () => (r() < 0.05 ? NONE : Math.floor(r() * distinct))).sort((x, y) => x - y));
  const probe = u32(Array.from({ length: n }, () => (r() < 0.1 ? NONE : Math.floor(r() * (distinct + 3)))));
  const lower = new Uint32Array(n);
  const count = new Uint32Array(n);
  probe.forEach((x, i) => {
    if (x === NONE) return;
    const first = build.indexOf(x);
    if (first < 0) return;
    lower[i] = first;
    count[i] = build.lastIndexOf(x) - first + 1;
  });
  return { probe, build, lower, count };
}

describe('join/bounds', () => {
  async function check(n: number, m: number, distinct: number, what: string) {
    const c = boundsCase(n, m, distinct, n * 3 + m);
    await parity(
      () => {
        const r = joinBounds(gf.array(c.probe), gf.array(c.build));
        return [r.lower, r.count];
      },
      { oracle: [c.lower, c.count], what },
    );
  }

  it('finds the first match and the number of matches; NONE matches nothing', async () => {
    for (const n of SIZES) for (const m of [0, 1, 256, 1000]) await check(n, m, 1 + (m >> 2), `n=${n} m=${m}`);
    // Sparse ids (beyond the CPU twin's id table): the binary-search path on both.
    for (const n of [1, 257, 4099]) await check(n, 1000, 2 ** 31, `sparse n=${n}`);
  });

  it('counts runs of equal ids that span build windows, on the 2-D grid and in windows', async () => {
    await withGridCap(() => check(PAST_CAPPED_GRID, 3_000, 40, 'grid'));
    await windowed(() => check(20_000, 50_000, 7, 'windows (runs of ~7000 across 16384-id windows)'));
  });
});

/** Per-probe ranges and the rows they expand to, written out directly. */
function expandOracle(lower: Uint32Array, count: Uint32Array, keep: boolean, tail?: { count: number; base: number }) {
  const rows: number[] = [];
  const pos: number[] = [];
  lower.forEach((lo, i) => {
    const c = count[i]!;
    if (c === 0 && keep) (rows.push(i), pos.push(NONE));
    for (let k = 0; k < c; k++) (rows.push(i), pos.push(lo + k));
  });
  for (let k = 0; k < (tail?.count ?? 0); k++) (rows.push(NONE), pos.push(tail!.base + k));
  return [u32(rows), u32(pos)];
}

describe('join/expand', () => {
  async function check(n: number, maxCount: number, keep: boolean, tail: { count: number; base: number } | undefined, what: string) {
    const r = rng(n * 13 + maxCount);
    const count = u32(Array.from({ length: n }, () => (r() < 0.3 ? 0 : Math.floor(r() * (maxCount + 1)))));
    const lower = u32(Array.from({ length: n }, () => Math.floor(r() * 1000)));
    await parity(
      async () => {
        const e = await joinExpand(gf.array(lower), gf.array(count), { keepUnmatched: keep, tail });
        return [e.rows, e.pos];
      },
      { oracle: expandOracle(lower, count, keep, tail), what },
    );
  }

  it('writes one row per match (or one for an unmatched kept row), then the tail', async () => {
    for (const n of SIZES) {
      for (const keep of [false, true]) {
        await check(n, 3, keep, undefined, `n=${n} keep=${keep}`);
        await check(n, 1, keep, { count: 5, base: 77 }, `n=${n} keep=${keep} tail`);
      }
    }
    await check(0, 0, true, { count: 300, base: 0 }, 'empty probe, tail only');
  });

  it('runs on the 2-D grid and in binding windows (offsets windows and output windows)', async () => {
    await withGridCap(() => check(PAST_CAPPED_GRID, 2, true, { count: 1000, base: 5 }, 'grid'));
    await windowed(() => check(30_000, 3, true, { count: 20_000, base: 9 }, 'windows keep'));
    await windowed(() => check(30_000, 4, false, undefined, 'windows inner'));
  });

  it('rejects mismatched inputs and a bad tail with typed errors', () => {
    const a = gf.array(new Uint32Array(3));
    expect(() => joinExpand(a, gf.array(new Uint32Array(2)), { keepUnmatched: false })).toThrow(gf.ShapeError);
    expect(() => joinExpand(a, a, { keepUnmatched: false, tail: { count: -1, base: 0 } })).toThrow(gf.ValueError);
  });
});

describe('join/coalesce', () => {
  async function check(dtype: string, n: number, rateA: number, rateB: number, what: string) {
    const a = randomArray(dtype, n, n + 1);
    const b = randomArray(dtype, n, n + 2);
    const va = randomValidity(n, rateA, n + 3);
    const vb = randomValidity(n, rateB, n + 4);
    const out = new (a.constructor as new (n: number) => TypedArray)(n);
    const bits = new Uint8Array(Math.ceil(n / 8));
    for (let i = 0; i < n; i++) {
      (out as Float64Array)[i] = (isValid(va, i) ? a[i] : b[i]) as number;
      if (isValid(va, i) || isValid(vb, i)) bits[i >> 3]! |= 1 << (i & 7);
    }
    await parity(
      () => {
        const r = coalesce(gf.array(a), gf.array(va, 'uint8'), gf.array(b), gf.array(vb, 'uint8'));
        return [r.values, r.validity];
      },
      { oracle: [out, bits], what },
    );
  }

  for (const dtype of WORD_DTYPES) {
    it(`takes ${dtype} a where valid, else b; null only where both are`, async () => {
      for (const n of SIZES) for (const [ra, rb] of [[0, 0], [0.1, 0.1], [1, 0.5], [1, 1]]) await check(dtype, n, ra!, rb!, `${dtype} n=${n} ${ra}/${rb}`);
    });
  }

  it('runs on the 2-D grid and in binding windows', async () => {
    await withGridCap(() => check('float64', PAST_CAPPED_GRID, 0.3, 0.3, 'grid'));
    await windowed(() => check('int64', 40_000, 0.3, 0.3, 'windows'));
    await windowed(() => check('uint32', 40_000, 0.5, 0.1, 'windows u32'));
  });
});
