/**
 * The ONE compiled forest representation every tree ensemble is predicted from: XGBoost models
 * imported by `gf.loadXGBoost`, and (next) the decision trees and random forests trained in ml/.
 * The CPU reference predictor (./predict-cpu.ts) walks it; the Hummingbird strategies (GEMM for
 * depth ≤ 3, PerfectTreeTraversal for depth ≤ 10, TreeTraversal beyond) are compiled from it
 * (./device-layout.ts, ./predict-wgsl.ts) and give the same answers bit for bit ('forest/predict',
 * ./predict.ts).
 *
 * Layout: flat typed arrays, every tree's nodes concatenated in tree order (tree t's nodes are
 * `root[t] .. root[t + 1] - 1`, root first). Node indices in `left` / `right` are GLOBAL (already
 * offset by the tree's root), so a walk needs no per-tree base and the arrays upload to the device
 * as they are (one storage buffer each; int32 and float32 words as WGSL reads them).
 * - per node: `feature` (the feature index tested, -1 for a leaf), `threshold`, `left`, `right`
 *   (-1 for a leaf), `defaultLeft` (1: a missing value goes left), and `leafWidth` leaf values at
 *   `value[node * leafWidth ..]` (0 for inner nodes);
 * - per tree: `root` (offset of its first node; `root[nTrees]` = nNodes), `depth` (edges on the
 *   longest root-to-leaf path; a single leaf has depth 0), `group` (the output group a width-1 leaf
 *   adds to: the class of a multi:softprob tree, 0 otherwise).
 *
 * Output: a margin per row and group. With `leafWidth` 1 a tree adds its leaf value to its group;
 * with `leafWidth` = nGroups (random-forest classifiers: class distributions) a leaf adds a vector
 * to every group. The margin starts at `baseMargin[g]`; then `transform`:
 * - 'identity' (regression): the margin;
 * - 'logistic' (binary:logistic): 1 / (1 + exp(-margin)), one group;
 * - 'softmax' (multi:softprob): exp(m_g - max) / Σ exp(m_k - max) per row;
 * - 'mean' (random forests): margin / nTrees (baseMargin 0).
 *
 * Comparison semantics (`rule`):
 * - 'f32-lt' (XGBoost, LightGBM): the feature is cast to float32 (round to nearest even), goes left
 *   iff `x < threshold`, thresholds and leaf values are float32, margins accumulate in float32 one
 *   tree at a time in tree order (as XGBoost's CPU predictor: `pred += leaf` per tree), and the
 *   transform is evaluated as XGBoost's float32 code does (see predict-cpu.ts);
 * - 'f64-le' (trees trained here, scikit-learn's rule): float64 values, left iff `x <= threshold`,
 *   float64 accumulation in tree order.
 * Either way a missing value (NaN, or a null in a column's validity) takes the default direction:
 * left if `defaultLeft[node]`, else right.
 */
import { ParseError } from '../../src/errors.js';

/** How the summed margin becomes the prediction. */
export type ForestTransform = 'identity' | 'logistic' | 'softmax' | 'mean';

/** Comparison and arithmetic semantics; see the module comment. */
export type SplitRule = 'f32-lt' | 'f64-le';

/** A compiled forest (see the module comment for every field). Immutable once built. */
export interface Forest {
  readonly nFeatures: number;
  readonly nGroups: number;
  readonly nTrees: number;
  readonly nNodes: number;
  /** Values per leaf: 1, or nGroups (a vector leaf adding to every group). */
  readonly leafWidth: number;
  readonly rule: SplitRule;
  readonly transform: ForestTransform;
  /** Starting margin per group (float32-representable under 'f32-lt'). */
  readonly baseMargin: Float64Array;
  readonly feature: Int32Array;
  /** Float32Array under 'f32-lt', Float64Array under 'f64-le'. */
  readonly threshold: Float32Array | Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  /** nNodes × leafWidth; Float32Array under 'f32-lt', Float64Array under 'f64-le'. */
  readonly value: Float32Array | Float64Array;
  /** nTrees + 1 offsets. */
  readonly root: Int32Array;
  readonly depth: Int32Array;
  readonly group: Int32Array;
  readonly maxDepth: number;
}

/** One tree as a reader hands it over: LOCAL node indices (root = node 0), leaves with children -1. */
export interface TreeSpec {
  readonly left: ArrayLike<number>;
  readonly right: ArrayLike<number>;
  readonly feature: ArrayLike<number>;
  readonly threshold: ArrayLike<number>;
  readonly defaultLeft: ArrayLike<number | boolean>;
  /** nNodes × leafWidth leaf values (entries of inner nodes are ignored). */
  readonly value: ArrayLike<number>;
  readonly group: number;
}

/** Everything but the trees. */
export interface ForestMeta {
  readonly nFeatures: number;
  readonly nGroups: number;
  readonly leafWidth: number;
  readonly rule: SplitRule;
  readonly transform: ForestTransform;
  readonly baseMargin: ArrayLike<number>;
}

/** Where a forest came from, for error messages: the op and the file (or '<json>'). */
export interface ForestSource {
  readonly op: string;
  readonly file: string;
}

const bad = (src: ForestSource, what: string, t: number, node?: number) =>
  new ParseError(`${src.op}: ${what} at tree ${t}${node === undefined ? '' : `, node ${node}`}`, { file: src.file });

/**
 * Validate trees and compile them into one Forest. Every tree must be a tree: children in range,
 * both -1 (a leaf) or both set, every node reached at most once from the root (a cycle or a shared
 * child is refused), feature indices in [0, nFeatures), groups in [0, nGroups). Unreached nodes
 * (XGBoost's deleted nodes) are kept but never visited. Errors are ParseErrors naming the file,
 * the tree and the node. Walks use an explicit stack: a hostile depth cannot overflow the JS stack.
 */
export function buildForest(trees: readonly TreeSpec[], meta: ForestMeta, src: ForestSource): Forest {
  const { nFeatures, nGroups, leafWidth, rule } = meta;
  if (leafWidth !== 1 && leafWidth !== nGroups) throw new ParseError(`${src.op}: expected a leaf width of 1 or ${nGroups} (the groups), got ${leafWidth}`, { file: src.file });
  if (meta.baseMargin.length !== nGroups) throw new ParseError(`${src.op}: expected ${nGroups} base margins, got ${meta.baseMargin.length}`, { file: src.file });
  const nTrees = trees.length;
  const root = new Int32Array(nTrees + 1);
  for (let t = 0; t < nTrees; t++) {
    const n = trees[t]!.left.length;
    if (n === 0) throw bad(src, 'expected at least one node, got 0', t);
    root[t + 1] = root[t]! + n;
  }
  const nNodes = root[nTrees]!;
  const f32 = rule === 'f32-lt';
  const feature = new Int32Array(nNodes);
  const threshold = f32 ? new Float32Array(nNodes) : new Float64Array(nNodes);
  const left = new Int32Array(nNodes);
  const right = new Int32Array(nNodes);
  const defaultLeft = new Uint8Array(nNodes);
  const value = f32 ? new Float32Array(nNodes * leafWidth) : new Float64Array(nNodes * leafWidth);
  const depth = new Int32Array(nTrees);
  const group = new Int32Array(nTrees);
  let maxDepth = 0;
  for (let t = 0; t < nTrees; t++) {
    const tr = trees[t]!;
    const base = root[t]!;
    const n = tr.left.length;
    for (const [name, arr] of [['right', tr.right], ['feature', tr.feature], ['threshold', tr.threshold], ['defaultLeft', tr.defaultLeft]] as const) {
      if (arr.length !== n) throw bad(src, `expected ${n} entries in ${name} (one per node), got ${arr.length}`, t);
    }
    if (tr.value.length !== n * leafWidth) throw bad(src, `expected ${n * leafWidth} leaf values, got ${tr.value.length}`, t);
    if (!Number.isInteger(tr.group) || tr.group < 0 || tr.group >= nGroups) throw bad(src, `expected an output group in [0, ${nGroups}), got ${tr.group}`, t);
    group[t] = tr.group;
    for (let i = 0; i < n; i++) {
      const l = tr.left[i]!;
      const r = tr.right[i]!;
      const g = base + i;
      if (l === -1 && r === -1) {
        feature[g] = -1;
        left[g] = -1;
        right[g] = -1;
        for (let k = 0; k < leafWidth; k++) {
          const v = tr.value[i * leafWidth + k]!;
          if (typeof v !== 'number' || Number.isNaN(v)) throw bad(src, `expected a numeric leaf value, got ${String(v)}`, t, i);
          value[g * leafWidth + k] = v;
        }
        continue;
      }
      for (const [side, c] of [['left', l], ['right', r]] as const) {
        if (!Number.isInteger(c) || c < 0 || c >= n) throw bad(src, `expected a ${side} child in [0, ${n}) (or -1 on both sides for a leaf), got ${c}`, t, i);
      }
      const f = tr.feature[i]!;
      if (!Number.isInteger(f) || f < 0 || f >= nFeatures) throw bad(src, `expected a feature index in [0, ${nFeatures}), got ${f}`, t, i);
      const th = tr.threshold[i]!;
      if (typeof th !== 'number' || Number.isNaN(th)) throw bad(src, `expected a numeric threshold, got ${String(th)}`, t, i);
      feature[g] = f;
      threshold[g] = th;
      left[g] = base + l;
      right[g] = base + r;
      defaultLeft[g] = tr.defaultLeft[i] ? 1 : 0;
    }
    depth[t] = treeDepth(left, right, base, n, src, t);
    if (depth[t]! > maxDepth) maxDepth = depth[t]!;
  }
  const baseMargin = Float64Array.from(meta.baseMargin, (v) => (f32 ? Math.fround(v) : v));
  return { nFeatures, nGroups, nTrees, nNodes, leafWidth, rule, transform: meta.transform, baseMargin, feature, threshold, left, right, defaultLeft, value, root, depth, group, maxDepth };
}

/** Depth of the tree at `base` (n nodes), refusing a node reached twice (a cycle or shared child). */
function treeDepth(left: Int32Array, right: Int32Array, base: number, n: number, src: ForestSource, t: number): number {
  const seen = new Uint8Array(n);
  const stack: number[] = [0, 0];
  seen[0] = 1;
  let max = 0;
  while (stack.length > 0) {
    const d = stack.pop()!;
    const i = stack.pop()!;
    if (d > max) max = d;
    const l = left[base + i]!;
    if (l < 0) continue;
    for (const c of [l - base, right[base + i]! - base]) {
      if (seen[c]) throw bad(src, `expected every node reached once from the root, got node ${c} reached again from node ${i} (a cycle or a shared child)`, t, i);
      seen[c] = 1;
      stack.push(c, d + 1);
    }
  }
  return max;
}

/**
 * The trees of a compiled forest as TreeSpecs (local node ids) and its meta: the inverse of
 * `buildForest`, so a persisted forest is rebuilt (and so re-validated) through the same door.
 */
export function forestSpecs(forest: Forest): { trees: TreeSpec[]; meta: ForestMeta } {
  const { leafWidth } = forest;
  const trees: TreeSpec[] = [];
  for (let t = 0; t < forest.nTrees; t++) {
    const a = forest.root[t]!;
    const b = forest.root[t + 1]!;
    const local = (x: Int32Array) => Int32Array.from(x.subarray(a, b), (c) => (c < 0 ? -1 : c - a));
    trees.push({
      left: local(forest.left),
      right: local(forest.right),
      feature: forest.feature.subarray(a, b),
      threshold: forest.threshold.subarray(a, b),
      defaultLeft: forest.defaultLeft.subarray(a, b),
      value: forest.value.subarray(a * leafWidth, b * leafWidth),
      group: forest.group[t]!,
    });
  }
  const { nFeatures, nGroups, rule, transform, baseMargin } = forest;
  return { trees, meta: { nFeatures, nGroups, leafWidth, rule, transform, baseMargin } };
}
