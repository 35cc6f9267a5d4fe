// StandardScaler: scikit-learn goldens, both backends, shapes, inputs, persistence, errors.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { scalerSuite, columnsOf } from './scaler-cases.js';

scalerSuite('StandardScaler', (o) => new gf.StandardScaler(o), ['mean', 'var', 'scale', 'nSamplesSeen'], [{}, { withMean: false }, { withStd: false }, { withMean: false, withStd: false }]);

describe('StandardScaler options', () => {
  it('follows scikit-learn without mean or std, and gives constant columns scale 1', async () => {
    const x = Float64Array.from([2, 4, 6, 8]);
    const c = Float64Array.from([5, 5, 5, 5]);
    const s = new gf.StandardScaler();
    const [z, k] = await columnsOf(await s.fitTransform([x, c]));
    expect(s.mean).toEqual(Float64Array.from([5, 5]));
    expect(s.var).toEqual(Float64Array.from([5, 0]));
    expect(s.scale).toEqual(Float64Array.from([Math.sqrt(5), 1]));
    expect(Array.from(z!)).toEqual([-3, -1, 1, 3].map((v) => v / Math.sqrt(5)));
    expect(Array.from(k!)).toEqual([0, 0, 0, 0]);
    const noMean = new gf.StandardScaler({ withMean: false });
    expect(Array.from((await columnsOf(await noMean.fitTransform([x])))[0]!)).toEqual([2, 4, 6, 8].map((v) => v / Math.sqrt(5)));
    expect(noMean.mean).toEqual(Float64Array.from([5]));
    const noStd = new gf.StandardScaler({ withStd: false });
    expect(Array.from((await columnsOf(await noStd.fitTransform([x])))[0]!)).toEqual([-3, -1, 1, 3]);
    expect([noStd.var, noStd.scale]).toEqual([null, null]);
    const none = new gf.StandardScaler({ withMean: false, withStd: false });
    expect(Array.from((await columnsOf(await none.fitTransform([x])))[0]!)).toEqual([2, 4, 6, 8]);
    expect(none.mean).toBeNull();
    expect(none.nSamplesSeen).toBe(4);
  });
});
