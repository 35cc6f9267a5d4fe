/**
 * MultinomialNB: scikit-learn 1.2's multinomial naive Bayes on both backends. fit sums the
 * features per class with 'naive-bayes/class-stats' (exact binary64) and checks X >= 0 with
 * 'linalg/moments' (mins); predict is 'linalg/gemm' (X · featureLogProbᵀ + classLogPrior)
 * then the argmax of 'naive-bayes/joint'.
 */
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgGemm } from '../../kernels/linalg/gemm.js';
import { linalgMoments } from '../../kernels/linalg/moments.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { naiveBayesClassStats } from '../../kernels/naive-bayes/class-stats.js';
import { naiveBayesJoint } from '../../kernels/naive-bayes/joint.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { readControl } from '../control.js';
import type { MatrixInput } from '../matrix-input.js';
import { checkPriors, NaiveBayes, type NBState } from './common.js';

/** Options of {@link MultinomialNB}. */
export interface MultinomialNBOptions {
  /** Additive (Laplace/Lidstone) smoothing; values below 1e-10 are raised to 1e-10 (scikit-learn 1.2). Default 1. */
  alpha?: number;
  /** Learn class priors from the data (else uniform). Default true. */
  fitPrior?: boolean;
  /** Fixed class priors (sorted class order); overrides fitPrior. Default null. */
  classPrior?: Float64Array | number[] | null;
}

interface MultinomialState extends NBState {
  featureCount: Float64Array;
  featureLogProb: Float64Array;
  classLogPrior: Float64Array;
}

const SPECS: ParamSpecs<MultinomialNBOptions> = {
  alpha: { default: 1, check: is.nonNegative },
  fitPrior: { default: true, check: is.boolean },
  classPrior: { default: null, check: (v) => (v === null || Array.isArray(v) || v instanceof Float64Array ? undefined : 'as null, number[] or a Float64Array') },
};

/**
 * Multinomial naive Bayes for counts (word counts, pixel intensities): featureLogProb[c][j] =
 * log((N_cj + α) / (N_c + α·d)). X must be non-negative. Matrices are row-major C × d.
 *
 * @example
 * ```ts
 * const counts = [[3, 0, 1], [2, 0, 0], [0, 4, 1], [0, 2, 2]];
 * const nb = await new gf.MultinomialNB({ alpha: 0.5 }).fit(counts, ['spam', 'spam', 'ham', 'ham']);
 * nb.featureLogProb; // Float64Array [-3.04…, -0.479…, -1.09…, -0.310…, -2.70…, -1.60…] (ham, spam)
 * const p = await nb.predictProba([[1, 0, 0]]); // DataBuffer[] (classes ['ham', 'spam'])
 * await p[1]!.toArray(); // Float64Array [0.939…] (P(spam))
 * ```
 */
export class MultinomialNB extends NaiveBayes<MultinomialNBOptions, MultinomialState> {
  static override readonly estimatorName = 'MultinomialNB';

  constructor(options?: MultinomialNBOptions) {
    super(SPECS, options);
  }

  /**
   * Count features per class. y: a column name of X, a Column, a DataBuffer, a typed array,
   * number[] or string[].
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ w0: new Int32Array([3, 0, 2]), w1: new Int32Array([0, 4, 1]), doc: new Int32Array([1, 2, 3]), label: ['a', 'b', 'a'] });
   * const nb = await new gf.MultinomialNB().fit(df, 'label', { columns: ['w0', 'w1'] });
   * nb.classCount; // Float64Array [2, 1] (rows of a, of b)
   * ```
   */
  async fit(X: MatrixInput, y: unknown, options: { columns?: readonly string[] } = {}): Promise<this> {
    const op = `${this.name}.fit`;
    const data = await this.fitData(op, X, y, options.columns);
    try {
      const { d } = data.X;
      const C = data.classes.length;
      const mom = run(linalgMoments, data.X, { range: true });
      try {
        const mins = (await readControl(mom, op)).subarray(2 * d, 3 * d);
        const j = mins.findIndex((v) => v < 0);
        if (j >= 0) throw new ValueError(`${op}: expected non-negative values (counts) in column '${data.names?.[j] ?? `X[${j}]`}', got ${mins[j]}`);
      } finally {
        mom.dispose();
      }
      const out = run(naiveBayesClassStats, data.X, data.codes, { classes: C });
      let sums: Float64Array;
      try {
        sums = (await readControl(out, op)).slice();
      } finally {
        out.dispose();
      }
      const alpha = Math.max(this.params.alpha, 1e-10);
      const count = new Float64Array(C);
      const fc = new Float64Array(C * d);
      const flp = new Float64Array(C * d);
      for (let c = 0; c < C; c++) {
        count[c] = sums[c * (d + 1) + d]!;
        let tot = 0;
        for (let t = 0; t < d; t++) {
          fc[c * d + t] = sums[c * (d + 1) + t]!;
          tot += fc[c * d + t]! + alpha;
        }
        const lt = Math.log(tot);
        for (let t = 0; t < d; t++) flp[c * d + t] = Math.log(fc[c * d + t]! + alpha) - lt;
      }
      let clp: Float64Array;
      if (this.params.classPrior !== null) {
        const p = Float64Array.from(this.params.classPrior);
        checkPriors(op, 'classPrior', p, C, false);
        clp = p.map(Math.log);
      } else if (this.params.fitPrior) {
        const lt = Math.log(count.reduce((a, b) => a + b, 0));
        clp = count.map((v) => Math.log(v) - lt);
      } else clp = new Float64Array(C).fill(-Math.log(C));
      this.fitted = { featureCount: fc, featureLogProb: flp, classLogPrior: clp, classCount: count, classes: data.classes, nFeaturesIn: d, featureNamesIn: data.names };
      return this;
    } finally {
      data.release();
    }
  }

  protected joint(_op: string, X: Matrix) {
    const st = this.fitted!;
    const C = st.classes.length;
    const B = DataBuffer.fromHost(st.featureLogProb, 'float64');
    const bias = DataBuffer.fromHost(st.classLogPrior, 'float64');
    try {
      const J = run(linalgGemm, X, { data: B, n: C, d: st.nFeaturesIn }, { transB: true, bias });
      try {
        return { r: run(naiveBayesJoint, J), jll: J.data };
      } catch (e) {
        J.data.dispose();
        throw e;
      }
    } finally {
      B.dispose();
      bias.dispose();
    }
  }

  /** Summed feature values per class, classes × features (row-major). */
  get featureCount(): Float64Array {
    return this.state('featureCount').featureCount;
  }

  /** log P(feature | class), classes × features (row-major). */
  get featureLogProb(): Float64Array {
    return this.state('featureLogProb').featureLogProb;
  }

  /** log prior of each class. */
  get classLogPrior(): Float64Array {
    return this.state('classLogPrior').classLogPrior;
  }
}
registerEstimator(MultinomialNB);
