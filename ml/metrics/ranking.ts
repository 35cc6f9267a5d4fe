/**
 * Score metrics, as scikit-learn 1.2: ROC AUC (binary; multiclass one-vs-rest macro) and log
 * loss. Per-sample work runs on the backend: the ranks in the window op's rank kernel (a sort),
 * clipping, renormalising and logarithms in the expression kernel, sums in the reduce kernel;
 * only sums and the classes are read (control reads).
 */
import { Column } from '../../src/column/column.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { checkOptions as checkStrict } from '../../src/options.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col, lit, when, type Expr } from '../../frame/expr.js';
import { encodeLabels } from '../labels.js';
import type { MatrixInput } from '../matrix-input.js';
import { isVectorInput, probaMatrix, reduceNumber, scoreVector, type LabelsInput, type ProbaInput } from './inputs.js';

const f64 = (data: DataBuffer) => new Column({ type: data.dtype, data });

/** Evaluate an expression over named buffers and sum it (float64), freeing the temporary. */
async function sumOf(op: string, cols: Record<string, DataBuffer>, e: Expr): Promise<number> {
  const df = new DataFrame(Object.entries(cols).map(([k, b]) => [k, f64(b)] as const));
  const c = await df.eval(e.cast('float64'));
  try {
    return await reduceNumber(op, c.data, 'sum');
  } finally {
    c.buffers().forEach((b) => b.dispose());
  }
}

/**
 * Binary AUC of `score` against the int32 0/1 codes `pos`: the Mann–Whitney statistic with
 * average ranks for tied scores, U = Σ_{positives} rank − P(P+1)/2, AUC = U / (P·N). It equals
 * scikit-learn's trapezoid over the ROC curve's distinct thresholds (a run of tied scores is
 * one diagonal step, worth half its positive-negative pairs), in exact arithmetic: ranks are
 * half-integers, so the sums are exact below 2^52 and only the last division rounds.
 */
async function binaryAuc(op: string, pos: DataBuffer, score: DataBuffer, n: number, what: string): Promise<number> {
  const df = new DataFrame({ s: f64(score), t: f64(pos) }).withColumns({ r: col('s').rank({ method: 'average' }) });
  const e = when(col('t').eq(1)).then(col('r')).otherwise(lit(0));
  const c = await df.eval(e.cast('float64'));
  const rankSum = await reduceNumber(op, c.data, 'sum').finally(() => c.buffers().forEach((b) => b.dispose()));
  const p = await reduceNumber(op, pos, 'sum');
  const negatives = n - p;
  if (p === 0 || negatives === 0) throw new ValueError(`${op}: expected both classes in ${what}, got only one class (ROC AUC is not defined then)`);
  return (rankSum - (p * (p + 1)) / 2) / (p * negatives);
}

/** Options of rocAucScore. */
export interface RocAucOptions {
  /** For a probability matrix of 3+ classes: 'ovr' (one-vs-rest, macro average); 'raise' (default) refuses it, as scikit-learn. */
  multiClass?: 'raise' | 'ovr';
}

/**
 * scikit-learn's `roc_auc_score`. Binary: yScore is the score of the greater class (one per
 * sample); tied scores count half. Multiclass: `multiClass: 'ovr'` with a probability matrix
 * (one column per class, rows summing to 1) gives the mean of the one-vs-rest AUCs.
 *
 * @example
 * ```ts
 * await gf.metrics.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * const proba = new gf.DataFrame({ 0: new Float64Array([0.8, 0.1, 0.2]), 1: new Float64Array([0.1, 0.7, 0.3]), 2: new Float64Array([0.1, 0.2, 0.5]) });
 * await gf.metrics.rocAucScore([0, 1, 2], proba, { multiClass: 'ovr' }); // 1
 * ```
 */
export async function rocAucScore(yTrue: LabelsInput, yScore: ProbaInput, options: RocAucOptions = {}): Promise<number> {
  const op = 'rocAucScore';
  checkStrict(op, options, ['multiClass']);
  const enc = await encodeLabels(op, 'yTrue', undefined, yTrue);
  const n = enc.codes.length;
  const made: Array<{ release(): void }> = [enc];
  try {
    const k = enc.classes.length;
    if (isVectorInput(yScore)) {
      if (k !== 2) throw new ValueError(`${op}: expected 2 classes in yTrue for a score vector, got ${k}${k > 2 ? " (pass a probability matrix with multiClass: 'ovr')" : ' (ROC AUC is not defined for one class)'}`);
      const s = await scoreVector(op, 'yScore', yScore, n);
      made.push(s);
      return await binaryAuc(op, enc.codes, s.data, n, 'yTrue');
    }
    const P = await probaMatrix(op, 'yScore', yScore as MatrixInput, n);
    made.push(P);
    if (P.cols.length === 1 || P.cols.length === 2) {
      throw new ValueError(`${op}: expected a score vector for a binary problem (the greater class's score), got a matrix of ${P.cols.length} columns`);
    }
    if (options.multiClass !== 'ovr') throw new ValueError(`${op}: expected multiClass 'ovr' for a multiclass score matrix, got ${String(options.multiClass ?? 'raise')}`);
    if (P.cols.length !== k) throw new ShapeError(`${op}: expected yScore with one column per class of yTrue (${k}), got ${P.cols.length}`);
    const names = P.cols.map((_, j) => `p${j}`);
    const cols = Object.fromEntries(P.cols.map((b, j) => [names[j]!, b]));
    const rowSum = names.slice(1).reduce<Expr>((e, nm) => e.add(col(nm)), col(names[0]!));
    const off = await sumOf(op, cols, when(rowSum.sub(1).abs().gt(rowSum.abs().mul(1e-5).add(1e-8))).then(lit(1)).otherwise(lit(0)));
    if (off > 0) throw new ValueError(`${op}: expected yScore rows that sum to 1 (probabilities), got ${off} rows that do not`);
    let total = 0;
    for (let c = 0; c < k; c++) {
      const is = await new DataFrame({ t: new Column({ type: 'int32', data: enc.codes }) }).eval(when(col('t').eq(c)).then(lit(1)).otherwise(lit(0)).cast('int32'));
      try {
        total += await binaryAuc(op, is.data, P.cols[c]!, n, `yTrue (class ${String((enc.classes as ArrayLike<unknown>)[c])} vs rest)`);
      } finally {
        is.buffers().forEach((b) => b.dispose());
      }
    }
    return total / k;
  } finally {
    made.forEach((m) => m.release());
  }
}

/** Options of logLoss. */
export interface LogLossOptions {
  /** Clipping of probabilities to [eps, 1 − eps]: 'auto' (default, float64 machine epsilon, scikit-learn 1.2's default) or a number. */
  eps?: 'auto' | number;
}

/**
 * scikit-learn 1.2's `log_loss`: the mean of −log p(true class), probabilities clipped to
 * [eps, 1 − eps] and each row renormalised to sum 1. yProb: a probability matrix (one column
 * per class of yTrue, classes sorted), or for two classes the greater class's probability.
 * The logarithm is the expression kernel's (exact on the CPU; within 1e-13 relative on the device).
 *
 * @example
 * ```ts
 * await gf.metrics.logLoss([0, 1, 1], [0.1, 0.8, 0.6]); // 0.2797765635793… (the last digit or two differ by backend)
 * ```
 */
export async function logLoss(yTrue: LabelsInput, yProb: ProbaInput, options: LogLossOptions = {}): Promise<number> {
  const op = 'logLoss';
  checkStrict(op, options, ['eps']);
  const eps = options.eps === undefined || options.eps === 'auto' ? Number.EPSILON : options.eps;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5)) throw new ValueError(`${op}: expected eps 'auto' or a number in [0, 0.5), got ${String(options.eps)}`);
  const enc = await encodeLabels(op, 'yTrue', undefined, yTrue);
  const n = enc.codes.length;
  const made: Array<{ release(): void }> = [enc];
  try {
    const k = enc.classes.length;
    if (k === 1) throw new ValueError(`${op}: expected at least 2 classes in yTrue, got one (${String((enc.classes as ArrayLike<unknown>)[0])})`);
    const clip = (e: Expr) => when(e.lt(eps)).then(lit(eps)).when(e.gt(1 - eps)).then(lit(1 - eps)).otherwise(e);
    let cols: Record<string, DataBuffer>;
    let picked: Expr;
    let total: Expr;
    if (isVectorInput(yProb)) {
      if (k !== 2) throw new ValueError(`${op}: expected yProb with one column per class of yTrue (${k}), got one probability vector`);
      const s = await scoreVector(op, 'yProb', yProb, n);
      made.push(s);
      cols = { p: s.data, t: enc.codes };
      const p = clip(col('p'));
      const q = lit(1).sub(p);
      picked = when(col('t').eq(1)).then(p).otherwise(q);
      total = q.add(p);
    } else {
      const P = await probaMatrix(op, 'yProb', yProb as MatrixInput, n);
      made.push(P);
      if (P.cols.length !== k) throw new ShapeError(`${op}: expected yProb with one column per class of yTrue (${k}), got ${P.cols.length}`);
      cols = Object.fromEntries([...P.cols.map((b, j) => [`p${j}`, b] as const), ['t', enc.codes] as const]);
      const clipped = P.cols.map((_, j) => clip(col(`p${j}`)));
      total = clipped.slice(1).reduce((e, c) => e.add(c), clipped[0]!);
      let chain = when(col('t').eq(0)).then(clipped[0]!);
      clipped.slice(1).forEach((c, j) => (chain = chain.when(col('t').eq(j + 1)).then(c)));
      picked = chain.otherwise(lit(0));
    }
    const sum = await sumOf(op, cols, picked.div(total).log().neg());
    return sum / n;
  } finally {
    made.forEach((m) => m.release());
  }
}
