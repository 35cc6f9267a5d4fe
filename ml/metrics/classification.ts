/**
 * Classification metrics from one confusion matrix, as scikit-learn 1.2: the labels are
 * encoded on the backend (ml/labels.ts), the pairs counted by a histogram of t·C + p (the
 * 'histogram' op over an expression-kernel key), and only the C × C counts are read (a
 * control read). Everything after the counts is arithmetic on C numbers.
 */
import { ValueError } from '../../src/errors.js';
import { checkOptions as checkStrict } from '../../src/options.js';
import type { Classes } from '../labels.js';
import { average, labelPair, pairCounts, type LabelsInput } from './inputs.js';

/** A confusion matrix: rows = true class, columns = predicted class, classes sorted. */
export interface ConfusionMatrix {
  /** Counts, row-major C × C. */
  readonly matrix: Int32Array;
  /** The C classes (the sorted union of yTrue and yPred): numbers or strings. */
  readonly labels: Classes;
  /** C. */
  readonly size: number;
}

/**
 * scikit-learn's `confusion_matrix(y_true, y_pred)`: element [i][j] (at i·C + j) counts the
 * samples of true class i predicted as class j, classes sorted (the union of both inputs).
 *
 * @example
 * ```ts
 * const cm = await gf.metrics.confusionMatrix([0, 1, 1, 2], [0, 2, 1, 2]);
 * cm.labels; // Float64Array [0, 1, 2]
 * cm.matrix; // Int32Array [1, 0, 0, 0, 1, 1, 0, 0, 1] (row i: true class i)
 * ```
 */
export async function confusionMatrix(yTrue: LabelsInput, yPred: LabelsInput): Promise<ConfusionMatrix> {
  const op = 'confusionMatrix';
  const pair = await labelPair(op, yTrue, yPred);
  try {
    const c = pair.classes.length;
    return { matrix: await pairCounts(op, pair.t, pair.p, c, c), labels: pair.classes, size: c };
  } finally {
    pair.release();
  }
}

/**
 * scikit-learn's `accuracy_score`: the fraction (or with `normalize: false` the number) of
 * samples whose predicted label equals the true one.
 *
 * @example
 * ```ts
 * await gf.metrics.accuracyScore(['a', 'b', 'b'], ['a', 'b', 'a']); // 0.6666666666666666
 * ```
 */
export async function accuracyScore(yTrue: LabelsInput, yPred: LabelsInput, options: { normalize?: boolean } = {}): Promise<number> {
  const cm = await confusionMatrix(yTrue, yPred);
  let hits = 0;
  let n = 0;
  for (let i = 0; i < cm.size; i++) for (let j = 0; j < cm.size; j++) {
    const v = cm.matrix[i * cm.size + j]!;
    n += v;
    if (i === j) hits += v;
  }
  return options.normalize === false ? hits : hits / n;
}

/** How precision, recall and F1 average over classes. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/** Options of precisionScore, recallScore and f1Score (scikit-learn's names in camelCase). */
export interface PrfOptions {
  /** 'binary' (default: the class `posLabel` only), 'micro', 'macro' or 'weighted' (by support). */
  average?: Average;
  /** The positive class for average 'binary' (default 1). */
  posLabel?: number | string;
  /** The value of a 0/0 ratio: 0 or 1; 'warn' (default) acts as 0, as scikit-learn's. */
  zeroDivision?: 0 | 1 | 'warn';
}

type Which = 'precision' | 'recall' | 'f1';

function checkOptions(op: string, o: PrfOptions): void {
  const known = ['average', 'posLabel', 'zeroDivision'];
  checkStrict(op, o, known, { pos_label: 'posLabel', zero_division: 'zeroDivision' });
  if (o.average !== undefined && !['binary', 'micro', 'macro', 'weighted'].includes(o.average)) {
    throw new ValueError(`${op}: expected average 'binary', 'micro', 'macro' or 'weighted', got '${String(o.average)}'`);
  }
  if (o.zeroDivision !== undefined && ![0, 1, 'warn'].includes(o.zeroDivision)) throw new ValueError(`${op}: expected zeroDivision 0, 1 or 'warn', got ${String(o.zeroDivision)}`);
}

/** scikit-learn 1.2's precision_recall_fscore_support (beta = 1) for one score. */
async function prf(op: string, which: Which, yTrue: LabelsInput, yPred: LabelsInput, o: PrfOptions): Promise<number> {
  checkOptions(op, o);
  const avg = o.average ?? 'binary';
  const zd = o.zeroDivision === 1 ? 1 : 0;
  const cm = await confusionMatrix(yTrue, yPred);
  const c = cm.size;
  const present = Array.from(cm.labels as ArrayLike<number | string>);
  let labels: number[];
  if (avg === 'binary') {
    if (c > 2) throw new ValueError(`${op}: expected at most 2 classes with average 'binary' (choose another average), got ${c}`);
    const pos = o.posLabel ?? 1;
    const at = present.indexOf(pos);
    if (at < 0 && c >= 2) throw new ValueError(`${op}: expected posLabel among the labels [${present.join(', ')}], got ${String(pos)}`);
    labels = [at];
  } else labels = present.map((_, k) => k);
  const cell = (i: number, j: number) => (i < 0 || j < 0 ? 0 : cm.matrix[i * c + j]!);
  let tp = labels.map((k) => cell(k, k));
  let predSum = labels.map((k) => (k < 0 ? 0 : present.reduce<number>((s, _, i) => s + cell(i, k), 0)));
  let trueSum = labels.map((k) => (k < 0 ? 0 : present.reduce<number>((s, _, j) => s + cell(k, j), 0)));
  if (avg === 'micro') {
    const sum = (a: number[]) => [a.reduce((s, v) => s + v, 0)];
    [tp, predSum, trueSum] = [sum(tp), sum(predSum), sum(trueSum)];
  }
  const divide = (num: number[], den: number[]) => num.map((v, i) => (den[i] === 0 ? zd : v / den[i]!));
  const precision = divide(tp, predSum);
  const recall = divide(tp, trueSum);
  const f = precision.map((p, i) => {
    const den = p + recall[i]!;
    return (2 * p * recall[i]!) / (den === 0 ? 1 : den);
  });
  let weights: number[] | undefined;
  if (avg === 'weighted') {
    if (trueSum.reduce((s, v) => s + v, 0) === 0) {
      if (predSum.reduce((s, v) => s + v, 0) === 0) return zd;
      return which === 'recall' ? zd : 0;
    }
    weights = trueSum;
  }
  return average(which === 'precision' ? precision : which === 'recall' ? recall : f, weights);
}

/**
 * scikit-learn's `precision_score`: tp / (tp + fp), for the positive class ('binary') or
 * averaged ('micro', 'macro', 'weighted').
 *
 * @example
 * ```ts
 * await gf.metrics.precisionScore([0, 1, 1, 0], [1, 1, 0, 0]);                       // 0.5
 * await gf.metrics.precisionScore([0, 1, 2, 2], [0, 2, 2, 2], { average: 'macro' }); // 0.5555555555555555
 * ```
 */
export function precisionScore(yTrue: LabelsInput, yPred: LabelsInput, options: PrfOptions = {}): Promise<number> {
  return prf('precisionScore', 'precision', yTrue, yPred, options);
}

/**
 * scikit-learn's `recall_score`: tp / (tp + fn), for the positive class or averaged.
 *
 * @example
 * ```ts
 * await gf.metrics.recallScore([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * ```
 */
export function recallScore(yTrue: LabelsInput, yPred: LabelsInput, options: PrfOptions = {}): Promise<number> {
  return prf('recallScore', 'recall', yTrue, yPred, options);
}

/**
 * scikit-learn's `f1_score`: the harmonic mean of precision and recall, per class then
 * averaged (macro/weighted), or of the pooled counts (micro).
 *
 * @example
 * ```ts
 * await gf.metrics.f1Score(['a', 'b', 'b'], ['a', 'b', 'a'], { average: 'weighted' }); // 0.6666666666666666
 * ```
 */
export function f1Score(yTrue: LabelsInput, yPred: LabelsInput, options: PrfOptions = {}): Promise<number> {
  return prf('f1Score', 'f1', yTrue, yPred, options);
}
