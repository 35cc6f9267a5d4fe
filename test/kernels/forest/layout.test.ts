// The packed device layouts of every strategy, read by a plain-JS emulation of the WGSL loops
// (./layout-emulator.ts), reach the CPU walk's leaf on every row: so the layouts are checked on
// the CPU backend too (the device kernels are checked against the CPU walk in predict.test.ts).
// Both rules, depth 1, 6 and 20, hostile features, chunks forced small (many trees per binding
// split) and the padding and self-loop conventions of perfect and traversal.
import { describe, expect, it } from 'vitest';
import { predictForest } from '../../../kernels/forest/predict-cpu.js';
import { packForest } from '../../../kernels/forest/device-layout.js';
import type { Forest } from '../../../kernels/forest/forest.js';
import { emulateLeaves } from './layout-emulator.js';
import { hostileColumns, randomForest } from './forest-data.js';

function check(forest: Forest, strategies: Array<'gemm' | 'perfect' | 'traversal'>, n: number, seed: number, cap?: number) {
  const cols = hostileColumns(n, forest.nFeatures, seed);
  const leaf = predictForest(forest, cols, cols.map(() => undefined), n, 'leaf') as Int32Array;
  for (const s of strategies) {
    for (let i = 0; i < n; i++) {
      const got = emulateLeaves(forest, s, cols.map((c) => c[i]!), cap);
      const want = Array.from({ length: forest.nTrees }, (_, t) => leaf[t * n + i]!);
      if (got.join() !== want.join()) expect.fail(`${s} row ${i}: leaves ${got} vs the CPU walk's ${want}`);
    }
  }
}

describe('forest device layouts (emulated)', () => {
  it('f32-lt, depth 1 and 6, every strategy; chunks of a few trees', () => {
    check(randomForest(1, { nTrees: 10, depth: 1, d: 3 }), ['gemm', 'perfect', 'traversal'], 300, 1);
    const f = randomForest(6, { nTrees: 12, depth: 6, d: 4, nGroups: 2 });
    expect(packForest(f, 'traversal', 4096).length).toBeGreaterThan(2);
    check(f, ['gemm', 'perfect', 'traversal'], 300, 2, 4096);
  });

  it('f64-le with vector leaves, every strategy', () => {
    check(randomForest(9, { nTrees: 6, depth: 5, d: 4, rule: 'f64-le', nGroups: 3, leafWidth: 3, transform: 'mean' }), ['gemm', 'perfect', 'traversal'], 300, 3);
  });

  it('depth 20: gemm and traversal; perfect on one tree', () => {
    check(randomForest(20, { nTrees: 4, depth: 20, d: 4 }), ['gemm', 'traversal'], 200, 4);
    check(randomForest(22, { nTrees: 1, depth: 20, d: 4 }), ['perfect'], 50, 5);
  });

  it('a tree that alone exceeds the binding is a DeviceError naming it', () => {
    const f = randomForest(6, { nTrees: 3, depth: 6, d: 4 });
    expect(() => packForest(f, 'perfect', 1024)).toThrow(/forest\/predict: expected every tree's compiled nodes to fit one storage binding \(maxBindingBytes 1024\), got tree 0 needing \d+ bytes under strategy 'perfect'/);
  });
});
