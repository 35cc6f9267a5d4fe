/**
 * scikit-learn 1.2's `train_test_split`: the sizes as `_validate_shuffle_split` computes them,
 * the rows selected in the input's kind (ml/model-selection/rows.ts). Without shuffling the
 * train rows are the first nTrain and the test rows the next nTest (scikit-learn's exactly).
 * Shuffled splits use the project's seeded generator (src/random.ts): reproducible for a seed,
 * never numpy's draws. Stratified splits take scikit-learn's per-class counts
 * (`_approximate_mode`, ties broken by the seeded generator) and choose each class's rows by
 * a seeded permutation, looked up per sample on the backend.
 */
import { ShapeError, ValueError } from '../../src/errors.js';
import { checkOptions as checkStrict } from '../../src/options.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { Column } from '../../src/column/column.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { sequence } from '../../kernels/sequence/sequence.js';
import { gather } from '../../kernels/gather/gather.js';
import { generator, perClassValues, segmentStarts, shuffleInPlace } from './folds.js';
import { numRows, selectRows, type Selected, type SplitInput } from './rows.js';

/** Options of trainTestSplit (scikit-learn's names in camelCase; `seed` is random_state). */
export interface TrainTestSplitOptions {
  /** A fraction in (0, 1) (rounded up) or a number of rows; default 0.25 when trainSize is unset too. */
  testSize?: number;
  /** A fraction in (0, 1) (rounded down) or a number of rows; default the rest. */
  trainSize?: number;
  /** Shuffle first (default true). */
  shuffle?: boolean;
  /** Seed of the shuffle (default a random seed). */
  seed?: number;
  /** Class labels to stratify by (needs shuffle): a Column, DataBuffer, typed array, number[] or string[]. */
  stratify?: unknown;
}

/** The split: X's (and y's) rows for training and testing, each in the input's kind. */
export interface TrainTestSplit<X, Y> {
  readonly XTrain: Selected<X>;
  readonly XTest: Selected<X>;
  readonly yTrain: Y extends undefined ? undefined : Selected<Y>;
  readonly yTest: Y extends undefined ? undefined : Selected<Y>;
}

function sizeOf(op: string, what: string, v: number, n: number, up: boolean): number {
  if (Number.isInteger(v) && v >= 1) {
    if (v >= n) throw new ValueError(`${op}: expected ${what} below the number of samples (${n}) or a fraction in (0, 1), got ${v}`);
    return v;
  }
  if (!(typeof v === 'number' && v > 0 && v < 1)) throw new ValueError(`${op}: expected ${what} a fraction in (0, 1) or a positive number of rows, got ${String(v)}`);
  return up ? Math.ceil(v * n) : Math.floor(v * n);
}

/** scikit-learn's _validate_shuffle_split: [nTrain, nTest]. */
export function splitSizes(op: string, n: number, testSize: number | undefined, trainSize: number | undefined): [number, number] {
  if (testSize === undefined && trainSize === undefined) testSize = 0.25;
  if (testSize !== undefined && trainSize !== undefined && testSize < 1 && trainSize < 1 && testSize + trainSize > 1) {
    throw new ValueError(`${op}: expected testSize + trainSize at most 1, got ${testSize + trainSize}`);
  }
  let nTest = testSize === undefined ? undefined : sizeOf(op, 'testSize', testSize, n, true);
  let nTrain = trainSize === undefined ? undefined : sizeOf(op, 'trainSize', trainSize, n, false);
  if (nTrain === undefined) nTrain = n - nTest!;
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) throw new ValueError(`${op}: expected nTrain + nTest at most the ${n} samples, got ${nTrain} + ${nTest}`);
  if (nTrain === 0) throw new ValueError(`${op}: expected a non-empty train set with ${n} samples, testSize ${String(testSize)} and trainSize ${String(trainSize)}, got 0 train rows`);
  return [nTrain, nTest];
}

/** scikit-learn's _approximate_mode: counts summing to `draws`, close to proportional; ties by the generator. */
export function approximateMode(counts: readonly number[], draws: number, rng: () => number): number[] {
  const total = counts.reduce((s, v) => s + v, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((s, v) => s + v, 0);
  const remainder = continuous.map((c, i) => c - floored[i]!);
  const values = [...new Set(remainder)].sort((a, b) => b - a);
  for (const value of values) {
    if (need <= 0) break;
    const inds = remainder.flatMap((r, i) => (r === value ? [i] : []));
    shuffleInPlace(inds, rng);
    const now = Math.min(inds.length, need);
    for (let k = 0; k < now; k++) floored[inds[k]!]!++;
    need -= now;
  }
  return floored;
}

/** Row numbers where `role` (0 train, 1 test, 2 neither) equals r, ascending, as int32. */
async function rowsWithRole(role: DataBuffer<'int32'>, r: number): Promise<DataBuffer<'int32'>> {
  const rows = sequence(role.length);
  try {
    const df = new DataFrame({ i: new Column({ type: 'uint32', data: rows }), g: new Column({ type: 'int32', data: role }) });
    const sel = await df.filter(col('g').eq(r));
    const out = await sel.eval(col('i').cast('int32'));
    return out.data as DataBuffer<'int32'>;
  } finally {
    rows.dispose();
  }
}

/** Reorder int32 row numbers by a seeded permutation (a gather). */
function permuted(rows: DataBuffer<'int32'>, rng: () => number): DataBuffer<'int32'> {
  const perm = DataBuffer.fromHost(shuffleInPlace(Int32Array.from({ length: rows.length }, (_, i) => i), rng), 'int32');
  try {
    return gather(rows, perm, { inRange: true }).values as DataBuffer<'int32'>;
  } finally {
    perm.dispose();
    rows.dispose();
  }
}

/** The train and test row numbers (int32), as scikit-learn orders them. */
async function splitRows(op: string, n: number, o: TrainTestSplitOptions): Promise<[DataBuffer<'int32'>, DataBuffer<'int32'>]> {
  const [nTrain, nTest] = splitSizes(op, n, o.testSize, o.trainSize);
  const shuffle = o.shuffle ?? true;
  if (!shuffle) {
    if (o.stratify !== undefined) throw new ValueError(`${op}: expected shuffle: true with stratify (scikit-learn refuses stratify without shuffling), got shuffle false`);
    const cast = async (s: DataBuffer<'uint32'>) => {
      const c = await new DataFrame({ s: new Column({ type: 'uint32', data: s }) }).eval(col('s').cast('int32'));
      s.dispose();
      return c.data as DataBuffer<'int32'>;
    };
    return [await cast(sequence(nTrain)), await cast(sequence(nTest, nTrain))];
  }
  const rng = generator(o.seed);
  if (o.stratify === undefined) {
    const perm = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), rng);
    return [DataBuffer.fromHost(perm.slice(nTest, nTest + nTrain), 'int32'), DataBuffer.fromHost(perm.slice(0, nTest), 'int32')];
  }
  const role = await perClassValues(op, 'stratify', o.stratify, n, ({ sizes }) => {
    if (Math.min(...sizes) < 2) throw new ValueError(`${op}: expected at least 2 members in every class of stratify, got a class with 1`);
    if (nTrain < sizes.length || nTest < sizes.length) throw new ValueError(`${op}: expected train and test sizes at least the number of classes (${sizes.length}), got ${nTrain} and ${nTest}`);
    const ni = approximateMode(sizes, nTrain, rng);
    const ti = approximateMode(sizes.map((s, i) => s - ni[i]!), nTest, rng);
    const table = new Int32Array(n);
    const starts = segmentStarts(sizes);
    sizes.forEach((size, code) => {
      const seg = table.subarray(starts[code]!, starts[code]! + size);
      seg.fill(2);
      const perm = shuffleInPlace(Int32Array.from({ length: size }, (_, i) => i), rng);
      for (let k = 0; k < ni[code]! + ti[code]!; k++) seg[perm[k]!] = k < ni[code]! ? 0 : 1;
    });
    return table;
  });
  try {
    return [permuted(await rowsWithRole(role, 0), rng), permuted(await rowsWithRole(role, 1), rng)];
  } finally {
    role.dispose();
  }
}

/**
 * scikit-learn's `train_test_split(X, y, test_size=..., train_size=..., shuffle=..., random_state=..., stratify=...)`:
 * X's rows (and y's) split in two, each in its input's kind (a frame gives frames, Columns
 * give Columns, DataBuffers, typed arrays and `number[][]` give DataBuffers). y may be
 * omitted. `stratify` keeps the class proportions in both parts.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), label: ['x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y'] });
 * const { XTrain, XTest, yTrain, yTest } = await gf.trainTestSplit(df.select('a'), df.column('label'), { testSize: 0.2, seed: 0, stratify: df.column('label') });
 * XTrain.height; // 8
 * await yTest.toValues(); // ['x', 'y'] (one of each class)
 * ```
 */
export async function trainTestSplit<X extends SplitInput, Y extends SplitInput | undefined = undefined>(X: X, y?: Y, options: TrainTestSplitOptions = {}): Promise<TrainTestSplit<X, Y>> {
  const op = 'trainTestSplit';
  const known = ['testSize', 'trainSize', 'shuffle', 'seed', 'stratify'];
  checkStrict(op, options, known, { random_state: 'seed', randomState: 'seed' });
  const n = numRows(op, X);
  if (y !== undefined && numRows(op, y) !== n) throw new ShapeError(`${op}: expected y of length ${n} (as X), got ${numRows(op, y)}`);
  const [train, test] = await splitRows(op, n, options);
  try {
    const XTrain = await selectRows(op, X, train);
    const XTest = await selectRows(op, X, test);
    const yTrain = y === undefined ? undefined : await selectRows(op, y, train);
    const yTest = y === undefined ? undefined : await selectRows(op, y, test);
    return { XTrain, XTest, yTrain, yTest } as TrainTestSplit<X, Y>;
  } finally {
    train.dispose();
    test.dispose();
  }
}
