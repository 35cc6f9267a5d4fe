// Shared pieces of the LogisticRegression tests: the golden cases with their (standardised)
// features, scikit-learn's objective recomputed in plain JS from a fitted model, and seeded
// synthetic problems.
import * as gf from 'gpuframe';
import { loadDataset, loadGolden, type DatasetName } from '../../helpers/ml-data.js';
import { rng } from '../../helpers/parity.js';

export interface LogitCase {
  id: string;
  dataset: DatasetName;
  params: { C: number; class_weight: string | null };
  multinomial: boolean;
  classes: number[];
  fitted: { coef_: number[][]; intercept_: number[]; n_iter_: number[] };
  objective: number;
  objectiveRefined: number;
  sklearnNearOptimum: boolean;
  predict: number[];
  rows: number[];
  predictProba: number[][];
  accuracy: number;
  standardized?: { mean_: number[]; scale_: number[] };
}

export const cases = (): LogitCase[] => loadGolden<LogitCase>('LogisticRegression').cases;

/** The case's features (standardised as the golden script did) and labels. */
export function caseData(c: LogitCase): { X: Float64Array[]; y: Int32Array | Float64Array; n: number } {
  const ds = loadDataset(c.dataset);
  const s = c.standardized;
  const X = s ? ds.X.map((col, j) => Float64Array.from(col, (v) => (v - s.mean_[j]!) / s.scale_[j]!)) : ds.X;
  return { X, y: ds.y, n: ds.n };
}

/** Σ_i s_i·loss_i + ‖W‖²/(2C) of a fitted model (rows of W: coef), s_i from the class weights. */
export function objectiveOf(X: Float64Array[], y: ArrayLike<number>, classes: number[], coef: ArrayLike<number>, intercept: ArrayLike<number>, C: number, cw: number[]): number {
  const n = X[0]!.length;
  const d = X.length;
  const r = intercept.length;
  let f = 0;
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: r }, (_, k) => {
      let s = intercept[k]!;
      for (let j = 0; j < d; j++) s += coef[k * d + j]! * X[j]![i]!;
      return s;
    });
    const yi = classes.indexOf(y[i]!);
    let loss: number;
    if (r === 1) loss = Math.log1p(Math.exp(-Math.abs(z[0]!))) + Math.max(z[0]!, 0) - (yi === 1 ? z[0]! : 0);
    else {
      const m = Math.max(...z);
      loss = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0)) - z[yi]!;
    }
    f += cw[yi]! * loss;
  }
  let w2 = 0;
  for (let t = 0; t < coef.length; t++) w2 += coef[t]! ** 2;
  return f + w2 / (2 * C);
}

/** scikit-learn's 'balanced' class weights, or ones. */
export function classWeightsOf(y: ArrayLike<number>, classes: number[], balanced: boolean): number[] {
  const counts = classes.map((c) => Array.from(y).filter((v) => v === c).length);
  return classes.map((_, k) => (balanced ? y.length / (classes.length * counts[k]!) : 1));
}

/** n seeded samples of d features from K Gaussian blobs (overlapping), labels 0..K-1. */
export function blobs(n: number, d: number, K: number, seed: number): { X: Float64Array[]; y: Int32Array } {
  const r = rng(seed);
  const centers = Array.from({ length: K }, () => Array.from({ length: d }, () => (r() * 2 - 1) * 2));
  const y = Int32Array.from({ length: n }, () => Math.floor(r() * K));
  const X = Array.from({ length: d }, (_, j) => Float64Array.from({ length: n }, (_, i) => centers[y[i]!]![j]! + (r() + r() + r() - 1.5) * 2));
  return { X, y };
}

/** Host values of a DataBuffer or Column. */
export async function hostOf(v: gf.DataBuffer | gf.Column): Promise<ArrayLike<number>> {
  return v instanceof gf.Column ? ((await v.toValues()) as number[]) : ((await v.toArray()) as ArrayLike<number>);
}
