// The CPU predictor's two walks (kernels/forest/predict-cpu.ts): the branch-free walk on each
// tree's perfect-tree padding (used while the padding fits 2^21 slots) and the node-by-node walk
// (beyond), each against a plain node-by-node oracle written here: the same leaf for every row and
// tree, on features at and around the thresholds, NaN/±0/±Inf, under both rules, for row counts
// that are and are not multiples of the 4-row lockstep and the 256-row block. Host code only, so
// it runs the same under either GPUFRAME_BACKEND.
import { describe, expect, it } from 'vitest';
import { predictForest } from '../../../kernels/forest/predict-cpu.js';
import { buildForest, type Forest } from '../../../kernels/forest/forest.js';
import { hostileColumns, randomForest, randomTree } from './forest-data.js';
import { rng } from '../../helpers/parity.js';

/** Each tree's leaf (local node id) per row, tree-major: the obvious walk. */
function oracleLeaves(f: Forest, cols: Float64Array[], n: number): Int32Array {
  const out = new Int32Array(f.nTrees * n);
  const le = f.rule === 'f64-le';
  for (let t = 0; t < f.nTrees; t++) {
    for (let i = 0; i < n; i++) {
      let node = f.root[t]!;
      while (f.feature[node]! >= 0) {
        const raw = cols[f.feature[node]!]![i]!;
        const x = le ? raw : Math.fround(raw);
        const th = f.threshold[node]!;
        const left = le ? x <= th : x < th;
        const right = le ? x > th : x >= th;
        node = left ? f.left[node]! : right ? f.right[node]! : f.defaultLeft[node] ? f.left[node]! : f.right[node]!;
      }
      out[t * n + i] = node - f.root[t]!;
    }
  }
  return out;
}

const leaves = (f: Forest, cols: Float64Array[], n: number) => predictForest(f, cols, cols.map(() => undefined), n, 'leaf') as Int32Array;

describe('forest CPU walks', () => {
  for (const [name, c] of [
    ['f32-lt, depth 1', { nTrees: 7, depth: 1, d: 3 }],
    ['f32-lt, depth 6', { nTrees: 25, depth: 6, d: 5 }],
    ['f64-le, depth 5, vector leaves', { nTrees: 9, depth: 5, d: 4, rule: 'f64-le', nGroups: 3, leafWidth: 3, transform: 'mean' }],
  ] as const) {
    it(`perfect-padding walk = oracle: ${name}`, () => {
      const f = randomForest(11, c);
      for (const n of [0, 1, 3, 4, 5, 255, 257, 1003]) {
        const cols = hostileColumns(n, c.d, 100 + n);
        expect(Array.from(leaves(f, cols, n))).toEqual(Array.from(oracleLeaves(f, cols, n)));
      }
    });
  }

  it('past 2^21 padded slots the node walk takes over, and both walks agree', () => {
    const r = rng(5);
    const deep = Array.from({ length: 3 }, () => randomTree(r, 20, 4, 0.3));
    const meta = { nFeatures: 4, nGroups: 1, leafWidth: 1, rule: 'f32-lt', transform: 'identity', baseMargin: [0] } as const;
    const one = buildForest([deep[0]!], meta, { op: 'test', file: 'deep' }); // 2^21 slots: padded walk
    const three = buildForest(deep, meta, { op: 'test', file: 'deep' }); // 3 × 2^21: node walk
    expect(one.maxDepth).toBe(20);
    const n = 301;
    const cols = hostileColumns(n, 4, 9);
    const a = leaves(one, cols, n);
    const b = leaves(three, cols, n);
    expect(Array.from(a)).toEqual(Array.from(oracleLeaves(one, cols, n)));
    expect(Array.from(b)).toEqual(Array.from(oracleLeaves(three, cols, n)));
    expect(Array.from(b.subarray(0, n))).toEqual(Array.from(a));
  });
});
