// Parity for 'geometry/point-xy' (kernels/geometry/point-xy.ts): interleaved xy → x, y, bit for bit.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, randomArray, SIZES, withGridCap } from '../../helpers/parity.js';
import { pointXY } from '../../../kernels/geometry/point-xy.js';

function split(c: Float64Array): [Float64Array, Float64Array] {
  const n = c.length / 2;
  return [Float64Array.from({ length: n }, (_, i) => c[2 * i]!), Float64Array.from({ length: n }, (_, i) => c[2 * i + 1]!)];
}

const run = (c: Float64Array) => () => {
  const r = pointXY(gf.array(c));
  return [r.x, r.y];
};

describe('geometry/point-xy', () => {
  it('splits random and special coordinates (NaN, ±0, ±Inf, extremes) at every size', async () => {
    for (const n of SIZES) {
      const c = randomArray('float64', 2 * n, n + 1, { specialRate: 0.2 }) as Float64Array;
      await parity(run(c), { oracle: split(c), what: `n=${n}` });
    }
  });

  it('keeps NaN payloads bit for bit', async () => {
    const c = new Float64Array(4);
    new Uint32Array(c.buffer).set([1, 0x7ff80000, 0xdeadbeef, 0xfff00001, 0, 0x80000000, 7, 0x7ff00000]);
    const [x, y] = await parity(run(c));
    expect([...new Uint32Array(x!.buffer)]).toEqual([1, 0x7ff80000, 0, 0x80000000]);
    expect([...new Uint32Array(y!.buffer)]).toEqual([0xdeadbeef, 0xfff00001, 7, 0x7ff00000]);
  });

  it('past one storage binding (maxBindingBytes 65536) and past the capped grid', async () => {
    const c = randomArray('float64', 2 * PAST_CAPPED_GRID, 5) as Float64Array; // 537 KB of points: 9 windows
    try {
      if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
      await parity(run(c), { oracle: split(c), what: 'windows' });
    } finally {
      if (hasGpu()) await gf.init();
    }
    await withGridCap(() => parity(run(c), { oracle: split(c), what: 'grid' }));
  });

  it('rejects an odd length and a non-float64 array', () => {
    expect(() => pointXY(gf.array(new Float64Array(3)))).toThrow(gf.ShapeError);
    expect(() => pointXY(gf.array(new Float32Array(4)) as never)).toThrow(gf.DTypeError);
  });
});
