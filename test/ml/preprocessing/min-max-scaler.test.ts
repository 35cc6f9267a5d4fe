// MinMaxScaler: scikit-learn goldens, both backends, shapes, inputs, persistence, errors, clip.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { columnsOf, scalerSuite } from './scaler-cases.js';

scalerSuite('MinMaxScaler', (o) => new gf.MinMaxScaler(o), ['dataMin', 'dataMax', 'dataRange', 'scale', 'min'], [{}, { featureRange: [-1, 1] }, { featureRange: [-2, 3], clip: true }]);

describe('MinMaxScaler options', () => {
  it('maps onto featureRange, gives a constant column range 1 and clips out-of-range data', async () => {
    const x = Float64Array.from([2, 4, 6]);
    const c = Float64Array.from([7, 7, 7]);
    const mm = new gf.MinMaxScaler({ featureRange: [-1, 1] });
    const [y, k] = await columnsOf(await mm.fitTransform([x, c]));
    expect(Array.from(y!)).toEqual([-1, 0, 1]);
    expect(mm.dataRange).toEqual(Float64Array.from([4, 0]));
    expect(mm.scale).toEqual(Float64Array.from([0.5, 2]));
    expect(mm.min).toEqual(Float64Array.from([-2, -15])); // scikit-learn: min_ = lo - dataMin * scale
    expect(Array.from(k!)).toEqual([-1, -1, -1]);
    const wide = [Float64Array.from([0, 10, 4]), Float64Array.from([7, 8, 6])];
    expect((await columnsOf(await mm.transform(wide)))[0]).toEqual(Float64Array.from([-2, 3, 0]));
    const clipped = new gf.MinMaxScaler({ featureRange: [-1, 1], clip: true });
    await clipped.fit([x, c]);
    const [yc, kc] = await columnsOf(await clipped.transform(wide));
    expect(Array.from(yc!)).toEqual([-1, 1, 0]);
    expect(Array.from(kc!)).toEqual([-1, 1, -1]);
    expect(() => new gf.MinMaxScaler({ featureRange: [1, 0] })).toThrow(/featureRange/);
  });
});
