// PolynomialFeatures: scikit-learn goldens (iris, degree 2, bias and interaction variants),
// products in scikit-learn's order (bit for bit against a host oracle), names, both backends,
// inputs, persistence, errors.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, rng } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { dataset, expectClose, golden, rowsOf, toRows } from './fixtures.js';
import { columnsOf } from './scaler-cases.js';

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('PolynomialFeatures: scikit-learn 1.2 goldens', () => {
  for (const c of golden('PolynomialFeatures').cases) {
    it(`${c.id}`, async () => {
      const ds = dataset(c.dataset);
      const opts = Object.fromEntries(Object.entries(c.params as Record<string, unknown>).filter(([k]) => k !== 'order').map(([k, v]) => [camel(k), v]));
      const poly = new gf.PolynomialFeatures(opts);
      await poly.fit(new gf.DataFrame(ds.names.map((nm, j) => [nm, gf.array(ds.features[j]!)] as const)));
      expect(poly.nOutputFeatures).toBe(c.fitted.n_output_features_);
      expect(Array.from(poly.powers)).toEqual((c.fitted.powers_ as number[][]).flat());
      expect(poly.getFeatureNamesOut()).toEqual(c.fitted.feature_names_out);
      const out = await columnsOf(await poly.transform(rowsOf(ds.features, c.rows)));
      expectClose(toRows(out).flat(), (c.transform as number[][]).flat(), 1e-15, 'transform');
    });
  }
});

describe('PolynomialFeatures', () => {
  const r = rng(9);
  const cols = [0, 1, 2].map(() => Float64Array.from({ length: 1001 }, () => (r() - 0.5) * 7));

  it('multiplies in scikit-learn order: degree 3 column (i, j, k) is (x_k x_j) x_i, bit for bit', async () => {
    const poly = new gf.PolynomialFeatures({ degree: 3, includeBias: false });
    const out = await columnsOf(await poly.fitTransform(cols));
    const names = poly.getFeatureNamesOut();
    expect(names.slice(0, 4)).toEqual(['x0', 'x1', 'x2', 'x0^2']);
    expect(names[names.length - 1]).toBe('x2^3');
    expect(out).toHaveLength(19);
    const at = names.indexOf('x0 x1 x2');
    expect(Array.from(out[at]!)).toEqual(Array.from(cols[0]!, (_, i) => cols[2]![i]! * cols[1]![i]! * cols[0]![i]!));
    const sq = names.indexOf('x0^2 x2');
    expect(Array.from(out[sq]!)).toEqual(Array.from(cols[0]!, (_, i) => cols[2]![i]! * cols[0]![i]! * cols[0]![i]!));
  });

  it('gives frame output named by getFeatureNamesOut, degree 0 / 1 and d = 1 shapes, and JSON round trips', async () => {
    const df = new gf.DataFrame({ a: gf.array(Float64Array.from([1, 2])), b: gf.array(Int32Array.from([3, -4])) });
    const poly = new gf.PolynomialFeatures({ interactionOnly: true });
    const out = await poly.fitTransform(df);
    expect(out.names).toEqual(['1', 'a', 'b', 'a b']);
    expect(toRows(await columnsOf(out))).toEqual([[1, 1, 3, 3], [1, 2, -4, -8]]);
    const zero = await new gf.PolynomialFeatures({ degree: 0 }).fitTransform([[5], [6]]);
    expect(await columnsOf(zero)).toEqual([Float64Array.from([1, 1])]);
    const one = new gf.PolynomialFeatures({ degree: 4, includeBias: false });
    expect(await columnsOf(await one.fitTransform([Float64Array.from([2])]))).toEqual([2, 4, 8, 16].map((v) => Float64Array.of(v)));
    const again = gf.PolynomialFeatures.fromJSON(JSON.stringify(poly));
    expect(await columnsOf(await again.transform(df))).toEqual(await columnsOf(out));
  });

  it('refuses bad input and options', async () => {
    await expect(new gf.PolynomialFeatures().fit([Float64Array.from([1, NaN])])).rejects.toThrow(/X\[0\].*NaN/);
    await expect(new gf.PolynomialFeatures({ degree: 0, includeBias: false }).fit([Float64Array.of(1)])).rejects.toThrow(/degree/);
    await expect(new gf.PolynomialFeatures({ degree: 30 }).fit(Array.from({ length: 40 }, () => Float64Array.of(1)))).rejects.toThrow(/at most/);
    expect(() => new gf.PolynomialFeatures({ degree: 1.5 })).toThrow(/degree/);
    expect(() => new gf.PolynomialFeatures({ include_bias: false } as object)).toThrow(/includeBias/);
    await expect(new gf.PolynomialFeatures().transform([Float64Array.of(1)])).rejects.toThrow(gf.NotFittedError);
    const p = await new gf.PolynomialFeatures().fit([Float64Array.of(1), Float64Array.of(2)]);
    await expect(p.transform([Float64Array.of(1)])).rejects.toThrow(gf.ShapeError);
    await expect(p.transform(new gf.DataFrame({ s: gf.Column.from(['u']), t: gf.Column.from(['v']) }))).rejects.toThrow(/utf8/);
  });

  it.skipIf(!hasGpu())('gives the same bits on CPU and WebGPU, also past one storage binding', async () => {
    const run = (b: gf.BackendName, c: Float64Array[]) => gf.withBackendAsync(b, async () => columnsOf(await new gf.PolynomialFeatures({ degree: 3 }).fitTransform(c)));
    expect(await run('webgpu', cols)).toEqual(await run('cpu', cols));
    const big = [0, 1].map(() => Float64Array.from({ length: 20_011 }, () => r() * 3));
    const full = await run('cpu', big);
    await withBindingCap(async () => {
      expect(await run('webgpu', big)).toEqual(full);
    });
  });
});
