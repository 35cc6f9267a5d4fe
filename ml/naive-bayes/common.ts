/**
 * The shared body of GaussianNB and MultinomialNB: each model supplies the joint
 * log-likelihood of X's rows ('naive-bayes/joint' gives the argmax and row max on the backend),
 * and this base turns it into predict, predictProba / predictLogProba (scipy's logsumexp in the
 * fused expression kernel: log Σ_c exp(J_c − max) + max) and score (accuracy).
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgUnpack } from '../../kernels/linalg/unpack.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import type { JointResult } from '../../kernels/naive-bayes/joint.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { Estimator } from '../estimator.js';
import { decodeLabels, encodeLabels, type Classes } from '../labels.js';
import { featureColumns, frameOfInput, resolveInput, type InputKind, type MatrixInput } from '../matrix-input.js';
import { outputMatrix, outputVector, type MatrixOutput, type VectorOutput } from '../output.js';
import { checkRows, checkWidth, packChecked } from '../neighbors/common.js';
import { accuracyOfCodes } from '../neighbors/score.js';

/** What every naive Bayes state holds. */
export interface NBState {
  classes: Classes;
  classCount: Float64Array;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
}

/** X packed and checked for fit: the matrix, the class codes, the classes. */
export interface FitData {
  X: Matrix;
  codes: DataBuffer<'int32'>;
  classes: Classes;
  names: string[] | null;
  release(): void;
}

export abstract class NaiveBayes<P extends object, S extends NBState> extends Estimator<P, S> {
  /** The joint log-likelihood of packed rows (n × C in `jll`, or none when the argmax input was it). */
  protected abstract joint(op: string, X: Matrix): { r: JointResult; jll: DataBuffer<'float64'> };

  /** Resolve, pack and label the training data (y given by column name is not a feature). */
  protected async fitData(op: string, X: MatrixInput, y: unknown, columns?: readonly string[]): Promise<FitData> {
    const m = await resolveInput(op, X, featureColumns(X, columns, y));
    try {
      checkRows(op, m.n);
      const matrix = await packChecked(op, m);
      try {
        const enc = await encodeLabels(op, 'y', frameOfInput(X), y, m.n);
        return { X: matrix, codes: enc.codes, classes: enc.classes, names: m.kind === 'frame' ? m.names : null, release: () => (matrix.data.dispose(), enc.release()) };
      } catch (e) {
        matrix.data.dispose();
        throw e;
      }
    } finally {
      m.release();
    }
  }

  private async jointOf(op: string, X: MatrixInput, columns?: readonly string[]): Promise<{ r: JointResult; jll: DataBuffer<'float64'>; kind: InputKind; n: number }> {
    const st = this.state(op.split('.')[1]!);
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m.d, st.nFeaturesIn);
      const matrix = await packChecked(op, m);
      try {
        return { ...this.joint(op, matrix), kind: m.kind, n: m.n };
      } finally {
        matrix.data.dispose();
      }
    } finally {
      m.release();
    }
  }

  /**
   * The most likely class of each row of X (a Column for frames; a DataBuffer of the classes'
   * dtype for arrays, a utf8 Column when the classes are strings).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5, 6]), b: new Float64Array([0, 1, 5, 5]), species: ['x', 'x', 'y', 'y'] });
   * const nb = await new gf.GaussianNB().fit(df, 'species', { columns: ['a', 'b'] });
   * const labels = await nb.predict(df, ['a', 'b']); // a utf8 Column
   * await labels.toValues(); // ['x', 'x', 'y', 'y']
   * ```
   */
  async predict<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X>> {
    const { r, jll, kind } = await this.jointOf(`${this.name}.predict`, X, columns);
    jll.dispose();
    r.max.dispose();
    try {
      const labels = decodeLabels(r.labels, this.fitted!.classes);
      return (kind === 'frame' || labels.type === 'utf8' ? labels : outputVector(kind, labels.data)) as VectorOutput<X>;
    } finally {
      r.labels.dispose();
    }
  }

  private async logProba(op: string, X: MatrixInput, columns: readonly string[] | undefined, exp: boolean): Promise<{ cols: DataBuffer[]; kind: InputKind }> {
    const { r, jll, kind, n } = await this.jointOf(op, X, columns);
    r.labels.dispose();
    const C = this.fitted!.classes.length;
    const cols = run(linalgUnpack, { data: jll, n, d: C });
    jll.dispose();
    try {
      const named: Record<string, Column> = { m: new Column({ type: 'float64', data: r.max }) };
      cols.forEach((c, j) => (named[`j${j}`] = new Column({ type: 'float64', data: c })));
      // exp(J_c − max) added one class at a time (few bindings per fused kernel), left to right.
      let acc: DataBuffer | undefined;
      for (let j = 0; j < C; j++) {
        const t = col(`j${j}`).sub(col('m')).exp();
        const f = new DataFrame(acc ? { ...named, s: new Column({ type: 'float64', data: acc }) } : named);
        const next = (await f.eval(acc ? col('s').add(t) : t)).data;
        acc?.dispose();
        acc = next;
      }
      const lse = await new DataFrame({ s: new Column({ type: 'float64', data: acc! }), m: named.m! }).eval(col('s').log().add(col('m')));
      acc!.dispose();
      const g = new DataFrame({ ...named, lse: new Column({ type: 'float64', data: lse.data }) });
      const out: DataBuffer[] = [];
      for (let j = 0; j < C; j++) {
        const e = col(`j${j}`).sub(col('lse'));
        out.push((await g.eval(exp ? e.exp() : e)).data);
      }
      lse.data.dispose();
      return { cols: out, kind };
    } finally {
      cols.forEach((c) => c.dispose());
      r.max.dispose();
    }
  }

  /**
   * Class probabilities, one float64 column per class (classes order, named by the class).
   *
   * @example
   * ```ts
   * const nb = await new gf.GaussianNB().fit([[0], [1], [5], [6]], [0, 0, 1, 1]);
   * const p = await nb.predictProba([[0.5], [3]]); // DataBuffer[] (one per class)
   * await p[1]!.toArray(); // Float64Array [≈0, ≈0.5] (3 is halfway between the classes)
   * ```
   */
  async predictProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const { cols, kind } = await this.logProba(`${this.name}.predictProba`, X, columns, true);
    return outputMatrix(kind, cols, this.classNames()) as MatrixOutput<X>;
  }

  /**
   * Log class probabilities (the joint log-likelihood minus its logsumexp over classes).
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5, 6]) });
   * const nb = await new gf.GaussianNB().fit(df, ['x', 'x', 'y', 'y']);
   * const lp = await nb.predictLogProba(df); // a DataFrame with columns x, y
   * await lp.column('x').toValues(); // [≈0, ≈0, -39.99…, -59.99…]
   * ```
   */
  async predictLogProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const { cols, kind } = await this.logProba(`${this.name}.predictLogProba`, X, columns, false);
    return outputMatrix(kind, cols, this.classNames()) as MatrixOutput<X>;
  }

  /**
   * The unnormalised joint log-likelihood log P(c) + log P(x | c), one column per class.
   *
   * @example
   * ```ts
   * const nb = await new gf.MultinomialNB().fit([[3, 0], [0, 3]], [0, 1]);
   * const j = await nb.predictJointLogProba([[1, 1]]); // DataBuffer[] (one per class)
   * await j[0]!.toArray(); // Float64Array [-2.525…]
   * ```
   */
  async predictJointLogProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const { r, jll, kind, n } = await this.jointOf(`${this.name}.predictJointLogProba`, X, columns);
    r.labels.dispose();
    r.max.dispose();
    const cols = run(linalgUnpack, { data: jll, n, d: this.fitted!.classes.length });
    jll.dispose();
    return outputMatrix(kind, cols, this.classNames()) as MatrixOutput<X>;
  }

  /**
   * Accuracy of predict(X) against y.
   *
   * @example
   * ```ts
   * const df = new gf.DataFrame({ a: new Float64Array([0, 1, 5, 6]), b: new Float64Array([0, 1, 5, 5]), species: ['x', 'x', 'y', 'y'] });
   * const nb = await new gf.GaussianNB().fit(df, 'species', { columns: ['a', 'b'] });
   * await nb.score(df, 'species', ['a', 'b']); // 1
   * ```
   */
  async score(X: MatrixInput, y: unknown, columns?: readonly string[]): Promise<number> {
    const op = `${this.name}.score`;
    const st = this.state('score');
    const { r, jll, n } = await this.jointOf(op, X, featureColumns(X, columns, y));
    jll.dispose();
    r.max.dispose();
    const enc = await encodeLabels(op, 'y', frameOfInput(X), y, n, st.classes);
    try {
      return await accuracyOfCodes(op, r.labels, enc.codes);
    } finally {
      enc.release();
      r.labels.dispose();
    }
  }

  private classNames(): string[] {
    return Array.from(this.fitted!.classes as ArrayLike<unknown>, String);
  }

  /** The class labels, sorted. */
  get classes(): Classes {
    return this.state('classes').classes;
  }

  /** Training samples per class. */
  get classCount(): Float64Array {
    return this.state('classCount').classCount;
  }

  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }

  /** Feature names seen in fit (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }
}

/** ValueError unless priors has one non-negative value per class summing to 1 (scikit-learn's checks). */
export function checkPriors(op: string, what: string, priors: Float64Array, C: number, sumToOne: boolean): void {
  if (priors.length !== C) throw new ValueError(`${op}: expected ${what} with ${C} values (one per class), got ${priors.length}`);
  if (priors.some((p) => !(p >= 0))) throw new ValueError(`${op}: expected non-negative ${what}, got ${Array.from(priors).join(', ')}`);
  const s = priors.reduce((a, b) => a + b, 0);
  if (sumToOne && Math.abs(s - 1) > 1e-8) throw new ValueError(`${op}: expected ${what} summing to 1, got a sum of ${s}`);
}
