/**
 * Class labels for classifiers and metrics, as scikit-learn's `np.unique(y, return_inverse=True)`:
 * the distinct labels sorted (numbers ascending, strings in the dictionary's lexical order),
 * and each sample's label as an int32 code 0..C-1, computed on the backend (a unique then a
 * left join, both registered ops). Only the C classes are read to the host, as a control read.
 *
 * Labels can be numbers (any integer or float column, typed array, `number[]`) or strings
 * (a utf8 / categorical column, `string[]`). Nulls and NaN labels are refused.
 */
import { Column } from '../src/column/column.js';
import { ShapeError, ValueError } from '../src/errors.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import type { TypedArray } from '../src/dtypes.js';
import { gather } from '../kernels/gather/gather.js';
import { DataFrame } from '../frame/data-frame.js';
import { readControl } from './control.js';

/** Sorted distinct labels: numbers in the label column's dtype, or strings. */
export type Classes = TypedArray | readonly string[];

/** y as codes into its classes. */
export interface EncodedLabels {
  /** Code of each sample, 0..classes.length - 1 (device-resident on WebGPU). */
  readonly codes: DataBuffer<'int32'>;
  readonly classes: Classes;
  readonly name: string;
  /** Free the codes (and anything made here). */
  release(): void;
}

const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

/** A label input as a Column, with its name. */
export function labelColumn(op: string, what: string, frame: DataFrame | undefined, y: unknown): { column: Column; name: string; owned: boolean } {
  if (typeof y === 'string') {
    if (!frame) throw new ValueError(`${op}: expected ${what} as a Column or array (a column name needs X as a DataFrame), got '${y}'`);
    return { column: frame.column(y), name: y, owned: false };
  }
  if (y instanceof Column) return { column: y, name: what, owned: false };
  if (y instanceof DataBuffer) return { column: new Column({ type: y.dtype, data: y }), name: what, owned: false };
  if (isTypedArray(y)) return { column: Column.from(y), name: what, owned: true };
  if (Array.isArray(y) && y.length > 0 && y.every((v) => typeof v === 'string')) return { column: Column.from(y as string[]), name: what, owned: true };
  if (Array.isArray(y) && y.every((v) => typeof v === 'number')) return { column: Column.from(Float64Array.from(y as number[])), name: what, owned: true };
  throw new ValueError(`${op}: expected ${what} as a column name, Column, DataBuffer, typed array, number[] or string[], got ${Object.prototype.toString.call(y)}`);
}

/**
 * Encode labels. With `classes` (a fitted classifier's), every label must be one of them
 * (ValueError naming the unseen count otherwise); without, the classes are y's distinct values.
 * With `n`, y's length must equal n.
 *
 * @example
 * ```ts
 * const clf = await new gf.GaussianNB().fit([[0], [0.5], [5], [5.5]], ['tokyo', 'paris', 'tokyo', 'paris']);
 * clf.classes; // ['paris', 'tokyo'] (sorted; predictions come back as these strings)
 * ```
 */
export async function encodeLabels(op: string, what: string, frame: DataFrame | undefined, y: unknown, n?: number, classes?: Classes): Promise<EncodedLabels> {
  const { column, name, owned } = labelColumn(op, what, frame, y);
  const made: Array<{ dispose(): void }> = owned ? [{ dispose: () => column.buffers().forEach((b) => b.dispose()) }] : [];
  const release = () => made.forEach((m) => m.dispose());
  try {
    if (n !== undefined && column.length !== n) throw new ShapeError(`${op}: expected ${what} of length ${n} (the number of samples), got ${column.length}`);
    const isString = column.type === 'utf8' || column.type === 'categorical';
    if (!isString && (column.isNested || ['date', 'timestamp'].includes(column.type))) {
      throw new ValueError(`${op}: expected ${what} ('${name}') as numbers or strings, got ${column.type}`);
    }
    const table = classes ?? (await distinct(op, what, name, column));
    if (classes === undefined && table.length === 0) throw new ValueError(`${op}: expected at least one label in ${what}, got none`);
    const left = new DataFrame({ label: column });
    const right = new DataFrame({ label: classColumn(table, column), code: codeColumn(table.length) });
    made.push(right);
    const joined = await left.join(right, { on: 'label', how: 'left' });
    const code = joined.column('code');
    if (code.validity) {
      // A label absent from the classes (only possible with fitted classes).
      const inner = await left.join(right, { on: 'label', how: 'semi' });
      const unseen = column.length - inner.numRows;
      inner.dispose();
      if (unseen > 0 || column.validity) {
        joined.dispose();
        throw new ValueError(`${op}: expected every label of ${what} among the fitted classes, got ${unseen} unseen or null labels`);
      }
    }
    const codes = code.data as DataBuffer<'int32'>;
    made.push({ dispose: () => codes.dispose() });
    return { codes, classes: table, name, release };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * Codes back to labels: a numeric column of the classes' dtype, or a utf8 column.
 *
 * @example
 * ```ts
 * const clf = await new gf.KNeighborsClassifier({ nNeighbors: 1 }).fit([[0], [5]], ['low', 'high']);
 * const labels = await clf.predict(new gf.DataFrame({ x: new Float64Array([1, 6]) })); // a utf8 Column
 * await labels.toValues(); // ['low', 'high']
 * ```
 */
export function decodeLabels(codes: DataBuffer<'int32'>, classes: Classes): Column {
  if (isTypedArray(classes)) {
    const table = DataBuffer.fromHost(classes);
    try {
      const { values } = gather(table, codes, { inRange: true });
      return new Column({ type: values.dtype, data: values });
    } finally {
      table.dispose();
    }
  }
  const idx = DataBuffer.fromHost(new Uint32Array(classes.map((_, i) => i)), 'uint32');
  try {
    const { values } = gather(idx, codes, { inRange: true });
    return new Column({ type: 'utf8', data: values, dictionary: classes as string[] });
  } finally {
    idx.dispose();
  }
}

/** The sorted distinct labels of a column; ValueError for nulls or NaN. */
async function distinct(op: string, what: string, name: string, column: Column): Promise<Classes> {
  const u = await new DataFrame({ label: column }).unique({ maintainOrder: false });
  try {
    const c = u.column('label');
    if (c.validity) {
      const v = await readControl(c.validity, op);
      const rows = c.length;
      for (let i = 0; i < rows; i++) if (((v[i >> 3]! >> (i & 7)) & 1) === 0) throw new ValueError(`${op}: expected no nulls in ${what} ('${name}'), got nulls`);
    }
    const values = (await readControl(c.data, op)).slice();
    if (c.type === 'utf8' || c.type === 'categorical') return Array.from(values as Uint32Array, (code) => c.dictionary![code]!);
    if (values instanceof Float64Array || values instanceof Float32Array) {
      if (values.some((x) => Number.isNaN(x))) throw new ValueError(`${op}: expected no NaN in ${what} ('${name}'), got NaN`);
    }
    return values;
  } finally {
    u.dispose();
  }
}

function classColumn(classes: Classes, like: Column): Column {
  if (isTypedArray(classes)) return Column.from(classes);
  const c = Column.from(classes as string[]);
  return like.type === 'categorical' ? new Column({ type: 'categorical', data: c.data, dictionary: c.dictionary }) : c;
}

function codeColumn(c: number): Column {
  return Column.from(Int32Array.from({ length: c }, (_, i) => i));
}
