// The XGBoost JSON model reader in the fuzzer (issue 16, "once they exist, GeoParquet and XGBoost
// JSON"): structure-aware mutators that parse a model, edit one thing and re-serialise it, and the
// case runner, which loads the model and predicts 3 rows (zeros, NaN, 1e30) as a DataFrame.
//
// Allowed outcomes: a model that loads and predicts, or a ParseError, ValueError or ShapeError.
// Any other error (even another GpuframeError) is reported as untyped. On an accepted model two
// invariants must hold, else the case is a mismatch:
// - each row's margin is forest.baseMargin plus the leaf value of every tree of its group, summed
//   in float32 in tree order (the leaves from predictLeaf, their values from forest.value);
// - XGBoostModel.fromJSON(JSON.stringify(model)) predicts the same margins, bit for bit.
import { int, mutateText, pick } from './mutate.mjs';

const enc = (s) => new TextEncoder().encode(s);
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse, edit (edit(doc, r) mutates doc in place), re-serialise; text that does not parse is returned as is. */
const jsonMutator = (edit) => (b, r) => {
  let doc;
  try {
    doc = JSON.parse(new TextDecoder().decode(b));
  } catch {
    return b;
  }
  edit(doc, r);
  return enc(JSON.stringify(doc));
};

const model = (doc) => doc?.learner?.gradient_booster?.model;
const treesOf = (doc) => (Array.isArray(model(doc)?.trees) ? model(doc).trees.filter(isObj) : []);
const lmp = (doc) => (isObj(doc?.learner?.learner_model_param) ? doc.learner.learner_model_param : undefined);

/** A child index set to self, parent, an ancestor, n, -1 on one side, -2, 2^31-1, 1.5, "1" or null; or the same child on both sides. */
function childEdit(doc, r) {
  const trees = treesOf(doc).filter((t) => Array.isArray(t.left_children) && Array.isArray(t.right_children) && t.left_children.length > 1);
  if (!trees.length) return;
  const t = pick(r, trees);
  const L = t.left_children;
  const R = t.right_children;
  const n = L.length;
  const inner = [...L.keys()].filter((i) => L[i] !== -1);
  if (!inner.length) return;
  const i = pick(r, inner);
  const parent = new Map();
  for (let k = 0; k < n; k++) for (const c of [L[k], R[k]]) if (Number.isInteger(c) && c >= 0 && c < n) parent.set(c, k);
  const ancestors = [];
  for (let a = parent.get(i); a !== undefined && ancestors.length < n; a = parent.get(a)) ancestors.push(a);
  const side = r() < 0.5 ? L : R;
  const choice = int(r, 11);
  if (choice === 10) {
    (r() < 0.5 ? L : R)[i] = (side === L ? R : L)[i]; // the same child on both sides
    return;
  }
  side[i] = [i, parent.get(i) ?? 0, ancestors.length ? pick(r, ancestors) : 0, n, -1, -2, 2 ** 31 - 1, 1.5, '1', null][choice];
}

/** One per-node array of a tree one entry longer or shorter. */
function lengthEdit(doc, r) {
  const trees = treesOf(doc);
  if (!trees.length) return;
  const t = pick(r, trees);
  const keys = ['left_children', 'right_children', 'split_indices', 'split_conditions', 'default_left', 'split_type', 'base_weights', 'parents'].filter((k) => Array.isArray(t[k]));
  if (!keys.length) return;
  const a = t[pick(r, keys)];
  if (r() < 0.5 && a.length) a.pop();
  else a.push(a.length ? a[a.length - 1] : 0);
}

/** split_indices set to num_feature, -1 or 1e9 at an inner node; split_type 1 (categorical); or a split condition (a leaf's value) past float32. */
function splitEdit(doc, r) {
  const trees = treesOf(doc).filter((t) => Array.isArray(t.left_children) && Array.isArray(t.split_indices));
  if (!trees.length) return;
  const t = pick(r, trees);
  const inner = [...t.left_children.keys()].filter((i) => t.left_children[i] !== -1);
  const i = inner.length ? pick(r, inner) : 0;
  if (r() < 0.15 && Array.isArray(t.split_conditions)) {
    t.split_conditions[int(r, t.split_conditions.length)] = pick(r, [1e40, -1e40, 3.4028235677973366e38]);
    return;
  }
  if (r() < 0.3) {
    if (!Array.isArray(t.split_type)) t.split_type = new Array(t.left_children.length).fill(0);
    t.split_type[i] = 1;
    return;
  }
  const nf = Number(lmp(doc)?.num_feature ?? 1);
  t.split_indices[i] = pick(r, [nf, -1, 1e9]);
}

/** tree_info (a tree's output group) set to num_class, -1 or 1.5. */
function treeInfoEdit(doc, r) {
  const info = model(doc)?.tree_info;
  if (!Array.isArray(info) || !info.length) return;
  info[int(r, info.length)] = pick(r, [Number(lmp(doc)?.num_class ?? 0), -1, 1.5]);
}

/** num_trees, num_class (0, 1, 2^31) or num_feature changed. */
function countEdit(doc, r) {
  const p = lmp(doc);
  const gp = model(doc)?.gbtree_model_param;
  const which = int(r, 3);
  if (which === 0 && isObj(gp)) gp.num_trees = String(pick(r, [0, 1, Number(gp.num_trees) + 1, Number(gp.num_trees) - 1, 2 ** 31]));
  else if (which === 1 && p) p.num_class = String(pick(r, [0, 1, 2 ** 31]));
  else if (p) p.num_feature = String(pick(r, [0, 1, Number(p.num_feature) - 1, Number(p.num_feature) + 1, 1e9, -1]));
}

/** base_score as "0", "1", "NaN", "1e40" or "[5E-1]". */
function baseScoreEdit(doc, r) {
  const p = lmp(doc);
  if (p) p.base_score = pick(r, ['0', '1', 'NaN', '1e40', '[5E-1]']);
}

/** The objective or the booster swapped for one the reader refuses. */
function refusedEdit(doc, r) {
  if (r() < 0.5 && isObj(doc?.learner?.objective)) doc.learner.objective.name = pick(r, ['reg:logistic', 'binary:logitraw', 'multi:softmax', 'rank:pairwise', 'count:poisson', 'survival:cox', '', 42]);
  else if (isObj(doc?.learner?.gradient_booster)) doc.learner.gradient_booster.name = pick(r, ['gblinear', 'dart', 'GBTREE', null]);
}

/** A key deleted at a random depth. */
function deleteEdit(doc, r) {
  let o = doc;
  for (let depth = 0; depth < 8; depth++) {
    const keys = isObj(o) ? Object.keys(o) : Array.isArray(o) ? [...o.keys()] : [];
    if (!keys.length) return;
    const k = pick(r, keys);
    const child = o[k];
    if (r() < 0.3 || !(isObj(child) || Array.isArray(child))) {
      if (Array.isArray(o)) o.splice(k, 1);
      else delete o[k];
      return;
    }
    o = child;
  }
}

/** A tree replaced by a chain 1e5 nodes deep (each inner node's right child a leaf). */
function deepChainEdit(doc, r) {
  const trees = model(doc)?.trees;
  if (!Array.isArray(trees) || !trees.length) return;
  const k = int(r, trees.length);
  const depth = 100_000;
  const n = 2 * depth + 1;
  const left = new Array(n);
  const right = new Array(n);
  for (let i = 0; i < n; i++) {
    const inner = i % 2 === 0 && i < n - 1;
    left[i] = inner ? i + 2 : -1;
    right[i] = inner ? i + 1 : -1;
  }
  const nf = Math.max(1, Number(lmp(doc)?.num_feature ?? 1));
  trees[k] = {
    ...(isObj(trees[k]) ? trees[k] : {}),
    left_children: left,
    right_children: right,
    split_indices: Array.from({ length: n }, (_, i) => (i % 2 === 0 && i < n - 1 ? (i / 2) % nf : 0)),
    split_conditions: Array.from({ length: n }, (_, i) => (i % 2 === 0 && i < n - 1 ? 0.5 : 0.001)),
    default_left: Array.from({ length: n }, (_, i) => i % 4 === 0),
    split_type: new Array(n).fill(0),
    base_weights: new Array(n).fill(0),
    parents: Array.from({ length: n }, (_, i) => (i === 0 ? 2147483647 : i % 2 === 0 ? i - 2 : i - 1)),
    tree_param: { num_deleted: '0', num_feature: String(nf), num_nodes: String(n), size_leaf_vector: '0' },
  };
}

/** The text cut short. */
const truncate = (b, r) => b.slice(0, int(r, b.length));

export const XGBOOST_MUTATORS = [
  jsonMutator(childEdit),
  jsonMutator(childEdit),
  jsonMutator(lengthEdit),
  jsonMutator(splitEdit),
  jsonMutator(treeInfoEdit),
  jsonMutator(countEdit),
  jsonMutator(baseScoreEdit),
  jsonMutator(refusedEdit),
  jsonMutator(deleteEdit),
  jsonMutator(deepChainEdit),
  truncate,
  // Text edits on the seeds' size (a model is one line: repeating it 500 times, as mutateText may,
  // would make a 1.5 GB string of a deep-chain mutant); larger texts are cut short instead.
  (b, r) => (b.length > 1 << 18 ? truncate(b, r) : mutateText(b, r, { alphabet: '{}[]":,', words: ['null', '-1', '"1"', '1.5', '2147483647', '1e40', 'NaN', '[]', '{}', 'true'] })),
];

/** The seed models: test/fixtures/trees/<name>.json. */
export const XGBOOST_SEEDS = ['xgb-breast_cancer-stumps', 'xgb-synthetic-missing-softprob', 'xgb-synthetic-missing-deep'];

/** The allowed error classes (an IOError is a ParseError: text that does not look like JSON is taken as a path). */
const allowed = (gf) => [gf.ParseError, gf.ValueError, gf.ShapeError];

/** Float32 bits of a value (NaN payloads aside), to compare margins exactly. */
const same = (a, b) => Object.is(Math.fround(a), Math.fround(b)) || (Number.isNaN(a) && Number.isNaN(b));

/** One case: load, predict 3 rows, check the invariants; a DataFrame of the margins and leaves. */
export async function runXGBoost(gf, files, ctx) {
  const text = new TextDecoder().decode(Object.values(files)[0]);
  try {
    return await predictChecked(gf, text, ctx);
  } catch (e) {
    if (e instanceof gf.GpuframeError && !allowed(gf).some((c) => e instanceof c)) {
      const out = new Error(`a ${e.name} where only ParseError, ValueError and ShapeError are allowed: ${e.message}`);
      out.name = `Unexpected${e.name}`;
      throw out;
    }
    throw e;
  }
}

/** A prediction for a frame (a DataFrame of columns, or one Column) as arrays of values, one per column. */
const toArrays = async (gf, out) => (out instanceof gf.DataFrame ? await Promise.all(out.getColumns().map((c) => c.toValues())) : [await out.toValues()]);

async function predictChecked(gf, text, ctx) {
  const model = await gf.loadXGBoost(text);
  const f = model.forest;
  const d = Math.min(model.nFeaturesIn, 256);
  const names = model.featureNamesIn ?? Array.from({ length: d }, (_, j) => `f${j}`);
  const cols = {};
  for (let j = 0; j < Math.min(d, names.length); j++) cols[names[j]] = new Float64Array([0, NaN, 1e30]);
  const X = new gf.DataFrame(cols);
  const margins = await toArrays(gf, await model.predictMargin(X));
  const leaves = await toArrays(gf, await model.predictLeaf(X));
  if (model.objective !== 'reg:squarederror') await toArrays(gf, await model.predictProba(X));
  // Invariant 1: margins = baseMargin + leaf values in float32, tree order.
  for (let i = 0; i < 3; i++) {
    const acc = Array.from(f.baseMargin, (v) => Math.fround(v));
    for (let t = 0; t < f.nTrees; t++) {
      const node = f.root[t] + Number(leaves[t][i]);
      if (!(node >= f.root[t] && node < f.root[t + 1]) || f.left[node] !== -1) ctx.mismatch(`predictLeaf: row ${i}, tree ${t}: leaf ${leaves[t][i]} is not a leaf of the tree`);
      acc[f.group[t]] = Math.fround(acc[f.group[t]] + f.value[node]);
    }
    for (let g = 0; g < f.nGroups; g++) {
      const m = Number(margins[g][i]);
      if (!same(m, acc[g])) ctx.mismatch(`predictMargin: row ${i}, group ${g}: ${m}, the leaves sum to ${acc[g]} in float32`);
    }
  }
  // Invariant 2: a saved and reloaded model predicts the same.
  const again = gf.XGBoostModel.fromJSON(JSON.stringify(model));
  const margins2 = await toArrays(gf, await again.predictMargin(X));
  margins.forEach((col, g) => col.forEach((v, i) => !same(Number(v), Number(margins2[g][i])) && ctx.mismatch(`fromJSON(JSON.stringify(model)): row ${i}, group ${g}: ${margins2[g][i]} vs ${v}`)));
  const out = {};
  margins.forEach((col, g) => (out[`margin${g}`] = Float64Array.from(col, Number)));
  leaves.slice(0, 8).forEach((col, t) => (out[`leaf${t}`] = Int32Array.from(col, Number)));
  X.dispose?.();
  return new gf.DataFrame(out);
}
