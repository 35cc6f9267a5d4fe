/**
 * LabelEncoder: scikit-learn 1.2's `LabelEncoder` on one label vector, on both backends, built on
 * ml/labels.ts: the classes are y's sorted distinct values (a unique on the backend, only the
 * classes read back), codes come from a left join there, and inverseTransform gathers the
 * classes by code. Labels are numbers (any numeric column, typed array, `number[]`) or strings
 * (a utf8 / categorical column, `string[]`); nulls, NaN and unseen labels are refused.
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { TypedArray } from '../../src/dtypes.js';
import { reduceWithValidity } from '../../kernels/reduce/reduce.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { readControl } from '../control.js';
import { Estimator, registerEstimator, type ParamSpecs } from '../estimator.js';
import { decodeLabels, encodeLabels, labelColumn, type Classes } from '../labels.js';

/** A label vector: a Column, a DataBuffer, a typed array, `number[]` or `string[]`. */
export type LabelInput = Column | DataBuffer | TypedArray | readonly number[] | readonly string[];

/** Codes out: a Column for Column input, else a DataBuffer. */
export type LabelOutput<Y> = Y extends Column ? Column : DataBuffer<'int32'>;

/** LabelEncoder has no options (scikit-learn's has none either). */
export interface LabelEncoderOptions {}

interface LabelEncoderState {
  classes: Classes;
}

const SPECS: ParamSpecs<LabelEncoderOptions> = {};

/**
 * Encode labels as integers 0..nClasses-1 in the order of the sorted distinct labels
 * (scikit-learn's `LabelEncoder`). Codes are int32 (scikit-learn gives int64).
 *
 * @example
 * ```ts
 * const le = new gf.LabelEncoder();
 * const codes = await le.fitTransform(['tokyo', 'paris', 'tokyo']); // a DataBuffer<'int32'>
 * await codes.toArray(); // Int32Array [1, 0, 1]
 * le.classes; // ['paris', 'tokyo']
 * const back = await le.inverseTransform(codes); // a utf8 Column
 * await back.toValues(); // ['tokyo', 'paris', 'tokyo']
 * ```
 */
export class LabelEncoder extends Estimator<LabelEncoderOptions, LabelEncoderState> {
  static override readonly estimatorName = 'LabelEncoder';

  constructor(options?: LabelEncoderOptions) {
    super(SPECS, options);
  }

  /**
   * Find the classes: y's sorted distinct labels.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ species: ['setosa', 'virginica', 'setosa'] });
   * const le = await new gf.LabelEncoder().fit(df.column('species'));
   * le.classes; // ['setosa', 'virginica']
   * ```
   */
  async fit(y: LabelInput): Promise<this> {
    const e = await encodeLabels(`${this.name}.fit`, 'y', undefined, y);
    this.fitted = { classes: e.classes };
    e.release();
    return this;
  }

  /**
   * Each label's class index (ValueError for a label not seen in fit).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ species: ['setosa', 'virginica', 'setosa'] });
   * const le = await new gf.LabelEncoder().fit(['virginica', 'setosa', 'versicolor']);
   * const codes = await le.transform(df.column('species')); // an int32 Column
   * await codes.toValues(); // [0, 2, 0] (classes: setosa, versicolor, virginica)
   * ```
   */
  async transform<Y extends LabelInput>(y: Y): Promise<LabelOutput<Y>> {
    const { classes } = this.state('transform');
    const e = await encodeLabels(`${this.name}.transform`, 'y', undefined, y, undefined, classes);
    return output(y, e.codes);
  }

  /**
   * fit then transform, encoding y once.
   *
   * @example
   * ```ts
   * const codes = await new gf.LabelEncoder().fitTransform(new Int32Array([10, 5, 10]));
   * await codes.toArray(); // Int32Array [1, 0, 1]
   * ```
   */
  async fitTransform<Y extends LabelInput>(y: Y): Promise<LabelOutput<Y>> {
    const e = await encodeLabels(`${this.name}.fitTransform`, 'y', undefined, y);
    this.fitted = { classes: e.classes };
    return output(y, e.codes);
  }

  /**
   * Codes back to labels: a Column of the classes' type (utf8 for string classes). ValueError
   * for a code outside 0..nClasses-1.
   *
   * @example
   * ```ts
   * const le = await new gf.LabelEncoder().fit(['b', 'a', 'b']);
   * const labels = await le.inverseTransform(new Int32Array([1, 0])); // a utf8 Column
   * await labels.toValues(); // ['b', 'a']
   * ```
   */
  async inverseTransform(codes: LabelInput): Promise<Column> {
    const op = `${this.name}.inverseTransform`;
    const { classes } = this.state('inverseTransform');
    const { column, owned } = labelColumn(op, 'codes', undefined, codes);
    const made: DataBuffer[] = owned ? column.buffers() : [];
    try {
      if (column.type === 'utf8' || column.type === 'categorical' || column.isNested) throw new ValueError(`${op}: expected integer codes, got ${column.type}`);
      if (column.validity && (await column.nullCount()) > 0) throw new ValueError(`${op}: expected codes without nulls, got nulls`);
      let c = column;
      if (c.type !== 'int32') {
        c = await new DataFrame({ c }).eval(col('c').cast('int32', { strict: false }));
        made.push(...c.buffers());
      }
      if (c.length > 0) {
        const lo = await extreme(op, c.data, 'min');
        const hi = await extreme(op, c.data, 'max');
        const exact = column.type === 'int32' || (await integral(op, column));
        if (lo < 0 || hi >= classes.length || !exact) {
          throw new ValueError(`${op}: expected codes among 0..${classes.length - 1} (the fitted classes), got values outside them`);
        }
      }
      return decodeLabels(c.data as DataBuffer<'int32'>, classes);
    } finally {
      made.forEach((b) => b.dispose());
    }
  }

  /** The sorted distinct labels seen in fit (numbers in y's dtype, or strings). */
  get classes(): Classes {
    return this.state('classes').classes;
  }
}
registerEstimator(LabelEncoder);

function output<Y>(y: Y, codes: DataBuffer<'int32'>): LabelOutput<Y> {
  return (y instanceof Column ? new Column({ type: 'int32', data: codes }) : codes) as LabelOutput<Y>;
}

async function extreme(op: string, data: DataBuffer, which: 'min' | 'max'): Promise<number> {
  const { value, validity } = reduceWithValidity(data, which);
  try {
    return Number((await readControl(value, op))[0]!);
  } finally {
    value.dispose();
    validity.dispose();
  }
}

/** Whether every code of a non-int32 column is an integer (the sum of |x - trunc(x)| is 0). */
async function integral(op: string, column: Column): Promise<boolean> {
  const f = await new DataFrame({ c: column }).eval(col('c').cast('float64').sub(col('c').cast('float64').cast('int64', { strict: false }).cast('float64')).abs());
  try {
    return (await extreme(op, f.data, 'max')) === 0;
  } finally {
    f.buffers().forEach((b) => b.dispose());
  }
}
