import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { PAST_CAPPED_GRID, withGridCap, SIZES, hasGpu, isValid, parity, randomValidity, rng } from '../../helpers/parity.js';

// Differential tests of 'histogram/histogram': the workgroup-local variant (bins <= 4096,
// every counter-array size class) and the global-atomics one (more bins).

/** Keys mostly in [0, bins), about 5% beyond (never counted), including 2^32 - 1. */
function randomKeys(n: number, bins: number, seed: number): Uint32Array {
  const r = rng(seed);
  return Uint32Array.from({ length: n }, () => (r() < 0.05 ? (r() < 0.5 ? 0xffffffff : bins + Math.floor(r() * 10)) : Math.floor(r() * bins)));
}

function oracle(keys: Uint32Array, bins: number, validity?: Uint8Array): Uint32Array {
  const out = new Uint32Array(bins);
  keys.forEach((k, i) => {
    if (k < bins && isValid(validity, i)) out[k]! += 1;
  });
  return out;
}

const hist = (keys: Uint32Array, bins: number, validity?: Uint8Array) => () => gf.kernels.histogram(gf.array(keys), bins, { validity: validity && gf.array(validity) });

describe('histogram/histogram', () => {
  for (const bins of [1, 7, 16, 17, 256, 1000, 4096, 4097, 70_000]) {
    it(`${bins} bins: matches the oracle and both backends at every size, null rates 0 / 0.1 / 1`, async () => {
      for (const n of [...SIZES, 20_000]) {
        const keys = randomKeys(n, bins, n * 31 + bins);
        for (const rate of [undefined, 0, 0.1, 1]) {
          const validity = rate === undefined ? undefined : randomValidity(n, rate, n + bins);
          await parity(hist(keys, bins, validity), { oracle: [oracle(keys, bins, validity)], what: `bins=${bins} n=${n} nulls=${rate}` });
        }
      }
    });
  }

  it('counts skewed keys exactly (all keys in one bin) and ignores keys >= bins', async () => {
    const n = 100_000;
    const [r] = await parity(hist(new Uint32Array(n).fill(3), 8));
    expect([...r!]).toEqual([0, 0, 0, n, 0, 0, 0, 0]);
    const [s] = await parity(hist(new Uint32Array([5, 6, 0xffffffff, 1]), 5));
    expect([...s!]).toEqual([0, 1, 0, 0, 0]);
    const [e] = await parity(hist(new Uint32Array([1, 2]), 0));
    expect(e!.length).toBe(0);
  });

  // The global variant runs one key per thread; the local one 64 per thread (tested above
  // and in the windowed case; on SwiftShader its 16 KiB of workgroup memory makes 16.8M keys slow).
  it('covers keys past the workgroups-per-dimension limit with the one-key-per-thread global variant', async () => {
    const n = PAST_CAPPED_GRID;
    const keys = new Uint32Array(n);
    for (let i = 0; i < n; i++) keys[i] = (i * 2654435761) >>> 18; // [0, 16384)
    await withGridCap(() => parity(hist(keys, 5000), { oracle: [oracle(keys, 5000)], what: 'past grid, global' }));
  });

  it('runs its @example, and returns every device byte it takes', async () => {
    expect([...(await gf.kernels.histogram(gf.array(new Uint32Array([0, 2, 2, 9, 1])), 3).toArray())]).toEqual([1, 1, 2]);
    if (!hasGpu()) return;
    const before = gf.stats().liveDeviceBytes;
    const [k, bits] = [gf.array(randomKeys(50_000, 300, 1)), gf.array(randomValidity(50_000, 0.1, 2))];
    const r = gf.withBackend('webgpu', () => gf.kernels.histogram(k, 300, { validity: bits }));
    await r.toArray();
    for (const b of [r, k, bits]) b.dispose();
    expect(gf.stats().liveDeviceBytes).toBeLessThanOrEqual(before);
  });

  it('rejects bad inputs with typed errors', () => {
    expect(() => gf.kernels.histogram(gf.array(new Int32Array(3)) as never, 4)).toThrow(gf.DTypeError);
    expect(() => gf.kernels.histogram(gf.array(new Uint32Array(3)), -1)).toThrow(gf.ValueError);
    expect(() => gf.kernels.histogram(gf.array(new Uint32Array(3)), 1.5)).toThrow(/histogram: expected bins to be an integer/);
    expect(() => gf.kernels.histogram(gf.array(new Uint32Array(9)), 4, { validity: gf.array(new Uint8Array(1)) })).toThrow(gf.ShapeError);
  });
});

describe('histogram/histogram in binding windows (maxBindingBytes 65536)', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('loops over key windows and bin windows', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      for (const [n, bins] of [[600_000, 100], [100_000, 4096], [50_000, 40_000]] as const) {
        const keys = randomKeys(n, bins, n);
        const validity = randomValidity(n, 0.1, n + 1);
        await parity(hist(keys, bins, validity), { oracle: [oracle(keys, bins, validity)], what: `windowed n=${n} bins=${bins}` });
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('binds bitmaps from unaligned window starts (maxBindingBytes 5120)', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 5120 });
    try {
      for (const [n, bins] of [[20_000, 50], [9_000, 3_000]] as const) {
        const keys = randomKeys(n, bins, n);
        const validity = randomValidity(n, 0.1, n + 1);
        await parity(hist(keys, bins, validity), { oracle: [oracle(keys, bins, validity)], what: `windowed n=${n} bins=${bins}` });
      }
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
