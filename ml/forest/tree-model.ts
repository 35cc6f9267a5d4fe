/**
 * The shared body of the tree learners (DecisionTree* and RandomForest*): fit bins the features
 * (./bins.ts) and grows trees level-wise on the backend (./grow.ts); the trees compile into the
 * forest representation of kernels/forest/forest.ts under scikit-learn's rule (float64,
 * `x <= threshold` goes left) and predict through 'forest/predict' with a Hummingbird strategy
 * on WebGPU. A classifier's leaves hold class distributions and the forest averages them
 * (predict_proba, then predict = the most probable class); a regressor's leaves hold the mean
 * target of their rows (exact binary64), averaged over trees. Missing values at predict time
 * (NaN, nulls) follow each node's default direction: the child that saw more training weight.
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { buildForest, type Forest } from '../../kernels/forest/forest.js';
import type { ForestOutputKind } from '../../kernels/forest/predict-cpu.js';
import { argmaxBlocks, forestPredict, type ForestStrategy } from '../../kernels/forest/predict.js';
import { FOREST_STRATEGIES } from '../../kernels/forest/device-layout.js';
import { Estimator, is, type ParamSpecs } from '../estimator.js';
import { decodeLabels, encodeLabels, type Classes } from '../labels.js';
import { nonFiniteError, nullError } from '../input.js';
import { featureColumns, frameOfInput, resolveInput, resolveVector, type InputKind, type MatrixInput } from '../matrix-input.js';
import { checkRows, checkWidth } from '../neighbors/common.js';
import { refuseNulls } from '../preprocessing/common.js';
import { accuracyOfCodes, r2Of } from '../neighbors/score.js';
import { outputBlocks, outputVector, type MatrixOutput, type VectorOutput } from '../output.js';
import { cutsOf, packCodes } from './bins.js';
import { forestFromPlain, savedNames, withPlainForest } from './forest-json.js';
import { growForest, type GrowParams, type GrowTarget } from './grow.js';
import type { Criterion } from './split.js';

/** The options every tree learner takes (each class documents its defaults). */
export interface TreeOptions {
  /** Longest root-to-leaf path in edges; null: grow until leaves are pure or too small. */
  maxDepth?: number | null;
  /** Rows a node needs to be split: an integer >= 2, or a fraction of the samples in (0, 1]. */
  minSamplesSplit?: number;
  /** Rows each child must keep: an integer >= 1, or a fraction of the samples in (0, 0.5]. */
  minSamplesLeaf?: number;
  /**
   * Features drawn per split: 'sqrt', 'log2', an integer count, a fraction in (0, 1), or null (all
   * of them: scikit-learn's 1.0). JavaScript has no 1.0 apart from 1, so 1 is one feature.
   */
  maxFeatures?: 'sqrt' | 'log2' | number | null;
  /** Histogram bins per feature (cuML's n_bins), 2..256; cut points from quantiles. Default 128. */
  nBins?: number;
  /** Seed of the feature draws and bootstrap samples. Default 0. */
  seed?: number;
  /** Device inference strategy, as XGBoostModel's: 'auto' (default), 'gemm', 'perfect', 'traversal'. */
  strategy?: ForestStrategy;
}

export interface TreeState {
  forest: Forest;
  classes: Classes | null;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
  featureImportances: Float64Array;
}

/** Specs of the shared options; `maxFeatures` default given per class. */
export function treeSpecs(maxFeatures: TreeOptions['maxFeatures']): ParamSpecs<TreeOptions> {
  return {
    maxDepth: { default: null, check: (v) => (v === null ? undefined : is.positiveInt(v)) },
    minSamplesSplit: { default: 2, check: (v) => (Number.isInteger(v) ? (v >= 2 ? undefined : 'as an integer >= 2 or a fraction in (0, 1]') : v > 0 && v <= 1 ? undefined : 'as an integer >= 2 or a fraction in (0, 1]') },
    minSamplesLeaf: { default: 1, check: (v) => (Number.isInteger(v) ? (v >= 1 ? undefined : 'as an integer >= 1 or a fraction in (0, 0.5]') : v > 0 && v <= 0.5 ? undefined : 'as an integer >= 1 or a fraction in (0, 0.5]') },
    maxFeatures: {
      default: maxFeatures ?? null,
      check: (v) => (v === null || v === 'sqrt' || v === 'log2' || (typeof v === 'number' && (Number.isInteger(v) ? v >= 1 : v > 0 && v < 1)) ? undefined : "as 'sqrt', 'log2', an integer >= 1, a fraction in (0, 1) or null (all)"),
    },
    nBins: { default: 128, check: (v) => (Number.isInteger(v) && v >= 2 && v <= 256 ? undefined : 'as an integer in 2..256') },
    seed: { default: 0, check: is.int },
    strategy: { default: 'auto', check: is.oneOf(...FOREST_STRATEGIES) },
  };
}

/** The number of features drawn per split (scikit-learn's rules). */
export function featuresPerSplit(op: string, v: TreeOptions['maxFeatures'], d: number): number {
  if (v === null || v === undefined) return d;
  if (v === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (v === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (Number.isInteger(v)) {
    if (v > d) throw new ValueError(`${op}: expected option 'maxFeatures' at most the ${d} features, got ${v}`);
    return v;
  }
  return Math.max(1, Math.floor(v * d));
}

/** Options of one fit, as grow.ts takes them. */
export interface FitPlan {
  nTrees: number;
  bootstrap: boolean;
  criterion: Criterion;
}

export abstract class TreeModel<P extends TreeOptions> extends Estimator<P, TreeState> {
  /** True for classifiers. */
  protected abstract readonly classifier: boolean;

  /** Trees, bootstrap and criterion of a fit: a forest's options, or one tree on every row. */
  protected plan(): FitPlan {
    const p = this.params as TreeOptions & { nEstimators?: number; bootstrap?: boolean; criterion?: string };
    return { nTrees: p.nEstimators ?? 1, bootstrap: p.bootstrap ?? false, criterion: p.criterion === 'squared_error' ? 'squared_error' : p.criterion === 'gini' ? 'gini' : 'entropy' };
  }

  /**
   * Fit on X and y (a column name of X, a Column, a DataBuffer, a typed array, number[] or
   * string[] for classifiers). Missing or non-finite features are a ValueError (as scikit-learn
   * 1.2); `columns` picks X's features when X is a frame.
   */
  async fit(X: MatrixInput, y: unknown, options: { columns?: readonly string[] } = {}): Promise<this> {
    const op = `${this.name}.fit`;
    const m = await resolveInput(op, X, featureColumns(X, options.columns, y));
    const owned: Array<{ dispose(): void }> = [];
    try {
      checkRows(op, m.n);
      // A validity bitmap with every bit set (as readers often give) is no null.
      await refuseNulls(op, m);
      const cols: Float64Array[] = [];
      for (let j = 0; j < m.d; j++) {
        const a = await m.cols[j]!.toArray();
        const x = a instanceof Float64Array ? a : Float64Array.from(a as ArrayLike<number>);
        for (let i = 0; i < m.n; i++) if (!Number.isFinite(x[i]!)) throw nonFiniteError(op, m.names[j]!);
        cols.push(x);
      }
      const p = this.params as unknown as Required<TreeOptions>;
      const cuts = cols.map((c) => cutsOf(c, p.nBins));
      const codes = DataBuffer.fromHost(packCodes(cols, cuts, m.n), 'uint32');
      owned.push(codes);
      const frame = frameOfInput(X);
      let target: GrowTarget;
      let classes: Classes | null = null;
      if (this.classifier) {
        const enc = await encodeLabels(op, 'y', frame, y, m.n);
        owned.push({ dispose: () => enc.release() });
        classes = enc.classes;
        target = { kind: 'class', codes: enc.codes, classes: classes.length };
      } else {
        const v = await resolveVector(op, 'y', frame, y, m.n);
        owned.push({ dispose: () => v.release() });
        if (v.validity && (await new Column({ type: v.data.dtype, data: v.data, validity: v.validity }).nullCount()) > 0) throw nullError(op, v.name);
        const a = await v.data.toArray();
        const yy = a instanceof Float64Array ? a.slice() : Float64Array.from(a as ArrayLike<number>);
        if (!yy.every(Number.isFinite)) throw nonFiniteError(op, v.name);
        target = { kind: 'value', y: yy };
      }
      const plan = this.plan();
      const count = (v: number) => (Number.isInteger(v) ? v : Math.ceil(v * m.n));
      const grow: GrowParams = {
        ...plan,
        maxDepth: p.maxDepth ?? Infinity,
        minSamplesSplit: Math.max(2, count(p.minSamplesSplit)),
        minSamplesLeaf: Math.max(1, count(p.minSamplesLeaf)),
        maxFeatures: featuresPerSplit(op, p.maxFeatures, m.d),
        seed: p.seed,
      };
      // Histograms need only as many bins as the most finely cut feature has.
      const nBins = cuts.reduce((a, c) => Math.max(a, c.length + 1), 2);
      const grown = await growForest(op, { codes, n: m.n, d: m.d, nBins }, cuts, target, grow);
      const C = classes ? classes.length : 1;
      const forest = buildForest(grown.trees, { nFeatures: m.d, nGroups: C, leafWidth: C, rule: 'f64-le', transform: 'mean', baseMargin: new Float64Array(C) }, { op, file: '<fit>' });
      this.fitted = { forest, classes, nFeaturesIn: m.d, featureNamesIn: m.kind === 'frame' ? m.names : null, featureImportances: grown.importances };
      return this;
    } finally {
      owned.forEach((o) => o.dispose());
      m.release();
    }
  }

  /** Run the forest: the output blocks (column-major, n rows each) on the host, and the input kind. */
  protected async compute(op: string, X: MatrixInput, columns: readonly string[] | undefined, what: ForestOutputKind): Promise<{ kind: InputKind; out: Float64Array | Int32Array; n: number }> {
    const st = this.state(op.slice(this.name.length + 1));
    const m = await resolveInput(op, X, columns);
    try {
      checkWidth(op, m.d, st.nFeaturesIn);
      const dev = await forestPredict({ cols: m.cols, validity: m.validity, n: m.n }, st.forest, what, this.params.strategy ?? 'auto', op);
      try {
        return { kind: m.kind, out: (await dev.toArray()).slice() as Float64Array | Int32Array, n: m.n };
      } finally {
        dev.dispose();
      }
    } finally {
      m.release();
    }
  }

  /**
   * Predictions: class labels (classifiers: the most probable class, first on ties; a Column for
   * frames and for string classes, else a DataBuffer of the labels' dtype) or values (float64).
   */
  async predict<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<VectorOutput<X>> {
    const op = `${this.name}.predict`;
    const st = this.state('predict');
    const { kind, out, n } = await this.compute(op, X, columns, 'output');
    if (!st.classes) return outputVector(kind, DataBuffer.fromHost(out as Float64Array, 'float64')) as VectorOutput<X>;
    const codes = DataBuffer.fromHost(argmaxBlocks(out, n, st.classes.length), 'int32');
    try {
      const labels = decodeLabels(codes, st.classes);
      return (kind === 'frame' || labels.type === 'utf8' ? labels : outputVector(kind, labels.data)) as VectorOutput<X>;
    } finally {
      codes.dispose();
    }
  }

  /** Each tree's output: one float64 column per tree (regressors) or per tree and class ('tree{t}' / 'tree{t}_{class}'). */
  async predictTrees<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.predictTrees`;
    const st = this.state('predictTrees');
    const { kind, out, n } = await this.compute(op, X, columns, 'tree');
    const W = st.forest.leafWidth;
    const names = Array.from({ length: st.forest.nTrees * W }, (_, j) => (st.classes ? `tree${Math.floor(j / W)}_${String((st.classes as ArrayLike<unknown>)[j % W])}` : `tree${j}`));
    return outputBlocks(kind, out as Float64Array, n, names) as MatrixOutput<X>;
  }

  /** Accuracy (classifiers) or R² (regressors) of predict(X) against y. */
  async score(X: MatrixInput, y: unknown, columns?: readonly string[]): Promise<number> {
    const op = `${this.name}.score`;
    const st = this.state('score');
    const cols = featureColumns(X, columns, y);
    const { out, n } = await this.compute(op, X, cols, 'output');
    const frame = frameOfInput(X);
    if (st.classes) {
      const enc = await encodeLabels(op, 'y', frame, y, n, st.classes);
      const pred = DataBuffer.fromHost(argmaxBlocks(out, n, st.classes.length), 'int32');
      try {
        return await accuracyOfCodes(op, pred, enc.codes);
      } finally {
        enc.release();
        pred.dispose();
      }
    }
    const v = await resolveVector(op, 'y', frame, y, n);
    const pred = DataBuffer.fromHost(out as Float64Array, 'float64');
    try {
      return await r2Of(op, pred, v.data);
    } finally {
      v.release();
      pred.dispose();
    }
  }

  /** The class labels, sorted (classifiers). */
  get classes(): Classes {
    const c = this.state('classes').classes;
    if (!c) throw new ValueError(`${this.name}.classes: expected a classifier, got a regressor`);
    return c;
  }

  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.state('nFeaturesIn').nFeaturesIn;
  }

  /** Feature names seen in fit (frame inputs), else null. */
  get featureNamesIn(): string[] | null {
    return this.state('featureNamesIn').featureNamesIn;
  }

  /** Impurity-based feature importances (scikit-learn's feature_importances_), summing to 1. */
  get featureImportances(): Float64Array {
    return this.state('featureImportances').featureImportances;
  }

  /** The compiled forest (read-only): one tree for the decision trees. */
  get forest(): Forest {
    return this.state('forest').forest;
  }

  /** Edges on the longest root-to-leaf path of any tree (scikit-learn's get_depth() for a decision tree). */
  get depth(): number {
    return this.state('depth').forest.maxDepth;
  }

  /** Leaves of all trees (scikit-learn's get_n_leaves() for a decision tree). */
  get nLeaves(): number {
    return this.state('nLeaves').forest.left.reduce((a, l) => a + (l < 0 ? 1 : 0), 0);
  }

  protected override saveState(): object {
    return withPlainForest(this.fitted!);
  }

  protected override loadState(state: object): void {
    const op = `${this.name}.fromJSON`;
    const s = state as Record<string, unknown>;
    const fail = (what: string) => new ValueError(`${op}: expected a saved ${this.name}, got ${what}`);
    const classes = s.classes ?? null;
    if (this.classifier !== (classes !== null)) throw fail(this.classifier ? 'no classes' : 'classes');
    const forest = forestFromPlain(op, s.forest, 'f64-le', 'mean', fail);
    if (!(s.featureImportances instanceof Float64Array) || s.featureImportances.length !== forest.nFeatures) throw fail('featureImportances that are not a Float64Array of one value per feature');
    const featureNamesIn = savedNames(s.featureNamesIn);
    this.fitted = { forest, classes: classes as Classes | null, nFeaturesIn: forest.nFeatures, featureNamesIn, featureImportances: s.featureImportances };
  }
}


/** The classifiers' side: labels, classes and probabilities. */
export abstract class TreeClassifier<P extends TreeOptions> extends TreeModel<P> {
  protected readonly classifier = true;

  /**
   * Class probabilities: the mean over trees of each row's leaf class distribution (one tree for
   * a decision tree), one float64 column per class, named by it.
   *
   * @example
   * ```ts
   * const rf = await new gf.RandomForestClassifier({ nEstimators: 5 }).fit([[0], [1], [8], [9]], [0, 0, 1, 1]);
   * const p = await rf.predictProba([[0.5], [8.5]]); // DataBuffer[]: P(0), P(1)
   * await p[1]!.toArray(); // Float64Array [0, 1]
   * const tree = await new gf.DecisionTreeClassifier({ maxDepth: 1 }).fit([[0], [1], [2], [3]], [0, 0, 1, 0]);
   * await (await tree.predictProba([[3]]))[1]!.toArray(); // Float64Array [0.5] (the right leaf holds one row of each class)
   * ```
   */
  async predictProba<X extends MatrixInput>(X: X, columns?: readonly string[]): Promise<MatrixOutput<X>> {
    const op = `${this.name}.predictProba`;
    const classes = this.state('predictProba').classes!;
    const { kind, out, n } = await this.compute(op, X, columns, 'output');
    const names = Array.from(classes as ArrayLike<unknown>, String);
    return outputBlocks(kind, out as Float64Array, n, names) as MatrixOutput<X>;
  }
}

/** The regressors' side. */
export abstract class TreeRegressor<P extends TreeOptions> extends TreeModel<P> {
  protected readonly classifier = false;
}
