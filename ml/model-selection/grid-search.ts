/**
 * scikit-learn's GridSearchCV: every candidate of a parameter grid is fitted and scored on
 * every cross-validation fold, the candidates ranked by mean test score, and the best one
 * refitted on all the data. The candidate fits run in parallel:
 * - CPU backend: worker threads (./search-pool.ts), `nJobs` of them, each with its own copy of
 *   X, y and the folds, rebuilding the estimator from its registered name and options;
 * - WebGPU: in this thread, all candidates of a fold started together (Promise.all), so their
 *   dispatches share the one device queue.
 * Results are stored by (candidate, fold), so they never depend on completion order, and equal
 * the sequential search's (nJobs 1) bit for bit: each task is the same code on the same values.
 *
 * On the CPU backend the search runs in process, one task after another, when any of these
 * holds (the rule; `execution.reason` says which): nJobs is 1 (or there is one task); `scoring` is a function (it
 * cannot cross to a thread); the estimator's class is not registered (`registerEstimator`)
 * under its name, or a worker's build does not register it; a candidate's values are not
 * plain data (`toJSON` cannot carry them); y is a nested or timestamp column; no worker script
 * exists (a browser, or a TypeScript tree without its dist/ build). On WebGPU, nJobs 1 also
 * runs one task at a time (the sequential reference the batched search equals).
 *
 * Task order is fold-major (fold 0's candidates, then fold 1's, …); the first task that throws
 * in that order stops the search, and its error is raised as the same typed error, its message
 * naming the candidate and the fold (scikit-learn's error_score='raise').
 */
import * as errors from '../../src/errors.js';
import { checkOptions as checkStrict } from '../../src/options.js';
import { NotFittedError, ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { TypedArray } from '../../src/dtypes.js';
import { activeBackend } from '../../src/device/index.js';
import { DataFrame } from '../../frame/data-frame.js';
import { estimatorFromJSON, show, type Estimator, type EstimatorJSON } from '../estimator.js';
import type { MatrixInput } from '../matrix-input.js';
import { encodeJSON, type Persisted } from '../persist.js';
import { isClassifier } from './cross-val-score.js';
import { buildCvResults, type CvResults } from './cv-results.js';
import { KFold, StratifiedKFold, type Fold } from './k-fold.js';
import { ParameterGrid, showCandidate, type Candidate, type ParamGridInput } from './parameter-grid.js';
import { numRows, type SplitInput } from './rows.js';
import { resolveScoring, type SearchScorer } from './scorers.js';
import { availableCores } from '../../src/worker-pool.js';
import { runOnWorkers, type TaskOutcome } from './search-pool.js';
import { hostData, runTask, selectFold, type SearchEstimator } from './search-task.js';

/** Options of GridSearchCV (scikit-learn's names in camelCase). */
export interface GridSearchCVOptions {
  /** Folds: a number (default 5: StratifiedKFold for a classifier given y, else KFold), or a KFold/StratifiedKFold. */
  cv?: number | KFold | StratifiedKFold;
  /** undefined (the estimator's `score`), a scikit-learn scorer name ('accuracy', 'f1_macro', 'r2', 'neg_mean_squared_error', …) or a function. */
  scoring?: string | SearchScorer;
  /** Refit the best candidate on all of X and y (default true); predict/score need it. */
  refit?: boolean;
  /** CPU backend: worker threads (default min(cores, candidates × folds); -1 = cores). 1: one fit at a time in process, on either backend. */
  nJobs?: number;
  /** Also score each fit on its train rows (default false). */
  returnTrainScore?: boolean;
}

/** How a search ran. */
export interface SearchExecution {
  readonly mode: 'in-process' | 'workers' | 'device-batched';
  /** Worker threads used (0 outside 'workers'). */
  readonly workers: number;
  /** Why this mode (the rule in GridSearchCV's documentation). */
  readonly reason: string;
}

const OPTION_KEYS = ['cv', 'scoring', 'refit', 'nJobs', 'returnTrainScore'];

/** The same typed error class (src/errors.ts, or a built-in Error class) for a name and message. */
function typedError(name: string, message: string): Error {
  const Cls = (errors as Record<string, unknown>)[name] ?? (globalThis as Record<string, unknown>)[name];
  if (typeof Cls === 'function' && (Cls === Error || (Cls as { prototype: unknown }).prototype instanceof Error)) {
    return new (Cls as new (m: string) => Error)(message);
  }
  const e = new errors.GpuframeError(message);
  e.name = name;
  return e;
}

const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

/**
 * scikit-learn's GridSearchCV (see the module comment for the parallel rule): `fit` scores every
 * candidate of the grid on every fold; then `cvResults`, `bestParams`, `bestScore`,
 * `bestIndex`, and (with refit) `bestEstimator`, `predict` and `score`.
 *
 * @example
 * ```ts
 * const X = [[0], [1], [2], [3], [4], [5]];
 * const y = [1, 3, 5, 7, 9, 11];
 * const search = new gf.GridSearchCV(new gf.Ridge(), { alpha: [0.1, 1, 10] }, { cv: 3 });
 * await search.fit(X, y);
 * search.bestParams;                 // { alpha: 0.1 }
 * search.cvResults.meanTestScore;    // Float64Array [0.990…, 0.313…, -10.00…] (mean R² per alpha)
 * const yHat = await search.predict(X); // the best alpha, refitted on all rows
 * ```
 */
export class GridSearchCV<E extends SearchEstimator = SearchEstimator> {
  /** The candidates, in scikit-learn's order. */
  readonly grid: ParameterGrid;
  private readonly options: Required<Omit<GridSearchCVOptions, 'nJobs' | 'scoring'>> & { nJobs: number | undefined; scoring: GridSearchCVOptions['scoring'] };
  private readonly scoringName: string | null;
  private readonly scorer: SearchScorer;
  private result: { cvResults: CvResults; bestIndex: number; best: E | undefined; execution: SearchExecution; refitTime: number } | undefined;

  /**
   * Check the grid and options (ValueError for an empty grid, an unknown option, a bad value).
   *
   * @example
   * ```ts
   * // 3 candidates × 5 folds, scored by macro F1, on 2 worker threads
   * const search = new gf.GridSearchCV(new gf.KNeighborsClassifier(), { nNeighbors: [1, 5, 15] }, { scoring: 'f1_macro', nJobs: 2 });
   * ```
   */
  constructor(
    readonly estimator: E,
    paramGrid: ParamGridInput,
    options: GridSearchCVOptions = {},
  ) {
    const op = 'GridSearchCV';
    if (!estimator || typeof estimator.clone !== 'function' || typeof estimator.fit !== 'function' || typeof estimator.setParams !== 'function') {
      throw new ValueError(`${op}: expected an estimator with clone, setParams, fit and score, got ${Object.prototype.toString.call(estimator)}`);
    }
    if (!options || typeof options !== 'object') throw new ValueError(`${op}: expected an options object, got ${show(options)}`);
    checkStrict(op, options, OPTION_KEYS);
    this.grid = new ParameterGrid(paramGrid);
    if (this.grid.length === 0) throw new ValueError(`${op}: expected a parameter grid with at least one candidate, got an empty list of grids`);
    const { cv = 5, refit = true, nJobs, returnTrainScore = false, scoring } = options;
    if (!(cv instanceof KFold || cv instanceof StratifiedKFold || (Number.isInteger(cv) && (cv as number) >= 2))) {
      throw new ValueError(`${op}: expected cv an integer >= 2, a KFold or a StratifiedKFold, got ${show(cv)}`);
    }
    if (typeof refit !== 'boolean') throw new ValueError(`${op}: expected refit true or false, got ${show(refit)}`);
    if (typeof returnTrainScore !== 'boolean') throw new ValueError(`${op}: expected returnTrainScore true or false, got ${show(returnTrainScore)}`);
    if (nJobs !== undefined && !(nJobs === -1 || (Number.isInteger(nJobs) && nJobs >= 1))) throw new ValueError(`${op}: expected nJobs an integer >= 1 or -1, got ${show(nJobs)}`);
    const s = resolveScoring(op, scoring);
    this.scoringName = s.name;
    this.scorer = s.scorer;
    this.options = { cv, refit, nJobs, returnTrainScore, scoring };
  }

  private done(what: string) {
    if (!this.result) throw new NotFittedError(`GridSearchCV.${what}: expected a fitted search, got one not fitted (await fit() first)`);
    return this.result;
  }

  /** scikit-learn's cv_results_ in camelCase (see CvResults). */
  get cvResults(): CvResults {
    return this.done('cvResults').cvResults;
  }
  /** The index of the best candidate: the first ranked 1. */
  get bestIndex(): number {
    return this.done('bestIndex').bestIndex;
  }
  /** The best candidate's options. */
  get bestParams(): Candidate {
    return { ...this.cvResults.params[this.bestIndex]! };
  }
  /** The best candidate's mean test score. */
  get bestScore(): number {
    return this.cvResults.meanTestScore[this.bestIndex]!;
  }
  /** The best candidate refitted on all the data (NotFittedError with refit: false). */
  get bestEstimator(): E {
    const r = this.done('bestEstimator');
    if (!r.best) throw new NotFittedError('GridSearchCV.bestEstimator: expected a search run with refit: true, got refit: false');
    return r.best;
  }
  /** Seconds the refit took. */
  get refitTime(): number {
    return this.done('refitTime').refitTime;
  }
  /** How the last fit ran: 'workers', 'in-process' or 'device-batched', and why. */
  get execution(): SearchExecution {
    return this.done('execution').execution;
  }

  /**
   * Search the grid: fit and score every candidate on every fold, rank, refit the best.
   * X as the estimator takes it; y a column name of X's frame, a Column, DataBuffer, typed array
   * or array, or undefined for an unsupervised estimator.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([0, 1, 2, 3, 4, 5]), target: new Float64Array([1, 3, 5, 7, 9, 11]) });
   * const search = await new gf.GridSearchCV(new gf.Ridge(), { alpha: [1, 10] }, { cv: 3 }).fit(df, 'target');
   * search.bestScore; // 0.9634… (mean R² of alpha 1)
   * ```
   */
  async fit(X: MatrixInput, y?: unknown): Promise<this> {
    const op = 'GridSearchCV.fit';
    if (typeof y === 'string') {
      const frame = X instanceof DataFrame ? X : X && typeof X === 'object' && 'frame' in X ? (X as { frame: DataFrame }).frame : undefined;
      if (!frame) throw new ValueError(`${op}: expected y a vector, or a column name with X a DataFrame, got the name '${y}' with X not a frame`);
      const name = y;
      y = frame.column(name);
      if (X instanceof DataFrame) X = X.drop(name); // y by name is not a feature
    }
    const candidates = [...this.grid];
    const models = candidates.map((c, i) => this.candidateModel(op, c, i)); // each candidate's own ValueError, named
    models.forEach((m) => m.dispose?.());
    const made: DataBuffer[] = [];
    const up = (v: unknown): unknown => {
      if (isTypedArray(v)) {
        const b = DataBuffer.fromHost(v);
        made.push(b);
        return b;
      }
      if (Array.isArray(v) && v.length > 0 && v.every(isTypedArray)) return v.map(up);
      return v;
    };
    const folds: Fold[] = [];
    try {
      const Xs = up(X) as SplitInput;
      const ys = up(y) as SplitInput | undefined;
      if (ys !== undefined && numRows(op, ys) !== numRows(op, Xs)) throw new ShapeError(`${op}: expected y of length ${numRows(op, Xs)} (as X), got ${numRows(op, ys)}`);
      const cv = typeof this.options.cv === 'number' ? (ys !== undefined && isClassifier(this.estimator) ? new StratifiedKFold({ nSplits: this.options.cv }) : new KFold({ nSplits: this.options.cv })) : this.options.cv;
      for await (const f of cv.split(Xs, ys)) folds.push(f);
      const nTasks = folds.length * candidates.length;
      const { execution, outcomes } = await this.runTasks(op, X, y, Xs, ys, folds, candidates, nTasks);
      const failedAt = outcomes.findIndex((o) => o !== undefined && !o.ok);
      if (failedAt >= 0) {
        const o = outcomes[failedAt] as Extract<TaskOutcome, { ok: false }>;
        const c = failedAt % candidates.length;
        const f = Math.floor(failedAt / candidates.length);
        throw typedError(o.name, `${op} (candidate ${c} of ${candidates.length}, ${showCandidate(candidates[c]!)}, fold ${f}): ${o.message}`);
      }
      const results = candidates.map((_, c) => folds.map((_f, f) => (outcomes[f * candidates.length + c] as Extract<TaskOutcome, { ok: true }>).result));
      const cvResults = buildCvResults(candidates, this.grid.keys, results, this.options.returnTrainScore);
      const bestIndex = cvResults.rankTestScore.indexOf(1);
      let best: E | undefined;
      let refitTime = 0;
      if (this.options.refit) {
        const t0 = performance.now();
        best = this.candidateModel(op, candidates[bestIndex]!, bestIndex) as E;
        if (y === undefined) await best.fit(X as never);
        else await best.fit(X as never, y as never);
        refitTime = (performance.now() - t0) / 1000;
      }
      this.result?.best?.dispose?.();
      this.result = { cvResults, bestIndex, best, execution, refitTime };
      return this;
    } finally {
      for (const f of folds) (f.train.dispose(), f.test.dispose());
      made.forEach((b) => b.dispose());
    }
  }

  /** A fresh clone with candidate i's options; the estimator's own error, naming the candidate. */
  private candidateModel(op: string, c: Candidate, i: number): SearchEstimator {
    const m = this.estimator.clone();
    try {
      return m.setParams(c as never);
    } catch (e) {
      const err = e as Error;
      throw typedError(err?.name ?? 'Error', `${op} (candidate ${i} of ${this.grid.length}, ${showCandidate(c)}): ${err?.message ?? String(e)}`);
    }
  }

  /** The outcomes by task (fold-major), on workers, batched on the device, or one by one. */
  private async runTasks(op: string, X: MatrixInput, y: unknown, Xs: SplitInput, ys: SplitInput | undefined, folds: Fold[], candidates: Candidate[], nTasks: number): Promise<{ execution: SearchExecution; outcomes: Array<TaskOutcome | undefined> }> {
    const onDevice = activeBackend() === 'webgpu';
    const device = onDevice && this.options.nJobs !== 1;
    let reason = device ? 'WebGPU: candidates of a fold share the device queue' : onDevice ? 'nJobs is 1' : '';
    if (!onDevice) {
      const cores = await availableCores();
      const want = this.options.nJobs === undefined ? Math.min(cores, nTasks) : this.options.nJobs === -1 ? cores : this.options.nJobs;
      const n = Math.min(want, nTasks);
      const plan = n < 2 ? (nTasks < 2 ? 'one task' : 'nJobs is 1') : await this.workerPlan(op, X, y, candidates);
      if (typeof plan !== 'string') {
        const outcomes = await runOnWorkers(
          {
            ...plan,
            folds: await Promise.all(folds.map(async (f) => ({ train: Int32Array.from(await f.train.toArray()), test: Int32Array.from(await f.test.toArray()) }))),
            scoring: this.scoringName,
            returnTrainScore: this.options.returnTrainScore,
            tasks: folds.flatMap((_, f) => plan.params.map((params) => ({ fold: f, params }))),
          },
          n,
        );
        if (outcomes) return { execution: { mode: 'workers', workers: n, reason: `nJobs ${n} on the CPU backend` }, outcomes };
        reason = 'no worker threads (no compiled search-worker.js, or a worker does not register the estimator)';
      } else reason = plan;
    }
    const outcomes = new Array<TaskOutcome | undefined>(nTasks);
    const task = async (fd: Awaited<ReturnType<typeof selectFold>>, c: number): Promise<TaskOutcome> => {
      try {
        return { ok: true, result: await runTask(this.candidateModel(op, candidates[c]!, c), fd, this.scorer, this.options.returnTrainScore) };
      } catch (e) {
        const err = e as Error;
        return { ok: false, name: err?.name ?? 'Error', message: String(err?.message ?? e) };
      }
    };
    for (let f = 0; f < folds.length; f++) {
      const fd = await selectFold(op, Xs, ys, folds[f]!.train, folds[f]!.test);
      let failed = false;
      try {
        if (device) {
          const all = await Promise.all(candidates.map((_, c) => task(fd, c)));
          all.forEach((o, c) => (outcomes[f * candidates.length + c] = o));
          failed = all.some((o) => !o.ok);
        } else {
          for (let c = 0; c < candidates.length && !failed; c++) {
            const o = await task(fd, c);
            outcomes[f * candidates.length + c] = o;
            failed = !o.ok;
          }
        }
      } finally {
        fd.release();
      }
      if (failed) break;
    }
    return { execution: { mode: device ? 'device-batched' : 'in-process', workers: 0, reason }, outcomes };
  }

  /** What the workers need, or why the search stays in process. */
  private async workerPlan(op: string, X: MatrixInput, y: unknown, candidates: Candidate[]): Promise<{ estimator: EstimatorJSON; params: Persisted[]; data: () => Promise<NonNullable<Awaited<ReturnType<typeof hostData>>>> } | string> {
    if (this.scoringName === null && this.options.scoring !== undefined) return 'scoring is a function';
    const est = this.estimator as unknown as Estimator<object, object>;
    let json: EstimatorJSON;
    try {
      json = { ...est.toJSON(), state: null };
      if (estimatorFromJSON(json).constructor !== est.constructor) return `${est.name} is registered to another class`;
    } catch {
      return 'the estimator is not a registered one (registerEstimator)';
    }
    let params: Persisted[];
    try {
      params = candidates.map((c) => encodeJSON(c, op));
    } catch {
      return 'a candidate holds values that are not plain data';
    }
    const first = await hostData(op, X, y);
    if (!first) return 'y is a column that does not travel to a worker (nested or timestamp)';
    let given = false;
    const data = async () => {
      if (!given) return ((given = true), first);
      return (await hostData(op, X, y))!;
    };
    return { estimator: json, params, data };
  }

  private best(method: string): E & Record<string, unknown> {
    const r = this.done(method);
    if (!r.best) throw new NotFittedError(`GridSearchCV.${method}: expected a search run with refit: true, got refit: false`);
    return r.best as E & Record<string, unknown>;
  }

  private async call(method: string, args: unknown[]): Promise<never> {
    const b = this.best(method);
    const fn = b[method];
    if (typeof fn !== 'function') throw new ValueError(`GridSearchCV.${method}: expected a best estimator with ${method}(), got ${String((b as { name?: string }).name ?? 'one without it')}`);
    return await (fn as (...a: unknown[]) => Promise<never>).apply(b, args);
  }

  /**
   * The best estimator's predictions (refit: true).
   *
   * @example
   * ```ts
   * const X = [[0], [1], [2], [10], [11], [12]];
   * const search = await new gf.GridSearchCV(new gf.KNeighborsClassifier(), { nNeighbors: [1, 3] }, { cv: 2 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
   * const labels = await search.predict([[1.5], [9]]);
   * await (labels as gf.Column).toValues(); // ['a', 'b']
   * ```
   */
  predict<R = unknown>(X: MatrixInput, columns?: readonly string[]): Promise<R> {
    return this.call('predict', [X, columns]);
  }

  /**
   * The best estimator's class probabilities (refit: true, a classifier with predictProba).
   *
   * @example
   * ```ts
   * const X = [[0], [1], [2], [10], [11], [12]];
   * const search = await new gf.GridSearchCV(new gf.KNeighborsClassifier(), { nNeighbors: [1, 3] }, { cv: 2 }).fit(X, [0, 0, 0, 1, 1, 1]);
   * const proba = await search.predictProba([[1.5], [9]]); // a DataBuffer per class
   * await (proba as gf.DataBuffer[])[1]!.toArray(); // Float64Array [0, 1]
   * ```
   */
  predictProba<R = unknown>(X: MatrixInput, columns?: readonly string[]): Promise<R> {
    return this.call('predictProba', [X, columns]);
  }

  /**
   * The best estimator's score on X and y with the search's scoring (refit: true), as
   * scikit-learn's GridSearchCV.score.
   *
   * @example
   * ```ts
   * const search = await new gf.GridSearchCV(new gf.Ridge(), { alpha: [0.1, 10] }, { cv: 2 }).fit([[0], [1], [2], [3]], [1, 3, 5, 7]);
   * await search.score([[4], [5]], [9, 11]); // 0.9857… (R² of the best alpha, 0.1)
   * ```
   */
  async score(X: MatrixInput, y?: unknown): Promise<number> {
    const b = this.best('score');
    if (typeof y === 'string' && X instanceof DataFrame) y = X.column(y);
    return this.scorer(b as never, X, y);
  }

  /** Free the refitted estimator's device memory. */
  dispose(): void {
    this.result?.best?.dispose?.();
    this.result = undefined;
  }
}
