/**
 * SimpleImputer: scikit-learn 1.2's `SimpleImputer` for numeric columns, on both backends, and
 * the one estimator that takes NaN and nulls. Missing values are nulls always, plus NaN (the
 * default `missingValues`) or a given number. fit turns each column's missing values into
 * nulls (the fused expression kernel), then takes the statistic with backend ops: the mean as
 * the null-skipping 'reduce/reduce' mean, the median from the frame's sort permutation (nulls
 * last) and a gather of the middle values, the most frequent value from `valueCounts` (count
 * descending, ties by the smaller value, as scikit-learn). Only the d statistics are read
 * back (control reads). transform replaces missing values in the fused expression kernel.
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../../kernels/gather/gather.js';
import { run } from '../../kernels/registry.js';
import { linalgPack } from '../../kernels/linalg/pack.js';
import { reduceWithValidity } from '../../kernels/reduce/reduce.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col, when, type Expr } from '../../frame/expr.js';
import { createFrame } from '../../frame/factory.js';
import { sortPermutation } from '../../frame/verbs/sort.js';
import { readControl } from '../control.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { InputMatrix, MatrixInput } from '../matrix-input.js';
import { outputMatrix, type MatrixOutput } from '../output.js';
import { featuresSeen, MatrixTransformer, type FeaturesSeen } from './transformer.js';

/** Options of {@link SimpleImputer}. */
export interface SimpleImputerOptions {
  /** The statistic that replaces missing values of a column. Default 'mean'. */
  strategy?: 'mean' | 'median' | 'most_frequent' | 'constant';
  /** The value of strategy 'constant' (default null: 0, as scikit-learn for numbers). */
  fillValue?: number | null;
  /**
   * The value that counts as missing besides nulls: NaN (default), another number, or null
   * (only nulls). NaN in data is refused unless it is the missing value; ±Inf always is.
   */
  missingValues?: number | null;
  /** Keep columns with no value in fit (imputed with 0) instead of dropping them. Default false. */
  keepEmptyFeatures?: boolean;
}

interface SimpleImputerState extends FeaturesSeen {
  statistics: Float64Array;
}

const SPECS: ParamSpecs<SimpleImputerOptions> = {
  strategy: { default: 'mean', check: is.oneOf('mean', 'median', 'most_frequent', 'constant') },
  fillValue: { default: null, check: (v) => (v === null || (typeof v === 'number' && Number.isFinite(v)) ? undefined : 'as a finite number or null') },
  missingValues: { default: NaN, check: (v) => (v === null || typeof v === 'number' ? undefined : 'as a number, NaN or null') },
  keepEmptyFeatures: { default: false, check: is.boolean },
};

/**
 * Fill missing values (nulls, and NaN or `missingValues`) of each numeric column with its
 * mean, median, most frequent value or a constant. The output is float64 without nulls or
 * missing values, named as the input; a column with no value in fit is dropped (as
 * scikit-learn) unless `keepEmptyFeatures`.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ age: gf.Column.from([30, null, 40, 20]), fare: new Float64Array([7, 8, NaN, 100]) });
 * const imp = new gf.SimpleImputer({ strategy: 'median' });
 * const filled = await imp.fitTransform(df, ['age', 'fare']); // no nulls, no NaN
 * imp.statistics; // Float64Array [30, 8] (median age, median fare)
 * await filled.column('age').toValues(); // [30, 30, 40, 20]
 * ```
 */
export class SimpleImputer extends MatrixTransformer<SimpleImputerOptions, SimpleImputerState> {
  static override readonly estimatorName = 'SimpleImputer';

  constructor(options?: SimpleImputerOptions) {
    super(SPECS, options);
  }

  /** Each column's statistic over its non-missing values. */
  protected async fitMatrix(op: string, m: InputMatrix): Promise<SimpleImputerState> {
    const cleaned: Column[] = [];
    try {
      if (m.n === 0) throw new ValueError(`${op}: expected at least 1 sample, got 0 rows`);
      for (let j = 0; j < m.d; j++) cleaned.push(await this.missingAsNull(m, j));
      await refuseNonFinite(op, m, cleaned);
      const { strategy, fillValue, keepEmptyFeatures } = this.params;
      const statistics = new Float64Array(m.d);
      for (let j = 0; j < m.d; j++) {
        const c = cleaned[j]!;
        if (strategy === 'constant') {
          statistics[j] = fillValue ?? 0;
          continue;
        }
        const valid = m.n - (await c.nullCount());
        if (valid === 0) statistics[j] = keepEmptyFeatures ? 0 : NaN;
        else if (strategy === 'mean') statistics[j] = await mean(op, c);
        else if (strategy === 'median') statistics[j] = await median(op, c, valid);
        else statistics[j] = await mostFrequent(op, c);
      }
      return { statistics, ...featuresSeen(m) };
    } finally {
      cleaned.forEach((c) => c.buffers().forEach((b) => b.dispose()));
    }
  }

  /**
   * Replace the missing values of X; columns empty in fit are left out (unless keepEmptyFeatures).
   *
   * @example
   * ```ts
   * const imp = await new gf.SimpleImputer({ strategy: 'constant', fillValue: 0 }).fit([[1, 2]]);
   * const filled = await imp.transform([[NaN, 5]]);
   * await filled[0]!.toArray(); // Float64Array [0]
   * ```
   */
  async transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    return this.withFitted('transform', X, columns, async (op, m, st) => {
      const out: DataBuffer[] = [];
      const names: string[] = [];
      try {
        for (let j = 0; j < m.d; j++) {
          const s = st.statistics[j]!;
          if (Number.isNaN(s)) continue; // empty in fit: dropped, as scikit-learn
          const x = asFloat64(m, j);
          const missing = this.isMissing(x);
          const t = when(x.isNull()).then(s);
          const r = await frameOf(m, j).eval((missing ? t.when(missing).then(s) : t).otherwise(x));
          if (r.validity && r.validity !== m.validity[j]) r.validity.dispose();
          out.push(r.data);
          names.push(m.names[j]!);
        }
        await refuseNonFinite(op, { names }, out.map((b) => new Column({ type: 'float64', data: b })));
        return outputMatrix(m.kind, out, names) as MatrixOutput<X>;
      } catch (e) {
        out.forEach((b) => b.dispose());
        throw e;
      }
    });
  }

  /** Per-feature fill value (NaN for a feature with no value in fit, which transform drops). */
  get statistics(): Float64Array {
    return this.state('statistics').statistics;
  }

  /** The test for a missing non-null value: NaN, `== missingValues`, or none. */
  private isMissing(x: Expr): Expr | undefined {
    const mv = this.params.missingValues;
    if (mv === null) return undefined;
    return Number.isNaN(mv) ? x.isIn([NaN]) : x.eq(mv);
  }

  /** Column j as float64 with every missing value null. */
  private async missingAsNull(m: InputMatrix, j: number): Promise<Column> {
    const x = asFloat64(m, j);
    const missing = this.isMissing(x);
    const e = missing ? when(missing).then(null).otherwise(x) : x.mul(1);
    return frameOf(m, j).eval(e);
  }
}
registerEstimator(SimpleImputer);

/** Column j of X as a one-column frame 'x'. */
function frameOf(m: InputMatrix, j: number): DataFrame {
  return new DataFrame({ x: new Column({ type: m.cols[j]!.dtype, data: m.cols[j]!, validity: m.validity[j] }) });
}

/** col('x') read as float64. */
function asFloat64(m: InputMatrix, j: number): Expr {
  return m.cols[j]!.dtype === 'float64' ? col('x') : col('x').cast('float64');
}

/** ValueError naming the first column that holds NaN or ±Inf outside its missing values ('linalg/pack' flags). */
async function refuseNonFinite(op: string, m: { names: string[] }, cols: readonly Column[], d = cols.length): Promise<void> {
  if (d === 0) return;
  const { matrix, flags } = run(
    linalgPack,
    cols.map((c) => c.data),
    cols.map((c) => c.validity),
  );
  try {
    const fl = await readControl(flags, op);
    for (let j = 0; j < d; j++) {
      if (fl[j]! & 1) throw new ValueError(`${op}: expected finite values in column '${m.names[j]}' apart from missing values, got NaN or ±Inf (set missingValues to NaN to impute NaN)`);
    }
  } finally {
    matrix.data.dispose();
    flags.dispose();
  }
}

async function mean(op: string, c: Column): Promise<number> {
  const { value, validity } = reduceWithValidity(c.data, 'mean', { validity: c.validity });
  try {
    return (await readControl(value as DataBuffer<'float64'>, op))[0]!;
  } finally {
    value.dispose();
    validity.dispose();
  }
}

/** numpy.ma.median: the middle value, or (low + high) / 2 for an even count. */
async function median(op: string, c: Column, valid: number): Promise<number> {
  const lo = (valid - 1) >> 1;
  const hi = valid >> 1;
  const perm = sortPermutation(createFrame({ v: c }), 'v', {});
  const idx = DataBuffer.fromHost(Uint32Array.of(lo, hi), 'uint32');
  const rows = gather(perm, idx, { inRange: true });
  const vals = gather(c.data, rows.values, { inRange: true });
  try {
    const v = await readControl(vals.values as DataBuffer<'float64'>, op);
    return lo === hi ? v[0]! : (v[0]! + v[1]!) / 2;
  } finally {
    for (const b of [perm, idx, rows.values, rows.validity, vals.values, vals.validity]) b?.dispose();
  }
}

/** The most frequent non-null value, ties to the smallest (valueCounts' order). */
async function mostFrequent(op: string, c: Column): Promise<number> {
  const present = await new DataFrame({ v: c }).dropNulls();
  const counts = await present.valueCounts('v');
  const idx = DataBuffer.fromHost(Uint32Array.of(0), 'uint32');
  const first = gather(counts.column('v').data, idx, { inRange: true });
  try {
    return Number((await readControl(first.values, op))[0]!);
  } finally {
    for (const b of [idx, first.values, first.validity]) b?.dispose();
    counts.dispose();
    present.dispose();
  }
}
