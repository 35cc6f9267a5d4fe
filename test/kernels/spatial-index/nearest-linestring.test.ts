// Parity + oracle tests for 'spatial-index/nearest-linestring' (kernels/spatial-index/): the
// grid search and the brute-force scan, on the CPU twin and on WebGPU, must equal a plain-JS
// brute force over every segment exactly (row index, distance bits and validity), ties going
// to the smallest row.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, rng, SIZES, withGridCap } from '../../helpers/parity.js';
import { linesColumn, randomLines, randomPoints, refNearest, type LineRow } from './reference.js';

type Mode = 'none' | 'grid' | 'auto';

async function check(xs: Float64Array, ys: Float64Array, valid: boolean[], rows: LineRow[], what: string, opts: { maxDistance?: number; modes?: Mode[]; multi?: boolean } = {}): Promise<Int32Array> {
  const maxDistance = opts.maxDistance ?? Infinity;
  const want = refNearest(xs, ys, valid, rows, maxDistance);
  const multi = opts.multi ?? rows.some((r) => r !== null && r.length > 1);
  const v = valid.every(Boolean) ? undefined : Uint8Array.from({ length: Math.ceil(valid.length / 8) }, (_, b) => valid.slice(8 * b, 8 * b + 8).reduce((w, ok, i) => w | (ok ? 1 << i : 0), 0));
  for (const index of opts.modes ?? ['none', 'grid']) {
    await parity(() => {
      const x = new gf.Column({ type: 'float64', data: gf.array(xs), validity: v ? gf.array(v) : undefined });
      const r = gf.nearestLinestring(x, new gf.Column({ type: 'float64', data: gf.array(ys) }), linesColumn(rows, multi), { index, maxDistance });
      return [r.index.data, r.distance.data, r.index.validity!];
    }, { oracle: [want.index, want.d, want.bits], what: `${what} (${index})` });
  }
  return want.index;
}

describe("'spatial-index/nearest-linestring'", () => {
  it('equals brute force at every size, linestrings and multilinestrings, with null points and lines', async () => {
    for (const n of SIZES) {
      const { xs, ys } = randomPoints(n, 10 + n);
      const r = rng(n);
      const valid = Array.from({ length: n }, () => r() > 0.1);
      await check(xs, ys, valid, randomLines(Math.max(1, Math.min(n >> 2, 60)), 20 + n, { nullRate: 0.1 }), `n=${n}`);
      await check(xs, ys, valid, randomLines(Math.max(1, Math.min(n >> 3, 30)), 30 + n, { maxParts: 3, nullRate: 0.1 }), `multi n=${n}`);
    }
  });

  it('ties go to the smallest row; points on vertices and segments; degenerate segments; NaN, infinite and null points', async () => {
    const rows: LineRow[] = [
      [[[0, 2], [10, 2]]],
      [[[0, -2], [10, -2]]], // equidistant with row 0 from y = 0
      [[[5, 5], [5, 5]]], // a degenerate segment
      null,
      [[[20, 20], [20, 20], [30, 20]]],
      [[[NaN, 0], [1, 1]]], // NaN vertex: never nearest
      [[[0, 2], [10, 2]]], // a copy of row 0: ties lose to row 0
    ];
    const xs = new Float64Array([5, 0, 10, 5, 25, 20, NaN, Infinity, 1, 5, 100, -50, 5]);
    const ys = new Float64Array([0, 2, -2, 5, 20, 20, 1, 0, 1, 3.5, 100, -50, 0]);
    const valid = Array.from(xs, (_, i) => i !== 12);
    const got = await check(xs, ys, valid, rows, 'edges', { modes: ['none', 'grid', 'auto'] });
    expect(Array.from(got)).toEqual([0, 0, 1, 2, 4, 4, -1, -1, 0, 0, 4, 1, -1]); // (5, 3.5): 1.5 from rows 0 and 2
  });

  it('maxDistance: farther nearest lines give null', async () => {
    const { xs, ys } = randomPoints(1500, 5, 200);
    const rows = randomLines(300, 6);
    for (const maxDistance of [0, 1, 7.5]) await check(xs, ys, Array.from(xs, () => true), rows, `maxDistance ${maxDistance}`, { maxDistance });
  });

  it('empty inputs: no points, no lines, only null or empty lines', async () => {
    const { xs, ys } = randomPoints(300, 3);
    const all = Array.from(xs, () => true);
    await check(new Float64Array(0), new Float64Array(0), [], randomLines(10, 1), 'no points');
    await check(xs, ys, all, [], 'no lines', { multi: false });
    await check(xs, ys, all, [null, null, [[]]], 'null and empty lines', { multi: false });
  });

  it('clustered and far-apart segments, long segments (the big list), points far outside the grid', async () => {
    const r = rng(44);
    const rows: LineRow[] = [];
    for (let i = 0; i < 400; i++) {
      const cx = i % 2 ? 0 : 1000;
      const x = cx + r() * 3, y = r() * 3;
      rows.push([[[x, y], [x + r() * 0.2, y + r() * 0.2]]]);
    }
    rows.push([[[-500, -500], [1500, 1500]]]);
    const { xs, ys } = randomPoints(2000, 45, 1200);
    xs[0] = 1e9; ys[0] = -1e9; xs[1] = 1e-250; ys[1] = 1e250;
    await check(xs, ys, Array.from(xs, () => true), rows, 'clusters');
  });

  it('1e5 points × 1e3 lines (CPU twin): the grid equals brute force (checked on every 10th point)', async () => {
    const { xs, ys } = randomPoints(100_000, 77, 1000);
    const rows = randomLines(1000, 78, { span: 1000, step: 10 });
    const valid = Array.from(xs, () => true);
    const want = refNearest(xs, ys, valid, rows, Infinity, (i) => i % 10 === 0);
    // The CPU twin only: on a software WebGPU adapter (llvmpipe) the soft-float search of 1e5
    // points takes minutes; the device path is covered at 53k points in the windows test below.
    const [index, dist] = await gf.withBackendAsync('cpu', async () => {
      const r = gf.nearestLinestring(new gf.Column({ type: 'float64', data: gf.array(xs) }), new gf.Column({ type: 'float64', data: gf.array(ys) }), linesColumn(rows, false), { index: 'grid' });
      return [(await r.index.data.toArray()) as Int32Array, (await r.distance.data.toArray()) as Float64Array] as const;
    });
    for (let i = 0; i < 100_000; i += 10) {
      if (index[i] !== want.index[i] || !Object.is(dist[i], want.d[i])) expect.fail(`point ${i}: expected ${want.index[i]} at ${want.d[i]}, got ${index[i]} at ${dist[i]}`);
    }
  });

  it('points in binding windows (maxBindingBytes 65536) and on the 2-D grid (grid cap 64)', async () => {
    // 10,000 points are 80 KB of x: two windows at the 64 KiB test cap. Few lines keep the
    // soft-float search short on a software adapter; the 1e5 × 1e3 case above covers scale.
    const { xs, ys } = randomPoints(10_000, 90);
    const rows = randomLines(60, 91, { nullRate: 0.05 });
    const valid = Array.from(xs, (_, i) => i % 17 !== 0);
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(xs, ys, valid, rows, 'windows', { modes: ['grid'] });
    } finally {
      if (hasGpu()) await gf.init();
    }
    const big = randomPoints(PAST_CAPPED_GRID, 92);
    await withGridCap(() => check(big.xs, big.ys, Array.from(big.xs, () => true), rows, 'past grid', { modes: ['grid'] }));
  });
});
