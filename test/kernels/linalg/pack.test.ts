// 'linalg/pack': feature columns into one row-major float64 matrix with NaN/Inf/null flags.
// Exact on both backends and against a plain-JS oracle: float32 widening, specials, nulls at
// rates 0, 0.1 and 1, sizes around the workgroup, binding windows and a 2-D grid.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, isValid, parity, PAST_CAPPED_GRID, randomArray, randomValidity, SIZES, withGridCap } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { linalgPack } from '../../../kernels/linalg/pack.js';

type Col = Float64Array | Float32Array;

function oracle(cols: Col[], valid: Array<Uint8Array | undefined>): [Float64Array, Uint32Array] {
  const d = cols.length;
  const n = d ? cols[0]!.length : 0;
  const m = new Float64Array(n * d);
  const flags = new Uint32Array(d);
  cols.forEach((c, j) => {
    for (let i = 0; i < n; i++) {
      const ok = isValid(valid[j], i);
      m[i * d + j] = ok && !Number.isNaN(c[i]!) ? c[i]! : NaN;
      if (!Number.isFinite(c[i]!)) flags[j]! |= 1;
      if (!ok) flags[j]! |= 2;
    }
  });
  return [m, flags];
}

async function packBoth(cols: Col[], valid: Array<Uint8Array | undefined>, what: string): Promise<[Float64Array, Uint32Array]> {
  return (await parity(
    () => {
      const r = run(linalgPack, cols.map((c) => gf.array(c)), valid.map((v) => (v ? gf.array(v, 'uint8') : undefined)));
      expect([r.matrix.n, r.matrix.d]).toEqual([cols[0]!.length, cols.length]);
      return [r.matrix.data, r.flags];
    },
    { oracle: oracle(cols, valid), what },
  )) as [Float64Array, Uint32Array];
}

describe('linalg/pack', () => {
  it('packs float64 and float32 columns (specials included) at every size', async () => {
    for (const n of SIZES) {
      for (const d of [1, 4]) {
        const cols = Array.from({ length: d }, (_, j) => randomArray(j % 2 ? 'float32' : 'float64', n, 17 * n + j) as Col);
        await packBoth(cols, cols.map(() => undefined), `n=${n} d=${d}`);
      }
    }
  });

  it('widens float32 exactly, keeps -0 and flags NaN and ±Inf per column', async () => {
    const a = new Float32Array([0.1, -0, 3.4028234663852886e38, 1e-45]);
    const b = new Float64Array([1, -Infinity, 3, 4]);
    const c = new Float64Array([5, 6, NaN, 8]);
    const [m, flags] = await packBoth([a, b, c], [undefined, undefined, undefined], 'specials');
    expect(m[0]).toBe(Math.fround(0.1));
    expect(Object.is(m[3], -0)).toBe(true);
    expect(m[9]).toBe(2 ** -149);
    expect([...flags]).toEqual([0, 1, 1]);
  });

  it('flags nulls (packed as NaN) at rates 0, 0.1 and 1', async () => {
    for (const rate of [0, 0.1, 1]) {
      for (const n of [1, 257, 1000]) {
        const cols = [randomArray('float32', n, n, { specialRate: 0 }) as Col, randomArray('float64', n, n + 1, { specialRate: 0 }) as Col];
        const v = randomValidity(n, rate, 3 * n);
        const anyNull = Array.from({ length: n }, (_, i) => isValid(v, i)).includes(false);
        const [, flags] = await packBoth(cols, [undefined, v], `nulls ${rate} n=${n}`);
        expect([...flags]).toEqual([0, anyNull ? 2 : 0]);
        if (rate === 1) expect(anyNull).toBe(true);
      }
    }
  });

  it('runs past the per-dimension workgroup limit on a 2-D grid', async () => {
    await withGridCap(async () => {
      const n = PAST_CAPPED_GRID;
      await packBoth([randomArray('float64', n, 1) as Col], [randomValidity(n, 0.01, 2)], 'grid');
    });
  });

  it.skipIf(!hasGpu())('gives the same matrix when the binding cap forces many windows', async () => {
    await withBindingCap(async () => {
      const n = 20_011;
      const valid = [undefined, randomValidity(n, 0, 5)];
      valid[1]![Math.floor((n - 3) / 8)]! &= ~(1 << ((n - 3) % 8)); // a null in the last window only
      const [, flags] = await packBoth([randomArray('float32', n, 3) as Col, randomArray('float64', n, 4, { specialRate: 0 }) as Col], valid, 'windows');
      expect(flags[1]).toBe(2);
    });
  });
});
