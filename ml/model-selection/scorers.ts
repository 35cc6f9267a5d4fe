/**
 * scikit-learn's named scorers (`scoring='accuracy'`, 'f1_macro', 'neg_mean_squared_error', …)
 * on gf.metrics: each predicts the test rows with the fitted estimator and scores the
 * predictions, greater being better (error metrics negated, as scikit-learn's 'neg_*').
 * The same function runs in process and on the search's worker threads, so a named scorer
 * gives the same bits on either.
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DataFrame } from '../../frame/data-frame.js';
import * as m from '../metrics/index.js';
import type { LabelsInput, ProbaInput, ScoresInput } from '../metrics/inputs.js';

/** What a scorer calls on the fitted estimator. */
export interface ScoredEstimator {
  score(...args: never[]): Promise<number>;
  predict?(...args: never[]): Promise<unknown>;
  predictProba?(...args: never[]): Promise<unknown>;
}

/** A scorer: a number for a fitted estimator on test rows (greater is better). */
export type SearchScorer = (estimator: ScoredEstimator, X: unknown, y: unknown) => Promise<number>;

/** Free a prediction (a Column, DataBuffer, DataFrame or array of those). */
function free(x: unknown): void {
  if (x instanceof DataFrame || x instanceof DataBuffer) x.dispose();
  else if (x instanceof Column) x.buffers().forEach((b) => b.dispose());
  else if (Array.isArray(x)) x.forEach(free);
}

type Metric = (yTrue: never, yPred: never) => Promise<number>;

function predicting(metric: Metric, sign: 1 | -1, method: 'predict' | 'predictProba'): SearchScorer {
  return async (est, X, y) => {
    const fn = est[method];
    if (typeof fn !== 'function') throw new ValueError(`scoring: expected an estimator with ${method}(), got ${(est as { name?: string }).name ?? 'one without it'}`);
    const pred = await fn.call(est, X as never);
    try {
      return sign * (await metric(y as never, pred as never));
    } finally {
      free(pred);
    }
  };
}

/** The positive class's column of a two-column probability output (scikit-learn's proba[:, 1]). */
function positiveColumn(p: unknown): ScoresInput {
  if (p instanceof DataFrame) {
    if (p.names.length !== 2) throw new ValueError(`scoring 'roc_auc': expected probabilities of 2 classes, got ${p.names.length}`);
    return p.column(p.names[1]!);
  }
  const a = p as readonly (Column | DataBuffer)[];
  if (a.length !== 2) throw new ValueError(`scoring 'roc_auc': expected probabilities of 2 classes, got ${a.length}`);
  return a[1]!;
}

const prf = (f: typeof m.f1Score, average: m.Average): Metric => ((t: LabelsInput, p: LabelsInput) => f(t, p, { average })) as Metric;

/** scikit-learn's scorer names that gf.metrics covers, and how each scores. */
export const SCORERS: Readonly<Record<string, SearchScorer>> = {
  accuracy: predicting(m.accuracyScore as Metric, 1, 'predict'),
  f1: predicting(prf(m.f1Score, 'binary'), 1, 'predict'),
  f1_macro: predicting(prf(m.f1Score, 'macro'), 1, 'predict'),
  f1_micro: predicting(prf(m.f1Score, 'micro'), 1, 'predict'),
  f1_weighted: predicting(prf(m.f1Score, 'weighted'), 1, 'predict'),
  precision: predicting(prf(m.precisionScore, 'binary'), 1, 'predict'),
  precision_macro: predicting(prf(m.precisionScore, 'macro'), 1, 'predict'),
  precision_micro: predicting(prf(m.precisionScore, 'micro'), 1, 'predict'),
  precision_weighted: predicting(prf(m.precisionScore, 'weighted'), 1, 'predict'),
  recall: predicting(prf(m.recallScore, 'binary'), 1, 'predict'),
  recall_macro: predicting(prf(m.recallScore, 'macro'), 1, 'predict'),
  recall_micro: predicting(prf(m.recallScore, 'micro'), 1, 'predict'),
  recall_weighted: predicting(prf(m.recallScore, 'weighted'), 1, 'predict'),
  r2: predicting(m.r2Score as Metric, 1, 'predict'),
  neg_mean_squared_error: predicting(m.meanSquaredError as Metric, -1, 'predict'),
  neg_root_mean_squared_error: predicting((async (t: ScoresInput, p: ScoresInput) => Math.sqrt(await m.meanSquaredError(t, p))) as Metric, -1, 'predict'),
  neg_mean_absolute_error: predicting(m.meanAbsoluteError as Metric, -1, 'predict'),
  neg_log_loss: predicting(m.logLoss as Metric, -1, 'predictProba'),
  roc_auc: predicting(((t: LabelsInput, p: ProbaInput) => m.rocAucScore(t, positiveColumn(p))) as Metric, 1, 'predictProba'),
  roc_auc_ovr: predicting(((t: LabelsInput, p: ProbaInput) => m.rocAucScore(t, p, { multiClass: 'ovr' })) as Metric, 1, 'predictProba'),
};

/** The estimator's own `score` (scikit-learn's scoring=None). */
export const defaultScorer: SearchScorer = (est, X, y) => (y === undefined ? est.score(X as never) : est.score(X as never, y as never));

/** Check a scoring option: undefined, a name of SCORERS, or a function (ValueError otherwise). */
export function resolveScoring(op: string, scoring: unknown): { name: string | null; scorer: SearchScorer } {
  if (scoring === undefined) return { name: null, scorer: defaultScorer };
  if (typeof scoring === 'function') return { name: null, scorer: scoring as SearchScorer };
  if (typeof scoring === 'string' && Object.hasOwn(SCORERS, scoring)) return { name: scoring, scorer: SCORERS[scoring]! };
  throw new ValueError(`${op}: expected scoring undefined (the estimator's score), a function or one of ${Object.keys(SCORERS).map((k) => `'${k}'`).join(', ')}, got ${typeof scoring === 'string' ? `'${scoring}'` : typeof scoring}`);
}

/** The scorer of a name resolveScoring accepted (null: the estimator's score). */
export function scorerOf(name: string | null): SearchScorer {
  return name === null ? defaultScorer : SCORERS[name]!;
}
