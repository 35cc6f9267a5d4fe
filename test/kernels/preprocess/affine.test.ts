// 'preprocess/affine': per-column (x - shift) / scale and x * scale + shift (optionally clipped),
// exact on both backends against a host oracle of the same binary64 operations, at sizes around
// the workgroup, with NaN / ±0 / ±Inf, float32 input, binding windows and a 2-D grid.
import { describe, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, randomArray, SIZES, withGridCap } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { preprocessAffine, type AffineParams } from '../../../kernels/preprocess/affine.js';

function oracle(cols: ReadonlyArray<Float64Array | Float32Array>, p: AffineParams): Float64Array[] {
  return cols.map((x, j) =>
    Float64Array.from(x, (v0) => {
      let v = v0;
      const s = p.shift?.[j] ?? 0;
      const k = p.scale?.[j] ?? 1;
      if (p.mode === 'divide') {
        if (p.shift) v = v - s;
        if (p.scale) v = v / k;
      } else {
        if (p.scale) v = v * k;
        if (p.shift) v = v + s;
      }
      if (p.clip && !Number.isNaN(v)) v = v < p.clip[0] ? p.clip[0] : v > p.clip[1] ? p.clip[1] : v;
      return v;
    }),
  );
}

async function check(cols: ReadonlyArray<Float64Array | Float32Array>, p: AffineParams, what: string): Promise<void> {
  await parity(() => run(preprocessAffine, cols.map((c) => gf.array(c)), p), { oracle: oracle(cols, p), what });
}

const PARAMS: AffineParams[] = [
  { mode: 'divide', shift: Float64Array.of(0.3, -2), scale: Float64Array.of(1.7, 3) },
  { mode: 'divide', shift: null, scale: Float64Array.of(0.1, 7) },
  { mode: 'divide', shift: Float64Array.of(1e300, -0), scale: null },
  { mode: 'multiply', shift: Float64Array.of(-0.25, 4), scale: Float64Array.of(0.5, 1e-3) },
  { mode: 'multiply', shift: null, scale: null },
  { mode: 'multiply', shift: Float64Array.of(0, 1), scale: Float64Array.of(2, 1), clip: [-1, 1] },
];

describe('preprocess/affine', () => {
  it('maps random columns at every size, every mode', async () => {
    for (const n of SIZES) {
      for (const [q, p] of PARAMS.entries()) {
        await check([randomArray('float64', n, n + q) as Float64Array, randomArray('float64', n, n + 9 * q + 1) as Float64Array], p, `n=${n} params ${q}`);
      }
    }
  });

  it('handles NaN, ±0, ±Inf, subnormals and float32 columns', async () => {
    const specials = Float64Array.of(NaN, -0, 0, Infinity, -Infinity, 5e-324, -1e308, 1e308, 0.3, -2);
    for (const p of PARAMS) await check([specials, specials.slice().reverse()], p, `specials ${p.mode}`);
    const f32 = randomArray('float32', 1001, 3) as Float32Array;
    for (const p of PARAMS) await check([f32, Float32Array.of(...Array.from({ length: 1001 }, (_, i) => (i % 3) - 1))], p, `float32 ${p.mode}`);
    await parity(() => run(preprocessAffine, [], PARAMS[0]!), { oracle: [], what: 'no columns' });
  });

  it('runs past the per-dimension workgroup limit on a 2-D grid', async () => {
    await withGridCap(async () => check([randomArray('float64', PAST_CAPPED_GRID, 5) as Float64Array], { mode: 'divide', shift: Float64Array.of(2), scale: Float64Array.of(3) }, 'grid'));
  });

  it.skipIf(!hasGpu())('gives the same columns when the binding cap forces many windows', async () => {
    await withBindingCap(async () => {
      await check([randomArray('float64', 30_011, 6) as Float64Array, randomArray('float32', 30_011, 7) as Float32Array], PARAMS[5]!, 'windows');
    });
  });
});
