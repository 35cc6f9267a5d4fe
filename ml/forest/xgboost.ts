/**
 * `gf.loadXGBoost`: an XGBoost model saved as JSON (`Booster.save_model('m.json')`) as a gpuframe
 * estimator. Parsing and what is refused: ./xgboost-parse.ts. Prediction: the compiled forest
 * (kernels/forest/forest.ts) under XGBoost's rule (features cast to float32, `x < threshold` goes
 * left, NaN and nulls take the node's default direction, margins summed in float32 in tree order),
 * so margins equal `Booster.predict(output_margin=True)` bit for bit on the goldens and
 * probabilities agree to float32 rounding of exp.
 *
 * Backends: prediction runs the registered 'forest/predict' kernel (kernels/forest/predict.ts):
 * the CPU reference walk on the CPU backend, the Hummingbird strategy of the `strategy` option on
 * WebGPU (features stay on the device; the results, identical bit for bit to the CPU's, are read
 * back once per call, since labels and probabilities are finished on the host).
 */
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { readFileBytes } from '../../src/io/fs.js';
import { DataFrame } from '../../frame/data-frame.js';
import type { Forest } from '../../kernels/forest/forest.js';
import type { ForestOutputKind } from '../../kernels/forest/predict-cpu.js';
import { argmaxBlocks, forestPredict, type ForestStrategy } from '../../kernels/forest/predict.js';
import { FOREST_STRATEGIES } from '../../kernels/forest/device-layout.js';
import { checkOptions } from '../../src/options.js';
import { Estimator, registerEstimator, type ParamSpecs } from '../estimator.js';
import { resolveInput, type InputKind, type InputMatrix, type MatrixInput } from '../matrix-input.js';
import { outputBlocks, outputMatrix, outputVector, type MatrixOutput, type VectorOutput } from '../output.js';
import { forestFromPlain, savedNames, withPlainForest } from './forest-json.js';
import { compileXGBoost, parseXGBoostText, XGB_OBJECTIVES } from './xgboost-parse.js';

/**
 * XGBoostModel's options. `strategy`: the device inference strategy (Hummingbird's): 'auto'
 * (default: GEMM for depth ≤ 3, PerfectTreeTraversal for depth ≤ 10 within its padding budget,
 * TreeTraversal beyond), or 'gemm' | 'perfect' | 'traversal' to force one. Every strategy predicts
 * identically; 'perfect' past its budget (2^22 padded nodes) and 'gemm' past 256 internal nodes
 * in a tree are ValueErrors at predict time, on either backend. The CPU backend runs its
 * reference walk whatever the strategy (the strategies are device kernels).
 */
export interface XGBoostModelOptions {
  strategy?: ForestStrategy;
}

interface XGBoostState {
  objective: string;
  nClasses: number;
  baseScore: number;
  featureNames: string[] | null;
  forest: Forest;
}

const SPECS: ParamSpecs<XGBoostModelOptions> = {
  strategy: { default: 'auto', check: (v) => (FOREST_STRATEGIES.includes(v) ? undefined : "'auto', 'gemm', 'perfect' or 'traversal'") },
};

/**
 * An imported XGBoost model: `predict` (values for regression, class labels 0..k-1 for classifiers,
 * as XGBClassifier: p > 0.5 for binary, argmax otherwise), `predictProba`, `predictMargin`,
 * `predictTrees` (each tree's leaf value) and `predictLeaf` (each tree's leaf node id, XGBoost's
 * pred_leaf). Outputs are float32 (XGBoost's precision) and mirror the input's kind.
 *
 * @example
 * ```ts
 * const model = await gf.loadXGBoost('test/fixtures/trees/xgb-breast_cancer-logistic.json');
 * model.objective; // 'binary:logistic'
 * const rows = [new Array(30).fill(0)]; // one sample of 30 features
 * const p = await model.predictProba(rows); // [P(class 0), P(class 1)] as DataBuffers
 * ```
 */
export class XGBoostModel extends Estimator<XGBoostModelOptions, XGBoostState> {
  static override readonly estimatorName = 'XGBoostModel';

  constructor(options?: XGBoostModelOptions) {
    super(SPECS, options);
  }

  /** @internal Install a compiled model (loadXGBoost). */
  static fromParsed(state: XGBoostState, options?: XGBoostModelOptions): XGBoostModel {
    const m = new XGBoostModel(options);
    m.fitted = state;
    return m;
  }

  /** The objective, e.g. 'binary:logistic'. */
  get objective(): string {
    return this.state('objective').objective;
  }

  /** Features the model takes (XGBoost's num_feature). */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').forest.nFeatures;
  }

  /** Feature names saved with the model (used to pick a DataFrame's columns), or null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNames;
  }

  /** Number of trees (rounds × classes for multi:softprob). */
  get nTrees(): number {
    return this.state('nTrees').forest.nTrees;
  }

  /** The compiled forest (read-only). */
  get forest(): Forest {
    return this.state('forest').forest;
  }

  /**
   * Predictions: values (regression) or class labels (int32, classifiers).
   *
   * @example
   * ```ts
   * const model = await gf.loadXGBoost('test/fixtures/trees/xgb-diabetes-squarederror.json');
   * const y = await model.predict([[50, 1, 25, 90, 180, 100, 50, 4, 4.5, 90]]); // a Float32 DataBuffer
   * ```
   */
  async predict<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X>> {
    const op = `${this.name}.predict`;
    const st = this.state('predict');
    const { kind, out, n } = await this.compute(op, X, columns, 'output');
    if (st.nClasses === 0) return outputVector(kind, out) as VectorOutput<X>;
    const p = out.hostView(op) as Float32Array;
    const labels = new Int32Array(n);
    if (st.forest.nGroups === 1) for (let i = 0; i < n; i++) labels[i] = p[i]! > 0.5 ? 1 : 0;
    else labels.set(argmaxBlocks(p, n, st.forest.nGroups));
    out.dispose();
    return outputVector(kind, DataBuffer.fromHost(labels, 'int32')) as VectorOutput<X>;
  }

  /**
   * Class probabilities, one column per class (named '0', '1', … for frames); binary:logistic
   * gives [1 - p, p] as XGBClassifier.predict_proba. ValueError for regression.
   *
   * @example
   * ```ts
   * const model = await gf.loadXGBoost('test/fixtures/trees/xgb-digits-softprob.json');
   * const proba = await model.predictProba([new Array(64).fill(0)]); // 10 DataBuffers
   * ```
   */
  async predictProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.predictProba`;
    const st = this.state('predictProba');
    if (st.nClasses === 0) throw new ValueError(`${op}: expected a classifier (binary:logistic or multi:softprob), got objective '${st.objective}'`);
    const { kind, out, n } = await this.compute(op, X, columns, 'output');
    const p = out.hostView(op) as Float32Array;
    if (st.forest.nGroups === 1) {
      const q = new Float32Array(n);
      for (let i = 0; i < n; i++) q[i] = 1 - p[i]!;
      return outputMatrix(kind, [DataBuffer.fromHost(q), DataBuffer.fromHost(p.subarray(0, n))], ['0', '1']) as MatrixOutput<X>;
    }
    return this.split(kind, p, n, st.forest.nGroups, (g) => String(g)) as MatrixOutput<X>;
  }

  /**
   * Margins before the transform (`Booster.predict(output_margin=True)`): a vector for one group,
   * one column per class for multi:softprob.
   *
   * @example
   * ```ts
   * const model = await gf.loadXGBoost('test/fixtures/trees/xgb-breast_cancer-stumps.json');
   * const z = await model.predictMargin([new Array(30).fill(0)]); // a DataBuffer: one margin per row
   * ```
   */
  async predictMargin<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X> | MatrixOutput<X>> {
    const op = `${this.name}.predictMargin`;
    const st = this.state('predictMargin');
    const { kind, out, n } = await this.compute(op, X, columns, 'margin');
    if (st.forest.nGroups === 1) return outputVector(kind, out) as VectorOutput<X>;
    return this.split(kind, out.hostView(op) as Float32Array, n, st.forest.nGroups, (g) => String(g)) as MatrixOutput<X>;
  }

  /**
   * Each tree's output: one column per tree ('tree0', 'tree1', … for frames), its leaf value.
   *
   * @example
   * ```ts
   * const model = await gf.loadXGBoost('test/fixtures/trees/xgb-breast_cancer-stumps.json');
   * const perTree = await model.predictTrees([new Array(30).fill(0)]); // 25 DataBuffers
   * ```
   */
  async predictTrees<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.predictTrees`;
    const st = this.state('predictTrees');
    const { kind, out, n } = await this.compute(op, X, columns, 'tree');
    return this.split(kind, out.hostView(op) as Float32Array, n, st.forest.nTrees, (t) => `tree${t}`) as MatrixOutput<X>;
  }

  /**
   * Each tree's leaf node id (within the tree), int32: XGBoost's `predict(pred_leaf=True)`.
   *
   * @example
   * ```ts
   * const model = await gf.loadXGBoost('test/fixtures/trees/xgb-breast_cancer-stumps.json');
   * const leaves = await model.predictLeaf([new Array(30).fill(0)]); // 25 Int32 DataBuffers
   * ```
   */
  async predictLeaf<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.predictLeaf`;
    const st = this.state('predictLeaf');
    const { kind, out, n } = await this.compute(op, X, columns, 'leaf');
    return this.split(kind, out.hostView(op) as Int32Array, n, st.forest.nTrees, (t) => `tree${t}`) as MatrixOutput<X>;
  }

  private split(kind: InputKind, a: Float32Array | Int32Array, n: number, k: number, name: (j: number) => string) {
    return outputBlocks(kind, a, n, Array.from({ length: k }, (_, j) => name(j)));
  }

  private async compute(op: string, X: MatrixInput, columns: readonly string[] | undefined, what: ForestOutputKind): Promise<{ kind: InputKind; out: DataBuffer; n: number }> {
    const st = this.state(op.slice(this.name.length + 1));
    const names = columns ?? (X instanceof DataFrame && st.featureNames && st.featureNames.every((f) => X.names.includes(f)) ? st.featureNames : undefined);
    const m = await resolveInput(op, X, names);
    try {
      if (m.d !== st.forest.nFeatures) throw new ShapeError(`${op}: expected ${st.forest.nFeatures} features (the model's num_feature), got ${m.d}`);
      const dev = await forestPredict({ cols: m.cols, validity: m.validity, n: m.n }, st.forest, what, this.params.strategy, op);
      if (dev.residency !== 'device') return { kind: m.kind, out: dev, n: m.n };
      const host = await dev.toArray();
      dev.dispose();
      return { kind: m.kind, out: DataBuffer.fromHost(host), n: m.n };
    } finally {
      m.release();
    }
  }

  protected override saveState(): object {
    return withPlainForest(this.fitted!);
  }

  protected override loadState(state: object): void {
    const op = `${this.name}.fromJSON`;
    const s = state as Record<string, unknown>;
    const objective = s.objective as string;
    const shapeError = (what: string) => new ValueError(`${op}: expected a saved XGBoostModel, got ${what}`);
    if (typeof objective !== 'string' || !(objective in XGB_OBJECTIVES)) throw shapeError('no objective');
    const forest = forestFromPlain(op, s.forest, 'f32-lt', XGB_OBJECTIVES[objective]!, shapeError);
    const featureNames = savedNames(s.featureNames);
    this.fitted = { objective, nClasses: Number(s.nClasses), baseScore: Number(s.baseScore), featureNames, forest };
  }
}
registerEstimator(XGBoostModel);

/**
 * Load an XGBoost model saved as JSON (`Booster.save_model('m.json')` / `XGBModel.save_model`):
 * a file path, the JSON text, or the parsed object. Objectives reg:squarederror, binary:logistic
 * and multi:softprob; numeric splits with default directions for missing values; base_score.
 * Typed errors: ParseError (naming the file, and the tree and node where there is one) for JSON
 * that does not parse, is truncated, misses a field, or holds a tree with a cycle or a child out
 * of range; ValueError for an unsupported objective or booster or a categorical split; IOError
 * for a path that cannot be read. Predicting with a feature count other than the model's is a
 * ShapeError. `options` are XGBoostModel's (`strategy`), checked strictly.
 *
 * @example
 * ```ts
 * const model = await gf.loadXGBoost('test/fixtures/trees/xgb-breast_cancer-logistic.json');
 * model.nTrees; // 30
 * const margin = await model.predictMargin([new Array(30).fill(0)]); // a Float32 DataBuffer
 * const again = gf.XGBoostModel.fromJSON(JSON.stringify(model)); // predicts identically
 * ```
 */
export async function loadXGBoost(source: string | object, options?: XGBoostModelOptions): Promise<XGBoostModel> {
  const op = 'loadXGBoost';
  checkOptions(op, options, Object.keys(SPECS));
  let doc: unknown = source;
  let file = '<object>';
  if (typeof source === 'string') {
    if (/^\s*[{[]/.test(source)) {
      file = '<json>';
      doc = parseXGBoostText(op, source, file);
    } else {
      file = source;
      const bytes = await readFileBytes(op, source);
      doc = parseXGBoostText(op, new TextDecoder().decode(bytes), file);
    }
  } else if (source === null || typeof source !== 'object') {
    throw new ValueError(`${op}: expected a file path, JSON text or a parsed model object, got ${source === null ? 'null' : typeof source}`);
  }
  const parsed = compileXGBoost(op, doc, file);
  return XGBoostModel.fromParsed({ objective: parsed.objective, nClasses: parsed.nClasses, baseScore: parsed.baseScore, featureNames: parsed.featureNames, forest: parsed.forest }, options);
}
