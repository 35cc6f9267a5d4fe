/**
 * GaussianNB: scikit-learn 1.2's Gaussian naive Bayes on both backends. fit takes per-class
 * sums and counts, then centred sums of squares, with 'naive-bayes/class-stats' (exact
 * binary64, fixed block order), and the whole-data variances for epsilon with
 * 'linalg/moments'; only the C × d statistics are read back (control reads). predict runs
 * 'naive-bayes/joint' (joint log-likelihood and argmax on the backend).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgMoments } from '../../kernels/linalg/moments.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { naiveBayesClassStats } from '../../kernels/naive-bayes/class-stats.js';
import { naiveBayesJoint } from '../../kernels/naive-bayes/joint.js';
import { is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { readControl } from '../control.js';
import type { MatrixInput } from '../matrix-input.js';
import { checkPriors, NaiveBayes, type NBState } from './common.js';

/** Options of {@link GaussianNB}. */
export interface GaussianNBOptions {
  /** Prior probability of each class (in sorted class order); default: the class frequencies. */
  priors?: Float64Array | number[] | null;
  /** Share of the largest feature variance added to every variance. Default 1e-9. */
  varSmoothing?: number;
}

interface GaussianState extends NBState {
  theta: Float64Array;
  var: Float64Array;
  classPrior: Float64Array;
  epsilon: number;
}

const SPECS: ParamSpecs<GaussianNBOptions> = {
  priors: { default: null, check: (v) => (v === null || Array.isArray(v) || v instanceof Float64Array ? undefined : 'as null, number[] or a Float64Array') },
  varSmoothing: { default: 1e-9, check: is.nonNegative },
};

const f64 = (a: Float64Array) => DataBuffer.fromHost(a, 'float64');

/**
 * Gaussian naive Bayes: per-class feature means (theta) and variances (var, plus epsilon =
 * varSmoothing × the largest whole-data feature variance). Matrices are row-major C × d.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5, 6]), b: new Float64Array([0, 1, 5, 5]), id: new Float64Array([1, 2, 3, 4]), species: ['x', 'x', 'y', 'y'] });
 * const nb = await new gf.GaussianNB().fit(df, 'species', { columns: ['a', 'b'] });
 * nb.theta; // Float64Array [0.5, 0.5, 5.5, 5] (class x's means, then y's)
 * const labels = await nb.predict(df, ['a', 'b']);
 * await labels.toValues(); // ['x', 'x', 'y', 'y']
 * ```
 */
export class GaussianNB extends NaiveBayes<GaussianNBOptions, GaussianState> {
  static override readonly estimatorName = 'GaussianNB';

  constructor(options?: GaussianNBOptions) {
    super(SPECS, options);
  }

  /**
   * Fit the per-class Gaussians. y: a column name of X, a Column, a DataBuffer, a typed array,
   * number[] or string[].
   *
   * @example
   * ```ts
   * const x0 = new Float64Array([0, 5, 6, 1]);
   * const x1 = new Float64Array([0, 5, 5, 1]);
   * const nb = await new gf.GaussianNB().fit([x0, x1], new Int32Array([0, 1, 1, 0]));
   * nb.classes; // Int32Array [0, 1]
   * ```
   */
  async fit(X: MatrixInput, y: unknown, options: { columns?: readonly string[] } = {}): Promise<this> {
    const op = `${this.name}.fit`;
    const data = await this.fitData(op, X, y, options.columns);
    try {
      const { n, d } = data.X;
      const C = data.classes.length;
      const sums = await this.stats(op, data.X, data.codes, C);
      const count = new Float64Array(C);
      const theta = new Float64Array(C * d);
      for (let c = 0; c < C; c++) {
        count[c] = sums[c * (d + 1) + d]!;
        for (let j = 0; j < d; j++) theta[c * d + j] = sums[c * (d + 1) + j]! / count[c]!;
      }
      const th = f64(theta);
      let sq: Float64Array;
      try {
        sq = await this.stats(op, data.X, data.codes, C, th);
      } finally {
        th.dispose();
      }
      const mom = run(linalgMoments, data.X, {});
      let epsilon: number;
      try {
        const m = await readControl(mom, op);
        epsilon = this.params.varSmoothing * Math.max(...Array.from(m.subarray(d, 2 * d)));
      } finally {
        mom.dispose();
      }
      const v = Float64Array.from(sq, (s, q) => s / count[Math.floor(q / d)]! + epsilon);
      let prior: Float64Array;
      if (this.params.priors !== null) {
        prior = Float64Array.from(this.params.priors);
        checkPriors(op, 'priors', prior, C, true);
      } else prior = Float64Array.from(count, (c) => c / n);
      this.fitted = { theta, var: v, classPrior: prior, classCount: count, epsilon, classes: data.classes, nFeaturesIn: d, featureNamesIn: data.names };
      return this;
    } finally {
      data.release();
    }
  }

  private async stats(op: string, X: Matrix, codes: DataBuffer<'int32'>, classes: number, theta?: DataBuffer<'float64'>): Promise<Float64Array> {
    const out = run(naiveBayesClassStats, X, codes, { classes, theta });
    try {
      return (await readControl(out, op)).slice();
    } finally {
      out.dispose();
    }
  }

  protected joint(_op: string, X: Matrix) {
    const st = this.fitted!;
    const C = st.classes.length;
    const d = st.nFeaturesIn;
    const a = Float64Array.from(st.classPrior, Math.log);
    const b = Float64Array.from({ length: C }, (_, c) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += Math.log(2 * Math.PI * st.var[c * d + j]!);
      return -0.5 * s;
    });
    const bufs = [f64(st.theta), f64(st.var), f64(a), f64(b)] as const;
    try {
      const r = run(naiveBayesJoint, X, { theta: bufs[0], var: bufs[1], a: bufs[2], b: bufs[3] });
      return { r, jll: r.jll! };
    } finally {
      bufs.forEach((x) => x.dispose());
    }
  }

  /** Per-class feature means, classes × features (row-major). */
  get theta(): Float64Array {
    return this.state('theta').theta;
  }

  /** Per-class feature variances (+ epsilon), classes × features (row-major). */
  get var(): Float64Array {
    return this.state('var').var;
  }

  /** Prior probability of each class. */
  get classPrior(): Float64Array {
    return this.state('classPrior').classPrior;
  }

  /** The variance added to every var entry. */
  get epsilon(): number {
    return this.state('epsilon').epsilon;
  }
}
registerEstimator(GaussianNB);
