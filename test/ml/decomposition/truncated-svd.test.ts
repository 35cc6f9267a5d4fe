// TruncatedSVD: scikit-learn 1.2 goldens ('arpack' cases by algorithm 'exact' within 1e-10;
// 'randomized' by the singular values against the exact ones), CPU and WebGPU bit for bit (also
// past one storage binding), edge shapes, input kinds, persistence and bad input.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';
import { loadDataset, loadGolden, type DatasetName } from '../../helpers/ml-data.js';
import { columnsOf, expectNear, expectSamePastCap, fitOn, randomColumns, toRows } from './cases.js';

interface SvdCase {
  id: string;
  dataset: DatasetName;
  params: { algorithm: 'randomized' | 'arpack'; n_components: number; n_iter: number };
  definedComponents: number;
  fitted: { singular_values_: number[]; explained_variance_: number[]; explained_variance_ratio_: number[]; components_: number[][] };
  exactTopSingularValues: number[];
  rows: number[];
  transform: number[][];
}

const G = loadGolden<SvdCase>('TruncatedSVD');
const ATTRS = ['components', 'explainedVariance', 'explainedVarianceRatio', 'singularValues', 'nFeaturesIn'];

describe('TruncatedSVD: scikit-learn 1.2 goldens', () => {
  for (const c of G.cases) {
    const exact = c.params.algorithm === 'arpack';
    it(`${c.id}: ${exact ? "algorithm 'exact' within 1e-10 (signs as scikit-learn's)" : 'singular values against the exact ones'}`, () => gf.withBackendAsync(c.dataset === 'iris' && exact ? gf.info().backend : 'cpu', async () => {
      const ds = loadDataset(c.dataset);
      const k = c.params.n_components;
      const est = new gf.TruncatedSVD({ nComponents: k, algorithm: exact ? 'exact' : 'randomized', nIter: c.params.n_iter });
      const Z = await columnsOf(await est.fitTransform(ds.X));
      const f = c.fitted;
      const d = ds.d;
      if (exact) {
        expectNear(est.singularValues, f.singular_values_, 1e-10, 'singularValues');
        expectNear(est.explainedVariance, f.explained_variance_, 1e-10, 'explainedVariance');
        expectNear(est.explainedVarianceRatio, f.explained_variance_ratio_, 1e-10, 'explainedVarianceRatio');
        for (let r = 0; r < c.definedComponents; r++) expectNear(est.components.subarray(r * d, (r + 1) * d), f.components_[r]!, 1e-10, `components[${r}]`, 1);
        for (let r = 0; r < c.definedComponents; r++) expectNear(c.rows.map((i) => Z[r]![i]!), c.transform.map((t) => t[r]!), 1e-10, `transform column ${r}`);
        return;
      }
      // Randomized: our seeded draws are not numpy's; scikit-learn's own singular values are within
      // 2e-4 relative of the exact ones here (digits k = 10, 5 iterations), ours likewise.
      expectNear(est.singularValues, c.exactTopSingularValues, 5e-4, 'singular values vs exact');
      expectNear(f.singular_values_, c.exactTopSingularValues, 5e-4, "scikit-learn's vs exact");
      for (let r = 0; r < k; r++) expect(est.singularValues[r]!).toBeLessThanOrEqual(c.exactTopSingularValues[r]! * (1 + 1e-12));
      expectNear(est.explainedVariance, f.explained_variance_, 5e-3, 'explainedVariance');
      for (let r = 0; r < Math.min(c.definedComponents, 2); r++) {
        const got = est.components.subarray(r * d, (r + 1) * d);
        const want = f.components_[r]!;
        const dot = got.reduce((a, v, j) => a + v * want[j]!, 0);
        expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-6); // the leading directions agree (up to sign)
      }
    }));
  }
});

describe('TruncatedSVD: backends and shapes', () => {
  it.skipIf(!hasGpu())('gives the same bits on CPU and WebGPU (iris, wine; randomized, exact), also past one storage binding', async () => {
    for (const name of ['iris', 'wine'] as const) {
      const X = loadDataset(name).X;
      for (const algorithm of name === 'iris' ? (['randomized', 'exact'] as const) : (['exact'] as const)) {
        const make = () => new gf.TruncatedSVD({ nComponents: 2, algorithm, nIter: 2 });
        const cpu = await fitOn('cpu', make, X, ATTRS);
        expect(await fitOn('webgpu', make, X, ATTRS)).toEqual(cpu);
      }
    }
    const big = randomColumns(3_001, 3, 19); // 72 KB: past the 64 KB binding cap
    await expectSamePastCap(() => new gf.TruncatedSVD({ nComponents: 2, nIter: 2 }), big, ATTRS);
  });

  it('handles n < d (randomized, transposed), d = 1 with k = 1, a constant column and 1e5 rows (CPU)', () => gf.withBackendAsync('cpu', async () => {
    const wide = randomColumns(5, 9, 12);
    const ex = await new gf.TruncatedSVD({ nComponents: 4, algorithm: 'exact' }).fit(wide);
    const rz = await new gf.TruncatedSVD({ nComponents: 4, nIter: 7 }).fit(wide);
    expectNear(rz.singularValues, ex.singularValues, 1e-10, 'n < d randomized vs exact');
    const full = await new gf.TruncatedSVD({ nComponents: 5, algorithm: 'exact' }).fit(wide);
    const back = await columnsOf(await full.inverseTransform(await full.transform(wide)));
    back.forEach((c, j) => expectNear(c, wide[j]!, 1e-12, `rank-n round trip ${j}`, 1));
    const one = new gf.TruncatedSVD({ nComponents: 1 });
    const z = await columnsOf(await one.fitTransform([Float64Array.from([3, -4])]));
    expect([...one.components]).toEqual([-1]); // svd_flip: the largest |score| (-4) made positive
    expectNear(z[0]!, [-3, 4], 1e-15, 'd = 1');
    expectNear(one.singularValues, [5], 1e-15, 'd = 1 singular value');
    const cc = randomColumns(300, 3, 4, 1);
    const withConst = await new gf.TruncatedSVD({ nComponents: 3, algorithm: 'exact' }).fit(cc);
    expect(withConst.singularValues[2]).toBeGreaterThan(0); // uncentred: a constant column carries signal
    const big = randomColumns(100_000, 8, 5);
    const a = await new gf.TruncatedSVD({ nComponents: 4 }).fit(big);
    const b = await new gf.TruncatedSVD({ nComponents: 4, algorithm: 'exact' }).fit(big);
    expectNear(a.singularValues, b.singularValues, 1e-8, '1e5 randomized vs exact');
  }));
});

describe('TruncatedSVD: inputs, outputs and persistence', () => {
  const a = Float64Array.from([1, 4, 2, 8, 5, 7]);
  const c = Float64Array.from([0.5, -1, 2, 2, 3, 0]);
  it('names outputs truncatedsvd0, … for frame-kind input and gives buffers for arrays', async () => {
    const df = new gf.DataFrame({ a: gf.array(a), c: gf.array(c) });
    const out = await new gf.TruncatedSVD().fitTransform(df);
    expect((out as gf.DataFrame).names).toEqual(['truncatedsvd0', 'truncatedsvd1']);
    const arr = await new gf.TruncatedSVD().fitTransform(toRows([a, c]));
    expect(Array.isArray(arr)).toBe(true);
    expect(await columnsOf(arr)).toEqual(await columnsOf(out));
  });

  it('round-trips through toJSON / fromJSON and transforms the same', async () => {
    const s = await new gf.TruncatedSVD({ nComponents: 1, seed: 3 }).fit([a, c]);
    const again = gf.TruncatedSVD.fromJSON(JSON.stringify(s));
    expect(await columnsOf(await again.transform([c, a]))).toEqual(await columnsOf(await s.transform([c, a])));
    for (const k of ATTRS) expect((again as unknown as Record<string, unknown>)[k]).toEqual((s as unknown as Record<string, unknown>)[k]);
  });

  it('refuses bad input with typed errors naming the column or option', async () => {
    await expect(new gf.TruncatedSVD().fit([a, Float64Array.from([1, NaN, 2, 3, 4, 5])])).rejects.toThrow(/X\[1\].*NaN/);
    await expect(new gf.TruncatedSVD().fit(new gf.DataFrame({ s: gf.Column.from(['p', 'q']), a: gf.array(Float64Array.of(1, 2)) }))).rejects.toThrow(/utf8/);
    await expect(new gf.TruncatedSVD({ nComponents: 3 }).fit([a, c])).rejects.toThrow(/nComponents <= n_features = 2/);
    await expect(new gf.TruncatedSVD({ nComponents: 3, algorithm: 'exact' }).fit([a.subarray(0, 2), c.subarray(0, 2), a.subarray(2, 4), c.subarray(2, 4)])).rejects.toThrow(/min\(n_samples, n_features\) = 2/);
    await expect(new gf.TruncatedSVD().transform([a])).rejects.toThrow(gf.NotFittedError);
    expect(() => new gf.TruncatedSVD({ algorithm: 'arpack' } as object)).toThrow(/algorithm/);
    expect(() => new gf.TruncatedSVD({ n_iter: 3 } as object)).toThrow(/did you mean 'nIter'/);
    const s = await new gf.TruncatedSVD({ nComponents: 1 }).fit([a, c]);
    await expect(s.transform([a, c, a])).rejects.toThrow(gf.ShapeError);
  });
});
