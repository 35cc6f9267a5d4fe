// 'kmeans/pack': feature columns into one row-major float64 matrix with NaN/Inf/null flags.
// Exact on both backends and against a plain-JS oracle, with float32 widening, specials,
// nulls at rates 0, 0.1 and 1, and binding windows (validity bits at window offsets).
import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, isValid, parity, randomArray, randomValidity, SIZES } from '../../helpers/parity.js';
import { run } from '../../../kernels/registry.js';
import { kmeansPack } from '../../../kernels/kmeans/ops.js';
import { rows } from './blobs.js';

type Col = Float64Array | Float32Array;

function oracle(cols: Col[], valid: Array<Uint8Array | undefined>): [Float64Array, Uint32Array] {
  const m = rows(cols.map((c, j) => Array.from(c, (v, i) => (isValid(valid[j], i) && !Number.isNaN(v) ? v : NaN))));
  const flags = new Uint32Array(cols.map((c, j) => {
    let f = 0;
    for (let i = 0; i < c.length; i++) {
      if (!Number.isFinite(c[i]!)) f |= 1;
      if (!isValid(valid[j], i)) f |= 2;
    }
    return f;
  }));
  return [m, flags];
}

async function packBoth(cols: Col[], valid: Array<Uint8Array | undefined>, what: string): Promise<[Float64Array, Uint32Array]> {
  return (await parity(
    () => {
      const r = run(kmeansPack, cols.map((c) => gf.array(c)), valid.map((v) => (v ? gf.array(v, 'uint8') : undefined)));
      return [r.matrix.data, r.flags];
    },
    { oracle: oracle(cols, valid), what },
  )) as [Float64Array, Uint32Array];
}

describe('kmeans/pack', () => {
  afterAll(async () => {
    if (hasGpu()) await gf.init();
  });

  it('packs float64 and float32 columns (specials included) at every size', async () => {
    for (const n of SIZES) {
      for (const d of [1, 3]) {
        const cols: Col[] = Array.from({ length: d }, (_, j) => randomArray(j === 1 ? 'float32' : 'float64', n, 31 * n + j) as Col);
        await packBoth(cols, cols.map(() => undefined), `n=${n} d=${d}`);
      }
    }
  });

  it('widens float32 exactly and keeps -0; flags NaN and ±Inf per column', async () => {
    const a = new Float32Array([0.1, -0, 3.4028234663852886e38, 1e-45, -2.5]);
    const b = new Float64Array([1, 2, Infinity, 4, 5]);
    const c = new Float64Array([NaN, 2, 3, 4, 5]);
    const [m, flags] = await packBoth([a, b, c], [undefined, undefined, undefined], 'specials');
    expect(m![0]).toBe(Math.fround(0.1));
    expect(Object.is(m![3], -0)).toBe(true);
    expect(m![9]).toBe(Math.fround(1e-45)); // the float32 subnormal 2^-149, widened exactly
    expect([...flags!]).toEqual([0, 1, 1]);
  });

  it('flags nulls (packed as NaN) at rates 0, 0.1 and 1', async () => {
    for (const rate of [0, 0.1, 1]) {
      for (const n of [1, 257, 4099]) {
        const cols = [randomArray('float64', n, n, { specialRate: 0 }) as Float64Array, randomArray('float32', n, n + 1, { specialRate: 0 }) as Float32Array];
        const valid = [randomValidity(n, rate, 7 * n), undefined];
        const [, flags] = await packBoth(cols, valid, `nulls ${rate} n=${n}`);
        expect(flags![0]).toBe(rate === 0 ? 0 : 2);
        expect(flags![1]).toBe(0);
      }
    }
  });

  it.skipIf(!hasGpu())('gives the same matrix when the binding cap forces many windows', async () => {
    await gf.init({ maxBindingBytes: 65536 });
    try {
      const n = 20_011;
      const cols = [randomArray('float64', n, 1) as Float64Array, randomArray('float32', n, 2) as Float32Array, randomArray('float64', n, 3) as Float64Array];
      const valid = [undefined, randomValidity(n, 0.001, 9), randomValidity(n, 0, 10)];
      // A null only in the last window: the validity binding must start at the right bit.
      valid[2]![Math.floor((n - 5) / 8)]! &= ~(1 << ((n - 5) % 8));
      const [, flags] = await packBoth(cols, valid, 'windows');
      expect(flags![2]! & 2).toBe(2);
    } finally {
      await gf.init();
    }
  });
});
