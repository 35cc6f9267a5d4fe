/**
 * LogisticRegression as scikit-learn 1.2's with solver 'lbfgs': penalty 'l2' or none, C,
 * fitIntercept, classWeight (none, 'balanced' or a weight per label), sample weights,
 * maxIter, tol, multiClass 'auto' | 'multinomial' ('ovr' is not offered).
 *
 * It minimises scikit-learn's objective Σ_i s_i · loss_i + ‖W‖²_F / (2C) (intercepts not
 * penalised; s_i = sample weight × class weight) with L-BFGS on the host over the small
 * parameter vector (./logistic-lbfgs.ts, stopping as SciPy's L-BFGS-B does for scikit-learn:
 * pgtol = tol, factr 1e7, maxiter = maxIter), each loss and gradient computed on the backend
 * (./logistic-fit.ts: two 'linalg/gemm' and one 'logistic/loss', one control read each).
 * Binary problems fit one row of coefficients (HalfBinomialLoss, class 1 positive) unless
 * multiClass is 'multinomial', which fits two softmax rows and keeps the second, as
 * scikit-learn does. Predictions: decision values by 'linalg/gemm' with the intercepts as
 * bias, then 'logistic/argmax' or 'logistic/proba' on the backend.
 */
import { Column } from '../../src/column/column.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgGemm } from '../../kernels/linalg/gemm.js';
import { linalgUnpack } from '../../kernels/linalg/unpack.js';
import { logisticArgmax } from '../../kernels/logistic/argmax.js';
import { logisticProba, type ProbaMode } from '../../kernels/logistic/proba.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { reduce } from '../../kernels/reduce/reduce.js';
import { readControl } from '../control.js';
import { Estimator, is, registerEstimator, type ParamSpecs } from '../estimator.js';
import { decodeLabels, encodeLabels, type Classes } from '../labels.js';
import { resolveInput, type InputKind, type MatrixInput } from '../matrix-input.js';
import { outputMatrix, outputVector, type MatrixOutput, type VectorOutput } from '../output.js';
import { packChecked } from './common.js';
import { lbfgs } from './logistic-lbfgs.js';
import { frameOf, objective, prepareFit, type ClassWeight, type LabelInput, type LogisticFitOptions } from './logistic-fit.js';

/** Options of {@link LogisticRegression} (scikit-learn's names in camelCase). */
export interface LogisticRegressionOptions {
  /** 'l2' (default) or 'none' / null (no penalty; scikit-learn 1.2 spells it None). */
  penalty?: 'l2' | 'none' | null;
  /** Inverse regularisation strength (default 1). */
  C?: number;
  /** Fit intercepts (default true; they are not penalised). */
  fitIntercept?: boolean;
  /** null (default), 'balanced' (n / (K · count_k)) or a weight per label (`{ '0': 1, '1': 5 }`). */
  classWeight?: ClassWeight;
  /** Most L-BFGS iterations (default 100). */
  maxIter?: number;
  /** Stop when the largest gradient component is at most tol (SciPy's pgtol; default 1e-4). */
  tol?: number;
  /** 'auto' (default: binary problems fit one row, others multinomial) or 'multinomial'. */
  multiClass?: 'auto' | 'multinomial';
}

/** The fitted model (plain data). */
interface LogisticState {
  /** nRows × d, row-major (nRows = K, or 1 for two classes). */
  coef: Float64Array;
  intercept: Float64Array;
  classes: Classes;
  nIter: number;
  nFunEvals: number;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
  /** How decision values become probabilities. */
  mode: ProbaMode;
}

const SPECS: ParamSpecs<LogisticRegressionOptions> = {
  penalty: { default: 'l2', check: is.oneOf('l2', 'none', null) },
  C: { default: 1, check: is.positive },
  fitIntercept: { default: true, check: is.boolean },
  classWeight: { default: null, check: checkClassWeight },
  maxIter: { default: 100, check: is.nonNegativeInt },
  tol: { default: 1e-4, check: is.nonNegative },
  multiClass: { default: 'auto', check: is.oneOf('auto', 'multinomial') },
};

function checkClassWeight(v: unknown): string | undefined {
  if (v === null || v === 'balanced') return undefined;
  const ok = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0);
  return ok ? undefined : "as null, 'balanced' or an object of finite weights >= 0 per label";
}

/**
 * Logistic regression (scikit-learn's LogisticRegression, solver 'lbfgs').
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ x: new Float64Array([0, 1, 2, 3, 4, 5]), species: ['a', 'a', 'a', 'b', 'b', 'b'] });
 * const clf = await new gf.LogisticRegression({ C: 0.5 }).fit(df, 'species');
 * const labels = await clf.predict(df, ['x']); // a utf8 Column
 * await labels.toValues(); // ['a', 'a', 'a', 'b', 'b', 'b']
 * ```
 */
export class LogisticRegression extends Estimator<LogisticRegressionOptions, LogisticState> {
  static override readonly estimatorName = 'LogisticRegression';

  constructor(options?: LogisticRegressionOptions) {
    super(SPECS, options);
  }

  /** Coefficients: nRows × nFeaturesIn row-major (nRows = number of classes, or 1 for two). */
  get coef(): Float64Array {
    return this.state('coef').coef;
  }
  /** Intercepts, one per coefficient row (zeros without fitIntercept). */
  get intercept(): Float64Array {
    return this.state('intercept').intercept;
  }
  /** The sorted class labels. */
  get classes(): Classes {
    return this.state('classes').classes;
  }
  /** L-BFGS iterations run (at most maxIter). */
  get nIter(): number {
    return this.state('nIter').nIter;
  }
  /** Loss-and-gradient evaluations of the fit (one control read each on WebGPU). */
  get nFunEvals(): number {
    return this.state('nFunEvals').nFunEvals;
  }
  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }
  /** Feature names seen in fit (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }

  /**
   * Fit to X and class labels y (a column name of X's frame, Column, typed array, number[] or
   * string[]). ValueError for a single class, NaN/±Inf/nulls (naming the column).
   *
   * @example
   * ```ts
   * const clf = new gf.LogisticRegression();
   * await clf.fit([[0], [1], [2], [3]], [0, 0, 1, 1], { sampleWeight: [1, 1, 1, 5] });
   * clf.coef; // Float64Array [1.271…]
   * ```
   */
  async fit(X: MatrixInput, y: LabelInput, options: LogisticFitOptions = {}): Promise<this> {
    const op = `${this.name}.fit`;
    const p = this.params;
    const prob = await prepareFit(op, X, y, options, p.classWeight);
    try {
      const K = prob.labels.classes.length;
      const multinomial = K > 2 || p.multiClass === 'multinomial';
      const r = multinomial ? K : 1;
      const d = prob.m.d;
      const l2 = p.penalty === 'l2' ? 1 / p.C : 0;
      const counter = { evaluations: 0 };
      const fg = objective(op, prob, r, l2, p.fitIntercept, counter);
      const res = await lbfgs(fg, new Float64Array(r * (d + 1)), { pgtol: p.tol, maxiter: p.maxIter });
      const keep = multinomial && K === 2 ? [1] : Array.from({ length: r }, (_, k) => k);
      const coef = new Float64Array(keep.length * d);
      const intercept = new Float64Array(keep.length);
      keep.forEach((k, row) => {
        coef.set(res.x.subarray(k * (d + 1), k * (d + 1) + d), row * d);
        intercept[row] = res.x[k * (d + 1) + d]!;
      });
      const mode: ProbaMode = !multinomial ? 'sigmoid' : K === 2 ? 'softmax2' : 'softmax';
      this.fitted = {
        coef,
        intercept,
        classes: prob.labels.classes,
        nIter: Math.min(res.nit, p.maxIter),
        nFunEvals: counter.evaluations,
        nFeaturesIn: d,
        featureNamesIn: prob.m.kind === 'frame' ? prob.m.names : null,
        mode,
      };
      return this;
    } finally {
      prob.release();
    }
  }

  /** Decision values (n × nRows) of X on the backend. */
  private async decisions(op: string, X: MatrixInput, columns?: readonly string[]): Promise<{ Z: Matrix; kind: InputKind; n: number }> {
    const s = this.state(op.slice(op.indexOf('.') + 1));
    const m = await resolveInput(op, X, columns);
    try {
      if (m.d !== s.nFeaturesIn) throw new ShapeError(`${op}: expected X with ${s.nFeaturesIn} features (as in fit), got ${m.d}`);
      const Xm = await packChecked(op, m.cols, m.validity, m.names);
      const rows = s.intercept.length;
      const W = DataBuffer.fromHost(s.coef, 'float64');
      const b = DataBuffer.fromHost(s.intercept, 'float64');
      try {
        return { Z: run(linalgGemm, Xm, { data: W, n: rows, d: s.nFeaturesIn }, { transB: true, bias: b }), kind: m.kind, n: m.n };
      } finally {
        Xm.data.dispose();
        W.dispose();
        b.dispose();
      }
    } finally {
      m.release();
    }
  }

  /**
   * Predicted class labels (argmax of the decision values on the backend): a Column for
   * frame inputs, a DataBuffer for arrays (a utf8 Column when the labels are strings).
   *
   * @example
   * ```ts
   * const clf = await new gf.LogisticRegression().fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
   * const labels = await clf.predict([[-1], [4]]); // a DataBuffer of the labels' dtype
   * await labels.toArray(); // Float64Array [0, 1]
   * ```
   */
  async predict<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X>> {
    const { codes, kind } = await this.codesOf(`${this.name}.predict`, X, columns);
    try {
      const labels = decodeLabels(codes, this.fitted!.classes);
      return (kind === 'frame' || labels.type === 'utf8' ? labels : outputVector(kind, labels.data)) as VectorOutput<X>;
    } finally {
      codes.dispose();
    }
  }

  private async codesOf(op: string, X: MatrixInput, columns?: readonly string[]): Promise<{ codes: DataBuffer<'int32'>; kind: InputKind }> {
    const { Z, kind } = await this.decisions(op, X, columns);
    try {
      return { codes: run(logisticArgmax, Z), kind };
    } finally {
      Z.data.dispose();
    }
  }

  /**
   * Class probabilities, one column per class (named by the class labels for frame inputs).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ x: new Float64Array([0, 1, 2, 3]), y: ['no', 'no', 'yes', 'yes'] });
   * const clf = await new gf.LogisticRegression().fit(df, 'y');
   * const proba = await clf.predictProba(df, ['x']); // a DataFrame
   * proba.columns; // ['no', 'yes']
   * await proba.column('yes').toValues(); // [0.191…, 0.382…, 0.617…, 0.808…]
   * ```
   */
  async predictProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    return this.proba(`${this.name}.predictProba`, X, columns, false);
  }

  /**
   * Logarithms of the class probabilities (scikit-learn's np.log(predict_proba)).
   *
   * @example
   * ```ts
   * const clf = await new gf.LogisticRegression().fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
   * const logp = await clf.predictLogProba([[1.5]]); // a DataBuffer per class
   * await logp[0]!.toArray(); // Float64Array [-0.6931…] (log 0.5: x = 1.5 is on the boundary)
   * ```
   */
  async predictLogProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    return this.proba(`${this.name}.predictLogProba`, X, columns, true);
  }

  private async proba<X extends MatrixInput>(op: string, X: X, columns: readonly string[] | undefined, log: boolean): Promise<MatrixOutput<X>> {
    const { Z, kind } = await this.decisions(op, X, columns);
    let P: Matrix | undefined;
    try {
      P = run(logisticProba, Z, { mode: this.fitted!.mode, log });
      const cols = run(linalgUnpack, P);
      return outputMatrix(kind, cols, this.classNames()) as MatrixOutput<X>;
    } finally {
      Z.data.dispose();
      P?.data.dispose();
    }
  }

  /**
   * Decision values X·coefᵀ + intercept: one value per sample for a binary model (a vector),
   * else one column per class.
   *
   * @example
   * ```ts
   * const clf = await new gf.LogisticRegression().fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
   * const z = await clf.decisionFunction([[0], [1.5], [3]]); // binary: one value per sample
   * await (z as gf.DataBuffer).toArray(); // Float64Array [-1.437…, ≈0, 1.437…]
   * ```
   */
  async decisionFunction<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X> | MatrixOutput<X>> {
    const { Z, kind } = await this.decisions(`${this.name}.decisionFunction`, X, columns);
    if (Z.d === 1) return outputVector(kind, Z.data) as VectorOutput<X>;
    try {
      return outputMatrix(kind, run(linalgUnpack, Z), this.classNames()) as MatrixOutput<X>;
    } finally {
      Z.data.dispose();
    }
  }

  /**
   * Mean accuracy of `predict(X)` against y (scikit-learn's ClassifierMixin.score).
   *
   * @example
   * ```ts
   * const iris = await gf.readCSV('data/ml/iris.csv');
   * const clf = await new gf.LogisticRegression({ maxIter: 200 }).fit(iris, 'target');
   * await clf.score(iris, 'target'); // 0.9733333333333334
   * ```
   */
  async score(X: MatrixInput, y: LabelInput, columns?: readonly string[]): Promise<number> {
    const op = `${this.name}.score`;
    let cols = columns;
    if (cols === undefined && X instanceof DataFrame && typeof y === 'string') cols = X.names.filter((nm) => nm !== y);
    const { codes } = await this.codesOf(op, X, cols);
    try {
      const truth = await encodeLabels(op, 'y', frameOf(X), y, codes.length, this.fitted!.classes);
      try {
        if (codes.length === 0) return NaN;
        const f = new DataFrame({ p: new Column({ type: 'int32', data: codes }), t: new Column({ type: 'int32', data: truth.codes }) });
        const eq = await f.eval(col('p').eq(col('t')).cast('float64'));
        const mean = reduce(eq.data, 'mean');
        try {
          return (await readControl(mean, op))[0] as number;
        } finally {
          mean.dispose();
          eq.data.dispose();
        }
      } finally {
        truth.release();
      }
    } finally {
      codes.dispose();
    }
  }

  private classNames(): string[] {
    return Array.from(this.fitted!.classes as ArrayLike<unknown>, String);
  }

  protected override loadState(state: object): void {
    const s = state as LogisticState;
    const rows = s.intercept?.length;
    if (!(s.coef instanceof Float64Array) || !(s.intercept instanceof Float64Array) || s.coef.length !== rows * s.nFeaturesIn || !['softmax', 'sigmoid', 'softmax2'].includes(s.mode)) {
      throw new ValueError(`${this.name}.fromJSON: expected a saved model with coef of intercept.length × nFeaturesIn values, got another shape`);
    }
    this.fitted = s;
  }
}

registerEstimator(LogisticRegression);
