// The compiled forest representation (kernels/forest/forest.ts) and its CPU reference predictor
// (predict-cpu.ts), independent of any file format: both comparison rules at the edges (float32
// casting, equality with the threshold, NaN and nulls to the default side), vector leaves with the
// 'mean' transform, softmax, per-tree and leaf outputs, row blocks, a random differential check
// against a plain per-row walk, and the structural checks (cycles, shared children, ranges, a deep
// chain without recursion). Host-side code: the same on either backend.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { buildForest, forestSpecs, type ForestMeta, type TreeSpec } from '../../../kernels/forest/forest.js';
import { forestPredictCpu, predictForest } from '../../../kernels/forest/predict-cpu.js';
import { rng } from '../../helpers/parity.js';

const SRC = { op: 'test', file: 'forest.json' };
const meta = (m: Partial<ForestMeta> = {}): ForestMeta => ({ nFeatures: 1, nGroups: 1, leafWidth: 1, rule: 'f32-lt', transform: 'identity', baseMargin: [0], ...m });
/** x_f < th ? a : b, missing → left when dl. */
const stump = (f: number, th: number, a: number, b: number, dl = true, group = 0): TreeSpec => ({
  left: [1, -1, -1], right: [2, -1, -1], feature: [f, -1, -1], threshold: [th, 0, 0], defaultLeft: [dl ? 1 : 0, 0, 0], value: [0, a, b], group,
});
const predict = (forest: ReturnType<typeof buildForest>, cols: Float64Array[], what: 'margin' | 'output' | 'leaf' | 'tree' = 'margin') =>
  Array.from(predictForest(forest, cols, cols.map(() => undefined), cols[0]!.length, what));

describe('forest: comparison semantics', () => {
  it("'f32-lt' casts x to float32 and goes left iff x < threshold; 'f64-le' compares doubles, x <= threshold", () => {
    const x = [new Float64Array([0.1, Math.fround(0.1), 0.09, 0.2, NaN, -Infinity, Infinity])];
    const lt = buildForest([stump(0, 0.1, 1, 2)], meta(), SRC);
    // 0.1 rounds to float32(0.1) = the threshold: not below it, so right (XGBoost's behaviour).
    expect(predict(lt, x)).toEqual([2, 2, 1, 2, 1, 1, 2]);
    const le = buildForest([stump(0, 0.1, 1, 2, false)], meta({ rule: 'f64-le' }), SRC);
    expect(predict(le, x)).toEqual([1, 2, 1, 2, 2, 1, 2]);
  });

  it('nulls in a validity bitmap take the default direction, as NaN does', async () => {
    const f = buildForest([stump(0, 0.5, 1, 2, false), stump(0, 0.5, 10, 20, true)], meta(), SRC);
    const data = gf.DataBuffer.fromHost(new Float64Array([0, 1, 0, 1]));
    const validity = gf.DataBuffer.fromHost(new Uint8Array([0b0101]), 'uint8');
    const out = forestPredictCpu({ cols: [data], validity: [validity], n: 4 }, f, 'margin');
    expect(Array.from((await out.toArray()) as Float32Array)).toEqual([11, 12, 11, 12]);
  });

  it('margins accumulate in float32 in tree order under f32-lt, float64 under f64-le', () => {
    const trees = [stump(0, 1, 1, 1), stump(0, 1, 1e-8, 1e-8), stump(0, 1, 1e-8, 1e-8)];
    const x = [new Float64Array([0])];
    expect(predict(buildForest(trees, meta(), SRC), x)).toEqual([1]); // 1 + 1e-8 rounds back to 1 each time
    expect(predict(buildForest(trees, meta({ rule: 'f64-le' }), SRC), x)).toEqual([1 + 1e-8 + 1e-8]);
  });
});

describe('forest: outputs', () => {
  it('vector leaves with the mean transform (random-forest classifiers), per-tree values and leaf ids', () => {
    const vec = (f: number, th: number, a: [number, number], b: [number, number]): TreeSpec => ({ ...stump(f, th, 0, 0), value: [0, 0, ...a, ...b], group: 0 });
    const f = buildForest([vec(0, 0.5, [1, 0], [0, 1]), vec(1, 0.5, [0.5, 0.5], [0, 1])], meta({ nFeatures: 2, nGroups: 2, leafWidth: 2, rule: 'f64-le', transform: 'mean', baseMargin: [0, 0] }), SRC);
    const X = [new Float64Array([0, 1, 0]), new Float64Array([0, 0, 1])];
    expect(predict(f, X, 'output')).toEqual([0.75, 0.25, 0.5, /* class 1 */ 0.25, 0.75, 0.5]);
    expect(predict(f, X, 'leaf')).toEqual([1, 2, 1, /* tree 1 */ 1, 1, 2]);
    expect(predict(f, X, 'tree')).toEqual([1, 0, 1, 0, 1, 0, 0.5, 0.5, 0, 0.5, 0.5, 1]);
  });

  it('softmax and logistic transforms', () => {
    const soft = buildForest([stump(0, 0, 1, 0, true, 0), stump(0, 0, 0, 1, true, 1)], meta({ nGroups: 2, transform: 'softmax', baseMargin: [0.5, 0.5] }), SRC);
    const out = predict(soft, [new Float64Array([-1, 1])], 'output');
    const p = Math.fround(1 / (1 + Math.exp(-1)));
    expect(out[0]).toBeCloseTo(p, 6);
    expect(out[0]! + out[2]!).toBeCloseTo(1, 6);
    const logit = buildForest([stump(0, 0, -2, 2)], meta({ transform: 'logistic' }), SRC);
    const q = predict(logit, [new Float64Array([-1, 1])], 'output');
    expect(q[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 7);
    expect(q[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 7);
    expect(q.every((v) => v === Math.fround(v))).toBe(true);
  });

  it('matches a plain recursive walk on random forests with NaN, across row blocks (n = 1000)', () => {
    const r = rng(7);
    const d = 5;
    const randomTree = (depth: number): TreeSpec => {
      const t = { left: [] as number[], right: [] as number[], feature: [] as number[], threshold: [] as number[], defaultLeft: [] as number[], value: [] as number[], group: 0 };
      const grow = (level: number): number => {
        const i = t.left.length;
        t.left.push(-1); t.right.push(-1); t.feature.push(0); t.threshold.push(0); t.defaultLeft.push(0); t.value.push(Math.fround(r() * 2 - 1));
        if (level < depth && r() < 0.8) {
          t.feature[i] = Math.floor(r() * d);
          t.threshold[i] = Math.fround(r() * 2 - 1);
          t.defaultLeft[i] = r() < 0.5 ? 1 : 0;
          t.left[i] = grow(level + 1);
          t.right[i] = grow(level + 1);
        }
        return i;
      };
      grow(0);
      return t;
    };
    const trees = Array.from({ length: 20 }, (_, k) => randomTree(1 + (k % 8)));
    const f = buildForest(trees, meta({ nFeatures: d, baseMargin: [0.25] }), SRC);
    const n = 1000;
    const X = Array.from({ length: d }, () => Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : r() * 2 - 1)));
    const ours = predict(f, X);
    for (let i = 0; i < n; i++) {
      let acc = Math.fround(0.25);
      for (const t of trees) {
        let node = 0;
        while (t.left[node] !== -1) {
          const x = Math.fround(X[t.feature[node]!]![i]!);
          node = Number.isNaN(x) ? (t.defaultLeft[node] ? t.left[node]! : t.right[node]!) : x < t.threshold[node]! ? t.left[node]! : t.right[node]!;
        }
        acc = Math.fround(acc + t.value[node]!);
      }
      if (ours[i] !== acc) expect.fail(`row ${i}: ${ours[i]} vs plain walk ${acc}`);
    }
    const { trees: back, meta: m } = forestSpecs(f);
    expect(predict(buildForest(back, m, SRC), X)).toEqual(ours);
  });
});

describe('forest: structure checks name the file, tree and node', () => {
  const bad = (t: Partial<TreeSpec>, m: Partial<ForestMeta> = {}) => () => buildForest([stump(0, 0, 1, 2), { ...stump(0, 0, 1, 2), ...t }], meta(m), SRC);
  it('cycles and shared children', () => {
    expect(bad({ left: [1, 0, -1], right: [2, 0, -1], feature: [0, 0, -1] })).toThrow(/node 0 reached again from node 1 .* at tree 1, node 1 \(forest\.json\)/);
    expect(bad({ left: [1, -1, -1], right: [1, -1, -1] })).toThrow(/node 1 reached again from node 0 .* at tree 1, node 0/);
    expect(bad({ left: [1, -1, -1], right: [2, -1, -1] })).not.toThrow();
  });
  it('children, features and groups out of range; half leaves; NaN values', () => {
    expect(bad({ right: [3, -1, -1] })).toThrow(/expected a right child in \[0, 3\) .*got 3 at tree 1, node 0/);
    expect(bad({ left: [1, -1, 0] })).toThrow(/expected a right child .*got -1 at tree 1, node 2/);
    expect(bad({ feature: [1, -1, -1] })).toThrow(/expected a feature index in \[0, 1\), got 1 at tree 1, node 0/);
    expect(bad({ group: 1 })).toThrow(/expected an output group in \[0, 1\), got 1 at tree 1/);
    expect(bad({ value: [0, NaN, 1] })).toThrow(/expected a numeric leaf value, got NaN at tree 1, node 1/);
    expect(bad({ left: [] , right: [], feature: [], threshold: [], defaultLeft: [], value: [] })).toThrow(/expected at least one node, got 0 at tree 1/);
    expect(() => buildForest([stump(0, 0, 1, 2)], meta({ nGroups: 2 }), SRC)).toThrow(/expected 2 base margins, got 1/);
  });
  it('a chain 5000 deep compiles and predicts without recursion', () => {
    const n = 5000;
    const t: TreeSpec = {
      left: Array.from({ length: 2 * n + 1 }, (_, i) => (i < n ? n + 1 + i : -1)),
      right: Array.from({ length: 2 * n + 1 }, (_, i) => (i < n ? i + 1 : -1)),
      feature: new Array(2 * n + 1).fill(0),
      threshold: Array.from({ length: 2 * n + 1 }, (_, i) => i),
      defaultLeft: new Array(2 * n + 1).fill(0),
      value: Array.from({ length: 2 * n + 1 }, (_, i) => i),
      group: 0,
    };
    const f = buildForest([t], meta(), SRC);
    expect(f.maxDepth).toBe(n);
    expect(predict(f, [new Float64Array([-1, 2.5, 1e9, NaN])])).toEqual([n + 1, n + 4, n, n]);
  });
});
