// 'forest/histogram': the level histograms of the tree learners, exact words on both backends.
// The CPU twin is checked against a naive BigInt loop (./train-data.ts) and the device body against
// the twin: n in SIZES, several trees per batch, nBins 2 and 256, 1, 2 and 10 classes, 'value'
// targets near ±2^30 with weights up to 2^32 - 1 (the int64 carry, negative sums), extents,
// candidate features -1 and >= d, codes >= nBins, class codes out of range, slots outside the
// range, a 2-D grid, and every binding window (rows, tree groups, output blocks, extents) under
// the 64 KiB binding cap.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, onBoth, parity, PAST_CAPPED_GRID, SIZES, expectSame, withGridCap } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { forestHistogram } from '../../../kernels/forest/train.js';
import { readInt64 } from '../../../kernels/forest/train-cpu.js';
import { histArgs, histOracle, makeCase, type CaseOptions, type TrainCase } from './train-data.js';

const OP = 'forest/histogram';

/** Twin vs the oracle, device vs twin; returns the twin's words. */
async function check(c: TrainCase, classes?: number, what = '') {
  const o = histOracle(c, classes);
  const oracle = o.extent ? [o.hist, o.extent] : [o.hist];
  const [hist] = await parity(
    () => {
      const r = run(forestHistogram, histArgs(c, classes));
      return r.extent ? [r.hist, r.extent] : [r.hist];
    },
    { oracle, what: `${OP} ${what}` },
  );
  return hist as Uint32Array;
}

const base = (o: Partial<CaseOptions>): CaseOptions => ({ n: 300, d: 5, nBins: 16, trees: 3, mf: 3, slot0: 0, slots: 4, seed: 1, ...o });

describe('forest/histogram: exact words on both backends', () => {
  it('class targets at every test size, 1/2/10 classes, nBins 2 and 256, several trees', async () => {
    const configs = [
      { classes: 2, nBins: 2 },
      { classes: 10, nBins: 256 },
      { classes: 1, nBins: 256 },
      { classes: 2, nBins: 37 },
    ];
    for (const [j, n] of SIZES.entries()) {
      const { classes, nBins } = configs[j % configs.length]!;
      const c = makeCase(base({ n, nBins, classes, seed: 10 + j, wildCodes: nBins < 256 ? 0.02 : 0 }));
      const h = await check(c, classes, `n ${n} classes ${classes} nBins ${nBins}`);
      expect(h.length).toBe(4 * 3 * nBins * (classes + 1));
      if (n >= 256) expect(h.some((v) => v !== 0)).toBe(true);
    }
  });

  it('value targets at every test size: Σ weight·q as int64 words, extents', async () => {
    for (const [j, n] of SIZES.entries()) {
      const nBins = j % 2 === 0 ? 2 : 256;
      const c = makeCase(base({ n, nBins, slot0: 2, slots: 5, seed: 40 + j, wildCodes: nBins === 2 ? 0.02 : 0 }));
      await check(c, undefined, `value n ${n} nBins ${nBins}`);
    }
  });

  it('the int64 carry: weights 2^32 - 1 and q = ±2^30 in one bin, positive and negative totals', async () => {
    for (const [sign, seed] of [[1, 1], [-1, 2], [0, 3]] as const) {
      const n = 1500;
      const c = makeCase(base({ n, d: 1, nBins: 2, trees: 2, mf: 1, slots: 1, seed }));
      c.bytes.fill(1);
      c.node.fill(0);
      c.features.fill(0);
      c.weight.fill(4294967295);
      // Alternating ±2^30 (each product near 2^62: the low word carries often) with a small net
      // total of the given sign; sign 0 wraps past 2^63 (words modulo 2^64, as the layout says).
      for (let i = 0; i < n; i++) c.y[i] = sign === 0 ? 2 ** 30 - (i % 7) : i % 2 === 0 ? sign * 2 ** 30 : -sign * (2 ** 30 - (i % 5));
      const h = await check(c, undefined, `carry sign ${sign}`);
      const total = c.y.reduce((s, q) => s + BigInt(q), 0n) * 2n * 4294967295n;
      const words = new BigUint64Array(new Uint32Array([h[6]!, h[7]!]).buffer)[0]!;
      expect(BigInt.asIntN(64, words)).toBe(BigInt.asIntN(64, total));
      if (sign !== 0) {
        expect(Math.sign(Number(total))).toBe(sign);
        expect(readInt64(h, 6)).toBe(Number(total));
      }
      expect(h[4]).toBe(2 * n);
      expect(h[5]).toBe((2 * n * 4294967295) % 2 ** 32);
    }
  });

  it('q over the whole int32 range (beyond the layout bound): still exact modulo 2^64', async () => {
    const c = makeCase(base({ n: 700, nBins: 8, seed: 77, qMax: 2 ** 31 - 1 }));
    c.y[0] = -(2 ** 31);
    c.y[1] = 2 ** 31 - 1;
    await check(c, undefined, 'full int32 q');
  });

  it('slot ranges: slot0 past 0, slots outside skipped, empty slot ranges, features -1 / >= d', async () => {
    const c = makeCase(base({ n: 1000, slot0: 7, slots: 3, seed: 5, classes: 3 }));
    await check(c, 3, 'slot0 7');
    await check(c, undefined, 'slot0 7 value');
    const none = makeCase(base({ n: 500, slot0: 3, slots: 0, seed: 6 }));
    const { cpu } = await onBoth(() => {
      const r = run(forestHistogram, histArgs(none));
      return [r.hist, r.extent!];
    });
    expect(cpu.map((a) => a.length)).toEqual([0, 0]);
    const noFeature = makeCase(base({ n: 500, seed: 8, classes: 2 }));
    noFeature.features.fill(-1);
    const h = await check(noFeature, 2, 'no features');
    expect(h.every((v) => v === 0)).toBe(true);
    const d0 = makeCase(base({ n: 300, d: 0, seed: 9 }));
    await check(d0, undefined, 'd 0 (extents only)');
  });

  it('rows × trees on a 2-D grid (past the workgroup cap per dimension)', async () => {
    const n = Math.ceil(PAST_CAPPED_GRID / 2);
    const c = makeCase(base({ n, d: 3, nBins: 32, trees: 2, mf: 2, slots: 3, seed: 12, classes: 2 }));
    await withGridCap(() => check(c, 2, '2-D grid'));
    const v = makeCase(base({ n, d: 3, nBins: 4, trees: 2, mf: 1, slots: 2, seed: 13 }));
    await withGridCap(() => check(v, undefined, '2-D grid value'));
  });

  it('past one storage binding (maxBindingBytes 64 KiB): row, tree, output and extent windows', async () => {
    // Codes 4099 × 20 bytes (5 blocks of 20 KiB), node words 5 × 4099 × 4, output 12 blocks of 11 KiB.
    const wide = makeCase(base({ n: 4099, d: 20, nBins: 256, trees: 5, mf: 3, slots: 4, seed: 21, classes: 10 }));
    // 9000 slots: extents of 72 KB, output of 288 KB in blocks of 32 bytes.
    const many = makeCase(base({ n: 2500, d: 2, nBins: 2, trees: 4, mf: 1, slot0: 5, slots: 9000, seed: 22 }));
    const cpuWide = await check(wide, 10, 'wide');
    const cpuMany = await check(many, undefined, 'many slots');
    if (!hasGpu()) return;
    const dispatches = async (f: () => gf.DataBuffer | gf.DataBuffer[]) => {
      const before = gf.stats().dispatches;
      const out = await onBoth(f);
      return { ...out, count: gf.stats().dispatches - before };
    };
    await withBindingCap(async () => {
      const a = await dispatches(() => run(forestHistogram, histArgs(wide, 10)).hist);
      expectSame(a.gpu![0]!, cpuWide, undefined, 'wide under the cap');
      // 2 row windows (3 + 2 blocks) × 2 tree groups (4 + 1 trees) × 3 output windows (5 + 5 + 2 blocks).
      expect(a.count).toBe(12);
      const b = await dispatches(() => {
        const r = run(forestHistogram, histArgs(many));
        return [r.hist, r.extent!];
      });
      // One row window and tree group; 5 output windows (2040 blocks each) and 2 extent windows (8160 slots).
      expect(b.count).toBe(7);
      expectSame(b.gpu![0]!, cpuMany, undefined, 'many slots under the cap');
      expectSame(b.gpu![1]!, b.cpu[1]!, undefined, 'extents under the cap');
      // One block of 1024 rows × 64 features does not fit 64 KiB: a DeviceError naming the limit.
      const tooWide = makeCase(base({ n: 10, d: 64, seed: 23, classes: 2 }));
      expect(() => gf.withBackend('webgpu', () => run(forestHistogram, histArgs(tooWide, 2)))).toThrow(/maxBindingBytes/);
    });
  });
});
