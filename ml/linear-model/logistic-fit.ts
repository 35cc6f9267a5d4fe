/**
 * The backend side of LogisticRegression's fit: inputs resolved once (X packed with a
 * trailing column of ones, so one 'linalg/gemm' gives the logits with the intercepts and one
 * gives the gradient, the intercept gradient and the summed loss together), class and sample
 * weights, and the objective L-BFGS calls:
 *
 *   f(W, b) = Σ_i s_i · loss_i + ‖W‖²_F / (2C),   s_i = sampleWeight_i · classWeight[y_i],
 *
 * evaluated as Z = Xa·Θᵀ ('linalg/gemm', transB), O = 'logistic/loss'(Z) (n × (r + 1): the
 * weighted residuals P − Y and the weighted loss), XaᵀO ('linalg/gemm', transA): a
 * (d + 1) × (r + 1) result whose last row holds Σ O (the intercept gradient, then Σ s·loss),
 * read back as one control read per evaluation. Θ (r × (d + 1): each row W_r then b_r) is
 * the small parameter vector L-BFGS owns on the host.
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgGemm } from '../../kernels/linalg/gemm.js';
import { logisticLoss } from '../../kernels/logistic/loss.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { readControl } from '../control.js';
import { encodeLabels, type Classes, type EncodedLabels } from '../labels.js';
import { resolveInput, resolveVector, type FrameSelection, type InputMatrix, type MatrixInput } from '../matrix-input.js';
import { packChecked, type VectorInput } from './common.js';
import type { Objective } from './logistic-lbfgs.js';

/** A label vector: a column name of X's frame, a Column, DataBuffer, typed array, number[] or string[]. */
export type LabelInput = string | Column | DataBuffer | ArrayLike<number> | readonly string[];

/** Options of LogisticRegression's `fit`. */
export interface LogisticFitOptions {
  /** One weight per sample (a column name of X's frame, or a vector); multiplies the class weights. */
  sampleWeight?: VectorInput;
  /** With X a DataFrame: the feature columns (default: every column but y and the weights). */
  columns?: readonly string[];
}

/** scikit-learn's class_weight: none, 'balanced' (n / (K · count_k)) or a weight per label. */
export type ClassWeight = 'balanced' | Readonly<Record<string, number>> | null;

/** Everything a fit evaluates its objective on. */
export interface FitProblem {
  readonly m: InputMatrix;
  readonly labels: EncodedLabels;
  /** n × (d + 1), the last column ones. */
  readonly Xa: Matrix;
  readonly classWeight: DataBuffer<'float64'>;
  readonly sampleWeight: DataBuffer<'float64'> | undefined;
  release(): void;
}

export const frameOf = (X: MatrixInput): DataFrame | undefined =>
  X instanceof DataFrame ? X : X && typeof X === 'object' && 'frame' in X && (X as FrameSelection).frame instanceof DataFrame ? (X as FrameSelection).frame : undefined;

/** Resolve X, y and the weights, pack X with its ones column, and weigh the classes. */
export async function prepareFit(op: string, X: MatrixInput, y: LabelInput, options: LogisticFitOptions, classWeight: ClassWeight): Promise<FitProblem> {
  if (options === null || typeof options !== 'object') throw new ValueError(`${op}: expected options as an object, got ${typeof options}`);
  for (const k of Object.keys(options)) if (k !== 'sampleWeight' && k !== 'columns') throw new ValueError(`${op}: expected fit options among 'sampleWeight', 'columns', got unknown option '${k}'`);
  const frame = frameOf(X);
  let columns = options.columns;
  if (columns === undefined && X instanceof DataFrame) {
    const skip = [y, options.sampleWeight].filter((v): v is string => typeof v === 'string');
    if (skip.length > 0) columns = X.names.filter((nm) => !skip.includes(nm));
  }
  const owned: Array<{ release(): void } | { dispose(): void }> = [];
  const release = () => owned.forEach((o) => ('release' in o ? o.release() : o.dispose()));
  try {
    const m = await resolveInput(op, X, columns);
    owned.push(m);
    if (m.n === 0) throw new ValueError(`${op}: expected at least 1 sample, got 0 rows`);
    const labels = await encodeLabels(op, 'y', frame, y, m.n);
    owned.push(labels);
    if (labels.classes.length < 2) {
      throw new ValueError(`${op}: expected samples of at least 2 classes in y, got 1 class (${String(labels.classes[0])}); this solver needs samples of at least 2 classes in the data`);
    }
    let sampleWeight: DataBuffer<'float64'> | undefined;
    if (options.sampleWeight !== undefined) {
      const wv = await resolveVector(op, 'sampleWeight', frame, options.sampleWeight, m.n);
      owned.push(wv);
      const W = await packChecked(op, [wv.data], [wv.validity], [wv.name]);
      sampleWeight = W.data;
      owned.push(sampleWeight);
    }
    const classWeightBuf = DataBuffer.fromHost(await classWeights(op, labels, m.n, classWeight), 'float64');
    owned.push(classWeightBuf);
    const ones = (await new DataFrame({ c: new Column({ type: 'int32', data: labels.codes }) }).eval(col('c').cast('float64').mul(0).add(1))).data;
    owned.push(ones);
    const Xa = await packChecked(op, [...m.cols, ones], [...m.validity, undefined], [...m.names, '(ones)']);
    owned.push(Xa.data);
    return { m, labels, Xa, classWeight: classWeightBuf, sampleWeight, release };
  } catch (e) {
    release();
    throw e;
  }
}

/** One weight per class (K values), as scikit-learn's compute_class_weight. */
async function classWeights(op: string, labels: EncodedLabels, n: number, cw: ClassWeight): Promise<Float64Array> {
  const K = labels.classes.length;
  const out = new Float64Array(K).fill(1);
  if (cw === null) return out;
  if (cw === 'balanced') {
    const counts = await classCounts(op, labels.codes, K);
    for (let k = 0; k < K; k++) out[k] = n / (K * counts[k]!);
    return out;
  }
  const names = Array.from(labels.classes as ArrayLike<unknown>, String);
  for (const [key, w] of Object.entries(cw)) {
    const k = names.indexOf(key);
    if (k < 0) throw new ValueError(`${op}: expected classWeight keys among the classes ${names.join(', ')}, got '${key}'`);
    out[k] = w;
  }
  return out;
}

/** Samples per class code (valueCounts on the backend; K counts read). */
async function classCounts(op: string, codes: DataBuffer<'int32'>, K: number): Promise<Float64Array> {
  const vc = await new DataFrame({ c: new Column({ type: 'int32', data: codes }) }).valueCounts('c');
  try {
    const c = await readControl(vc.column('c').data as DataBuffer<'int32'>, op);
    const cnt = await readControl(vc.column('count').data, op);
    const out = new Float64Array(K);
    for (let t = 0; t < c.length; t++) out[c[t]!] = Number(cnt[t]!);
    return out;
  } finally {
    vc.dispose();
  }
}

/** Counts of the backend work an objective did. */
export interface EvalCounter {
  evaluations: number;
}

/**
 * The objective over θ (r × (d + 1) values, row r = W_r then b_r). Without an intercept the
 * b entries get a zero gradient, so L-BFGS keeps them at 0. `l2` is 1/C (0: no penalty).
 */
export function objective(op: string, p: FitProblem, r: number, l2: number, fitIntercept: boolean, counter: EvalCounter): Objective {
  const d = p.m.d;
  const d1 = d + 1;
  return async (theta) => {
    counter.evaluations++;
    const T = DataBuffer.fromHost(theta, 'float64');
    let Z: Matrix | undefined;
    let O: Matrix | undefined;
    let G: Matrix | undefined;
    try {
      Z = run(linalgGemm, p.Xa, { data: T, n: r, d: d1 }, { transB: true });
      O = run(logisticLoss, Z, p.labels.codes, { classWeight: p.classWeight, ...(p.sampleWeight && { sampleWeight: p.sampleWeight }) });
      G = run(linalgGemm, p.Xa, O, { transA: true });
      const v = await readControl(G.data, op);
      const g = new Float64Array(r * d1);
      let penalty = 0;
      for (let k = 0; k < r; k++) {
        for (let j = 0; j < d; j++) {
          const w = theta[k * d1 + j]!;
          penalty += w * w;
          g[k * d1 + j] = v[j * (r + 1) + k]! + l2 * w;
        }
        g[k * d1 + d] = fitIntercept ? v[d * (r + 1) + k]! : 0;
      }
      return { f: v[d * (r + 1) + r]! + 0.5 * l2 * penalty, g };
    } finally {
      T.dispose();
      Z?.data.dispose();
      O?.data.dispose();
      G?.data.dispose();
    }
  };
}

export type { Classes };
