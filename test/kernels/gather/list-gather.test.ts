import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { fixedGather, listGather } from '../../../kernels/gather/list-gather.js';
import { PAST_CAPPED_GRID, withGridCap, SIZES, hasGpu, isValid, parity, randomArray, randomValidity, rng } from '../../helpers/parity.js';

const NONE = 0xffffffff;

/** Offsets of n lists of 0..maxSize items (about a fifth empty), starting at `base`. */
function randomOffsets(n: number, seed: number, base = 3, maxSize = 4): Int32Array {
  const r = rng(seed);
  const off = new Int32Array(n + 1);
  off[0] = base;
  for (let i = 0; i < n; i++) off[i + 1] = off[i]! + (r() < 0.2 ? 0 : Math.floor(r() * (maxSize + 1)));
  return off;
}

/** Row numbers into n rows, `outRate` of them out of range (NONE or just past n). */
function randomRows(m: number, n: number, seed: number, outRate = 0): Uint32Array {
  const r = rng(seed);
  return Uint32Array.from({ length: m }, () => (n === 0 || r() < outRate ? (r() < 0.5 ? NONE : n + Math.floor(r() * 5)) : Math.floor(r() * n)));
}

/** Independent oracle: walks each selected row's range; slack slots NONE; gather's null rules. */
function oracle(off: Int32Array, rows: Uint32Array, capacity: number, validity?: Uint8Array): [Int32Array, Uint32Array, Uint8Array] {
  const n = off.length - 1;
  const newOff: number[] = [0];
  const child: number[] = [];
  const bits = new Uint8Array(Math.ceil(rows.length / 8));
  rows.forEach((r, j) => {
    if (r < n) {
      for (let c = off[r]!; c < off[r + 1]!; c++) child.push(c);
      if (isValid(validity, r)) bits[j >> 3]! |= 1 << (j & 7);
    }
    newOff.push(child.length);
  });
  const slots = new Uint32Array(capacity).fill(NONE);
  slots.set(child.slice(0, capacity));
  return [Int32Array.from(newOff), slots, bits];
}

const total = (off: Int32Array, rows: Uint32Array) => rows.reduce((s, r) => s + (r < off.length - 1 ? off[r + 1]! - off[r]! : 0), 0);

function runList(off: Int32Array, rows: Uint32Array, capacity: number, validity?: Uint8Array, inRange = false) {
  return () => {
    const g = gf.kernels.listGather(gf.array(off), gf.array(rows), { capacity, validity: validity && gf.array(validity), inRange });
    return g.validity ? [g.offsets, g.rows, g.validity] : [g.offsets, g.rows];
  };
}

describe('gather/list-gather', () => {
  it('offsets, child rows and validity match the oracle and both backends (sizes, null rates 0 / 0.1 / 1, empty and null lists)', async () => {
    for (const n of SIZES) {
      const off = randomOffsets(n, n + 1);
      const rows = randomRows(n + (n % 3), n, 2 * n + 1, 0.1);
      const capacity = total(off, rows) + (n % 7);
      for (const rate of [undefined, 0, 0.1, 1]) {
        const validity = rate === undefined ? undefined : randomValidity(n, rate, 3 * n + 2);
        await parity(runList(off, rows, capacity, validity), { oracle: oracle(off, rows, capacity, validity), what: `n=${n} nulls=${rate}` });
      }
    }
  });

  it('inRange without nulls builds no bitmap; a permutation of whole lists needs exactly the child length', async () => {
    const off = randomOffsets(1000, 9, 0);
    const child = off[1000]!;
    const perm = Uint32Array.from({ length: 1000 }, (_, i) => (i * 389) % 1000);
    const [o, c] = await parity(() => {
      const g = gf.kernels.listGather(gf.array(off), gf.array(perm), { capacity: child, inRange: true });
      expect(g.validity).toBeUndefined();
      return [g.offsets, g.rows];
    }, { oracle: oracle(off, perm, child).slice(0, 2) as TypedArray[] });
    expect(o![1000]).toBe(child);
    expect([...c!].includes(NONE)).toBe(false);
  });

  it('runs its @example; empty rows, empty offsets and int32 rows', async () => {
    const g = gf.kernels.listGather(gf.array(new Int32Array([0, 2, 2, 3])), gf.array(new Uint32Array([2, 0])), { capacity: 3, inRange: true });
    expect([...(await g.offsets.toArray())]).toEqual([0, 1, 3]);
    expect([...(await g.rows.toArray())]).toEqual([2, 0, 1]);
    const [eo, er, ev] = await parity(runList(new Int32Array([5]), new Uint32Array([0, NONE]), 2));
    expect([...eo!]).toEqual([0, 0, 0]);
    expect([...er!]).toEqual([NONE, NONE]);
    expect([...ev!]).toEqual([0]);
    const [no] = await parity(runList(new Int32Array([0, 4]), new Uint32Array(0), 0));
    expect([...no!]).toEqual([0]);
    await parity(() => {
      const h = gf.kernels.listGather(gf.array(new Int32Array([0, 1, 3])), gf.array(new Int32Array([1, -1, 0])), { capacity: 3 });
      return [h.offsets, h.rows, h.validity!];
    }, { oracle: oracle(new Int32Array([0, 1, 3]), new Uint32Array([1, NONE, 0]), 3) });
  });

  it('covers child slots past the workgroups-per-dimension limit with a 2-D grid', async () => {
    const off = randomOffsets(40_000, 4, 7, 2);
    const rows = randomRows(70_000, 40_000, 5, 0.01);
    const capacity = total(off, rows);
    expect(capacity).toBeGreaterThan(PAST_CAPPED_GRID);
    await withGridCap(async () => {
      await parity(runList(off, rows, capacity), { oracle: oracle(off, rows, capacity), what: 'past grid' });
    });
  });

  it('rejects bad inputs with typed errors', () => {
    const off = gf.array(new Int32Array([0, 1]));
    const rows = gf.array(new Uint32Array([0]));
    expect(() => gf.kernels.listGather(off, rows, { capacity: -1 })).toThrow(gf.ValueError);
    expect(() => gf.kernels.listGather(off, rows, { capacity: 1.5 })).toThrow(/capacity/);
    expect(() => gf.kernels.listGather(gf.array(new Uint32Array([0, 1])) as never, rows, { capacity: 1 })).toThrow(gf.DTypeError);
    expect(() => gf.kernels.listGather(gf.array(new Int32Array(0)), rows, { capacity: 1 })).toThrow(gf.ShapeError);
    expect(() => gf.kernels.listGather(off, rows, { capacity: 1, validity: gf.array(new Uint8Array(2)) })).toThrow(gf.ShapeError);
  });
});

/** Oracle of a stride gather: `width` values per row; out of range gives 0 bits and null. */
function fixedOracle(values: Float64Array, width: number, rows: Uint32Array, validity?: Uint8Array): [Float64Array, Uint8Array] {
  const n = values.length / width;
  const out = new Float64Array(rows.length * width);
  const bits = new Uint8Array(Math.ceil(rows.length / 8));
  rows.forEach((r, j) => {
    if (r >= n) return;
    for (let p = 0; p < width; p++) out[j * width + p] = values[r * width + p]!;
    if (isValid(validity, r)) bits[j >> 3]! |= 1 << (j & 7);
  });
  return [out, bits];
}

describe('gather/fixed-gather', () => {
  it('x, y pairs bit for bit (NaN, -0) and validity, at the standard sizes and null rates', async () => {
    for (const n of SIZES) {
      const xy = randomArray('float64', 2 * n, n + 5) as Float64Array;
      const rows = randomRows(n + 2, n, n + 6, 0.1);
      for (const rate of [undefined, 0.1, 1]) {
        const validity = rate === undefined ? undefined : randomValidity(n, rate, n + 7);
        await parity(() => {
          const g = fixedGather(gf.array(xy), gf.array(rows), { width: 2, rows: n, validity: validity && gf.array(validity) });
          return [g.values!, g.validity!];
        }, { oracle: fixedOracle(xy, 2, rows, validity), what: `n=${n} nulls=${rate}` });
      }
    }
  });

  it('width 0 gathers only the validity; inRange without nulls builds none', async () => {
    const validity = randomValidity(300, 0.3, 1);
    const rows = randomRows(500, 300, 2, 0.1);
    const [bits] = await parity(() => [fixedGather(undefined, gf.array(rows), { width: 0, rows: 300, validity: gf.array(validity) }).validity!]);
    rows.forEach((r, j) => expect(((bits![j >> 3]! as number) >> (j & 7)) & 1, `row ${j}`).toBe(r < 300 && isValid(validity, r) ? 1 : 0));
    const g = fixedGather(gf.array(new Float64Array(4)), gf.array(new Uint32Array([1])), { width: 2, rows: 2, inRange: true });
    expect(g.validity).toBeUndefined();
    expect(() => fixedGather(gf.array(new Float64Array(3)), gf.array(rows), { width: 2, rows: 2 })).toThrow(gf.ShapeError);
    expect(() => fixedGather(undefined, gf.array(rows), { width: -1, rows: 2 })).toThrow(gf.ValueError);
  });

  it('runs its @example', async () => {
    const xy = gf.array(new Float64Array([0, 1, 10, 11, 20, 21]));
    const g = fixedGather(xy, gf.array(new Uint32Array([2, 0])), { width: 2, rows: 3, inRange: true });
    expect([...(await g.values!.toArray())]).toEqual([20, 21, 0, 1]);
  });
});

describe('list-gather and fixed-gather in binding windows (maxBindingBytes 65536)', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('loops over source rows, output rows and child slots past one binding', async () => {
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      const off = randomOffsets(40_000, 11, 5);
      const rows = randomRows(30_000, 40_000, 12, 0.05);
      const validity = randomValidity(40_000, 0.1, 13);
      const capacity = total(off, rows) + 300;
      expect(capacity * 4).toBeGreaterThan(65536);
      await parity(runList(off, rows, capacity, validity), { oracle: oracle(off, rows, capacity, validity), what: 'windowed list' });
      const xy = randomArray('float64', 2 * 20_000, 14) as Float64Array;
      const prow = randomRows(25_000, 20_000, 15, 0.05);
      await parity(() => {
        const g = fixedGather(gf.array(xy), gf.array(prow), { width: 2, rows: 20_000 });
        return [g.values!, g.validity!];
      }, { oracle: fixedOracle(xy, 2, prow), what: 'windowed points' });
    } finally {
      if (hasGpu()) await gf.init();
    }
  });
});
