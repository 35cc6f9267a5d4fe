/**
 * Inputs of the metrics, resolved on the backend: label pairs as int32 codes over the sorted
 * union of their classes, score vectors and probability matrices as float64 buffers checked
 * for nulls, NaN and ±Inf (one 'linalg/pack' pass whose per-column flags are a control read),
 * and the sums and counts the metrics read (reduce, histogram: a few control-read words).
 */
import { Column } from '../../src/column/column.js';
import { uniqueSortedUtf8 } from '../../src/column/utf8-order.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { TypedArray } from '../../src/dtypes.js';
import { run } from '../../kernels/registry.js';
import { reduce, type ReduceOp } from '../../kernels/reduce/reduce.js';
import { histogram } from '../../kernels/histogram/histogram.js';
import { linalgPack } from '../../kernels/linalg/pack.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { readControl } from '../control.js';
import { encodeLabels, labelColumn, type Classes, type EncodedLabels } from '../labels.js';
import { resolveInput, resolveVector, type MatrixInput } from '../matrix-input.js';

/** A label vector: a Column, DataBuffer, typed array, number[] or string[]. */
export type LabelsInput = Column | DataBuffer | TypedArray | readonly number[] | readonly string[];

/** A score vector (one float per sample): a Column, DataBuffer, typed array or number[]. */
export type ScoresInput = Column | DataBuffer | TypedArray | readonly number[];

/**
 * Per-class scores or probabilities, one column per class (the output kinds of `predictProba`:
 * a DataFrame, Columns or DataBuffers), or `number[][]` with one row per sample; a single
 * vector for a binary problem (the positive class's score).
 */
export type ProbaInput = ScoresInput | MatrixInput;

const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

/** Whether a score input is one vector (not a matrix). */
export function isVectorInput(y: unknown): y is ScoresInput {
  return y instanceof Column || y instanceof DataBuffer || isTypedArray(y) || (Array.isArray(y) && y.every((v) => typeof v === 'number'));
}

/** Two label vectors of one length, as codes over the sorted union of their classes. */
export interface LabelPair {
  readonly t: DataBuffer<'int32'>;
  readonly p: DataBuffer<'int32'>;
  readonly classes: Classes;
  readonly n: number;
  release(): void;
}

/** A label input as a Column (what it made goes to `made`). */
function asColumn(op: string, what: string, y: unknown, made: Array<{ dispose(): void }>): Column {
  const { column, owned } = labelColumn(op, what, undefined, y);
  if (owned) made.push({ dispose: () => column.buffers().forEach((b) => b.dispose()) });
  return column;
}

/** Numeric labels widened to float64 when the two dtypes differ. */
async function asLabels(column: Column, widen: boolean, made: Array<{ dispose(): void }>): Promise<Column> {
  if (!widen || column.type === 'float64') return column;
  const wide = await new DataFrame({ y: column }).eval(col('y').cast('float64'));
  made.push({ dispose: () => wide.buffers().forEach((b) => b.dispose()) });
  return wide;
}

const isStringType = (c: Column) => c.type === 'utf8' || c.type === 'categorical';

/**
 * yTrue and yPred as codes over the sorted union of their labels (scikit-learn's
 * `unique_labels`). ShapeError naming yPred when the lengths differ; ValueError for nulls,
 * NaN, no samples, or strings mixed with numbers.
 */
export async function labelPair(op: string, yTrue: unknown, yPred: unknown, names: [string, string] = ['yTrue', 'yPred']): Promise<LabelPair> {
  const made: Array<{ dispose(): void }> = [];
  const release = () => made.forEach((m) => m.dispose());
  try {
    const ct = asColumn(op, names[0], yTrue, made);
    const cp = asColumn(op, names[1], yPred, made);
    const n = ct.length;
    const m = cp.length;
    if (m !== n) throw new ShapeError(`${op}: expected ${names[1]} of length ${n} (as ${names[0]}), got ${m}`);
    if (n === 0) throw new ValueError(`${op}: expected at least one sample in ${names[0]}, got none`);
    if (isStringType(ct) !== isStringType(cp)) throw new ValueError(`${op}: expected ${names[0]} and ${names[1]} both strings or both numbers, got ${ct.type} and ${cp.type}`);
    const widen = !isStringType(ct) && ct.type !== cp.type;
    const t0 = await asLabels(ct, widen, made);
    const p0 = await asLabels(cp, widen, made);
    const et = await encodeLabels(op, names[0], undefined, t0, n);
    made.push({ dispose: () => et.release() });
    const ep = await encodeLabels(op, names[1], undefined, p0, n);
    made.push({ dispose: () => ep.release() });
    const classes = union(et.classes, ep.classes);
    const t = sameClasses(et.classes, classes) ? et : await recode(op, names[0], t0, n, classes, made);
    const p = sameClasses(ep.classes, classes) ? ep : await recode(op, names[1], p0, n, classes, made);
    return { t: t.codes, p: p.codes, classes, n, release };
  } catch (e) {
    release();
    throw e;
  }
}

async function recode(op: string, what: string, c: Column, n: number, classes: Classes, made: Array<{ dispose(): void }>): Promise<EncodedLabels> {
  const e = await encodeLabels(op, what, undefined, c, n, classes);
  made.push({ dispose: () => e.release() });
  return e;
}

function sameClasses(a: Classes, b: Classes): boolean {
  return a.length === b.length && Array.from(a as ArrayLike<unknown>).every((v, i) => v === (b as ArrayLike<unknown>)[i]);
}

/** The sorted union of two sorted class lists (numbers ascending, strings by code point as the dictionary sorts). */
function union(a: Classes, b: Classes): Classes {
  if (Array.isArray(a)) return uniqueSortedUtf8([...(a as string[]), ...(b as string[])]);
  const all = [...new Set([...Array.from(a as ArrayLike<number>), ...Array.from(b as ArrayLike<number>)])].sort((x, y) => x - y);
  const Ctor = (a as TypedArray).constructor as new (v: number[]) => TypedArray;
  return new Ctor(all);
}

/** Counts of the pairs (t, p) as a row-major nt × np matrix: a histogram of t·np + p. */
export async function pairCounts(op: string, t: DataBuffer<'int32'>, p: DataBuffer<'int32'>, nt: number, np: number): Promise<Int32Array> {
  if (nt * np >= 2 ** 31) throw new ValueError(`${op}: expected fewer than 2^31 class pairs, got ${nt} × ${np}`);
  const df = new DataFrame({ t: new Column({ type: 'int32', data: t }), p: new Column({ type: 'int32', data: p }) });
  const keys = await df.eval(col('t').mul(np).add(col('p')).cast('uint32'));
  const h = histogram(keys.data as DataBuffer<'uint32'>, nt * np);
  keys.buffers().forEach((b) => b.dispose());
  try {
    return Int32Array.from(await readControl(h, op));
  } finally {
    h.dispose();
  }
}

/** One reduction of a buffer, read as a number (a control read). */
export async function reduceNumber(op: string, buf: DataBuffer, how: ReduceOp): Promise<number> {
  const r = reduce(buf, how);
  try {
    return Number((await readControl(r, op))[0]!);
  } finally {
    r.dispose();
  }
}

/** float64/float32 columns checked for nulls, NaN and ±Inf (ValueError naming the argument and column). */
export async function checkFinite(op: string, what: string, cols: readonly DataBuffer[], validity: ReadonlyArray<DataBuffer<'uint8'> | undefined>, names?: readonly string[]): Promise<Matrix> {
  const { matrix, flags } = run(linalgPack, cols, validity);
  try {
    const f = await readControl(flags, op);
    f.forEach((bits, j) => {
      const where = names ? `${what} column '${names[j]}'` : what;
      if (bits & 2) throw new ValueError(`${op}: expected no nulls in ${where}, got nulls`);
      if (bits & 1) throw new ValueError(`${op}: expected finite values in ${where}, got NaN or ±Inf`);
    });
  } catch (e) {
    matrix.data.dispose();
    throw e;
  } finally {
    flags.dispose();
  }
  return matrix;
}

/** A resolved float64 score vector of length n, refused if it holds nulls, NaN or ±Inf. */
export interface ScoreVector {
  readonly data: DataBuffer;
  release(): void;
}

/** A score or target vector (cast to float64 where integer), finite and of length n. */
export async function scoreVector(op: string, what: string, y: unknown, n?: number): Promise<ScoreVector> {
  const v = await resolveVector(op, what, undefined, y, n);
  try {
    const m = await checkFinite(op, what, [v.data], [v.validity]);
    m.data.dispose();
    return { data: v.data, release: v.release };
  } catch (e) {
    v.release();
    throw e;
  }
}

/** A probability matrix: finite float columns, one per class, of length n. */
export interface ProbaMatrix {
  readonly cols: readonly DataBuffer[];
  release(): void;
}

/** A matrix input of per-class columns (ShapeError naming `what` when its length is not n). */
export async function probaMatrix(op: string, what: string, P: MatrixInput, n: number): Promise<ProbaMatrix> {
  const m = await resolveInput(op, P);
  try {
    if (m.n !== n) throw new ShapeError(`${op}: expected ${what} with ${n} rows (as yTrue), got ${m.n}`);
    const packed = await checkFinite(op, what, m.cols, m.validity, m.names);
    packed.data.dispose();
    return { cols: m.cols, release: m.release };
  } catch (e) {
    m.release();
    throw e;
  }
}

/** The weighted average Σ x·w / Σ w (numpy's `average`), or the mean without weights. */
export function average(x: readonly number[], w?: readonly number[]): number {
  if (!w) return x.reduce((s, v) => s + v, 0) / x.length;
  let num = 0;
  let den = 0;
  x.forEach((v, i) => {
    num += v * w[i]!;
    den += w[i]!;
  });
  return num / den;
}
