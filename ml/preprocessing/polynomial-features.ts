/**
 * PolynomialFeatures: scikit-learn 1.2's `PolynomialFeatures` (dense, order 'C') on both
 * backends. Output columns follow scikit-learn's order (bias, then each degree's combinations
 * with replacement, or without for `interactionOnly`, in itertools order) and its products: the
 * column of the combination (i1 <= i2 <= … <= ik) is ((x_ik · x_ik-1) · …) · x_i1, the order in
 * which scikit-learn multiplies the previous degree's column by one feature, so every value is
 * the same binary64 product. Each output column is one fused expression over the inputs.
 */
import { ValueError } from '../../src/errors.js';
import { Column } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col, type Expr } from '../../frame/expr.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import type { InputMatrix, MatrixInput } from '../matrix-input.js';
import { outputMatrix, type MatrixOutput } from '../output.js';
import { refuseNonFinite } from './common.js';
import { featuresSeen, MatrixTransformer, type FeaturesSeen } from './transformer.js';

/** Options of {@link PolynomialFeatures}. */
export interface PolynomialFeaturesOptions {
  /** The largest total degree. Default 2. */
  degree?: number;
  /** Only products of distinct features (no x², x²y, …). Default false. */
  interactionOnly?: boolean;
  /** Start with a column of ones (degree 0). Default true. */
  includeBias?: boolean;
}

interface PolynomialFeaturesState extends FeaturesSeen {
  /** Row-major nOutputFeatures × nFeaturesIn exponents. */
  powers: Int32Array;
  nOutputFeatures: number;
  featureNamesOut: string[];
}

const SPECS: ParamSpecs<PolynomialFeaturesOptions> = {
  degree: { default: 2, check: is.nonNegativeInt },
  interactionOnly: { default: false, check: is.boolean },
  includeBias: { default: true, check: is.boolean },
};

/** The largest output width accepted (scikit-learn has no limit; this guards against typos such as degree 20 on 50 columns). */
const MAX_OUTPUT = 100_000;

/**
 * Polynomial and interaction features up to `degree`, as scikit-learn (float64 output).
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([1, 2]), b: new Float64Array([3, 4]) });
 * const poly = new gf.PolynomialFeatures({ degree: 2 });
 * const out = await poly.fitTransform(df, ['a', 'b']);
 * out.columns; // ['1', 'a', 'b', 'a^2', 'a b', 'b^2']
 * await out.column('a b').toValues(); // [3, 8]
 * ```
 */
export class PolynomialFeatures extends MatrixTransformer<PolynomialFeaturesOptions, PolynomialFeaturesState> {
  static override readonly estimatorName = 'PolynomialFeatures';

  constructor(options?: PolynomialFeaturesOptions) {
    super(SPECS, options);
  }

  /** Fix the output columns for X's features (X must be finite, without nulls). */
  protected async fitMatrix(op: string, m: InputMatrix): Promise<PolynomialFeaturesState> {
    await refuseNonFinite(op, m);
    const { degree, interactionOnly, includeBias } = this.params;
    if (degree === 0 && !includeBias) throw new ValueError(`${op}: expected option 'degree' >= 1 when includeBias is false, got 0 (no output columns)`);
    const combos = combinations(op, m.d, degree, interactionOnly, includeBias);
    const powers = new Int32Array(combos.length * m.d);
    combos.forEach((c, r) => c.forEach((i) => powers[r * m.d + i]!++));
    const names = m.kind === 'frame' ? m.names : m.names.map((_, j) => `x${j}`);
    const featureNamesOut = combos.map((_, r) => {
      const terms: string[] = [];
      for (let i = 0; i < m.d; i++) {
        const p = powers[r * m.d + i]!;
        if (p > 0) terms.push(p === 1 ? names[i]! : `${names[i]}^${p}`);
      }
      return terms.length ? terms.join(' ') : '1';
    });
    return { powers, nOutputFeatures: combos.length, ...featuresSeen(m), featureNamesOut };
  }

  /**
   * The polynomial features of X (a DataFrame named as getFeatureNamesOut for frame input, else DataBuffers).
   *
   * @example
   * ```ts
   * const poly = await new gf.PolynomialFeatures({ degree: 2, includeBias: false }).fit([[0, 0]]);
   * const out = await poly.transform([[2, 3]]); // DataBuffer[]: x0, x1, x0^2, x0 x1, x1^2
   * await Promise.all(out.map(async (b) => (await b.toArray())[0])); // [2, 3, 4, 6, 9]
   * ```
   */
  async transform<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    return this.withFitted('transform', X, columns, async (op, m, st) => {
      await refuseNonFinite(op, m);
      const d = m.d;
      const frame = new DataFrame(m.cols.map((c, j) => [`x${j}`, new Column({ type: c.dtype, data: c })] as const));
      const x = (j: number) => (m.cols[j]!.dtype === 'float64' ? col(`x${j}`) : col(`x${j}`).cast('float64'));
      const out: DataBuffer[] = [];
      try {
        for (let r = 0; r < st.nOutputFeatures; r++) {
          const combo: number[] = [];
          for (let i = 0; i < d; i++) for (let p = 0; p < st.powers[r * d + i]!; p++) combo.push(i);
          let e: Expr;
          if (combo.length === 0) e = x(0).mul(0).add(1);
          else {
            e = combo.length === 1 ? x(combo[0]!).mul(1) : x(combo[combo.length - 1]!);
            for (let t = combo.length - 2; t >= 0; t--) e = e.mul(x(combo[t]!));
          }
          const res = await frame.eval(e);
          if (res.validity) res.validity.dispose();
          out.push(res.data);
        }
        return outputMatrix(m.kind, out, st.featureNamesOut) as MatrixOutput<X>;
      } catch (err) {
        out.forEach((b) => b.dispose());
        throw err;
      }
    });
  }

  /**
   * Output names as scikit-learn's get_feature_names_out: '1', 'a', 'a^2', 'a b', …
   * (array inputs name their features x0, x1, …).
   *
   * @example
   * ```ts
   * const poly = await new gf.PolynomialFeatures({ degree: 2 }).fit([[1, 2]]);
   * poly.getFeatureNamesOut(); // ['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']
   * ```
   */
  getFeatureNamesOut(): string[] {
    return [...this.state('getFeatureNamesOut').featureNamesOut];
  }

  /** Exponents, row-major nOutputFeatures × nFeaturesIn (scikit-learn's powers_). */
  get powers(): Int32Array {
    return this.state('powers').powers;
  }

  /** Number of output columns. */
  get nOutputFeatures(): number {
    return this.state('nOutputFeatures').nOutputFeatures;
  }
}
registerEstimator(PolynomialFeatures);

/** itertools' combinations_with_replacement (or combinations) of 0..d-1 for degrees 0 or 1 .. degree, in order. */
function combinations(op: string, d: number, degree: number, interactionOnly: boolean, includeBias: boolean): number[][] {
  const out: number[][] = includeBias ? [[]] : [];
  const rec = (k: number, from: number, acc: number[]) => {
    if (out.length > MAX_OUTPUT) throw new ValueError(`${op}: expected at most ${MAX_OUTPUT} output columns, got more (degree ${degree} on ${d} features)`);
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let i = from; i < d; i++) {
      acc.push(i);
      rec(k, interactionOnly ? i + 1 : i, acc);
      acc.pop();
    }
  };
  for (let k = 1; k <= degree; k++) rec(k, 0, []);
  return out;
}
