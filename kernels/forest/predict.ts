/**
 * 'forest/predict': forest inference compiled the Hummingbird way (GEMM, PerfectTreeTraversal,
 * TreeTraversal over the one representation of ./forest.ts), with the CPU reference walk
 * (./predict-cpu.ts) as its twin. Results are identical bit for bit across strategies and
 * backends: exact integer comparisons of order keys, margins summed in tree order in the rule's
 * precision (correctly rounded float32 adds, or exact soft binary64), 'mean' divided in exact
 * binary64. Logistic and softmax transforms run on the host over the margins, through the same
 * function the CPU predictor uses (`transformRow`), so probabilities agree bit for bit too.
 *
 * `forestPredict(X, forest, what, strategy)` is the entry point (async: the host transform reads
 * the device margins back); the registered kernel takes a resolved strategy and, on the device,
 * refuses 'output' for logistic/softmax forests.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT, run } from '../registry.js';
import { resolveStrategy, type ForestStrategy, type ResolvedStrategy } from './device-layout.js';
import type { Forest } from './forest.js';
import { forestPredictCpu, transformRow, type ForestInput, type ForestOutputKind } from './predict-cpu.js';
import { forestPredictGpu } from './predict-gpu.js';

export type { ForestStrategy, ResolvedStrategy } from './device-layout.js';

export const forestPredictKernel = defineKernel({
  name: 'forest/predict',
  dtypes: ['float64', 'float32'],
  tolerance: EXACT,
  nulls: "A null feature (validity bit clear) is a missing value, as NaN: it takes the node's default direction (defaultLeft).",
  // Both bodies check the strategy's budget (the CPU walk does not use it), so they refuse alike.
  cpu: (X: ForestInput, forest: Forest, what: ForestOutputKind, strategy: ResolvedStrategy) => (resolveStrategy(forest, strategy), forestPredictCpu(X, forest, what)),
  gpu: (ctx, X: ForestInput, forest: Forest, what: ForestOutputKind, strategy: ResolvedStrategy) => forestPredictGpu(ctx, X, forest, what, resolveStrategy(forest, strategy)),
});

/**
 * Predict with a compiled forest on the active backend. `strategy` ('auto' by default) picks the
 * device kernel; a strategy past its budget is a ValueError on either backend. Result layouts as
 * forestPredictCpu (column-major blocks of n rows).
 */
export async function forestPredict(X: ForestInput, forest: Forest, what: ForestOutputKind, strategy: ForestStrategy = 'auto', op = 'forest/predict'): Promise<DataBuffer> {
  const s = resolveStrategy(forest, strategy, op);
  const host = what === 'output' && (forest.transform === 'logistic' || forest.transform === 'softmax');
  const out = run(forestPredictKernel, X, forest, host ? 'margin' : what, s);
  if (!host) return out;
  const m = (await out.toArray()) as Float32Array | Float64Array;
  out.dispose();
  return DataBuffer.fromHost(transformMargins(forest, m, X.n));
}

/** Logistic or softmax over column-major margins (nGroups blocks of n). */
export function transformMargins(forest: Forest, margins: Float32Array | Float64Array, n: number): Float32Array | Float64Array {
  const out = forest.rule === 'f32-lt' ? new Float32Array(margins.length) : new Float64Array(margins.length);
  for (let row = 0; row < n; row++) transformRow(forest, margins, row, n, out, n, row);
  return out;
}

/** The group of the largest value per row of column-major blocks (G blocks of n), first on ties. */
export function argmaxBlocks(p: ArrayLike<number>, n: number, G: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let g = 1; g < G; g++) if (p[g * n + i]! > p[best * n + i]!) best = g;
    out[i] = best;
  }
  return out;
}
