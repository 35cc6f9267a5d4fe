// 'metrics/silhouette': per-sample silhouette coefficients (euclidean), bit for bit on both
// backends and against an independent oracle (a full distance matrix, then the definition),
// at edge sizes, with singleton clusters, duplicate points, ±0, and in row blocks past one
// storage binding (maxBindingBytes 65536). The kernel runs one thread per sample of a block
// of at most one binding's rows, so the 2-D grid (past 65,535 workgroups) is never reached:
// that needs 16.7M samples of O(n) work each.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { blockRows, silhouetteSamples } from '../../../kernels/metrics/silhouette.js';

/** n points of d features, row-major, on a coarse grid (ties and duplicates happen). */
function points(n: number, d: number, seed: number, step = 0.25): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n * d }, () => Math.round((r() * 8 - 4) / step) * step);
}

function labelsOf(n: number, k: number, seed: number): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, (_, i) => (i < k ? i : Math.floor(r() * k)));
}

function sizesOf(l: Int32Array, k: number): Float64Array {
  const s = new Float64Array(k);
  l.forEach((c) => s[c]!++);
  return s;
}

/** The oracle: the distance matrix first (squares left to right), then sums in j order and the definition. */
function oracle(m: Float64Array, n: number, d: number, l: Int32Array, sizes: Float64Array): Float64Array {
  const k = sizes.length;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let f = 0; f < d; f++) s += (m[i * d + f]! - m[j * d + f]!) ** 2;
    D[i * n + j] = Math.sqrt(s);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sums = new Float64Array(k);
    for (let j = 0; j < n; j++) sums[l[j]!] += D[i * n + j]!;
    if (sizes[l[i]!] === 1) continue;
    const a = sums[l[i]!]! / (sizes[l[i]!]! - 1);
    const b = Math.min(...Array.from(sums, (v, c) => (c === l[i] ? Infinity : v / sizes[c]!)));
    const s = (b - a) / Math.max(a, b);
    out[i] = Number.isNaN(s) ? 0 : s;
  }
  return out;
}

const call = (m: Float64Array, n: number, d: number, l: Int32Array, sizes: Float64Array) => () => {
  const data = gf.array(m);
  const labels = gf.array(l);
  const out = run(silhouetteSamples, { data, n, d }, labels, sizes);
  data.dispose();
  labels.dispose();
  return out;
};

describe('metrics/silhouette', () => {
  it('matches the oracle bit for bit at edge sizes, dimensions and cluster counts', async () => {
    for (const n of [0, 2, 3, 17, 255, 257]) {
      for (const d of [1, 3]) {
        for (const k of [2, 5]) {
          if (n > 0 && k > n) continue;
          const m = points(n, d, n * 31 + d);
          const l = labelsOf(n, k, n + k);
          const sizes = n === 0 ? new Float64Array(k).fill(1) : sizesOf(l, k);
          await parity(call(m, n, d, l, sizes), { oracle: [oracle(m, n, d, l, sizes)], what: `n=${n} d=${d} k=${k}` });
        }
      }
    }
  });

  it('gives 0 for singleton clusters and for coincident clusters, and handles ±0', async () => {
    const m = new Float64Array([0, -0, 0, 0, 5, 5, 5, 5, 9, 9]);
    const l = new Int32Array([0, 0, 1, 1, 2]);
    const sizes = sizesOf(l, 3);
    const [s] = (await parity(call(m, 5, 2, l, sizes), { oracle: [oracle(m, 5, 2, l, sizes)] })) as Float64Array[];
    expect(s![4]).toBe(0);
    expect(s![0]).toBe(1);
    const same = new Float64Array([1, 1, 1, 1]);
    const [z] = (await parity(call(same, 4, 1, new Int32Array([0, 0, 1, 1]), new Float64Array([2, 2])))) as Float64Array[];
    expect(Array.from(z!)).toEqual([0, 0, 0, 0]);
  });

  it('runs in row blocks past one storage binding (maxBindingBytes 65536), same bits', async () => {
    const n = 450;
    const d = 40;
    expect(blockRows(n, d, 3, 65536)).toBeLessThan(n / 2);
    const m = points(n, d, 5, 1);
    const l = labelsOf(n, 3, 9);
    const sizes = sizesOf(l, 3);
    const want = oracle(m, n, d, l, sizes);
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      await parity(call(m, n, d, l, sizes), { oracle: [want], what: 'blocks' });
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('refuses labels of another length and fewer than 2 clusters', () => {
    const data = gf.array(new Float64Array(4));
    expect(() => run(silhouetteSamples, { data, n: 4, d: 1 }, gf.array(new Int32Array(3)), new Float64Array([2, 2]))).toThrow(gf.ShapeError);
    expect(() => run(silhouetteSamples, { data, n: 4, d: 1 }, gf.array(new Int32Array(4)), new Float64Array([4]))).toThrow(/at least 2 cluster sizes/);
  });
});
