// 'linalg/unpack': a row-major float64 matrix back into columns; exact on both backends and
// the inverse of 'linalg/pack' (NaN canonical), at sizes around the workgroup, d = 1, n = 0,
// binding windows and a 2-D grid.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, randomArray, SIZES, withGridCap } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { linalgPack } from '../../../kernels/linalg/pack.js';
import { linalgUnpack } from '../../../kernels/linalg/unpack.js';
import { mat, randomMatrix } from './linalg-data.js';

function columns(m: Float64Array, n: number, d: number): Float64Array[] {
  return Array.from({ length: d }, (_, j) => Float64Array.from({ length: n }, (_, i) => (Number.isNaN(m[i * d + j]!) ? NaN : m[i * d + j]!)));
}

async function check(m: Float64Array, n: number, d: number, what: string): Promise<void> {
  await parity(() => run(linalgUnpack, mat(m, n, d)), { oracle: columns(m, n, d), what });
}

describe('linalg/unpack', () => {
  it('splits a matrix into its columns at every size', async () => {
    for (const n of SIZES) for (const d of [1, 3]) await check(randomMatrix(n, d, n + d), n, d, `n=${n} d=${d}`);
    const specials = new Float64Array([NaN, -0, Infinity, -Infinity, 5e-324, 1]);
    await check(specials, 3, 2, 'specials');
    await parity(() => run(linalgUnpack, mat(new Float64Array(0), 4, 0)), { oracle: [], what: 'd = 0' });
  });

  it('inverts pack', async () => {
    const cols = [randomArray('float64', 1000, 1) as Float64Array, randomArray('float64', 1000, 2) as Float64Array];
    const back = await parity(() => {
      const p = run(linalgPack, cols.map((c) => gf.array(c)), [undefined, undefined]);
      p.flags.dispose();
      return run(linalgUnpack, p.matrix);
    });
    back.forEach((c, j) => expect([...c]).toEqual([...cols[j]!].map((v) => (Number.isNaN(v) ? NaN : v))));
  });

  it('runs past the per-dimension workgroup limit on a 2-D grid', async () => {
    await withGridCap(async () => check(randomMatrix(PAST_CAPPED_GRID, 1, 9), PAST_CAPPED_GRID, 1, 'grid'));
  });

  it.skipIf(!hasGpu())('gives the same columns when the binding cap forces many windows', async () => {
    await withBindingCap(async () => {
      await check(randomMatrix(12_011, 3, 4), 12_011, 3, 'windows');
    });
  });
});
