/**
 * KFold and StratifiedKFold, as scikit-learn 1.2: `split(X, y?)` yields each fold's train and
 * test rows (int32 index DataBuffers, ascending, on the backend). With `shuffle: false` the
 * folds equal scikit-learn's exactly. With `shuffle: true` they come from the project's seeded
 * generator (src/random.ts, mulberry32), so they are reproducible for a seed but cannot equal
 * numpy's (scikit-learn's `random_state` draws from numpy's Mersenne Twister).
 */
import { ValueError } from '../../src/errors.js';
import { checkOptions as checkStrict } from '../../src/options.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { foldRows, kFoldNumbers, stratifiedFoldNumbers } from './folds.js';
import { numRows, type SplitInput } from './rows.js';

/** Options of KFold and StratifiedKFold (scikit-learn's names in camelCase; `seed` is random_state). */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  nSplits?: number;
  /** Shuffle before splitting (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle (only with `shuffle: true`; default a random seed). */
  seed?: number;
}

/** One split: the rows to fit on and the rows to score on. */
export interface Fold {
  readonly train: DataBuffer<'int32'>;
  readonly test: DataBuffer<'int32'>;
}

function checkOptions(op: string, o: KFoldOptions): Required<Omit<KFoldOptions, 'seed'>> & { seed: number | undefined } {
  const known = ['nSplits', 'shuffle', 'seed'];
  checkStrict(op, o, known, { random_state: 'seed', randomState: 'seed' });
  o ??= {};
  const nSplits = o.nSplits ?? 5;
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new ValueError(`${op}: expected nSplits an integer >= 2, got ${String(nSplits)}`);
  if (o.shuffle !== undefined && typeof o.shuffle !== 'boolean') throw new ValueError(`${op}: expected shuffle a boolean, got ${String(o.shuffle)}`);
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= 0 && o.seed < 2 ** 32)) throw new ValueError(`${op}: expected seed an integer in [0, 2^32), got ${String(o.seed)}`);
  if (o.seed !== undefined && !o.shuffle) throw new ValueError(`${op}: expected shuffle: true with a seed (a seed has no effect otherwise, as scikit-learn refuses random_state), got seed ${o.seed}`);
  return { nSplits, shuffle: o.shuffle ?? false, seed: o.seed };
}

abstract class BaseKFold {
  protected readonly o: ReturnType<typeof checkOptions>;
  constructor(op: string, options: KFoldOptions) {
    this.o = checkOptions(op, options);
  }
  /** The number of folds. */
  getNSplits(): number {
    return this.o.nSplits;
  }
  /** Fold number per sample. */
  protected abstract folds(X: SplitInput, y: unknown, n: number): Promise<DataBuffer<'int32'>>;

  /** Each fold's { train, test } rows, in fold order; the caller owns (and may dispose) them. */
  async *split(X: SplitInput, y?: unknown): AsyncGenerator<Fold> {
    const n = numRows(`${this.constructor.name}.split`, X);
    if (this.o.nSplits > n) throw new ValueError(`${this.constructor.name}.split: expected nSplits (${this.o.nSplits}) at most the number of samples, got ${n} samples`);
    const folds = await this.folds(X, y, n);
    try {
      for (let f = 0; f < this.o.nSplits; f++) yield await foldRows(folds, f);
    } finally {
      folds.dispose();
    }
  }
}

/**
 * scikit-learn's KFold: consecutive blocks of rows (of a seeded permutation with `shuffle`),
 * the first n % nSplits folds one row longer.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ x: new Float64Array(10) });
 * const kf = new gf.KFold({ nSplits: 3 });
 * for await (const { train, test } of kf.split(df)) {
 *   console.log(await test.toArray()); // Int32Array [0, 1, 2, 3], then [4, 5, 6], then [7, 8, 9]
 * }
 * ```
 */
export class KFold extends BaseKFold {
  /**
   * @example
   * ```ts
   * new gf.KFold({ nSplits: 5, shuffle: true, seed: 0 }).getNSplits(); // 5
   * ```
   */
  constructor(options: KFoldOptions = {}) {
    super('KFold', options);
  }
  protected async folds(_X: SplitInput, _y: unknown, n: number): Promise<DataBuffer<'int32'>> {
    return kFoldNumbers(n, this.o.nSplits, this.o.shuffle, this.o.seed);
  }
}

/**
 * scikit-learn 1.2's StratifiedKFold: every fold holds each class in proportion (per-fold
 * counts of a class differ by at most one), class rows dealt to folds in row order. y is
 * required (a Column, DataBuffer, typed array, number[] or string[]).
 *
 * @example
 * ```ts
 * const X = [[0], [1], [2], [3], [4], [5]];
 * const skf = new gf.StratifiedKFold({ nSplits: 2 });
 * for await (const { train, test } of skf.split(X, ['a', 'a', 'a', 'a', 'b', 'b'])) {
 *   console.log(await test.toArray()); // Int32Array [0, 1, 4], then [2, 3, 5]
 * }
 * ```
 */
export class StratifiedKFold extends BaseKFold {
  /**
   * @example
   * ```ts
   * new gf.StratifiedKFold({ nSplits: 3 }).getNSplits(); // 3
   * ```
   */
  constructor(options: KFoldOptions = {}) {
    super('StratifiedKFold', options);
  }
  protected async folds(_X: SplitInput, y: unknown, n: number): Promise<DataBuffer<'int32'>> {
    if (y === undefined) throw new ValueError('StratifiedKFold.split: expected y (the class labels), got undefined');
    return stratifiedFoldNumbers('StratifiedKFold.split', y, n, this.o.nSplits, this.o.shuffle, this.o.seed);
  }
}
