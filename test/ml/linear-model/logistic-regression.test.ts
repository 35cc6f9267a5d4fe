// LogisticRegression (lbfgs): scikit-learn 1.2 goldens (objective within 1e-6 relative of
// scikit-learn's, identical predictions where scikit-learn reached the optimum), then the
// contract: input kinds, outputs, weights, edge shapes, persistence, errors, and on WebGPU
// the device-resident fit (one control read per loss-and-gradient evaluation).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';
import { blobs, caseData, cases, classWeightsOf, hostOf, objectiveOf, type LogitCase } from './logistic-cases.js';

const onGpu = hasGpu();
const arrays = (X: Float64Array[]) => X.map((x) => gf.array(x));

async function fitCase(c: LogitCase) {
  const { X, y } = caseData(c);
  const m = new gf.LogisticRegression({ C: c.params.C, tol: 1e-10, maxIter: 100_000, classWeight: c.params.class_weight === 'balanced' ? 'balanced' : null });
  await m.fit(arrays(X), y);
  const cw = classWeightsOf(y, c.classes, c.params.class_weight === 'balanced');
  return { m, X, y, f: objectiveOf(X, y, c.classes, m.coef, m.intercept, c.params.C, cw) };
}

describe('LogisticRegression: scikit-learn 1.2 goldens', () => {
  // The device runs the small standardised sets; raw wine and digits (thousands of iterations) run on the CPU.
  const slow = (c: LogitCase) => c.dataset === 'digits' || (c.dataset === 'wine' && !c.standardized);
  for (const c of cases()) {
    const skip = (onGpu && slow(c)) || (c.dataset === 'digits' && c.id !== 'digits-C0.1-cwNone');
    it.skipIf(skip)(c.id, async () => {
      const { m, X, f } = await fitCase(c);
      // Never meaningfully below the refined optimum. Where scikit-learn reached the optimum: at or
      // below its objective (+1e-6 relative). On raw wine/digits both runs stop early on the same
      // factr test of an ill-conditioned problem: within 1.5x scikit-learn's own gap to the optimum.
      expect(f).toBeGreaterThanOrEqual(c.objectiveRefined * (1 - 1e-9));
      if (c.sklearnNearOptimum) expect(f).toBeLessThanOrEqual(c.objective * (1 + 1e-6));
      else expect(f - c.objectiveRefined).toBeLessThanOrEqual(1.5 * (c.objective - c.objectiveRefined) + 1e-6 * c.objectiveRefined);
      expect(m.coef.length).toBe(c.fitted.coef_.length * X.length);
      expect([...m.classes]).toEqual(c.classes);
      expect(m.nFeaturesIn).toBe(X.length);
      if (!c.sklearnNearOptimum) return;
      const pred = await hostOf(await m.predict(arrays(X)));
      expect(Array.from(pred)).toEqual(c.predict);
      expect(await m.score(arrays(X), caseData(c).y)).toBe(c.accuracy);
      const sub = X.map((x) => Float64Array.from(c.rows, (i) => x[i]!));
      const proba = await m.predictProba(arrays(sub));
      const P = (await Promise.all(proba.map((b) => b.toArray()))) as Float64Array[];
      c.rows.forEach((_, t) => c.classes.forEach((_, k) => expect(Math.abs(P[k]![t]! - c.predictProba[t]![k]!)).toBeLessThan(1e-4)));
      const sk = c.fitted.coef_.flat();
      const scale = Math.max(...sk.map(Math.abs));
      sk.forEach((v, t) => expect(Math.abs(m.coef[t]! - v)).toBeLessThan(2e-3 * scale));
    }, 600_000);
  }

  it('stops as SciPy does: the same iteration count as scikit-learn on breast_cancer', async () => {
    for (const c of cases().filter((x) => x.dataset === 'breast_cancer')) {
      const { m } = await fitCase(c);
      expect(Math.abs(m.nIter - c.fitted.n_iter_[0]!), c.id).toBeLessThanOrEqual(onGpu ? 2 : 0);
    }
  }, 600_000);
});

describe('LogisticRegression: inputs and outputs', () => {
  const { X, y } = blobs(300, 3, 3, 5);
  const names = ['a', 'b', 'c'];
  const frame = () => new gf.DataFrame([...names.map((nm, j) => [nm, gf.array(X[j]!)] as const), ['label', gf.array(y)] as const]);

  it('gives the same model for every input kind, outputs in the input kind', async () => {
    const ref = await new gf.LogisticRegression().fit(arrays(X), y);
    const df = frame();
    const rows = Array.from({ length: 300 }, (_, i) => X.map((x) => x[i]!));
    const inputs: Array<[unknown, unknown]> = [
      [df, 'label'],
      [{ frame: df, columns: names }, df.column('label')],
      [names.map((nm) => df.column(nm)), Array.from(y)],
      [X, y],
      [rows, gf.array(y)],
    ];
    for (const [inp, lab] of inputs) {
      const m = await new gf.LogisticRegression().fit(inp as never, lab as Int32Array);
      expect([...m.coef]).toEqual([...ref.coef]);
      expect([...m.intercept]).toEqual([...ref.intercept]);
    }
    const m = await new gf.LogisticRegression().fit(df, 'label');
    expect(m.featureNamesIn).toEqual(names);
    const pc = await m.predict(df, names);
    expect(pc).toBeInstanceOf(gf.Column);
    const pa = await m.predict(arrays(X));
    expect(pa).toBeInstanceOf(gf.DataBuffer);
    expect(await hostOf(pc)).toEqual(Array.from(await hostOf(pa)));
    const pf = await m.predictProba({ frame: df, columns: names });
    expect(pf).toBeInstanceOf(gf.DataFrame);
    expect(pf.names).toEqual(['0', '1', '2']);
    const lp = await m.predictLogProba(arrays(X));
    const pp = await m.predictProba(arrays(X));
    const l0 = (await lp[0]!.toArray()) as Float64Array;
    const p0 = (await pp[0]!.toArray()) as Float64Array;
    for (let i = 0; i < 300; i++) expect(Math.abs(l0[i]! - Math.log(p0[i]!))).toBeLessThan(1e-12);
    const z = (await m.decisionFunction(arrays(X))) as gf.DataBuffer[];
    expect(z.length).toBe(3);
    expect(await m.score(df, 'label')).toBeGreaterThan(0.5);
  });

  it('takes string labels and a binary problem gives one coefficient row, decision values as a vector', async () => {
    const lab = Array.from(y, (v) => (v === 0 ? 'no' : 'yes'));
    const m = await new gf.LogisticRegression().fit(arrays(X), lab);
    expect(m.classes).toEqual(['no', 'yes']);
    expect(m.coef.length).toBe(3);
    const p = await m.predict(arrays(X));
    expect(p).toBeInstanceOf(gf.Column);
    const z = (await m.decisionFunction(arrays(X))) as gf.DataBuffer;
    const zs = (await z.toArray()) as Float64Array;
    const labels = (await (p as unknown as gf.Column).toValues()) as string[];
    labels.forEach((l, i) => expect(l).toBe(zs[i]! > 0 ? 'yes' : 'no'));
    const mm = await new gf.LogisticRegression({ multiClass: 'multinomial' }).fit(arrays(X), lab);
    expect(mm.coef.length).toBe(3);
    const P = await mm.predictProba(arrays(X));
    const [p0, p1] = (await Promise.all(P.map((b) => b.toArray()))) as Float64Array[];
    const zm = (await ((await mm.decisionFunction(arrays(X))) as gf.DataBuffer).toArray()) as Float64Array;
    for (let i = 0; i < 10; i++) expect(Math.abs(p1![i]! - 1 / (1 + Math.exp(-2 * zm[i]!)))).toBeLessThan(1e-12);
    for (let i = 0; i < 10; i++) expect(Math.abs(p0![i]! + p1![i]! - 1)).toBeLessThan(1e-14);
  });

  it('treats integer sample weights as repeated rows, and class weights as sample weights', async () => {
    const { X: Xs, y: ys } = blobs(60, 2, 3, 9);
    const w = Float64Array.from({ length: 60 }, (_, i) => 1 + (i % 3));
    const idx = Array.from({ length: 60 }, (_, i) => Array(1 + (i % 3)).fill(i) as number[]).flat();
    const rep = Xs.map((x) => Float64Array.from(idx, (i) => x[i]!));
    const a = await new gf.LogisticRegression({ tol: 1e-10, maxIter: 1000 }).fit(arrays(Xs), ys, { sampleWeight: w });
    const b = await new gf.LogisticRegression({ tol: 1e-10, maxIter: 1000 }).fit(arrays(rep), Int32Array.from(idx, (i) => ys[i]!));
    [...a.coef].forEach((v, t) => expect(Math.abs(v - b.coef[t]!)).toBeLessThan(1e-6));
    const cw = { '0': 2, '1': 1, '2': 0.5 };
    const c = await new gf.LogisticRegression({ tol: 1e-10, maxIter: 1000, classWeight: cw }).fit(arrays(Xs), ys);
    const sw = Float64Array.from(ys, (v) => [2, 1, 0.5][v]!);
    const e = await new gf.LogisticRegression({ tol: 1e-10, maxIter: 1000 }).fit(arrays(Xs), ys, { sampleWeight: sw });
    [...c.coef].forEach((v, t) => expect(Math.abs(v - e.coef[t]!)).toBeLessThan(1e-6));
  });

  it('fits without an intercept or a penalty, d = 1, n < d and constant columns', async () => {
    const noB = await new gf.LogisticRegression({ fitIntercept: false }).fit(arrays(X), y);
    expect([...noB.intercept]).toEqual([0, 0, 0]);
    const free = await new gf.LogisticRegression({ penalty: 'none', maxIter: 50 }).fit(arrays(X), y);
    const l2 = await new gf.LogisticRegression({ C: 0.01 }).fit(arrays(X), y);
    const norm = (a: Float64Array) => a.reduce((s, v) => s + v * v, 0);
    expect(norm(free.coef)).toBeGreaterThan(norm(l2.coef));
    const one = await new gf.LogisticRegression().fit([X[0]!], y);
    expect(one.coef.length).toBe(3);
    const few = blobs(4, 10, 2, 3);
    const m = await new gf.LogisticRegression().fit(arrays(few.X), few.y);
    expect(Array.from(await hostOf(await m.predict(arrays(few.X))))).toEqual(Array.from(few.y));
    const withConst = await new gf.LogisticRegression().fit([...arrays(X), gf.array(new Float64Array(300).fill(7))], y);
    expect(Math.abs(withConst.coef[3]!)).toBeLessThan(1e-3);
  });

  it('fits 1e5 rows', async () => {
    const n = onGpu ? 4_000 : 100_000;
    const big = blobs(n, 4, 3, 21);
    const m = await new gf.LogisticRegression().fit(arrays(big.X), big.y);
    expect(m.nIter).toBeGreaterThan(0);
    expect(await m.score(arrays(big.X), big.y)).toBeGreaterThan(0.5);
  }, 300_000);

  it('round-trips through JSON and predicts the same', async () => {
    const m = await new gf.LogisticRegression({ C: 0.3, classWeight: 'balanced' }).fit(arrays(X), y);
    const back = gf.LogisticRegression.fromJSON(JSON.stringify(m));
    expect(back.getParams()).toEqual(m.getParams());
    expect([...back.coef]).toEqual([...m.coef]);
    expect(Array.from(await hostOf(await back.predict(arrays(X))))).toEqual(Array.from(await hostOf(await m.predict(arrays(X)))));
    expect(() => gf.LogisticRegression.fromJSON({ ...m.toJSON(), state: { coef: 1 } } as never)).toThrow(gf.ValueError);
  });
});

describe('LogisticRegression: bad input', () => {
  const { X, y } = blobs(20, 2, 2, 1);
  it('refuses a single class, NaN/±Inf/nulls, utf8 columns, y of another length, unfitted use, unknown options', async () => {
    await expect(new gf.LogisticRegression().fit(arrays(X), new Int32Array(20).fill(3))).rejects.toThrow(/at least 2 classes.*got 1 class/);
    await expect(new gf.LogisticRegression().fit(arrays(X), new Int32Array(20).fill(3))).rejects.toBeInstanceOf(gf.ValueError);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const c = Float64Array.from(X[1]!);
      c[4] = bad;
      const df = new gf.DataFrame({ a: gf.array(X[0]!), b: gf.array(c) });
      await expect(new gf.LogisticRegression().fit(df, y)).rejects.toThrow(/column 'b'.*NaN or ±Inf/);
    }
    const withNull = new gf.DataFrame({ a: gf.Column.from(Float64Array.from([1, 0, 3, 4]), Uint8Array.of(0b1101)), b: gf.array(new Float64Array(4)) });
    await expect(new gf.LogisticRegression().fit(withNull, [0, 1, 0, 1])).rejects.toThrow(/nulls in column 'a'/);
    const s = new gf.DataFrame({ a: gf.Column.from(['x', 'y', 'x', 'y']) });
    await expect(new gf.LogisticRegression().fit(s, [0, 1, 0, 1])).rejects.toThrow(/utf8/);
    await expect(new gf.LogisticRegression().fit(arrays(X), y.subarray(0, 10))).rejects.toBeInstanceOf(gf.ShapeError);
    await expect(new gf.LogisticRegression().predict(arrays(X))).rejects.toBeInstanceOf(gf.NotFittedError);
    expect(() => new gf.LogisticRegression({ max_iter: 5 } as never)).toThrow(/did you mean 'maxIter'/);
    expect(() => new gf.LogisticRegression({ C: 0 })).toThrow(/option 'C'/);
    expect(() => new gf.LogisticRegression({ multiClass: 'ovr' } as never)).toThrow(/multiClass/);
    const m = await new gf.LogisticRegression().fit(arrays(X), y);
    await expect(m.predict([gf.array(X[0]!)])).rejects.toBeInstanceOf(gf.ShapeError);
    await expect(new gf.LogisticRegression({ classWeight: { '7': 2 } }).fit(arrays(X), y)).rejects.toThrow(/classWeight keys/);
  });
});

describe.skipIf(!onGpu)('LogisticRegression on WebGPU', () => {
  const { X, y } = blobs(2000, 5, 3, 13);

  it('fits on the device: one control read per loss-and-gradient evaluation, no downloads', async () => {
    const cols = arrays(X);
    const codes = gf.array(y);
    await cols[0]!.toArray();
    const reads = async (maxIter: number) => {
      const est = new gf.LogisticRegression({ maxIter });
      const s0 = gf.stats();
      await est.fit(cols, codes);
      const s1 = gf.stats();
      expect(s1.downloads - s0.downloads).toBe(0);
      return { est, setup: s1.controlReads - s0.controlReads - est.nFunEvals };
    };
    // A fixed setup (labels, pack flags), then exactly one control read per loss-and-gradient evaluation.
    const short = await reads(5);
    const { est: m, setup } = await reads(30);
    expect(m.nFunEvals).toBeGreaterThan(short.est.nFunEvals);
    expect(setup).toBe(short.setup);
    expect(setup).toBeLessThanOrEqual(6);
    const cpu = await gf.withBackendAsync('cpu', async () => new gf.LogisticRegression({ maxIter: 30 }).fit(arrays(X), y));
    expect(m.nIter).toBe(cpu.nIter);
    [...m.coef].forEach((v, t) => expect(Math.abs(v - cpu.coef[t]!)).toBeLessThan(1e-9 * (1 + Math.abs(v))));
    expect(Array.from(await hostOf(await m.predict(cols)))).toEqual(Array.from(await gf.withBackendAsync('cpu', async () => hostOf(await cpu.predict(arrays(X))))));
  }, 300_000);

  it('gives the CPU model with the matrix past one storage binding (maxBindingBytes 65536)', async () => {
    const big = blobs(3000, 4, 3, 17);
    const cpu = await gf.withBackendAsync('cpu', async () => new gf.LogisticRegression({ maxIter: 20 }).fit(arrays(big.X), big.y));
    await gf.init({ maxBindingBytes: 65536 });
    try {
      const m = await new gf.LogisticRegression({ maxIter: 20 }).fit(arrays(big.X), big.y);
      [...m.coef].forEach((v, t) => expect(Math.abs(v - cpu.coef[t]!)).toBeLessThan(1e-9 * (1 + Math.abs(v))));
      const p = await hostOf(await m.predict(arrays(big.X)));
      const q = await gf.withBackendAsync('cpu', async () => hostOf(await cpu.predict(arrays(big.X))));
      expect(Array.from(p)).toEqual(Array.from(q));
    } finally {
      await gf.init();
    }
  }, 120_000);
});
