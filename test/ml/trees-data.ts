/**
 * Shared helpers of the tree learners' differential tests (trees-backends.test.ts): seeded data,
 * a plain-JS forest walk (the oracle for missing values), and runners that fit and predict on the
 * CPU and, when an adapter is present, on WebGPU, comparing every forest array bit for bit.
 */
import { expect } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import type { Forest } from '../../kernels/forest/forest.js';
import { expectSame, hasGpu, rng } from '../helpers/parity.js';

export type TreeModel = gf.RandomForestClassifier | gf.RandomForestRegressor | gf.DecisionTreeClassifier | gf.DecisionTreeRegressor;
export const STRATEGIES = ['auto', 'gemm', 'perfect', 'traversal'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Every array of a compiled forest. */
const ARRAYS = ['feature', 'threshold', 'left', 'right', 'defaultLeft', 'value', 'root', 'depth', 'group', 'baseMargin'] as const;

/** Two forests identical: every array bit for bit, every count. */
export function expectSameForest(a: Forest, b: Forest, what: string): void {
  for (const k of ['nFeatures', 'nGroups', 'nTrees', 'nNodes', 'leafWidth', 'rule', 'transform', 'maxDepth'] as const) expect(a[k], `${what} ${k}`).toBe(b[k]);
  for (const k of ARRAYS) expectSame(a[k] as TypedArray, b[k] as TypedArray, { kind: 'exact' }, `${what} forest.${k}`);
}

/** Whether two forests differ anywhere. */
export function forestsDiffer(a: Forest, b: Forest): boolean {
  if (a.nNodes !== b.nNodes || a.nTrees !== b.nTrees) return true;
  return ARRAYS.some((k) => {
    const x = a[k] as TypedArray;
    const y = b[k] as TypedArray;
    return x.length !== y.length || x.some((v, i) => v !== y[i]);
  });
}

/** A model's outputs as host arrays: predict, predictProba (classifiers) and predictTrees. */
export interface Outputs {
  predict: unknown[];
  proba: Float64Array[];
  trees: Float64Array[];
}

async function hostOf(v: unknown): Promise<unknown[]> {
  if (v instanceof gf.Column) return v.toValues() as Promise<unknown[]>;
  return Array.from((await (v as gf.DataBuffer).toArray()) as ArrayLike<unknown>);
}

async function matrixOf(m: unknown): Promise<Float64Array[]> {
  const cols: Array<gf.DataBuffer | gf.Column> = m instanceof gf.DataFrame ? m.names.map((nm) => m.column(nm)) : (m as gf.DataBuffer[]);
  const out: Float64Array[] = [];
  for (const c of cols) out.push(((await (c instanceof gf.Column ? c.data : c).toArray()) as Float64Array).slice());
  return out;
}

/** Predict, predictProba and predictTrees of a fitted model on X (active backend and strategy). */
export async function outputs(model: TreeModel, X: gf.MatrixInput, trees = true): Promise<Outputs> {
  const predict = await hostOf(await model.predict(X));
  const proba = 'predictProba' in model ? await matrixOf(await model.predictProba(X)) : [];
  return { predict, proba, trees: trees ? await matrixOf(await model.predictTrees(X)) : [] };
}

export function expectSameOutputs(a: Outputs, b: Outputs, what: string): void {
  expect(a.predict, `${what} predict`).toEqual(b.predict);
  expect(a.proba.length, `${what} proba columns`).toBe(b.proba.length);
  a.proba.forEach((p, j) => expectSame(p, b.proba[j]!, { kind: 'exact' }, `${what} proba[${j}]`));
  expect(a.trees.length, `${what} tree columns`).toBe(b.trees.length);
  a.trees.forEach((p, j) => expectSame(p, b.trees[j]!, { kind: 'exact' }, `${what} trees[${j}]`));
}

export interface Run<M extends TreeModel> {
  backend: 'cpu' | 'webgpu';
  model: M;
  out: Outputs;
}

/** The backends a differential test runs on: the CPU, and WebGPU when an adapter is present. */
export const backends = (): Array<'cpu' | 'webgpu'> => (hasGpu() ? ['cpu', 'webgpu'] : ['cpu']);

/**
 * Fit `make()` on X, y and predict Xq on every backend; assert the forests, importances and
 * outputs identical to the CPU's. Returns the runs (CPU first).
 */
export async function fitBoth<M extends TreeModel>(make: () => M, X: gf.MatrixInput, y: unknown, Xq: gf.MatrixInput = X, opts: { trees?: boolean; what?: string } = {}): Promise<Array<Run<M>>> {
  const runs: Array<Run<M>> = [];
  for (const backend of backends()) {
    runs.push(
      await gf.withBackendAsync(backend, async () => {
        const model = await make().fit(X, y);
        return { backend, model: model as M, out: await outputs(model as M, Xq, opts.trees ?? true) };
      }),
    );
  }
  const [cpu, ...rest] = runs;
  for (const r of rest) {
    const what = `${opts.what ?? ''} ${r.backend}-vs-cpu`;
    expectSameForest(r.model.forest, cpu!.model.forest, what);
    expectSame(r.model.featureImportances, cpu!.model.featureImportances, { kind: 'exact' }, `${what} importances`);
    expectSameOutputs(r.out, cpu!.out, what);
  }
  return runs;
}

/**
 * Predict Xq with a fitted model under every strategy on every backend: all identical to the
 * CPU's 'auto'. Returns that reference.
 */
export async function everyStrategy(model: TreeModel, Xq: gf.MatrixInput, what = ''): Promise<Outputs> {
  const before = model.getParams().strategy ?? 'auto';
  let ref: Outputs | undefined;
  try {
    for (const backend of backends()) {
      for (const s of STRATEGIES) {
        model.setParams({ strategy: s });
        const out = await gf.withBackendAsync(backend, () => outputs(model, Xq));
        if (!ref) ref = out;
        else expectSameOutputs(out, ref, `${what} ${backend}/${s}-vs-cpu/auto`);
      }
    }
  } finally {
    model.setParams({ strategy: before });
  }
  return ref!;
}

/** The leaf each tree sends a row to: a plain walk of the compiled forest (NaN / null: default direction). */
export function leavesOf(forest: Forest, row: ReadonlyArray<number | null>): number[] {
  const out: number[] = [];
  for (let t = 0; t < forest.nTrees; t++) {
    let i = forest.root[t]!;
    while (forest.left[i]! >= 0) {
      const v = row[forest.feature[i]!];
      const goLeft = v === null || v === undefined || Number.isNaN(v) ? forest.defaultLeft[i] === 1 : v <= forest.threshold[i]!;
      i = goLeft ? forest.left[i]! : forest.right[i]!;
    }
    out.push(i);
  }
  return out;
}

/** The forest's output for one row by the plain walk: per group, Σ leaf values in tree order / nTrees. */
export function walkPredict(forest: Forest, row: ReadonlyArray<number | null>): number[] {
  const W = forest.leafWidth;
  const acc = new Array<number>(W).fill(0);
  for (const leaf of leavesOf(forest, row)) for (let c = 0; c < W; c++) acc[c] = acc[c]! + forest.value[leaf * W + c]!;
  return acc.map((s) => s / forest.nTrees);
}

/**
 * A seeded classification set: d features, feature 0 decides the class (C bands of x0, with
 * `flip` of the labels drawn at random), feature 1 weakly informative, the rest noise.
 */
export function classification(n: number, d: number, C: number, seed: number, flip = 0.1): { X: Float64Array[]; y: Int32Array } {
  const r = rng(seed);
  const X = Array.from({ length: d }, () => new Float64Array(n));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) X[j]![i] = Math.round((r() * 20 - 10) * 1000) / 1000;
    const band = Math.min(C - 1, Math.floor(((X[0]![i]! + 10) / 20) * C));
    y[i] = r() < flip ? Math.floor(r() * C) : X[1]![i]! > 9 ? (band + 1) % C : band;
  }
  return { X, y };
}

/** A seeded regression set: y = 3·x0 + x1² + noise. */
export function regression(n: number, d: number, seed: number): { X: Float64Array[]; y: Float64Array } {
  const r = rng(seed);
  const X = Array.from({ length: d }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) X[j]![i] = r() * 4 - 2;
    y[i] = 3 * X[0]![i]! + X[1]![i]! * X[1]![i]! + (r() - 0.5);
  }
  return { X, y };
}

/** Rows of column-major X. */
export function rowsOf(X: readonly Float64Array[]): number[][] {
  return Array.from({ length: X[0]!.length }, (_, i) => X.map((c) => c[i]!));
}
