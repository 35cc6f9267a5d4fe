// 'forest/predict': the Hummingbird strategies (GEMM, PerfectTreeTraversal, TreeTraversal) on the
// device against the CPU reference walk, exact (bit for bit) for every strategy: depth 1, 6 and 20,
// features at and around float32 thresholds (ties of the float32 rounding, subnormals, overflow to
// ±Inf), NaN/±0/±Inf and nulls with default directions, float32 columns, both rules (f32-lt with
// float32 sums, f64-le with vector leaves and the 'mean' transform in binary64), empty input, one
// row, non-multiples of 256, a 2-D grid, forests and key matrices past one storage binding, and
// the host transforms (logistic, softmax) through forestPredict. On the CPU backend only the CPU
// half runs (strategies choose device kernels), plus the strategy checks, which refuse alike.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, onBoth, parity, PAST_CAPPED_GRID, randomValidity, expectSame, withGridCap } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { rejection } from '../../helpers/rejection.js';
import { run } from '../../../kernels/registry.js';
import { forestPredict, forestPredictKernel } from '../../../kernels/forest/predict.js';
import { forestPredictCpu, type ForestOutputKind } from '../../../kernels/forest/predict-cpu.js';
import { PERFECT_MAX_NODES, GEMM_MAX_INTERNAL, resolveStrategy, type ResolvedStrategy } from '../../../kernels/forest/device-layout.js';
import { buildForest, type Forest, type TreeSpec } from '../../../kernels/forest/forest.js';
import { hostileColumns, randomForest } from './forest-data.js';

const STRATEGIES: ResolvedStrategy[] = ['gemm', 'perfect', 'traversal'];
type Cols = Array<Float64Array | Float32Array>;

const input = (cols: Cols, valid: Array<Uint8Array | undefined> = []) => ({
  cols: cols.map((c) => gf.array(c)),
  validity: cols.map((_, j) => (valid[j] ? gf.array(valid[j]!, 'uint8') : undefined)),
  n: cols[0]?.length ?? 0,
});

/** The CPU walk's answer (the oracle), then every strategy on the device equal to it bit for bit. */
async function allStrategies(forest: Forest, cols: Cols, what: ForestOutputKind, valid: Array<Uint8Array | undefined> = [], strategies = STRATEGIES) {
  const X = input(cols, valid);
  const oracle = [forestPredictCpu(X, forest, what)];
  const expected = [(await oracle[0]!.toArray()).slice()] as never[];
  for (const s of strategies) await parity(() => run(forestPredictKernel, X, forest, what, s), { oracle: expected, what: `${s} ${what}` });
  return expected[0] as unknown as Float32Array | Float64Array | Int32Array;
}

describe('forest/predict: strategies agree bit for bit', () => {
  for (const depth of [1, 6]) {
    it(`f32-lt (XGBoost's rule), depth ${depth}: margins, leaf ids and per-tree values; NaN/±0/±Inf, ties of the float32 rounding`, async () => {
      const forest = randomForest(depth, { nTrees: 12, depth, d: 5, nGroups: 2 });
      expect(forest.maxDepth).toBe(depth);
      const cols = hostileColumns(1000, 5, 10 + depth);
      const m = await allStrategies(forest, cols, 'margin');
      expect(m.length).toBe(2000);
      await allStrategies(forest, cols, 'leaf');
      await allStrategies(forest, cols, 'tree');
    });
  }

  it('depth 20: traversal and gemm; perfect pads one tree within its budget', async () => {
    const forest = randomForest(20, { nTrees: 6, depth: 20, d: 4 });
    expect(forest.maxDepth).toBe(20);
    expect(resolveStrategy(forest, 'auto')).toBe('traversal');
    const cols = hostileColumns(300, 4, 21);
    await allStrategies(forest, cols, 'margin', [], ['traversal', 'gemm']);
    await allStrategies(forest, cols, 'leaf', [], ['traversal']);
    const one = randomForest(22, { nTrees: 1, depth: 20, d: 4 });
    await allStrategies(one, cols, 'margin', [], ['perfect', 'traversal']);
  });

  it('nulls and NaN take each node\'s default direction; float32 columns compare as they are', async () => {
    const forest = randomForest(5, { nTrees: 8, depth: 4, d: 3 });
    const cols = hostileColumns(600, 3, 5);
    const valid = [randomValidity(600, 0.2, 1), undefined, randomValidity(600, 1, 2)];
    await allStrategies(forest, cols, 'margin', valid);
    await allStrategies(forest, cols, 'leaf', valid);
    const f32 = cols.map((c) => Float32Array.from(c));
    const a = await allStrategies(forest, f32, 'margin');
    const b = forestPredictCpu(input(cols.map((c) => Float64Array.from(c, Math.fround))), forest, 'margin');
    expectSame(a, (await b.toArray()) as Float32Array, undefined, 'float32 columns vs their float64 widening');
  });

  it('f64-le with vector leaves: margins, the mean output (exact binary64 division) and per-tree vectors', async () => {
    const forest = randomForest(9, { nTrees: 7, depth: 5, d: 4, rule: 'f64-le', nGroups: 3, leafWidth: 3, transform: 'mean' });
    const cols = hostileColumns(700, 4, 9);
    for (const what of ['margin', 'output', 'tree', 'leaf'] as const) await allStrategies(forest, cols, what);
    const f32mean = randomForest(11, { nTrees: 5, depth: 3, d: 4, nGroups: 2, leafWidth: 2, transform: 'mean' });
    for (const what of ['margin', 'output'] as const) await allStrategies(f32mean, cols, what);
  });

  it('float32 sums through subnormals and past the largest float32 (the exact fallback of the native add)', async () => {
    const stump = (th: number, a: number, b: number): TreeSpec => ({ left: [1, -1, -1], right: [2, -1, -1], feature: [0, -1, -1], threshold: [th, 0, 0], defaultLeft: [1, 0, 0], value: [0, a, b], group: 0 });
    const forestOf = (v: number[]) => buildForest(v.map((a, k) => stump(Math.fround(k / v.length), a, v[(k + 3) % v.length]!)), { nFeatures: 1, nGroups: 1, leafWidth: 1, rule: 'f32-lt', transform: 'identity', baseMargin: [Math.fround(1.2e-38)] }, { op: 'test', file: 'sums' });
    const x = Float64Array.from({ length: 600 }, (_, i) => ((i * 7919) % 1000) / 1000);
    const tiny = (await allStrategies(forestOf([-1.1e-38, -1.15e-38, 1e-40, -3e-45, 1.5e-38, -1.2e-38, 7e-39].map(Math.fround)), [x], 'margin')) as Float32Array;
    expect(tiny.some((y) => y !== 0 && Math.abs(y) < 2 ** -126)).toBe(true);
    const huge = (await allStrategies(forestOf([3e38, 3e38, -3e38, 1, 2e38].map(Math.fround)), [x], 'margin')) as Float32Array;
    expect(huge.some((y) => y === Infinity)).toBe(true);
  });

  it('a forest without trees predicts its base margins', async () => {
    const forest = buildForest([], { nFeatures: 2, nGroups: 3, leafWidth: 1, rule: 'f32-lt', transform: 'identity', baseMargin: [0.5, -1, 0.25] }, { op: 'test', file: 'none' });
    const m = await allStrategies(forest, hostileColumns(300, 2, 1), 'margin');
    expect(Array.from(m.subarray(298, 301))).toEqual([0.5, 0.5, -1]);
  });

  it('sizes: empty, 1 row, 255, 257', async () => {
    const forest = randomForest(3, { nTrees: 4, depth: 3, d: 2 });
    for (const n of [0, 1, 255, 257]) {
      const cols = hostileColumns(n, 2, n);
      const m = await allStrategies(forest, cols, 'margin');
      expect(m.length).toBe(n);
    }
  });

  it('1e5 rows (the issue\'s differential size), every strategy', async () => {
    const forest = randomForest(13, { nTrees: 6, depth: 6, d: 4, nGroups: 2 });
    await allStrategies(forest, hostileColumns(100_000, 4, 13), 'margin');
  });

  it('rows on a 2-D grid (past the workgroup cap per dimension)', async () => {
    const forest = randomForest(4, { nTrees: 3, depth: 4, d: 2 });
    const cols = hostileColumns(PAST_CAPPED_GRID, 2, 4);
    await withGridCap(() => allStrategies(forest, cols, 'margin'));
  });

  it('forests and key matrices past one storage binding (maxBindingBytes 64 KiB): tree chunks and row windows', async () => {
    const forest = randomForest(6, { nTrees: 80, depth: 7, d: 6, nGroups: 3 });
    expect(forest.nNodes * 5 * 4).toBeGreaterThan(65536);
    const cols = hostileColumns(3001, 6, 6);
    const valid = [randomValidity(3001, 0.1, 3)];
    const cpu = await allStrategies(forest, cols, 'margin', valid);
    if (!hasGpu()) return;
    await withBindingCap(async () => {
      for (const s of STRATEGIES) {
        const { gpu } = await onBoth(() => run(forestPredictKernel, input(cols, valid), forest, 'margin', s));
        expectSame(gpu![0]!, cpu, undefined, `${s} under the binding cap`);
      }
      const tree = await allStrategies(forest, cols.map((c) => c.subarray(0, 400)), 'tree', [], ['traversal']);
      expect(tree.length).toBe(400 * 80);
    });
  });
});

describe('forest/predict: strategy choice and budgets', () => {
  it("'auto' picks by depth as Hummingbird does: GEMM ≤ 3, perfect ≤ 10, traversal beyond", () => {
    expect(resolveStrategy(randomForest(1, { nTrees: 2, depth: 3, d: 2 }), 'auto')).toBe('gemm');
    expect(resolveStrategy(randomForest(1, { nTrees: 2, depth: 4, d: 2 }), 'auto')).toBe('perfect');
    expect(resolveStrategy(randomForest(1, { nTrees: 2, depth: 10, d: 2 }), 'auto')).toBe('perfect');
    expect(resolveStrategy(randomForest(1, { nTrees: 2, depth: 11, d: 2 }), 'auto')).toBe('traversal');
  });

  it("'perfect' past its padding budget and 'gemm' past its per-tree bound are ValueErrors on both backends", async () => {
    const deep = randomForest(2, { nTrees: 3, depth: 20, d: 2 });
    expect(3 * (2 ** 21 - 1)).toBeGreaterThan(PERFECT_MAX_NODES);
    const X = input(hostileColumns(4, 2, 1));
    for (const backend of ['cpu', ...(hasGpu() ? ['webgpu' as const] : [])] as const) {
      await gf.withBackendAsync(backend, async () => {
        const e = await rejection(forestPredict(X, deep, 'margin', 'perfect'));
        expect(e).toBeInstanceOf(gf.ValueError);
        expect(e.message).toMatch(/forest\/predict: expected at most 4194304 padded nodes for strategy 'perfect'.*got \d+; use 'traversal'/);
        const bushy = randomForest(3, { nTrees: 1, depth: 12, d: 2, p: 0.9 });
        const g = await rejection(forestPredict(X, bushy, 'margin', 'gemm'));
        expect(g.message).toMatch(new RegExp(`expected at most ${GEMM_MAX_INTERNAL} internal nodes per tree for strategy 'gemm', got \\d+ in tree 0`));
        expect(() => run(forestPredictKernel, X, bushy, 'margin', 'gemm')).toThrow(gf.ValueError);
        const u = await rejection(forestPredict(X, deep, 'margin', 'fast' as never));
        expect(u.message).toMatch(/expected strategy 'auto', 'gemm', 'perfect' or 'traversal', got "fast"/);
      });
    }
  });
});

describe('forestPredict: transforms on the host match on both backends', () => {
  it('logistic and softmax outputs are identical CPU vs device (every strategy)', async () => {
    const cols = hostileColumns(500, 3, 8);
    for (const [transform, G] of [['logistic', 1], ['softmax', 4]] as const) {
      const forest = randomForest(12, { nTrees: 8, depth: 5, d: 3, nGroups: G, transform });
      const expected = (await (await forestPredict(input(cols), forest, 'output')).toArray()).slice() as Float32Array;
      expect(expected.every((p) => p >= 0 && p <= 1)).toBe(true);
      for (const s of STRATEGIES) {
        const { cpu, gpu } = await onBoth(() => forestPredict(input(cols), forest, 'output', s));
        expectSame(cpu[0]!, expected, undefined, `cpu ${s}`);
        if (gpu) expectSame(gpu[0]!, expected, undefined, `${transform} gpu ${s}`);
      }
    }
  });
});
