/**
 * The CPU reference predictor of a compiled forest (./forest.ts): a typed-array walk, rows in
 * blocks of 256 (each block's features gathered row-major, cast to float32 under 'f32-lt', nulls
 * read as NaN), then every tree in order over the block, so each row's margin is accumulated one
 * tree at a time in tree order, exactly as XGBoost's CPU predictor adds them. Trees are walked on
 * their perfect-tree padding (branch-free steps, 4 rows in lockstep) while the padding fits
 * CPU_PERFECT_MAX slots, else node by node; both end on the same leaf.
 *
 * `forestPredictCpu(X, forest, what)` is the CPU twin of the device strategies (GEMM,
 * PerfectTreeTraversal, TreeTraversal), registered as 'forest/predict' in ./predict.ts.
 *
 * Result layouts (one buffer, column-major blocks of n rows, so block j is output column j):
 * - 'margin': nGroups blocks; 'output': the same after the transform;
 * - 'leaf': int32, nTrees blocks: the leaf's node id WITHIN its tree (XGBoost's pred_leaf);
 * - 'tree': nTrees × leafWidth blocks: each tree's leaf value(s) (block t * leafWidth + k).
 * Floats are float32 under 'f32-lt' and float64 under 'f64-le'.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { Forest } from './forest.js';

/** The features: one float64 or float32 buffer per feature with an optional Arrow validity bitmap. */
export interface ForestInput {
  readonly cols: readonly DataBuffer[];
  readonly validity: ReadonlyArray<DataBuffer<'uint8'> | undefined>;
  readonly n: number;
}

/** Which result to compute; see the module comment for layouts. */
export type ForestOutputKind = 'margin' | 'output' | 'leaf' | 'tree';

const BLOCK = 256;
type Floats = Float32Array | Float64Array;

/**
 * Predict on host-resident features (the CPU backend, or buffers read back first).
 */
export function forestPredictCpu(X: ForestInput, forest: Forest, what: ForestOutputKind): DataBuffer {
  const op = 'forest/predict';
  const cols = X.cols.map((c) => c.hostView(op) as Floats);
  const valid = X.validity.map((v) => (v ? (v.hostView(op) as Uint8Array) : undefined));
  const out = predictForest(forest, cols, valid, X.n, what);
  return DataBuffer.fromHost(out);
}

/** The same on typed arrays: one column per feature (length ≥ n), optional validity bitmaps. */
export function predictForest(forest: Forest, cols: readonly Floats[], validity: ReadonlyArray<Uint8Array | undefined>, n: number, what: ForestOutputKind): Floats | Int32Array {
  const { nTrees, nGroups, leafWidth, nFeatures: d } = forest;
  const f32 = forest.rule === 'f32-lt';
  const Out = f32 ? Float32Array : Float64Array;
  const cols64 = what === 'leaf' ? nTrees : what === 'tree' ? nTrees * leafWidth : nGroups;
  const out = what === 'leaf' ? new Int32Array(cols64 * n) : new Out(cols64 * n);
  const xb = f32 ? new Float32Array(BLOCK * d) : new Float64Array(BLOCK * d);
  const leaf = new Int32Array(BLOCK);
  const perfect = perfectLayout(forest);
  // Margins accumulate in the rule's precision: a Float32Array store rounds each sum to float32.
  const acc = forest.transform === 'mean' || !f32 ? new Float64Array(BLOCK * nGroups) : new Float32Array(BLOCK * nGroups);
  for (let start = 0; start < n; start += BLOCK) {
    const m = Math.min(BLOCK, n - start);
    gatherBlock(xb, cols, validity, d, start, m);
    for (let i = 0; i < m; i++) for (let g = 0; g < nGroups; g++) acc[i * nGroups + g] = forest.baseMargin[g]!;
    for (let t = 0; t < nTrees; t++) {
      if (perfect) walkPerfect(forest, perfect, xb, d, m, t, leaf);
      else walk(forest, xb, !f32, d, m, t, leaf);
      if (what === 'leaf') {
        const r = forest.root[t]!;
        for (let i = 0; i < m; i++) out[t * n + start + i] = leaf[i]! - r;
      } else if (what === 'tree') {
        for (let k = 0; k < leafWidth; k++) for (let i = 0; i < m; i++) out[(t * leafWidth + k) * n + start + i] = forest.value[leaf[i]! * leafWidth + k]!;
      } else if (leafWidth === 1) {
        const g = forest.group[t]!;
        for (let i = 0; i < m; i++) acc[i * nGroups + g] += forest.value[leaf[i]!]!;
      } else {
        for (let i = 0; i < m; i++) for (let g = 0; g < nGroups; g++) acc[i * nGroups + g] += forest.value[leaf[i]! * nGroups + g]!;
      }
    }
    if (what === 'margin' || what === 'output') finishBlock(forest, acc, out as Floats, n, start, m, what === 'output');
  }
  return out;
}

/** Rows start..start+m of every feature into xb (row-major), nulls as NaN, cast by the store. */
function gatherBlock(xb: Floats, cols: readonly Floats[], validity: ReadonlyArray<Uint8Array | undefined>, d: number, start: number, m: number): void {
  for (let f = 0; f < d; f++) {
    const c = cols[f]!;
    const v = validity[f];
    for (let i = 0; i < m; i++) xb[i * d + f] = c[start + i]!;
    if (v) for (let i = 0; i < m; i++) if (((v[(start + i) >> 3]! >> ((start + i) & 7)) & 1) === 0) xb[i * d + f] = NaN;
  }
}

/**
 * Each row's leaf in tree t. XGBoost's rule ('f32-lt', `le` false: left iff x < threshold, x
 * already float32 in xb) or scikit-learn's ('f64-le', `le` true: left iff x <= threshold); a
 * NaN (or null) feature takes the node's default direction.
 */
function walk(forest: Forest, xb: Floats, le: boolean, d: number, m: number, t: number, leaf: Int32Array): void {
  const { feature, threshold, left, right, defaultLeft } = forest;
  const r = forest.root[t]!;
  for (let i = 0; i < m; i++) {
    const base = i * d;
    let node = r;
    let f: number;
    while ((f = feature[node]!) >= 0) {
      const x = xb[base + f]!;
      const th = threshold[node]!;
      const goLeft = le ? x <= th : x < th;
      const goRight = le ? x > th : x >= th;
      node = goLeft ? left[node]! : goRight ? right[node]! : defaultLeft[node] ? left[node]! : right[node]!;
    }
    leaf[i] = node;
  }
}

/**
 * The forest with every tree padded to a perfect binary tree of its own depth (Hummingbird's
 * PerfectTreeTraversal, on the host): tree t's inner slots at `inner[t] ..` (slot k's children at
 * 2k + 1 and 2k + 2), its 2^depth leaf slots at `leaves[t] ..`, each holding the GLOBAL node id of
 * the leaf it stands for (a leaf above the bottom fills every slot under it, and the padded inner
 * slots above those send either way), so a walk is `depth` branch-free steps and ends on the same
 * node as ./walk. Built once per forest; null past CPU_PERFECT_MAX slots (then ./walk is used).
 */
interface PerfectLayout {
  readonly inner: Int32Array;
  readonly leaves: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array | Float64Array;
  /** 1: a missing value goes right (the node's defaultLeft is 0). */
  readonly nanRight: Uint8Array;
  readonly leaf: Int32Array;
}

const CPU_PERFECT_MAX = 1 << 21;
const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);

/**
 * The threshold u with `x >= u` exactly when `x > t`, for every non-NaN double x: the next double
 * above t (the least subnormal above ±0); NaN where no x is above t (t = +Infinity or NaN).
 */
function aboveOf(t: number): number {
  if (t !== t || t === Infinity) return NaN;
  if (t === 0) return Number.MIN_VALUE;
  bits[0] = t;
  word[0] = t > 0 ? word[0]! + 1n : word[0]! - 1n;
  return bits[0]!;
}
const layouts = new WeakMap<Forest, PerfectLayout | null>();

function perfectLayout(forest: Forest): PerfectLayout | null {
  const got = layouts.get(forest);
  if (got !== undefined) return got;
  const { nTrees, depth } = forest;
  const inner = new Int32Array(nTrees + 1);
  const leaves = new Int32Array(nTrees + 1);
  let slots = 0;
  for (let t = 0; t < nTrees; t++) {
    const w = 2 ** depth[t]!;
    inner[t + 1] = inner[t]! + w - 1;
    leaves[t + 1] = leaves[t]! + w;
    slots += 2 * w;
    if (slots > CPU_PERFECT_MAX) break;
  }
  if (slots > CPU_PERFECT_MAX) {
    layouts.set(forest, null);
    return null;
  }
  const ni = inner[nTrees]!;
  const feature = new Int32Array(ni);
  const threshold = forest.rule === 'f32-lt' ? new Float32Array(ni) : new Float64Array(ni);
  const nanRight = new Uint8Array(ni);
  const leaf = new Int32Array(leaves[nTrees]!);
  const stack: number[] = [];
  for (let t = 0; t < nTrees; t++) {
    const dt = depth[t]!;
    stack.push(forest.root[t]!, 0, 0);
    while (stack.length > 0) {
      const level = stack.pop()!;
      const k = stack.pop()!;
      const g = stack.pop()!;
      if (forest.feature[g]! < 0) {
        const span = 2 ** (dt - level);
        const first = k * span + span - 1 - (2 ** dt - 1);
        leaf.fill(g, leaves[t]! + first, leaves[t]! + first + span);
        continue;
      }
      const at = inner[t]! + k;
      feature[at] = forest.feature[g]!;
      // 'f64-le' goes right iff x > t, which is x >= aboveOf(t): one walk serves both rules.
      threshold[at] = forest.rule === 'f32-lt' ? forest.threshold[g]! : aboveOf(forest.threshold[g]!);
      nanRight[at] = forest.defaultLeft[g] ? 0 : 1;
      stack.push(forest.left[g]!, 2 * k + 1, level + 1, forest.right[g]!, 2 * k + 2, level + 1);
    }
  }
  const out = { inner, leaves, feature, threshold, nanRight, leaf };
  layouts.set(forest, out);
  return out;
}

/**
 * ./walk on the perfect layout: four rows in lockstep, each step `k = 2k + 1 + right` with `right`
 * computed without a branch (x >= threshold; under 'f64-le' the layout holds aboveOf(t), so this
 * is x > t; NaN: the node's default), which is what makes the host walk fast (the branchy walk
 * mispredicts half its steps).
 */
function walkPerfect(forest: Forest, L: PerfectLayout, xb: Floats, d: number, m: number, t: number, leaf: Int32Array): void {
  const dt = forest.depth[t]!;
  const o = L.inner[t]!;
  const lo = L.leaves[t]! - (2 ** dt - 1);
  walkPerfectGe(L, xb, d, m, dt, o, lo, leaf);
}

function walkPerfectGe(L: PerfectLayout, xb: Floats, d: number, m: number, dt: number, o: number, lo: number, leaf: Int32Array): void {
  const { feature, threshold, nanRight } = L;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const b0 = i * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
    let k0 = 0, k1 = 0, k2 = 0, k3 = 0;
    for (let s = 0; s < dt; s++) {
      let q = o + k0, x = xb[b0 + feature[q]!]!, th = threshold[q]!;
      k0 = 2 * k0 + 1 + (+(x >= th) | (+(x !== x) & nanRight[q]!));
      q = o + k1; x = xb[b1 + feature[q]!]!; th = threshold[q]!;
      k1 = 2 * k1 + 1 + (+(x >= th) | (+(x !== x) & nanRight[q]!));
      q = o + k2; x = xb[b2 + feature[q]!]!; th = threshold[q]!;
      k2 = 2 * k2 + 1 + (+(x >= th) | (+(x !== x) & nanRight[q]!));
      q = o + k3; x = xb[b3 + feature[q]!]!; th = threshold[q]!;
      k3 = 2 * k3 + 1 + (+(x >= th) | (+(x !== x) & nanRight[q]!));
    }
    leaf[i] = L.leaf[lo + k0]!;
    leaf[i + 1] = L.leaf[lo + k1]!;
    leaf[i + 2] = L.leaf[lo + k2]!;
    leaf[i + 3] = L.leaf[lo + k3]!;
  }
  for (; i < m; i++) {
    const b = i * d;
    let k = 0;
    for (let s = 0; s < dt; s++) {
      const q = o + k, x = xb[b + feature[q]!]!;
      k = 2 * k + 1 + (+(x >= threshold[q]!) | (+(x !== x) & nanRight[q]!));
    }
    leaf[i] = L.leaf[lo + k]!;
  }
}

const fr = Math.fround;

/**
 * Margins of a block into the output columns, transformed if asked. Under 'f32-lt' the transforms
 * follow XGBoost 1.7's float32 code: Sigmoid(x) = 1.0f / (1.0f + expf(-x)); Softmax: wmax = max,
 * e_k = expf(m_k - wmax), wsum accumulated in double, p_k = e_k / (float)wsum.
 */
function finishBlock(forest: Forest, acc: Floats, out: Floats, n: number, start: number, m: number, transform: boolean): void {
  const G = forest.nGroups;
  const tf = transform ? forest.transform : 'identity';
  for (let i = 0; i < m; i++) {
    const row = start + i;
    if (tf === 'identity') {
      for (let g = 0; g < G; g++) out[g * n + row] = acc[i * G + g]!;
    } else if (tf === 'mean') {
      for (let g = 0; g < G; g++) out[g * n + row] = acc[i * G + g]! / forest.nTrees;
    } else {
      transformRow(forest, acc, i * G, 1, out, n, row);
    }
  }
}

let scratch = new Float64Array(16);

/**
 * The logistic or softmax transform of one row's margins (`acc[at + g * stride]`) into
 * `out[g * n + row]`: the one code path of the CPU predictor and of the host step after the device
 * margins (./predict.ts), so both backends' probabilities agree bit for bit.
 */
export function transformRow(forest: Forest, acc: ArrayLike<number>, at: number, stride: number, out: Floats, n: number, row: number): void {
  const G = forest.nGroups;
  const f32 = forest.rule === 'f32-lt';
  if (forest.transform === 'logistic') {
    const x = acc[at]!;
    out[row] = f32 ? fr(1 / fr(1 + fr(Math.exp(-x)))) : 1 / (1 + Math.exp(-x));
    return;
  }
  if (scratch.length < G) scratch = new Float64Array(G);
  const e = scratch;
  let wmax = acc[at]!;
  for (let g = 1; g < G; g++) wmax = Math.max(wmax, acc[at + g * stride]!);
  let wsum = 0;
  for (let g = 0; g < G; g++) {
    const z = acc[at + g * stride]!;
    e[g] = f32 ? fr(Math.exp(fr(z - wmax))) : Math.exp(z - wmax);
    wsum += e[g]!;
  }
  const s = f32 ? fr(wsum) : wsum;
  for (let g = 0; g < G; g++) out[g * n + row] = e[g]! / s;
}
