/**
 * GridSearchCV's `cvResults`, as scikit-learn 1.2's `cv_results_` with camelCase keys. The
 * means and standard deviations use numpy's summation order (np.average: pairwise_sum, blocks
 * of 8 from 8 values on, a plain running sum below), so equal fold scores give the bits
 * scikit-learn gives, and the ranks are scipy's rankdata(-mean, 'min') with NaN means ranked
 * last (scikit-learn 1.2's `_store`).
 */
import type { Candidate } from './parameter-grid.js';
import type { TaskResult } from './search-task.js';

/** `cv_results_` in camelCase: one entry per candidate in every array (see GridSearchCV). */
export interface CvResults {
  /** Each candidate's options. */
  readonly params: Candidate[];
  readonly meanTestScore: Float64Array;
  /** Population standard deviation of the fold scores (numpy's std, ddof 0). */
  readonly stdTestScore: Float64Array;
  /** 1 = best; equal means share the smallest rank (scipy's rankdata 'min'); NaN means rank last. */
  readonly rankTestScore: Int32Array;
  /** Seconds fitting / scoring per fold (mean and standard deviation over the folds). */
  readonly meanFitTime: Float64Array;
  readonly stdFitTime: Float64Array;
  readonly meanScoreTime: Float64Array;
  readonly stdScoreTime: Float64Array;
  /** Fold k's test score per candidate (`split0TestScore`, …), train score with returnTrainScore. */
  readonly [split: `split${number}TestScore` | `split${number}TrainScore`]: Float64Array;
  /** `paramAlpha`, …: each option's value per candidate (undefined where a candidate's grid lacks it). */
  readonly [param: `param${string}`]: unknown[];
  /** With returnTrainScore: mean and std of the train scores. */
  readonly meanTrainScore?: Float64Array;
  readonly stdTrainScore?: Float64Array;
}

/** numpy's pairwise_sum of a[0..n) (used by np.add.reduce, so by np.mean/np.average). */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** np.average(x) and np.sqrt(np.average((x - mean) ** 2)). */
export function meanStd(x: readonly number[]): { mean: number; std: number } {
  const mean = pairwiseSum(x) / x.length;
  const sq = x.map((v) => (v - mean) * (v - mean));
  return { mean, std: Math.sqrt(pairwiseSum(sq) / x.length) };
}

/** scikit-learn 1.2's rank_test_score: rankdata(-means, 'min'), NaN as below every mean; all NaN → all 1. */
export function rankMin(means: Float64Array): Int32Array {
  const finite = Array.from(means).filter((m) => !Number.isNaN(m));
  const out = new Int32Array(means.length);
  if (finite.length === 0) return out.fill(1);
  const floor = Math.min(...finite) - 1;
  const v = Array.from(means, (m) => (Number.isNaN(m) ? floor : m));
  for (let i = 0; i < v.length; i++) {
    let better = 0;
    for (let j = 0; j < v.length; j++) if (-v[j]! < -v[i]!) better++;
    out[i] = better + 1;
  }
  return out;
}

/** 'n_neighbors'-style or camelCase option name → `paramNNeighbors`. */
function paramKey(name: string): `param${string}` {
  const camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return `param${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
}

/** The cvResults of a finished search: results[c][f] is candidate c's task on fold f. */
export function buildCvResults(candidates: readonly Candidate[], keys: readonly string[], results: readonly TaskResult[][], trainScore: boolean): CvResults {
  const nc = candidates.length;
  const nf = results[0]?.length ?? 0;
  const out: Record<string, unknown> = {};
  const stats = (pick: (r: TaskResult) => number, name: string) => {
    const mean = new Float64Array(nc);
    const std = new Float64Array(nc);
    results.forEach((row, c) => {
      const s = meanStd(row.map(pick));
      mean[c] = s.mean;
      std[c] = s.std;
    });
    out[`mean${name}`] = mean;
    out[`std${name}`] = std;
    return mean;
  };
  stats((r) => r.fitTime, 'FitTime');
  stats((r) => r.scoreTime, 'ScoreTime');
  for (const k of keys) out[paramKey(k)] = candidates.map((c) => (Object.hasOwn(c, k) ? c[k] : undefined));
  out.params = candidates.map((c) => ({ ...c }));
  for (let f = 0; f < nf; f++) out[`split${f}TestScore`] = Float64Array.from(results, (row) => row[f]!.test);
  const mean = stats((r) => r.test, 'TestScore');
  out.rankTestScore = rankMin(mean);
  if (trainScore) {
    for (let f = 0; f < nf; f++) out[`split${f}TrainScore`] = Float64Array.from(results, (row) => row[f]!.train);
    stats((r) => r.train, 'TrainScore');
  }
  return out as unknown as CvResults;
}
