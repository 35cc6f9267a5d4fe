/**
 * XGBoost's JSON model format (`Booster.save_model('m.json')`, XGBoost 1.x and 2.x) compiled into
 * the one forest representation (kernels/forest/forest.ts). Strict: anything that is not a model
 * this reader predicts exactly is refused with a typed error naming the file (and tree and node).
 *
 * Read: learner.objective.name, learner.learner_model_param (base_score, num_class, num_feature,
 * num_target), learner.feature_names, learner.gradient_booster (name 'gbtree'; model.trees,
 * model.tree_info, model.gbtree_model_param.num_trees), and per tree left_children,
 * right_children, split_indices, split_conditions (a leaf's value sits there), default_left,
 * split_type, tree_param.size_leaf_vector.
 * - Objectives: reg:squarederror (identity), binary:logistic (logistic), multi:softprob (softmax).
 *   Refused with a ValueError: every other objective (reg:logistic, binary:logitraw,
 *   multi:softmax, rank:*, count:poisson, survival:*, reg:gamma, reg:tweedie, reg:pseudohubererror,
 *   reg:absoluteerror, reg:quantileerror, …), the 'gblinear' and 'dart' boosters, vector leaves
 *   (size_leaf_vector > 0, multi-target trees) and num_target > 1.
 * - base_score is stored as a prediction; the starting margin is XGBoost's ProbToMargin of it in
 *   float32: -logf(1/base_score - 1) for binary:logistic, base_score itself otherwise.
 * - Categorical splits (split_type 1) are a ValueError naming the tree and node.
 * - Malformed JSON, a missing or mistyped field, counts that disagree, a child out of range or a
 *   cycle: ParseError naming the file (the path, '<json>' for text, '<object>' for an object).
 */
import { ParseError, ValueError } from '../../src/errors.js';
import { buildForest, type Forest, type ForestTransform, type TreeSpec } from '../../kernels/forest/forest.js';

/** The objectives `loadXGBoost` predicts, and the transform each takes. */
export const XGB_OBJECTIVES: Readonly<Record<string, ForestTransform>> = {
  'reg:squarederror': 'identity',
  'binary:logistic': 'logistic',
  'multi:softprob': 'softmax',
};

/** What the reader takes from the file besides the forest. */
export interface XGBoostParsed {
  readonly forest: Forest;
  readonly objective: string;
  /** The classes of a classifier (2 for binary:logistic), 0 for regression. */
  readonly nClasses: number;
  /** base_score as stored (a prediction, not a margin). */
  readonly baseScore: number;
  readonly featureNames: string[] | null;
  readonly version: number[] | null;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** Parse JSON text (ParseError naming `file` when it does not parse: malformed or truncated). */
export function parseXGBoostText(op: string, text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ParseError(`${op}: expected XGBoost model JSON, got text that does not parse (${(e as Error).message})`, { file });
  }
}

/**
 * Compile a parsed XGBoost JSON model.
 */
export function compileXGBoost(op: string, doc: unknown, file: string): XGBoostParsed {
  const fail = (what: string) => new ParseError(`${op}: ${what}`, { file });
  const get = (o: unknown, path: string): unknown => {
    let v: unknown = o;
    for (const k of path.split('.')) {
      if (v === undefined) break;
      if (!isObj(v)) throw fail(`expected an object at ${path.split('.').slice(0, -1).join('.') || 'the top level'} (an XGBoost model saved as JSON), got ${kind(v)}`);
      v = v[k];
    }
    if (v === undefined) throw fail(`expected '${path}' (an XGBoost model saved as JSON), got none`);
    return v;
  };
  const count = (path: string): number => {
    const v = get(doc, path);
    const x = typeof v === 'string' ? Number(v) : v;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw fail(`expected '${path}' as a non-negative integer, got ${JSON.stringify(v)}`);
    return x;
  };
  const booster = get(doc, 'learner.gradient_booster.name');
  if (booster !== 'gbtree') throw new ValueError(`${op}: expected the 'gbtree' booster, got ${JSON.stringify(booster)} (gblinear and dart models are not supported) (${file})`);
  const objective = get(doc, 'learner.objective.name');
  if (typeof objective !== 'string' || !(objective in XGB_OBJECTIVES)) {
    throw new ValueError(`${op}: expected an objective among ${Object.keys(XGB_OBJECTIVES).join(', ')}, got ${JSON.stringify(objective)} (${file})`);
  }
  const transform = XGB_OBJECTIVES[objective]!;
  const numFeature = count('learner.learner_model_param.num_feature');
  if (numFeature < 1) throw fail(`expected 'learner.learner_model_param.num_feature' >= 1, got ${numFeature}`);
  const numClass = count('learner.learner_model_param.num_class');
  const lmp = get(doc, 'learner.learner_model_param') as Obj;
  if (lmp.num_target !== undefined && Number(lmp.num_target) !== 1) throw new ValueError(`${op}: expected a single-target model (num_target 1), got num_target ${JSON.stringify(lmp.num_target)} (${file})`);
  const bsRaw = get(doc, 'learner.learner_model_param.base_score');
  const baseScore = typeof bsRaw === 'string' ? Number(bsRaw.replace(/^\[|\]$/g, '')) : bsRaw;
  if (typeof baseScore !== 'number' || !Number.isFinite(baseScore)) throw fail(`expected 'learner.learner_model_param.base_score' as a finite number, got ${JSON.stringify(bsRaw)}`);
  let nGroups = 1;
  if (objective === 'multi:softprob') {
    if (numClass < 2 || numClass > 1 << 20) throw fail(`expected num_class in [2, ${1 << 20}] for multi:softprob, got ${numClass}`);
    nGroups = numClass;
  }
  const b = Math.fround(baseScore);
  // XGBoost stores base_score as a float32: a value past its range would start every margin at ±Infinity.
  if (!Number.isFinite(b)) throw fail(`expected 'learner.learner_model_param.base_score' within float32's range (XGBoost's type), got ${JSON.stringify(bsRaw)}`);
  let margin = b;
  if (transform === 'logistic') {
    if (!(b > 0 && b < 1)) throw new ValueError(`${op}: expected base_score in (0, 1) for binary:logistic, got ${baseScore} (${file})`);
    margin = Math.fround(-Math.log(Math.fround(Math.fround(1 / b) - 1)));
  }
  const model = get(doc, 'learner.gradient_booster.model');
  const trees = get(model, 'trees');
  const info = get(model, 'tree_info');
  if (!Array.isArray(trees)) throw fail(`expected 'learner.gradient_booster.model.trees' as an array, got ${kind(trees)}`);
  if (!Array.isArray(info) || info.length !== trees.length) throw fail(`expected 'tree_info' as an array of ${trees.length} output groups (one per tree), got ${Array.isArray(info) ? `${info.length} entries` : kind(info)}`);
  const numTrees = count('learner.gradient_booster.model.gbtree_model_param.num_trees');
  if (numTrees !== trees.length) throw fail(`expected ${numTrees} trees (gbtree_model_param.num_trees), got ${trees.length}`);
  const specs = trees.map((t, i) => treeSpec(op, file, t, i, info[i]));
  const forest = buildForest(specs, { nFeatures: numFeature, nGroups, leafWidth: 1, rule: 'f32-lt', transform, baseMargin: new Array<number>(nGroups).fill(margin) }, { op, file });
  const names = (get(doc, 'learner') as Obj).feature_names;
  const featureNames = Array.isArray(names) && names.length === numFeature && names.every((s) => typeof s === 'string') ? (names as string[]) : null;
  const ver = (doc as Obj).version;
  const version = Array.isArray(ver) && ver.every((x) => typeof x === 'number') ? (ver as number[]) : null;
  return { forest, objective, nClasses: objective === 'reg:squarederror' ? 0 : Math.max(2, nGroups), baseScore, featureNames, version };
}

const ARRAYS = ['left_children', 'right_children', 'split_indices', 'split_conditions', 'default_left'] as const;

/** One tree's arrays as a TreeSpec (local node ids), refusing what this reader cannot predict. */
function treeSpec(op: string, file: string, tree: unknown, t: number, group: unknown): TreeSpec {
  const at = (what: string, node?: number) => `${what} at tree ${t}${node === undefined ? '' : `, node ${node}`}`;
  if (!isObj(tree)) throw new ParseError(`${op}: ${at(`expected a tree object, got ${kind(tree)}`)}`, { file });
  const left = tree.left_children;
  if (!Array.isArray(left)) throw new ParseError(`${op}: ${at(`expected 'left_children' as an array, got ${kind(left)}`)}`, { file });
  const n = left.length;
  const arr: Record<string, number[]> = {};
  for (const name of ARRAYS) {
    const a = tree[name];
    if (!Array.isArray(a) || a.length !== n) {
      throw new ParseError(`${op}: ${at(`expected '${name}' as an array of ${n} numbers (one per node), got ${Array.isArray(a) ? `${a.length} entries` : kind(a)}`)}`, { file });
    }
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new ParseError(`${op}: ${at(`expected a number in '${name}', got ${kind(v)}`, i)}`, { file });
      // Thresholds and leaf values are float32 in XGBoost: one past its range is no saved model's
      // (it would read as ±Infinity, a leaf adding an infinite margin).
      if (name === 'split_conditions' && !Number.isFinite(Math.fround(v as number))) throw new ParseError(`${op}: ${at(`expected a split condition or leaf value within float32's range, got ${String(v)}`, i)}`, { file });
    }
    arr[name] = a as number[];
  }
  const tp = tree.tree_param;
  if (isObj(tp)) {
    if (tp.num_nodes !== undefined && Number(tp.num_nodes) !== n) throw new ParseError(`${op}: ${at(`expected ${String(tp.num_nodes)} nodes (tree_param.num_nodes), got ${n}`)}`, { file });
    if (tp.size_leaf_vector !== undefined && Number(tp.size_leaf_vector) > 1) throw new ValueError(`${op}: expected scalar leaves, got size_leaf_vector ${String(tp.size_leaf_vector)} (vector-leaf trees are not supported) (${file}, tree ${t})`);
  }
  const st = tree.split_type;
  if (Array.isArray(st)) {
    for (let i = 0; i < st.length; i++) {
      if (st[i] !== 0 && left[i] !== -1) throw new ValueError(`${op}: expected numerical splits, got a categorical split (split_type ${JSON.stringify(st[i])}; not supported) (${file}, tree ${t}, node ${i})`);
    }
  }
  const cn = tree.categories_nodes;
  if (Array.isArray(cn) && cn.length > 0) throw new ValueError(`${op}: expected numerical splits, got a categorical split (not supported) (${file}, tree ${t}, node ${String(cn[0])})`);
  if (typeof group !== 'number') throw new ParseError(`${op}: ${at(`expected a number in 'tree_info', got ${kind(group)}`)}`, { file });
  return {
    left: arr.left_children!,
    right: arr.right_children!,
    feature: arr.split_indices!,
    threshold: arr.split_conditions!,
    defaultLeft: arr.default_left!,
    value: arr.split_conditions!,
    group,
  };
}
