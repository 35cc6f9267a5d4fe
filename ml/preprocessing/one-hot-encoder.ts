/**
 * OneHotEncoder: scikit-learn 1.2's `OneHotEncoder` with dense float64 output
 * (`sparse_output=False`), on both backends. Each input column (utf8, categorical, integer or
 * bool; float columns of whole categories too) is coded against its categories with a left
 * join on the backend (ml/labels.ts's way: a unique for 'auto' categories, only the
 * categories read back); each output column is `code == k` as 1.0 / 0.0 in the fused
 * expression kernel. Output columns are named '<column>_<category>' (scikit-learn's
 * get_feature_names_out; array inputs name their columns x0, x1, …).
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type TypedArray } from '../../src/dtypes.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col, when } from '../../frame/expr.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { encodeLabels, type Classes } from '../labels.js';
import { outputMatrix } from '../output.js';
import { categoryCodes, resolveCategorical, type CategoricalInput, type CategoricalOutput } from './categorical-input.js';
import { FeatureEstimator, featuresSeen, type FeaturesSeen } from './transformer.js';

/** Options of {@link OneHotEncoder}. */
export interface OneHotEncoderOptions {
  /** 'auto' (each column's sorted distinct values) or one list of categories per column. Default 'auto'. */
  categories?: 'auto' | ReadonlyArray<readonly string[] | readonly number[]>;
  /** A category not seen in fit: 'error' (ValueError) or 'ignore' (all zeros). Default 'error'. */
  handleUnknown?: 'error' | 'ignore';
  /** Drop no category (null), the first of each column, or the first of two-category columns. Default null. */
  drop?: null | 'first' | 'if_binary';
}

interface OneHotEncoderState extends FeaturesSeen {
  categories: Classes[];
  dropIdx: Array<number | null> | null;
  featureNamesOut: string[];
}

const SPECS: ParamSpecs<OneHotEncoderOptions> = {
  categories: {
    default: 'auto',
    check: (v) => (v === 'auto' || (Array.isArray(v) && v.every((c) => Array.isArray(c) && c.length > 0 && (c.every((x) => typeof x === 'string') || c.every((x) => typeof x === 'number')))) ? undefined : "as 'auto' or one non-empty list of strings or numbers per column"),
  },
  handleUnknown: { default: 'error', check: is.oneOf('error', 'ignore') },
  drop: { default: null, check: is.oneOf(null, 'first', 'if_binary') },
};

/**
 * One column of 1.0 / 0.0 per category of each input column.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ city: ['tokyo', 'paris', 'tokyo'] });
 * const enc = new gf.OneHotEncoder();
 * const out = await enc.fitTransform(df, ['city']);
 * out.columns; // ['city_paris', 'city_tokyo']
 * await out.column('city_tokyo').toValues(); // [1, 0, 1]
 * enc.categories; // [['paris', 'tokyo']]
 * ```
 */
export class OneHotEncoder extends FeatureEstimator<OneHotEncoderOptions, OneHotEncoderState> {
  static override readonly estimatorName = 'OneHotEncoder';

  constructor(options?: OneHotEncoderOptions) {
    super(SPECS, options);
  }

  /**
   * Find each column's categories.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ city: ['tokyo', 'paris', 'lima'], zone: ['a', 'b', 'a'] });
   * const enc = await new gf.OneHotEncoder({ drop: 'first' }).fit(df, ['city', 'zone']);
   * enc.getFeatureNamesOut(); // ['city_paris', 'city_tokyo', 'zone_b'] (lima and a dropped)
   * ```
   */
  async fit(X: CategoricalInput, columns?: readonly string[]): Promise<this> {
    const op = `${this.name}.fit`;
    const m = resolveCategorical(op, X, columns);
    const given = this.params.categories;
    if (given !== 'auto' && given.length !== m.columns.length) throw new ValueError(`${op}: expected option 'categories' with one list per column (${m.columns.length}), got ${given.length}`);
    const categories: Classes[] = [];
    for (let j = 0; j < m.columns.length; j++) {
      const c = m.columns[j]!;
      if (given === 'auto') {
        const e = await encodeLabels(op, `column '${m.names[j]}'`, undefined, c);
        e.release();
        categories.push(e.classes);
        continue;
      }
      const cats = given[j]!;
      const isString = c.type === 'utf8' || c.type === 'categorical';
      if (isString !== (typeof cats[0] === 'string')) throw new ValueError(`${op}: expected categories of column '${m.names[j]}' as ${isString ? 'strings' : 'numbers'}, got ${isString ? 'numbers' : 'strings'}`);
      const table: Classes = isString ? [...(cats as readonly string[])] : typedLike(c, cats as readonly number[]);
      if (this.params.handleUnknown === 'error') {
        const codes = await categoryCodes(op, c, table);
        const unknown = await codes.nullCount();
        codes.buffers().forEach((b) => b.dispose());
        if (unknown > 0) throw new ValueError(`${op}: expected every value of column '${m.names[j]}' among its given categories, got ${unknown} unknown values`);
      }
      categories.push(table);
    }
    const { drop } = this.params;
    const dropIdx = drop === null ? null : categories.map((c) => (drop === 'first' || c.length === 2 ? 0 : null));
    const featureNamesOut = categories.flatMap((cats, j) =>
      Array.from(cats as ArrayLike<string | number>, (v, k) => (dropIdx?.[j] === k ? undefined : `${m.names[j]}_${categoryName(v, m.columns[j]!.type)}`)).filter((s): s is string => s !== undefined),
    );
    this.fitted = { categories, dropIdx, ...featuresSeen(m), featureNamesOut };
    return this;
  }

  /**
   * Encode X: one float64 column per kept category (a DataFrame for frame input, else DataBuffers).
   *
   * @example
   * ```ts
   * const enc = await new gf.OneHotEncoder().fit(new gf.DataFrame({ city: ['paris', 'tokyo'] }));
   * const df = new gf.DataFrame({ city: ['tokyo', 'tokyo', 'paris'] });
   * const onehot = await enc.transform(df, ['city']);
   * await onehot.column('city_paris').toValues(); // [0, 0, 1]
   * ```
   */
  async transform<X extends CategoricalInput>(X: X, columns?: readonly string[]): Promise<CategoricalOutput<X>> {
    const op = `${this.name}.transform`;
    const st = this.state('transform');
    const m = resolveCategorical(op, X, columns);
    if (m.columns.length !== st.nFeaturesIn) throw new ValueError(`${op}: expected X with ${st.nFeaturesIn} columns (as in fit), got ${m.columns.length}`);
    const out: DataBuffer[] = [];
    try {
      for (let j = 0; j < m.columns.length; j++) {
        const codes = await categoryCodes(op, m.columns[j]!, st.categories[j]!);
        try {
          if (this.params.handleUnknown === 'error' && (await codes.nullCount()) > 0) {
            throw new ValueError(`${op}: expected every value of column '${m.names[j]}' among the categories seen in fit, got unknown values (handleUnknown: 'ignore' encodes them as zeros)`);
          }
          const frame = new DataFrame({ code: codes });
          for (let k = 0; k < st.categories[j]!.length; k++) {
            if (st.dropIdx?.[j] === k) continue;
            const r = await frame.eval(when(col('code').eq(k)).then(1).otherwise(0).cast('float64'));
            if (r.validity) r.validity.dispose();
            out.push(r.data);
          }
        } finally {
          codes.buffers().forEach((b) => b.dispose());
        }
      }
      return outputMatrix(m.kind, out, st.featureNamesOut) as CategoricalOutput<X>;
    } catch (e) {
      out.forEach((b) => b.dispose());
      throw e;
    }
  }

  /**
   * fit then transform.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ city: ['tokyo', 'paris'] });
   * const enc = new gf.OneHotEncoder({ handleUnknown: 'ignore' });
   * const onehot = await enc.fitTransform(df, ['city']);
   * const unseen = await enc.transform(new gf.DataFrame({ city: ['lima'] })); // all zeros, no error
   * await unseen.column('city_paris').toValues(); // [0]
   * ```
   */
  async fitTransform<X extends CategoricalInput>(X: X, columns?: readonly string[]): Promise<CategoricalOutput<X>> {
    await this.fit(X, columns);
    return this.transform(X, columns);
  }

  /**
   * The output column names, '<column>_<category>'.
   *
   * @example
   * ```ts
   * const enc = await new gf.OneHotEncoder().fit(new gf.DataFrame({ city: ['tokyo', 'paris'] }));
   * enc.getFeatureNamesOut(); // ['city_paris', 'city_tokyo']
   * ```
   */
  getFeatureNamesOut(): string[] {
    return [...this.state('getFeatureNamesOut').featureNamesOut];
  }

  /** Each column's categories, in output order (numbers in the column's dtype, or strings). */
  get categories(): Classes[] {
    return this.state('categories').categories;
  }

  /** Index of the dropped category of each column (null: none), or null when drop is null. */
  get dropIdx(): Array<number | null> | null {
    return this.state('dropIdx').dropIdx;
  }
}
registerEstimator(OneHotEncoder);

/** Given numeric categories in the column's dtype (sorted, as scikit-learn requires). */
function typedLike(c: Column, cats: readonly number[]): TypedArray {
  for (let k = 1; k < cats.length; k++) if (!(cats[k - 1]! < cats[k]!)) throw new ValueError(`OneHotEncoder.fit: expected numeric categories sorted ascending without repeats, got ${cats.join(', ')}`);
  const out = new (dtypeInfo(c.data.dtype).array)(cats.length);
  cats.forEach((v, k) => (out[k] = (typeof out[0] === 'bigint' ? BigInt(v) : v) as never));
  return out;
}

/** A category as Python's str() writes it (floats keep '.0'). */
function categoryName(v: string | number, type: string): string {
  if (typeof v === 'string') return v;
  return (type === 'float64' || type === 'float32') && Number.isInteger(v) ? `${v}.0` : String(v);
}
