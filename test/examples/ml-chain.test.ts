// Issue 11, acceptance 3: on WebGPU the chain readCSV → StandardScaler → PCA →
// LogisticRegression → predict uploads each input column once and downloads nothing until the
// user reads the predictions (the estimators read back only counted control values); and the
// predictions equal the CPU backend's.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';

const FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

async function chain(df: gf.DataFrame): Promise<gf.Column> {
  const scaled = await new gf.StandardScaler().fitTransform(df, FEATURES);
  const reduced = await new gf.PCA({ nComponents: 2 }).fitTransform(scaled);
  const clf = await new gf.LogisticRegression({ C: 1 }).fit(reduced, df.column('target'));
  return clf.predict(reduced);
}

describe('iris: scale → PCA → logistic regression', () => {
  it('predicts the same species on both backends, and on WebGPU moves only the input columns up and control values down', async () => {
    const df0 = await gf.readCSV('data/ml/iris.csv');
    expect(df0.names).toEqual([...FEATURES, 'target']);
    const cpu = await gf.withBackendAsync('cpu', async () => [...(await (await chain(df0)).data.toArray())]);
    const truth = Array.from(await df0.column('target').data.toArray() as ArrayLike<number>, Number);
    const accuracy = truth.reduce((s, t, i) => s + Number(t === cpu[i]), 0) / truth.length;
    expect(accuracy).toBeGreaterThan(0.85); // two principal components of iris separate the species well
    if (!hasGpu()) return;
    await gf.withBackendAsync('webgpu', async () => {
      const df = await gf.readCSV('data/ml/iris.csv');
      const inputBytes = df.getColumns().reduce((s, c) => s + c.data.byteLength, 0);
      gf.resetStats();
      const pred = await chain(df);
      const s = gf.stats();
      expect(s.downloads).toBe(0);
      expect(s.controlReads).toBeGreaterThan(0);
      // Each of the 5 input columns goes up once; everything else uploaded is small (options,
      // class tables, fitted parameters): under 4 KiB in all.
      expect(s.uploadBytes).toBeGreaterThanOrEqual(inputBytes);
      expect(s.uploadBytes - inputBytes).toBeLessThan(4096);
      const got = await pred.data.toArray();
      expect(gf.stats().downloads).toBe(1);
      expect([...got]).toEqual(cpu);
    });
  });
});
