// PCA: scikit-learn 1.2 goldens (full: closed form within 1e-10; randomized: the variance
// captured), CPU and WebGPU bit for bit (also past one storage binding), edge shapes, input
// kinds, persistence and bad input.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import * as arrow from 'apache-arrow';
import { hasGpu } from '../../helpers/parity.js';
import { loadDataset, loadGolden, type DatasetName } from '../../helpers/ml-data.js';
import type { MatrixInput } from '../../../ml/matrix-input.js';
import { columnsOf, expectNear, expectSamePastCap, fitOn, randomColumns, toRows } from './cases.js';

interface PcaCase {
  id: string;
  dataset: DatasetName;
  params: { n_components: number | null; whiten: boolean; svd_solver: string; random_state: number | null };
  definedComponents?: number;
  fitted: Record<string, number | number[] | number[][]>;
  rows?: number[];
  transform?: number[][];
  capturedVariance?: number;
  exactCapturedVariance?: number;
  exactTopSingularValues?: number[];
}

const G = loadGolden<PcaCase>('PCA');
const ATTRS = ['components', 'explainedVariance', 'explainedVarianceRatio', 'singularValues', 'mean', 'nComponents', 'noiseVariance', 'nSamples', 'nFeaturesIn'];

describe('PCA: scikit-learn 1.2 goldens', () => {
  for (const c of G.cases.filter((x) => x.params.svd_solver === 'full')) {
    it(`${c.id}: components up to sign per component, variances, transform within 1e-10`, () => gf.withBackendAsync(c.dataset === 'digits' ? 'cpu' : gf.info().backend, async () => {
      const ds = loadDataset(c.dataset);
      const pca = new gf.PCA({ nComponents: c.params.n_components ?? undefined, whiten: c.params.whiten, svdSolver: 'full' });
      await pca.fit(new gf.DataFrame(ds.names.map((nm, j) => [nm, gf.array(ds.X[j]!)] as const)));
      const f = c.fitted;
      const k = f.n_components_ as number;
      expect(pca.nComponents).toBe(k);
      const ev = f.explained_variance_ as number[];
      expectNear(pca.explainedVariance, ev, 1e-10, 'explainedVariance');
      expectNear(pca.explainedVarianceRatio, f.explained_variance_ratio_ as number[], 1e-10, 'explainedVarianceRatio');
      expectNear(pca.singularValues, f.singular_values_ as number[], 1e-10, 'singularValues');
      expectNear(pca.mean, f.mean_ as number[], 1e-12, 'mean');
      expect(Math.abs(pca.noiseVariance - (f.noise_variance_ as number))).toBeLessThanOrEqual(1e-10 * ev[0]!);
      const kd = c.definedComponents!;
      const d = ds.d;
      const comps = f.components_ as number[][];
      for (let r = 0; r < kd; r++) {
        const got = pca.components.subarray(r * d, (r + 1) * d);
        // scikit-learn's svd_flip sign is reproduced: compare as they are, not only up to sign.
        expectNear(got, comps[r]!, 1e-10, `components[${r}]`, 1);
      }
      const rows = c.rows!;
      const Z = await columnsOf(await pca.transform(ds.X.map((x) => Float64Array.from(rows, (i) => x[i]!))));
      for (let r = 0; r < kd; r++) expectNear(Z[r]!, c.transform!.map((t) => t[r]!), 1e-10, `transform column ${r}`);
    }));
  }
  for (const c of G.cases.filter((x) => x.params.svd_solver === 'randomized')) {
    it(`${c.id}: the variance captured, against scikit-learn's and the exact one (CPU)`, () => gf.withBackendAsync('cpu', async () => {
      const ds = loadDataset(c.dataset);
      const k = c.params.n_components!;
      const seed = c.params.random_state ?? 0;
      const pca = await new gf.PCA({ nComponents: k, svdSolver: 'randomized', seed }).fit(ds.X);
      const captured = pca.explainedVariance.reduce((a, v) => a + v, 0);
      // Never above the exact; with the default 4 or 7 power iterations the gap to the exact depends on
      // the random draw: scikit-learn's own spans 1.9e-7 .. 8.2e-6 over random_state 0..29 on digits
      // k = 10 (ours 1.6e-7 .. 2.2e-5 over seeds 0..29), so hold the default to 3e-5 below scikit-learn's.
      expect(captured).toBeLessThanOrEqual(c.exactCapturedVariance! * (1 + 1e-12));
      expect(captured).toBeGreaterThanOrEqual(c.capturedVariance! * (1 - 3e-5));
      // Three more power iterations reach scikit-learn's objective within 1e-6 for any seed.
      const more = await new gf.PCA({ nComponents: k, svdSolver: 'randomized', seed, iteratedPower: 7 + (k < 0.1 * Math.min(ds.n, ds.d) ? 3 : 0) }).fit(ds.X);
      const c7 = more.explainedVariance.reduce((a, v) => a + v, 0);
      expect(c7).toBeGreaterThanOrEqual(c.capturedVariance! * (1 - 1e-6));
      expect(c7).toBeLessThanOrEqual(c.exactCapturedVariance! * (1 + 1e-12));
      expectNear(more.singularValues, c.exactTopSingularValues!, 1e-6, 'singular values vs exact');
      expectNear(pca.mean, c.fitted.mean_ as number[], 1e-12, 'mean');
      expect(Math.abs(pca.noiseVariance - (c.fitted.noise_variance_ as number))).toBeLessThanOrEqual(1e-4 * Math.abs(c.fitted.noise_variance_ as number));
      // Orthonormal components.
      const d = ds.d;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let t = 0;
          for (let j = 0; j < d; j++) t += pca.components[a * d + j]! * pca.components[b * d + j]!;
          expect(Math.abs(t - (a === b ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }));
  }
});

describe('PCA: backends and shapes', () => {
  it.skipIf(!hasGpu())('gives the same bits on CPU and WebGPU (iris, wine; full, whiten, randomized), also past one storage binding', async () => {
    for (const name of ['iris', 'wine'] as const) {
      const X = loadDataset(name).X;
      const opts = [{ nComponents: 2, svdSolver: 'full' as const }, { whiten: true, svdSolver: 'full' as const }, { nComponents: 3, svdSolver: 'randomized' as const, seed: 5, iteratedPower: 2 }];
      for (const o of name === 'iris' ? opts : opts.slice(0, 1)) {
        const make = () => new gf.PCA(o);
        const cpu = await fitOn('cpu', make, X, ATTRS);
        expect(await fitOn('webgpu', make, X, ATTRS)).toEqual(cpu);
      }
    }
    const big = randomColumns(3_001, 3, 9); // 72 KB: past the 64 KB binding cap
    for (const svdSolver of ['full', 'randomized'] as const) {
      await expectSamePastCap(() => new gf.PCA({ nComponents: 2, svdSolver }), big, ATTRS);
    }
  });

  it('handles n < d, d = 1, a constant column, a fraction and 1e5 rows (CPU)', () => gf.withBackendAsync('cpu', async () => {
    const wide = randomColumns(4, 7, 2);
    const pw = new gf.PCA();
    const zw = await columnsOf(await pw.fitTransform(wide));
    expect(pw.nComponents).toBe(4);
    expect(zw).toHaveLength(4);
    expect(pw.explainedVariance[3]).toBeLessThan(1e-20 * pw.explainedVariance[0]!); // rank n − 1 after centring
    const back = await columnsOf(await pw.inverseTransform(zw));
    back.forEach((c, j) => expectNear(c, wide[j]!, 1e-12, `n < d round trip ${j}`, 1));
    const rw = await new gf.PCA({ nComponents: 3, svdSolver: 'randomized' }).fit(wide);
    expectNear(rw.explainedVariance, pw.explainedVariance.subarray(0, 3), 1e-10, 'n < d randomized (transposed) vs full');

    const one = new gf.PCA();
    const z1 = await columnsOf(await one.fitTransform([Float64Array.from([3, 1, 2, 6])]));
    expect([...one.components]).toEqual([1]);
    expectNear(z1[0]!, [0, -2, -1, 3], 1e-15, 'd = 1');

    const cols = randomColumns(500, 4, 3, 2);
    const pc = await new gf.PCA().fit(cols);
    expect(pc.explainedVariance[3]).toBeLessThan(1e-25 * pc.explainedVariance[0]!);
    expect(Math.abs(pc.components[2])).toBeLessThan(1e-15); // the constant column takes no weight
    const frac = await new gf.PCA({ nComponents: 0.9, svdSolver: 'full' }).fit(cols);
    const cum = [...pc.explainedVarianceRatio].map((_, i, a) => a.slice(0, i + 1).reduce((s, v) => s + v, 0));
    expect(frac.nComponents).toBe(cum.findIndex((v) => v > 0.9) + 1);

    const big = randomColumns(100_000, 8, 4, 5);
    const pb = new gf.PCA({ nComponents: 4, whiten: true });
    const zb = await columnsOf(await pb.fitTransform(big));
    for (const c of zb) {
      const m = c.reduce((a, v) => a + v, 0) / c.length;
      const v = c.reduce((a, x) => a + (x - m) ** 2, 0) / (c.length - 1);
      expect(Math.abs(m)).toBeLessThan(1e-12);
      expect(Math.abs(v - 1)).toBeLessThan(1e-10); // whitened: unit variance
    }
    const pr = await new gf.PCA({ nComponents: 4, svdSolver: 'randomized' }).fit(big);
    expectNear(pr.explainedVariance, pb.explainedVariance, 1e-8, '1e5 randomized vs full');
  }));
});

describe('PCA: inputs, outputs and persistence', () => {
  const a = Float64Array.from([1, 4, 2, 8, 5, 7]);
  const b = Int32Array.from([3, 3, 9, 0, 1, 2]);
  const c = Float64Array.from([0.5, -1, 2, 2, 3, 0]);
  it("gives a frame (pca0, pca1) for frame-kind input and buffers for array-kind input", async () => {
    const df = new gf.DataFrame({ a: gf.array(a), b: gf.array(b), c: gf.array(c), s: gf.Column.from(['x', 'y', 'z', 'x', 'y', 'z']) });
    const ref = await columnsOf(await new gf.PCA({ nComponents: 2 }).fitTransform(df, ['a', 'b', 'c']));
    const kinds: Array<[MatrixInput, readonly string[] | undefined, boolean]> = [
      [df, ['a', 'b', 'c'], true],
      [{ frame: df, columns: ['a', 'b', 'c'] }, undefined, true],
      [[df.column('a'), df.column('b'), df.column('c')], undefined, true],
      [arrow.tableFromArrays({ a, b, c }), undefined, true],
      [[gf.array(a), gf.array(b), gf.array(c)], undefined, false],
      [[a, b, c], undefined, false],
      [toRows([a, b, c]), undefined, false],
    ];
    for (const [X, names, frame] of kinds) {
      const out = await new gf.PCA({ nComponents: 2 }).fitTransform(X, names);
      expect(out instanceof gf.DataFrame).toBe(frame);
      if (out instanceof gf.DataFrame) expect(out.names).toEqual(['pca0', 'pca1']);
      expect(await columnsOf(out)).toEqual(ref);
    }
    const p = await new gf.PCA({ nComponents: 2 }).fit(df, ['a', 'b', 'c']);
    const back = await p.inverseTransform(await p.transform(df, ['a', 'b', 'c']));
    expect((back as gf.DataFrame).names).toEqual(['a', 'b', 'c']);
  });

  it('round-trips through toJSON / fromJSON and transforms the same', async () => {
    for (const o of [{ nComponents: 2, whiten: true }, {}]) {
      const p = await new gf.PCA(o).fit([a, Float64Array.from(b), c]);
      const again = gf.PCA.fromJSON(JSON.stringify(p));
      expect(await columnsOf(await again.transform([c, a, a]))).toEqual(await columnsOf(await p.transform([c, a, a])));
      for (const k of ATTRS) expect((again as unknown as Record<string, unknown>)[k]).toEqual((p as unknown as Record<string, unknown>)[k]);
    }
  });

  it('refuses bad input with typed errors naming the column or option', async () => {
    await expect(new gf.PCA().fit({ frame: new gf.DataFrame({ a: gf.array(a), z: gf.array(Float64Array.from([1, NaN, 2, 3, 4, 5])) }), columns: ['a', 'z'] })).rejects.toThrow(/'z'.*NaN/);
    await expect(new gf.PCA().fit([a, Float64Array.from([1, 2, -Infinity, 3, 4, 5])])).rejects.toThrow(/X\[1\]/);
    const withNull = gf.Column.from(Float64Array.from([1, 0, 3, 4, 5, 6]), Uint8Array.of(0b111101));
    await expect(new gf.PCA().fit(new gf.DataFrame({ n: withNull, a: gf.array(a) }))).rejects.toThrow(/'n'.*null/);
    await expect(new gf.PCA().fit(new gf.DataFrame({ s: gf.Column.from(['p', 'q']) }))).rejects.toThrow(gf.DTypeError);
    await expect(new gf.PCA().fit(new gf.DataFrame({ s: gf.Column.from(['p', 'q']) }))).rejects.toThrow(/utf8/);
    await expect(new gf.PCA({ nComponents: 4 }).fit([a, c, a])).rejects.toThrow(/nComponents between 1 and min\(n_samples, n_features\) = 3/);
    await expect(new gf.PCA({ nComponents: 7, svdSolver: 'randomized' }).fit([a, c])).rejects.toThrow(gf.ValueError);
    await expect(new gf.PCA({ nComponents: 0.5, svdSolver: 'randomized' }).fit([a, c])).rejects.toThrow(/integer/);
    await expect(new gf.PCA().transform([a])).rejects.toThrow(gf.NotFittedError);
    expect(() => new gf.PCA({ n_components: 2 } as object)).toThrow(/did you mean 'nComponents'/);
    expect(() => new gf.PCA({ nComponents: 0 })).toThrow(/nComponents/);
    expect(() => new gf.PCA({ svdSolver: 'arpack' } as object)).toThrow(/svdSolver/);
    const p = await new gf.PCA({ nComponents: 1 }).fit([a, c]);
    await expect(p.transform([a])).rejects.toThrow(gf.ShapeError);
    await expect(p.inverseTransform([a, c])).rejects.toThrow(gf.ShapeError);
    await expect(new gf.PCA().fit([new Float64Array(0)])).rejects.toThrow(/0 rows|at least 1 sample/);
  });
});
