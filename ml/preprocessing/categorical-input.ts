/**
 * The inputs of the encoders: categorical columns (utf8, categorical, integer, bool or float),
 * which ml/matrix-input.ts refuses for the numeric estimators, and their codes against a list
 * of categories (a left join on the backend, as ml/labels.ts; values not among the categories
 * and nulls get a null code).
 */
import { Column } from '../../src/column/column.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { TypedArray } from '../../src/dtypes.js';
import { DataFrame } from '../../frame/data-frame.js';
import type { Classes } from '../labels.js';
import type { FrameSelection, InputKind } from '../matrix-input.js';
import type * as arrow from 'apache-arrow';

/** Categorical X: a frame (+ names), `{ frame, columns }`, Columns, an Arrow Table, or DataBuffers / typed arrays (one per column). */
export type CategoricalInput = DataFrame | FrameSelection | readonly Column[] | arrow.Table | readonly DataBuffer[] | readonly TypedArray[];

/** A DataFrame for frame-kind input, else DataBuffers. */
export type CategoricalOutput<X> = X extends DataFrame | FrameSelection | readonly Column[] | arrow.Table ? DataFrame : DataBuffer[];

export interface ResolvedCategorical {
  readonly columns: Column[];
  /** Column names (frame kinds), or x0, x1, … as scikit-learn names array columns. */
  readonly names: string[];
  readonly kind: InputKind;
}

const ALLOWED = ['utf8', 'categorical', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64'];
const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);
const isArrowTable = (v: unknown): v is arrow.Table => !!v && typeof v === 'object' && 'schema' in v && 'numRows' in v && typeof (v as { getChildAt?: unknown }).getChildAt === 'function';

/** Resolve categorical X (see CategoricalInput); DTypeError naming a column of another type. */
export function resolveCategorical(op: string, X: CategoricalInput, names?: readonly string[]): ResolvedCategorical {
  let out: ResolvedCategorical;
  if (X instanceof DataFrame) {
    const ns = names ?? X.names;
    out = { columns: ns.map((n) => X.column(n)), names: [...ns], kind: 'frame' };
  } else if (isArrowTable(X)) {
    const df = DataFrame.fromArrow(X);
    out = { columns: df.names.map((n) => df.column(n)), names: [...df.names], kind: 'frame' };
  } else if (X && typeof X === 'object' && !Array.isArray(X) && 'frame' in X && 'columns' in X) {
    const { frame, columns } = X as FrameSelection;
    out = { columns: columns.map((n) => frame.column(n)), names: [...columns], kind: 'frame' };
  } else if (Array.isArray(X) && X.length > 0 && X.every((c) => c instanceof Column)) {
    out = { columns: [...(X as Column[])], names: X.map((_, j) => `x${j}`), kind: 'frame' };
  } else if (Array.isArray(X) && X.length > 0 && X.every((c) => c instanceof DataBuffer || isTypedArray(c))) {
    const cols = (X as Array<DataBuffer | TypedArray>).map((c) => (c instanceof DataBuffer ? new Column({ type: c.dtype, data: c }) : Column.from(c)));
    out = { columns: cols, names: cols.map((_, j) => `x${j}`), kind: 'array' };
  } else {
    throw new ValueError(`${op}: expected X as a DataFrame, { frame, columns }, Columns, an Arrow Table, DataBuffers or typed arrays (one per column), got ${Object.prototype.toString.call(X)}`);
  }
  out.columns.forEach((c, j) => {
    if (!ALLOWED.includes(c.type)) throw new DTypeError(`${op}: expected column '${out.names[j]}' as utf8, categorical or numeric, got ${c.type}`);
    if (c.length !== out.columns[0]!.length) throw new ShapeError(`${op}: expected every column of length ${out.columns[0]!.length}, got ${c.length} for '${out.names[j]}'`);
  });
  return out;
}

/** Each value's index in `classes` as an int32 Column, null where it is not among them (or is null). */
export async function categoryCodes(op: string, column: Column, classes: Classes): Promise<Column> {
  void op;
  const left = new DataFrame({ label: column });
  const right = new DataFrame({ label: classColumn(classes, column), code: Column.from(Int32Array.from({ length: classes.length }, (_, i) => i)) });
  try {
    const joined = await left.join(right, { on: 'label', how: 'left' });
    return joined.column('code');
  } finally {
    right.dispose();
  }
}

function classColumn(classes: Classes, like: Column): Column {
  if (isTypedArray(classes)) return Column.from(classes);
  const c = Column.from(classes as string[]);
  return like.type === 'categorical' ? new Column({ type: 'categorical', data: c.data, dictionary: c.dictionary }) : c;
}
