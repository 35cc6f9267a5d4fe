// RobustScaler: scikit-learn goldens (numpy's linear percentiles), both backends, shapes,
// inputs, persistence, errors.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { columnsOf, scalerSuite } from './scaler-cases.js';

scalerSuite('RobustScaler', (o) => new gf.RobustScaler(o), ['center', 'scale'], [{}, { quantileRange: [10, 90] }, { withCentering: false }, { withScaling: false, unitVariance: true }, { unitVariance: true }]);

describe('RobustScaler options', () => {
  it('uses numpy percentiles (linear) and median, scale 1 for a zero interquantile range', async () => {
    const x = Float64Array.from([1, 2, 3, 4, 100]);
    const c = Float64Array.from([5, 5, 5, 5, 6]);
    const rs = new gf.RobustScaler();
    const [y] = await columnsOf(await rs.fitTransform([x, c]));
    expect(rs.center).toEqual(Float64Array.from([3, 5]));
    expect(rs.scale).toEqual(Float64Array.from([2, 1]));
    expect(Array.from(y!)).toEqual([-1, -0.5, 0, 0.5, 48.5]);
    const even = new gf.RobustScaler({ quantileRange: [10, 90] });
    await even.fit([Float64Array.from([4, 1, 3, 2])]);
    expect(even.center).toEqual(Float64Array.from([2.5]));
    expect(even.scale![0]).toBeCloseTo(3.7 - 1.3, 14);
    const off = new gf.RobustScaler({ withCentering: false, withScaling: false });
    await off.fit([x]);
    expect([off.center, off.scale]).toEqual([null, null]);
    expect(() => new gf.RobustScaler({ quantileRange: [80, 20] })).toThrow(/quantileRange/);
  });
});
