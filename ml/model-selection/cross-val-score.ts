/**
 * scikit-learn's `cross_val_score`: fit a fresh clone of the estimator on each fold's train
 * rows and score it on the test rows, folds in order (sequentially: GridSearchCV's parallel
 * fits are a separate piece).
 */
import { ShapeError, ValueError } from '../../src/errors.js';
import { checkOptions as checkStrict, showValue } from '../../src/options.js';
import { Column } from '../../src/column/column.js';
import { DataFrame } from '../../frame/data-frame.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { TypedArray } from '../../src/dtypes.js';
import { KFold, StratifiedKFold } from './k-fold.js';
import { numRows, selectRows, type SplitInput } from './rows.js';
import { resolveScoring } from './scorers.js';

/** What crossValScore needs of an estimator: clone, fit and score (supervised, or unsupervised without y). */
export interface CrossValEstimator {
  clone(): CrossValEstimator;
  fit(X: never, y: never, ...rest: never[]): Promise<unknown>;
  score(X: never, y: never, ...rest: never[]): Promise<number>;
  dispose?(): void;
}

/** A scorer: a number per fitted estimator and test rows (greater is better, as scikit-learn's). */
export type Scorer = (estimator: CrossValEstimator, X: unknown, y: unknown) => Promise<number>;

/** Options of crossValScore. */
export interface CrossValScoreOptions {
  /** Folds: a number (default 5: StratifiedKFold for a classifier with y, else KFold, unshuffled), or a KFold/StratifiedKFold. */
  cv?: number | KFold | StratifiedKFold;
  /**
   * How each fold is scored: undefined (the estimator's own `score`), a scikit-learn scorer
   * name ('accuracy', 'f1_macro', 'r2', 'neg_mean_absolute_error', …: GridSearchCV's table,
   * see `scoring` there) or a function.
   */
  scoring?: string | Scorer;
}

const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

/**
 * Whether an estimator is a classifier, as scikit-learn's `is_classifier`: its class has a
 * static `estimatorType` of 'classifier', or it has a `classes` attribute (a fitted classifier's
 * sorted labels; a getter on the class counts before fit).
 *
 * @example
 * ```ts
 * gf.isClassifier(new gf.KNeighborsClassifier()); // true
 * gf.isClassifier(new gf.Ridge());                // false
 * ```
 */
export function isClassifier(estimator: object): boolean {
  if (estimator === null || typeof estimator !== 'object') throw new ValueError(`isClassifier: expected an estimator, got ${showValue(estimator)}`);
  const ctor = estimator.constructor as { estimatorType?: string };
  return ctor.estimatorType === 'classifier' || 'classes' in estimator;
}

/** Host inputs uploaded once (typed arrays → DataBuffers) so every fold gathers from the same buffers. */
function once(X: unknown, made: DataBuffer[]): unknown {
  const up = (a: TypedArray) => {
    const b = DataBuffer.fromHost(a);
    made.push(b);
    return b;
  };
  if (isTypedArray(X)) return up(X);
  if (Array.isArray(X) && X.length > 0 && X.every(isTypedArray)) return X.map(up);
  if (Array.isArray(X) && X.length > 0 && Array.isArray(X[0])) {
    const rows = X as number[][];
    return rows[0]!.map((_, j) => up(Float64Array.from(rows, (r) => r[j]!)));
  }
  return X;
}

/** Free a fold's selected rows (frames, Columns, DataBuffers). */
function release(x: unknown): void {
  if (x instanceof DataFrame || x instanceof DataBuffer) x.dispose();
  else if (x instanceof Column) x.buffers().forEach((b) => b.dispose());
  else if (Array.isArray(x)) x.forEach(release);
}

/**
 * scikit-learn's `cross_val_score(estimator, X, y, cv=..., scoring=...)`: one score per fold,
 * each from `estimator.clone()` fitted on the fold's train rows. With `cv` a number (default
 * 5) a classifier given y is split by StratifiedKFold, anything else by KFold, as scikit-learn
 * (`isClassifier` says which). y may be undefined for an unsupervised estimator (KMeans), or
 * a column name of X's frame (that column is then not a feature). `scoring` takes the same
 * scorer names as GridSearchCV (one shared table), e.g. 'neg_mean_absolute_error'.
 *
 * @example
 * ```ts
 * const X = [[0], [1], [2], [3], [4], [5]];
 * const y = [1, 3, 5, 7, 9, 11];
 * const scores = await gf.crossValScore(new gf.LinearRegression(), X, y, { cv: 3 }); // R² per fold
 * scores; // Float64Array [1, 1, 1] (to rounding: y is exactly linear)
 * ```
 */
export async function crossValScore(estimator: CrossValEstimator, X: SplitInput, y?: SplitInput | string, options: CrossValScoreOptions = {}): Promise<Float64Array> {
  const op = 'crossValScore';
  checkStrict(op, options, ['cv', 'scoring']);
  if (!estimator || typeof estimator.clone !== 'function' || typeof estimator.fit !== 'function') {
    throw new ValueError(`${op}: expected an estimator with clone, fit and score, got ${Object.prototype.toString.call(estimator)}`);
  }
  const scoring = resolveScoring(op, options.scoring).scorer;
  if (typeof y === 'string') {
    if (!(X instanceof DataFrame)) throw new ValueError(`${op}: expected y a vector, or a column name with X a DataFrame, got the name '${y}' with X not a frame`);
    const name = y;
    y = X.column(name);
    X = X.drop(name);
  }
  const cvOpt = options.cv ?? 5;
  let cv: KFold | StratifiedKFold;
  if (typeof cvOpt === 'number') cv = y !== undefined && isClassifier(estimator) ? new StratifiedKFold({ nSplits: cvOpt }) : new KFold({ nSplits: cvOpt });
  else if (cvOpt instanceof KFold || cvOpt instanceof StratifiedKFold) cv = cvOpt;
  else throw new ValueError(`${op}: expected cv a number, KFold or StratifiedKFold, got ${Object.prototype.toString.call(cvOpt)}`);
  const made: DataBuffer[] = [];
  try {
    const Xs = once(X, made) as SplitInput;
    const ys = y === undefined ? undefined : (once(y, made) as SplitInput);
    if (ys !== undefined && numRows(op, ys) !== numRows(op, Xs)) {
      throw new ShapeError(`${op}: expected y of length ${numRows(op, Xs)} (as X), got ${numRows(op, ys)}`);
    }
    const scores: number[] = [];
    for await (const { train, test } of cv.split(Xs, ys)) {
      const model = estimator.clone();
      const parts: unknown[] = [];
      const pick = async (from: SplitInput, rows: DataBuffer<'int32'>) => {
        const r = await selectRows(op, from, rows);
        parts.push(r);
        return r;
      };
      try {
        const XTrain = await pick(Xs, train);
        if (ys === undefined) await (model.fit as (X: unknown) => Promise<unknown>).call(model, XTrain);
        else await model.fit(XTrain as never, (await pick(ys, train)) as never);
        scores.push(await scoring(model as never, await pick(Xs, test), ys === undefined ? undefined : await pick(ys, test)));
      } finally {
        train.dispose();
        test.dispose();
        model.dispose?.();
        parts.forEach(release);
      }
    }
    return Float64Array.from(scores);
  } finally {
    made.forEach((b) => b.dispose());
  }
}
