/**
 * Row selection for the splitters, in the input's kind: frames through the frame's gather
 * (`gatherRows`, columns gathered when first read), Columns through `gatherColumn`, buffers
 * and typed arrays through the gather op (giving DataBuffers), `number[][]` (rows) as
 * DataBuffers per feature (the estimators' array kind). Row numbers are int32 DataBuffers.
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { TypedArray } from '../../src/dtypes.js';
import { gather } from '../../kernels/gather/gather.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { gatherColumn, gatherRows } from '../../frame/verbs/take.js';
import type * as arrow from 'apache-arrow';
import { resolveInput, type FrameSelection, type MatrixInput } from '../matrix-input.js';

/** What the splitters take: any estimator input X, or one vector (labels, targets). */
export type SplitInput = MatrixInput | Column | DataBuffer | TypedArray | readonly number[] | readonly string[];

/** The selection of a SplitInput: frames give frames, Columns Columns, arrays DataBuffers. */
export type Selected<X> = X extends DataFrame | FrameSelection | arrow.Table
  ? DataFrame
  : X extends readonly Column[]
    ? Column[]
    : X extends Column | readonly string[]
      ? Column
      : X extends DataBuffer | TypedArray | readonly number[]
        ? DataBuffer
        : DataBuffer[];

const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);
const isArrowTable = (v: unknown): v is arrow.Table =>
  !!v && typeof v === 'object' && 'schema' in v && 'numRows' in v && typeof (v as { getChildAt?: unknown }).getChildAt === 'function';
const isSelection = (v: unknown): v is FrameSelection => !!v && typeof v === 'object' && !Array.isArray(v) && 'frame' in v && 'columns' in v;
const isVector = (v: unknown): boolean =>
  v instanceof Column || v instanceof DataBuffer || isTypedArray(v) || (Array.isArray(v) && (v.length === 0 || v.every((x) => typeof x === 'number' || typeof x === 'string')));

/** The number of samples of an input (ValueError for what is not an input). */
export function numRows(op: string, X: unknown): number {
  if (X instanceof DataFrame) return X.numRows;
  if (isSelection(X)) return X.frame.numRows;
  if (isArrowTable(X)) return X.numRows;
  if (X instanceof Column || X instanceof DataBuffer || isTypedArray(X)) return X.length;
  if (Array.isArray(X)) {
    if (isVector(X)) return X.length;
    const first = X[0] as unknown;
    if (first instanceof Column || first instanceof DataBuffer || isTypedArray(first)) return (first as { length: number }).length;
    return X.length; // number[][]: one row per sample
  }
  throw new ValueError(`${op}: expected X as a DataFrame, Columns, DataBuffers, typed arrays, number[][] or a vector, got ${Object.prototype.toString.call(X)}`);
}

/** int32 row numbers as uint32 (the frame gather's index type). */
async function asUint32(rows: DataBuffer<'int32'>): Promise<DataBuffer<'uint32'>> {
  const c = await new DataFrame({ r: new Column({ type: 'int32', data: rows }) }).eval(col('r').cast('uint32'));
  return c.data as DataBuffer<'uint32'>;
}

/** The rows `rows` of X, in X's kind. */
export async function selectRows<X extends SplitInput>(op: string, X: X, rows: DataBuffer<'int32'>): Promise<Selected<X>> {
  type R = Selected<X>;
  if (X instanceof DataFrame) return gatherRows(X, await asUint32(rows)) as R;
  if (isSelection(X)) return gatherRows(X.frame.select(...X.columns), await asUint32(rows)) as R;
  if (isArrowTable(X)) return gatherRows(DataFrame.fromArrow(X), await asUint32(rows)) as R;
  if (X instanceof Column) return gatherOne(X, rows) as Promise<R>;
  if (X instanceof DataBuffer) return gather(X, rows, { inRange: true }).values as R;
  if (isTypedArray(X)) return takeHost(X, rows) as R;
  if (Array.isArray(X) && X.length > 0 && X.every((v) => typeof v === 'string')) return gatherOne(Column.from(X as string[]), rows) as Promise<R>;
  if (Array.isArray(X) && X.every((v) => typeof v === 'number')) return takeHost(Float64Array.from(X as number[]), rows) as R;
  if (Array.isArray(X) && X[0] instanceof Column) {
    const idx = await asUint32(rows);
    try {
      return (X as Column[]).map((c) => gatherColumn(c, idx)) as R;
    } finally {
      idx.dispose();
    }
  }
  if (Array.isArray(X) && (X[0] instanceof DataBuffer || isTypedArray(X[0]))) {
    return (X as Array<DataBuffer | TypedArray>).map((c) => (c instanceof DataBuffer ? gather(c, rows, { inRange: true }).values : takeHost(c, rows))) as R;
  }
  const m = await resolveInput(op, X as MatrixInput);
  try {
    return m.cols.map((c) => gather(c, rows, { inRange: true }).values) as R;
  } finally {
    m.release();
  }
}

/** One Column's rows (the uint32 row numbers freed after the gather). */
async function gatherOne(c: Column, rows: DataBuffer<'int32'>): Promise<Column> {
  const idx = await asUint32(rows);
  try {
    return gatherColumn(c, idx);
  } finally {
    idx.dispose();
  }
}

/** A host typed array's rows (uploaded by the gather where the backend needs it). */
function takeHost(a: TypedArray, rows: DataBuffer<'int32'>): DataBuffer {
  const src = DataBuffer.fromHost(a);
  try {
    return gather(src, rows, { inRange: true }).values;
  } finally {
    src.dispose();
  }
}
