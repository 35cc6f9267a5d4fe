// The cases every linear-model test runs (LinearRegression, Ridge, Lasso, ElasticNet): CPU/WebGPU
// agreement (also past one storage binding), edge shapes (n < d, d = 1, constant columns, 1e5
// rows), every input kind with the output kind it gives, toJSON round trips and bad input.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import * as arrow from 'apache-arrow';
import { hasGpu, rng } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import type { MatrixInput } from '../../../ml/matrix-input.js';
import { expectClose, toRows } from '../preprocessing/fixtures.js';

/** What the suite needs of a linear model. */
export interface Linear {
  fit(X: MatrixInput, y: unknown, options?: object): Promise<unknown>;
  predict(X: MatrixInput, columns?: readonly string[]): Promise<gf.Column | gf.DataBuffer>;
  score(X: MatrixInput, y: unknown, columns?: readonly string[]): Promise<number>;
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly nFeaturesIn: number;
  readonly featureNamesIn: string[] | null;
  toJSON(): unknown;
}

/** A prediction's values on the host. */
export async function values(out: gf.Column | gf.DataBuffer): Promise<Float64Array> {
  return ((out instanceof gf.Column ? await out.data.toArray() : await out.toArray()) as Float64Array).slice();
}

/** Random columns X (column 1 constant when d > 2) and y = X·w + 3 + noise. */
export function problem(n: number, d: number, seed: number): { X: Float64Array[]; y: Float64Array; w: Float64Array } {
  const r = rng(seed);
  const X = Array.from({ length: d }, (_, j) => Float64Array.from({ length: n }, () => (d > 2 && j === 1 ? 0.7 : (r() - 0.4) * (1 + j))));
  const w = Float64Array.from({ length: d }, (_, j) => (j % 3 === 2 ? 0 : (r() - 0.5) * 4));
  const y = Float64Array.from({ length: n }, (_, i) => X.reduce((s, c, j) => s + c[i]! * w[j]!, 3) + (r() - 0.5) * 0.1);
  return { X, y, w };
}

/**
 * Integer sample weights act as repeated rows: a model fitted with weights 1, 2, 3, 1, … on 40
 * rows of d columns and one fitted on those rows repeated agree in coef and intercept within tol.
 */
export async function expectWeightsAsRepeats(make: () => Linear, d: number, tol: number): Promise<void> {
  const { X, y } = problem(40, d, 7);
  const sw = Float64Array.from({ length: 40 }, (_, i) => 1 + (i % 3));
  const rep = (c: Float64Array) => Float64Array.from(Array.from(c).flatMap((v, i) => Array(sw[i]).fill(v)));
  const a = make();
  await a.fit(X, y, { sampleWeight: sw });
  const b = make();
  await b.fit(X.map(rep), rep(y));
  expectClose(a.coef, b.coef, tol, 'coef');
  expectClose([a.intercept], [b.intercept], tol, 'intercept');
}

/** Fit, predict and score on one backend; everything as host values. */
async function fitOn(backend: gf.BackendName, make: () => Linear, X: Float64Array[], y: Float64Array, attrs: readonly string[], opts?: object) {
  return gf.withBackendAsync(backend, async () => {
    const m = make();
    await m.fit(X.map((c) => gf.array(c)), gf.array(y), opts);
    const pred = await values(await m.predict(X.map((c) => gf.array(c))));
    const score = await m.score(X.map((c) => gf.array(c)), gf.array(y));
    const rec = m as unknown as Record<string, unknown>;
    return { coef: m.coef, intercept: m.intercept, pred, score, attrs: attrs.map((a) => rec[a]) };
  });
}

export function linearSuite(name: string, make: (o?: object) => Linear, attrs: readonly string[], opts: object = {}, constantZero = true): void {
  const mk = () => make(opts);
  describe(`${name}: backends and shapes`, () => {
    it.skipIf(!hasGpu())('gives the same bits on CPU and WebGPU (weights and a constant column included), also past one storage binding', async () => {
      const { X, y } = problem(1201, 4, 3);
      const w = Float64Array.from({ length: 1201 }, (_, i) => 0.5 + (i % 7) / 3);
      for (const o of [undefined, { sampleWeight: w }]) {
        const cpu = await fitOn('cpu', mk, X, y, attrs, o);
        expect(await fitOn('webgpu', mk, X, y, attrs, o)).toEqual(cpu);
      }
      const big = problem(3001, 3, 4);
      const full = await fitOn('cpu', mk, big.X, big.y, attrs);
      await withBindingCap(async () => {
        expect(await fitOn('webgpu', mk, big.X, big.y, attrs)).toEqual(full);
      });
    });

    it.skipIf(!hasGpu())('on WebGPU uploads each input column once, downloads nothing and keeps predictions on the device', async () => {
      const { X, y } = problem(5000, 3, 12);
      const cols = X.map((c) => gf.array(c));
      const yb = gf.array(y);
      gf.resetStats();
      await gf.withBackendAsync('webgpu', async () => {
        const m = mk();
        await m.fit(cols, yb);
        const p = (await m.predict(cols)) as gf.DataBuffer;
        const s = gf.stats();
        expect(s.downloads).toBe(0);
        expect(s.uploadBytes).toBeGreaterThanOrEqual(4 * 5000 * 8);
        expect(s.uploadBytes).toBeLessThan(4 * 5000 * 8 + 4096); // plus d-sized model values (means, Gram, coef)
        expect(s.controlReadBytes).toBeLessThan(4096);
        expect(p.residency).toBe('device');
      });
    });

    it('handles d = 1, n < d, constant columns and 1e5 rows (CPU)', async () => {
      const one = await fitOn('cpu', mk, [Float64Array.from([0, 1, 2, 3])], Float64Array.from([1, 3, 5, 7.5]), attrs);
      expect(one.coef).toHaveLength(1);
      expect(one.coef[0]).toBeGreaterThan(0);
      expect(one.pred).toHaveLength(4);
      const wide = problem(3, 6, 8);
      const few = await fitOn('cpu', mk, wide.X, wide.y, attrs);
      expect(few.coef).toHaveLength(6);
      expect([...few.coef, few.intercept, ...few.pred].every(Number.isFinite)).toBe(true);
      const { X, y } = problem(100_000, 5, 9);
      const big = await fitOn('cpu', mk, X, y, attrs);
      if (constantZero) expect(Math.abs(big.coef[1]!)).toBeLessThan(1e-6); // the constant column gets (next to) no weight
      expect(Number.isFinite(big.score)).toBe(true);
      // predictions equal X·coef + intercept computed here (the active backend, a modest size)
      const small = X.map((c) => c.subarray(0, 2000));
      const m = mk();
      await m.fit(small, y.subarray(0, 2000));
      const p = await values(await m.predict(small.map((c) => gf.array(c))));
      const ref = Float64Array.from({ length: 2000 }, (_, i) => small.reduce((s, c, j) => s + c[i]! * m.coef[j]!, 0) + m.intercept);
      expectClose(p, ref, 1e-12, 'predict');
    });
  });

  describe(`${name}: inputs, outputs and persistence`, () => {
    const a = Float64Array.from([1, 4, 2, 8, 5, 7]);
    const b = Int32Array.from([3, 3, 9, 0, 1, 2]);
    const t = Float64Array.from([2, 5, 1, 9, 4, 6.5]);
    it('takes every input kind and gives a Column for frame-kind input, a DataBuffer for array-kind input', async () => {
      const df = new gf.DataFrame({ a: gf.array(a), b: gf.array(b), t: gf.array(t), s: gf.Column.from(['x', 'y', 'z', 'x', 'y', 'z']) });
      const ref = mk();
      await ref.fit(df, 't', { columns: ['a', 'b'] });
      const refPred = await values(await ref.predict(df, ['a', 'b']));
      expect(ref.featureNamesIn).toEqual(['a', 'b']);
      const kinds: Array<[MatrixInput, unknown, readonly string[] | undefined, boolean]> = [
        [new gf.DataFrame({ a: gf.array(a), b: gf.array(b), t: gf.array(t) }), 't', undefined, true],
        [{ frame: df, columns: ['a', 'b'] }, 't', undefined, true],
        [[df.column('a'), df.column('b')], df.column('t'), undefined, true],
        [arrow.tableFromArrays({ a, b }), t, undefined, true],
        [[gf.array(a), gf.array(b)], gf.array(t), undefined, false],
        [[a, b], Array.from(t), undefined, false],
        [toRows([a, b]), t, undefined, false],
      ];
      for (const [X, y, names, frame] of kinds) {
        const m = mk();
        await m.fit(X, y);
        const px = X instanceof gf.DataFrame ? { frame: X, columns: ['a', 'b'] } : X;
        const out = await m.predict(px, names);
        expect(out instanceof gf.Column).toBe(frame);
        expect(m.coef).toEqual(ref.coef);
        expect(await values(out)).toEqual(refPred);
      }
    });

    it('round-trips through toJSON / fromJSON and predicts the same', async () => {
      const m = mk();
      await m.fit([a, Float64Array.from(b)], t);
      const again = (m.constructor as unknown as { fromJSON(s: string): Linear }).fromJSON(JSON.stringify(m));
      expect(await values(await again.predict([a, a]))).toEqual(await values(await m.predict([a, a])));
      for (const k of ['coef', 'intercept', 'nFeaturesIn', ...attrs]) expect((again as unknown as Record<string, unknown>)[k]).toEqual((m as unknown as Record<string, unknown>)[k]);
      expect(await again.score([a, Float64Array.from(b)], t)).toBe(await m.score([a, Float64Array.from(b)], t));
      expect(() => (m.constructor as unknown as { fromJSON(s: object): Linear }).fromJSON({ ...(m.toJSON() as object), state: { coef: 1 } })).toThrow(gf.ValueError);
    });

    it('refuses bad input with typed errors naming the column or option', async () => {
      const nan = Float64Array.from([1, NaN, 2, 3, 4, 5]);
      await expect(mk().fit({ frame: new gf.DataFrame({ a: gf.array(a), z: gf.array(nan) }), columns: ['a', 'z'] }, t)).rejects.toThrow(/'z'.*NaN/);
      await expect(mk().fit([a, Float64Array.from([1, 2, Infinity, 3, 4, 5])], t)).rejects.toThrow(/X\[1\]/);
      await expect(mk().fit([a], nan)).rejects.toThrow(/'y'.*NaN/);
      const withNull = gf.Column.from(Float64Array.from([1, 0, 3, 4, 5, 6]), Uint8Array.of(0b111101));
      await expect(mk().fit(new gf.DataFrame({ n: withNull, t: gf.array(t) }), 't')).rejects.toThrow(/'n'.*null/);
      await expect(mk().fit(new gf.DataFrame({ s: gf.Column.from(['p', 'q', 'r', 's', 't', 'u']), t: gf.array(t) }), 't')).rejects.toThrow(/utf8/);
      await expect(mk().fit([a], t.subarray(0, 5))).rejects.toThrow(gf.ShapeError);
      await expect(mk().fit([a], t, { sampleWeight: Float64Array.from([1, 1, -1, 1, 1, 1]) })).rejects.toThrow(/non-negative/);
      await expect(mk().fit([a], t, { sample_weight: a })).rejects.toThrow(/unknown option 'sample_weight'/);
      await expect(mk().predict([a])).rejects.toThrow(gf.NotFittedError);
      await expect(mk().score([a], t)).rejects.toThrow(gf.NotFittedError);
      expect(() => make({ fit_intercept: false })).toThrow(/did you mean 'fitIntercept'/);
      expect(() => make({ bogus: 1 })).toThrow(/unknown option 'bogus'/);
      const m = mk();
      await m.fit([a, a], t);
      await expect(m.predict([a])).rejects.toThrow(gf.ShapeError);
      await expect(m.predict([a, nan])).rejects.toThrow(/X\[1\]/);
      await expect(m.score([a, a], t.subarray(0, 4))).rejects.toThrow(gf.ShapeError);
      await expect(mk().fit([new Float64Array(0)], new Float64Array(0))).rejects.toThrow(/0 rows/);
    });
  });
}
