// Parity of 'trajectory/split-gaps': CPU twin vs WebGPU, both vs a plain-JS oracle of
// movingpandas' ObservationGapSplitter (step > maxGap splits, one-point pieces dropped).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity, SIZES, hasGpu } from '../../helpers/parity.js';
import { mulberry32 } from '../../../src/random.js';

/** n tracks of 0..maxLen points laid out from `base`, times with random steps (some NaN). */
function data(n: number, seed: number, maxLen = 12, base = 3) {
  const r = mulberry32(seed);
  const S = new Uint32Array(n), N = new Uint32Array(n);
  let p = base;
  for (let i = 0; i < n; i++) { S[i] = p; N[i] = Math.floor(r() * (maxLen + 1)); p += N[i]!; }
  const T = new Float64Array(p + 2);
  let t = 0;
  for (let k = 0; k < T.length; k++) { t += r() < 0.3 ? 100 : Math.floor(r() * 12); T[k] = r() < 0.02 ? NaN : t; }
  return { S, N, T };
}

function oracle(S: Uint32Array, N: Uint32Array, T: Float64Array, gap: number): Uint32Array[] {
  const cols: number[][] = [[], [], [], []];
  for (let i = 0; i < S.length; i++) {
    let piece: number[] = [], part = 0;
    for (let k = S[i]!; k < S[i]! + N[i]!; k++) {
      if (piece.length > 0 && T[k]! - T[k - 1]! > gap) { if (piece.length > 1) [piece[0]!, piece.length, i, part].forEach((v, j) => cols[j]!.push(v)); part++; piece = []; }
      piece.push(k);
    }
    if (piece.length > 1) [piece[0]!, piece.length, i, part].forEach((v, j) => cols[j]!.push(v));
  }
  return cols.map((c) => Uint32Array.from(c));
}

const run = (d: { S: Uint32Array; N: Uint32Array; T: Float64Array }, gap: number) => async () =>
  gf.kernels.trajectorySplitGaps(gf.array(d.S), gf.array(d.N), gf.array(d.T), gap);

describe('trajectory/split-gaps', () => {
  it('matches the oracle on both backends (sizes incl. empty, NaN steps, zero-length rows)', async () => {
    for (const n of SIZES) {
      const d = data(n, n + 7);
      for (const gap of [10, 0]) await parity(run(d, gap), { oracle: oracle(d.S, d.N, d.T, gap), what: `n=${n} gap=${gap}` });
    }
  });

  it('a step equal to maxGap does not split; -Infinity splits every step; gaps at both ends', async () => {
    const d = { S: new Uint32Array([0, 4]), N: new Uint32Array([4, 3]), T: new Float64Array([0, 100, 110, 300, 5, 5, 65]) };
    const out = await parity(run(d, 60), { oracle: oracle(d.S, d.N, d.T, 60) });
    expect([...out[0]!]).toEqual([1, 4]);
    expect([...out[1]!]).toEqual([2, 3]);
    expect([...out[3]!]).toEqual([1, 0]);
    await parity(run(d, -Infinity), { oracle: oracle(d.S, d.N, d.T, -Infinity) });
  });

  it('past one storage binding (maxBindingBytes 65536) and past 64 workgroups per dimension', async () => {
    const d = data(3000, 5, 20);
    expect(d.T.length * 8).toBeGreaterThan(65536);
    try {
      if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
      await parity(run(d, 10), { oracle: oracle(d.S, d.N, d.T, 10), what: 'windows' });
      if (hasGpu()) await gf.init({ maxWorkgroupsPerDim: 64 });
      const e = data(64 * 256 + 300, 6, 2);
      await parity(run(e, 10), { oracle: oracle(e.S, e.N, e.T, 10), what: '2-D grid' });
    } finally {
      if (hasGpu()) await gf.init({});
    }
  });

  it('rejects bad arguments by name', async () => {
    const u = gf.array(new Uint32Array(2));
    await expect(gf.kernels.trajectorySplitGaps(u, gf.array(new Uint32Array(3)), gf.array(new Float64Array(1)), 1)).rejects.toThrow(/expected 2 counts/);
    await expect(gf.kernels.trajectorySplitGaps(u, u, gf.array(new Float64Array(1)), NaN)).rejects.toThrow(/maxGap/);
  });
});
