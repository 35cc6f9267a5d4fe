/**
 * One task of a grid search — fit a fresh estimator with one candidate's options on one fold's
 * train rows and score it — and the host copies of X and y that carry a search to a worker
 * thread. The same `runTask` runs in process and in the workers (./search-worker.ts), and the
 * workers rebuild X and y as the inputs the estimators resolve identically (float columns
 * with their names and nulls, y as given), so a task's scores are the same bits on either.
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { DTypeName, TypedArray } from '../../src/dtypes.js';
import { DataFrame } from '../../frame/data-frame.js';
import { resolveInput, type InputKind, type MatrixInput } from '../matrix-input.js';
import { selectRows, type SplitInput } from './rows.js';
import type { SearchScorer } from './scorers.js';

/** What a search needs of an estimator: clone, setParams, fit and score (dispose if it has it). */
export interface SearchEstimator {
  clone(): SearchEstimator;
  setParams(options: never): SearchEstimator;
  fit(...args: never[]): Promise<unknown>;
  score(...args: never[]): Promise<number>;
  dispose?(): void;
}

/** One task's outcome: test (and train) score, and seconds spent fitting and scoring. */
export interface TaskResult {
  test: number;
  train: number;
  fitTime: number;
  scoreTime: number;
}

/** One fold's rows of X and y, selected once and shared by every candidate of the fold. */
export interface FoldData {
  XTrain: unknown;
  yTrain: unknown;
  XTest: unknown;
  yTest: unknown;
  release(): void;
}

/** Free selected rows (frames, Columns, DataBuffers, arrays of those). */
export function releaseRows(x: unknown): void {
  if (x instanceof DataFrame || x instanceof DataBuffer) x.dispose();
  else if (x instanceof Column) x.buffers().forEach((b) => b.dispose());
  else if (Array.isArray(x)) x.forEach(releaseRows);
}

/** The rows `train` and `test` of X and y (y undefined for an unsupervised search). */
export async function selectFold(op: string, X: SplitInput, y: SplitInput | undefined, train: DataBuffer<'int32'>, test: DataBuffer<'int32'>): Promise<FoldData> {
  const parts: unknown[] = [];
  const pick = async (from: SplitInput | undefined, rows: DataBuffer<'int32'>) => {
    if (from === undefined) return undefined;
    const r = await selectRows(op, from, rows);
    parts.push(r);
    return r;
  };
  try {
    return {
      XTrain: await pick(X, train),
      yTrain: await pick(y, train),
      XTest: await pick(X, test),
      yTest: await pick(y, test),
      release: () => parts.forEach(releaseRows),
    };
  } catch (e) {
    parts.forEach(releaseRows);
    throw e;
  }
}

/** Fit `model` (a fresh clone with the candidate's options) on the fold and score it; disposes it. */
export async function runTask(model: SearchEstimator, fold: FoldData, scorer: SearchScorer, trainScore: boolean): Promise<TaskResult> {
  try {
    const t0 = performance.now();
    if (fold.yTrain === undefined) await model.fit(fold.XTrain as never);
    else await model.fit(fold.XTrain as never, fold.yTrain as never);
    const t1 = performance.now();
    const test = await scorer(model, fold.XTest, fold.yTest);
    const t2 = performance.now();
    const train = trainScore ? await scorer(model, fold.XTrain, fold.yTrain) : NaN;
    return { test, train, fitTime: (t1 - t0) / 1000, scoreTime: (t2 - t1) / 1000 };
  } finally {
    model.dispose?.();
  }
}

// ---- host copies for the workers ----

/** A flat column as host arrays (copies the receiving thread owns). */
export interface HostColumn {
  type: ColumnType;
  dtype: DTypeName;
  data: TypedArray;
  validity: Uint8Array | undefined;
  dictionary: string[] | undefined;
}

/** X as the estimators resolve it (float columns, names, nulls, output kind) and y as given. */
export interface HostData {
  kind: InputKind;
  names: string[];
  X: HostColumn[];
  y: { column: HostColumn } | { array: TypedArray | number[] | string[] } | undefined;
}

const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

async function hostColumn(c: Column): Promise<HostColumn | undefined> {
  if (c.children.length > 0 || c.unit !== undefined) return undefined;
  return {
    type: c.type,
    dtype: c.data.dtype,
    data: (await c.data.toArray()).slice() as TypedArray,
    validity: c.validity ? (await c.validity.toArray()).slice() : undefined,
    dictionary: c.dictionary ? [...c.dictionary] : undefined,
  };
}

/**
 * One worker's copy of X and y, or undefined where y has a form that does not travel (a
 * nested or timestamp column), and the search then runs in process.
 */
export async function hostData(op: string, X: MatrixInput, y: unknown): Promise<HostData | undefined> {
  let yHost: HostData['y'];
  if (y instanceof Column) {
    const c = await hostColumn(y);
    if (!c) return undefined;
    yHost = { column: c };
  } else if (y instanceof DataBuffer) yHost = { array: (await y.toArray()).slice() as TypedArray };
  else if (isTypedArray(y)) yHost = { array: y.slice() };
  else if (Array.isArray(y)) yHost = { array: [...(y as number[])] };
  else if (y !== undefined) return undefined;
  const m = await resolveInput(op, X);
  try {
    const cols: HostColumn[] = [];
    for (let j = 0; j < m.d; j++) {
      const v = m.validity[j];
      cols.push({
        type: m.cols[j]!.dtype as ColumnType,
        dtype: m.cols[j]!.dtype,
        data: (await m.cols[j]!.toArray()).slice() as TypedArray,
        validity: v ? (await v.toArray()).slice() : undefined,
        dictionary: undefined,
      });
    }
    return { kind: m.kind, names: m.names, X: cols, y: yHost };
  } finally {
    m.release();
  }
}

/** The buffers of a HostData, to transfer it. */
export function transferList(d: HostData): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: ArrayBufferView | undefined) => a && out.push(a.buffer as ArrayBuffer);
  for (const c of d.X) (add(c.data), add(c.validity));
  if (d.y && 'column' in d.y) (add(d.y.column.data), add(d.y.column.validity));
  else if (d.y && isTypedArray(d.y.array)) add(d.y.array);
  return out;
}

function rebuild(c: HostColumn): Column {
  return new Column({
    type: c.type,
    data: DataBuffer.fromHost(c.data, c.dtype),
    validity: c.validity ? DataBuffer.fromHost(c.validity, 'uint8') : undefined,
    dictionary: c.dictionary,
  });
}

/** A worker's X and y from its HostData: a DataFrame (frame kind) or DataBuffers (array kind). */
export function fromHost(d: HostData): { X: SplitInput; y: SplitInput | undefined } {
  const X: SplitInput =
    d.kind === 'frame' ? new DataFrame(d.names.map((nm, j) => [nm, rebuild(d.X[j]!)] as const)) : d.X.map((c) => DataBuffer.fromHost(c.data, c.dtype));
  let y: SplitInput | undefined;
  if (d.y && 'column' in d.y) y = rebuild(d.y.column);
  else if (d.y) y = isTypedArray(d.y.array) ? DataBuffer.fromHost(d.y.array) : (d.y.array as number[] | string[]);
  return { X, y };
}
