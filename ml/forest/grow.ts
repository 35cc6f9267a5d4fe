/**
 * Growing trees (cuML's RandomForest, scikit-learn's rules): level-wise over a batch of trees.
 * Per level, 'forest/histogram' gives every open node's histograms of its candidate features
 * (exact integers on either backend), the host picks each node's split (./split.ts), and
 * 'forest/partition' moves every row to its child; rows reaching a leaf carry its code. The
 * binned features, weights and row slots stay on the backend; only histograms and per-node
 * actions cross, so both backends grow the same trees.
 *
 * scikit-learn's rules, kept: a node is a leaf at depth maxDepth, with fewer than
 * minSamplesSplit or 2·minSamplesLeaf rows (distinct rows: a bootstrap count is a weight), when
 * pure, or when no split leaves minSamplesLeaf rows a side. Candidate features are drawn per node
 * without replacement; a feature constant in the node does not count towards maxFeatures, and
 * more are drawn until maxFeatures non-constant ones were seen or none is left (the node then
 * waits a level for the next pass). Bootstrap: n draws with replacement, as weights.
 *
 * Randomness: tree t draws from mulberry32(seed_t), seed_t the t-th draw of mulberry32(seed):
 * its bootstrap first, then each node's features in the order nodes are created (breadth first),
 * so a tree does not depend on which other trees share its batch.
 */
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { mulberry32 } from '../../src/random.js';
import { activeBackend } from '../../src/device/index.js';
import { run } from '../../kernels/registry.js';
import type { TreeSpec } from '../../kernels/forest/forest.js';
import { forestHistogram, forestPartition } from '../../kernels/forest/train.js';
import { channelsOf, type BinnedMatrix, type HistogramTarget } from '../../kernels/forest/train-layout.js';
import { readControl } from '../control.js';
import { impurity, pureClasses, scanFeature, statsOf, type Criterion, type NodeStats, type Split } from './split.js';

export interface GrowParams {
  readonly nTrees: number;
  readonly criterion: Criterion;
  /** Infinity: unlimited. */
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Candidate features per node (1..d). */
  readonly maxFeatures: number;
  readonly bootstrap: boolean;
  readonly seed: number;
}

export type GrowTarget = { readonly kind: 'class'; readonly codes: DataBuffer<'int32'>; readonly classes: number } | { readonly kind: 'value'; readonly y: Float64Array };

export interface GrownForest {
  readonly trees: TreeSpec[];
  /** Impurity-based importances (scikit-learn's feature_importances_), summing to 1 (or all 0). */
  readonly importances: Float64Array;
}

/**
 * Rows × trees per batch on WebGPU (weights and slots: 8 bytes each). A batch's trees share each
 * level's passes, so fewer round trips; but a level's histogram chunks each pass over all its
 * rows, so the work of a deep level grows with the batch squared. The CPU grows one tree at a
 * time. Trees do not depend on their batch (see the module comment), so the backends agree.
 */
const BATCH_ENTRIES = 2 ** 21;
/** Histogram words per pass. */
const HIST_WORDS = 2 ** 22;
/** Fixed-point targets: |q| <= 2^30. */
const Q_MAX = 2 ** 30;

interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  defaultLeft: number[];
  stats: NodeStats[];
  rng: () => number;
  /** Regression: each node's weighted mean and variance of y (set when the tree is done). */
  mean: Float64Array;
  variance: Float64Array;
}

interface Open {
  tree: number;
  node: number;
  depth: number;
  stats: NodeStats | null;
  feats: number[];
  tried: Uint8Array;
  found: number;
  best: Split | null;
}

/** Grow `p.nTrees` trees on binned features X (cuts: each feature's cut points). */
export async function growForest(op: string, X: BinnedMatrix, cuts: readonly Float64Array[], target: GrowTarget, p: GrowParams): Promise<GrownForest> {
  const { n, d } = X;
  if (n < 1) throw new ValueError(`${op}: expected at least 1 sample, got 0`);
  const master = mulberry32(p.seed);
  const seeds = Array.from({ length: p.nTrees }, () => Math.floor(master() * 4294967296));
  let ht: HistogramTarget;
  let qBuf: DataBuffer<'int32'> | undefined;
  if (target.kind === 'class') ht = { kind: 'class', codes: target.codes, classes: target.classes };
  else {
    qBuf = DataBuffer.fromHost(fixedPoint(target.y), 'int32');
    ht = { kind: 'value', q: qBuf };
  }
  const classes = target.kind === 'class' ? target.classes : 0;
  const trees: TreeSpec[] = [];
  const importances = new Float64Array(d);
  const perBatch = activeBackend() === 'webgpu' ? Math.max(1, Math.min(p.nTrees, 64, Math.floor(BATCH_ENTRIES / n))) : 1;
  try {
    for (let t0 = 0; t0 < p.nTrees; t0 += perBatch) {
      const T = Math.min(perBatch, p.nTrees - t0);
      const built = await growBatch(op, X, ht, classes, p, seeds.slice(t0, t0 + T));
      for (const tr of built) {
        const leafWidth = classes > 0 ? classes : 1;
        const values = new Float64Array(tr.feature.length * leafWidth);
        if (classes > 0) tr.stats.forEach((s, i) => { if (tr.left[i] === -1) for (let c = 0; c < classes; c++) values[i * classes + c] = s.cls![c]! / s.w; });
        else values.set(tr.mean);
        addImportances(importances, tr, p.criterion, classes > 0 ? null : tr.variance);
        trees.push({ left: tr.left, right: tr.right, feature: tr.feature, threshold: tr.feature.map((f, i) => (f < 0 ? 0 : cuts[f]![tr.threshold[i]!]!)), defaultLeft: tr.defaultLeft, value: values, group: 0 });
      }
    }
  } finally {
    qBuf?.dispose();
  }
  const total = importances.reduce((a, b) => a + b, 0);
  if (total > 0) for (let f = 0; f < d; f++) importances[f] = importances[f]! / total;
  return { trees, importances };

  async function growBatch(op: string, X: BinnedMatrix, ht: HistogramTarget, C: number, p: GrowParams, treeSeeds: number[]) {
    const T = treeSeeds.length;
    const weight = new Uint32Array(T * n);
    const node0 = new Int32Array(T * n);
    const built: Array<Tree> = [];
    let open: Open[] = [];
    for (let t = 0; t < T; t++) {
      const rng = mulberry32(treeSeeds[t]!);
      const w = weight.subarray(t * n, (t + 1) * n);
      if (p.bootstrap) for (let j = 0; j < n; j++) w[Math.floor(rng() * n)]!++;
      else w.fill(1);
      const slots = node0.subarray(t * n, (t + 1) * n);
      for (let i = 0; i < n; i++) slots[i] = w[i]! > 0 ? t : -1;
      const tree: Tree = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], stats: [], rng, variance: new Float64Array(0), mean: new Float64Array(0) };
      built.push(tree);
      const root = addNode(tree, null);
      open.push(newOpen(tree, t, root, 0, null, d, p.maxFeatures));
    }
    const weightBuf = DataBuffer.fromHost(weight, 'uint32');
    let nodeBuf = DataBuffer.fromHost(node0, 'int32');
    const ch = channelsOf(ht);
    const { nBins } = X;
    try {
      while (open.length > 0) {
        const K = open.length;
        const mf = p.maxFeatures;
        const feats = new Int32Array(K * mf).fill(-1);
        open.forEach((o, s) => o.feats.forEach((f, k) => (feats[s * mf + k] = f)));
        const featBuf = DataBuffer.fromHost(feats, 'int32');
        const action = new Int32Array(4 * K);
        const next: Open[] = [];
        const chunk = Math.max(1, Math.floor(HIST_WORDS / (mf * nBins * ch)));
        try {
          for (let s0 = 0; s0 < K; s0 += chunk) {
            const slots = Math.min(chunk, K - s0);
            const r = run(forestHistogram, { X, trees: T, weight: weightBuf, node: nodeBuf, target: ht, mf, features: featBuf, slot0: s0, slots });
            try {
              const h = await readControl(r.hist, op);
              const ext = r.extent ? await readControl(r.extent, op) : undefined;
              for (let s = s0; s < s0 + slots; s++) decide(s, s - s0, h, ext);
            } finally {
              r.hist.dispose();
              r.extent?.dispose();
            }
          }
        } finally {
          featBuf.dispose();
        }
        const actBuf = DataBuffer.fromHost(action, 'int32');
        try {
          const moved = run(forestPartition, X, T, nodeBuf, actBuf);
          nodeBuf.dispose();
          nodeBuf = moved;
        } finally {
          actBuf.dispose();
        }
        open = next;

        function decide(s: number, local: number, h: Uint32Array, ext: Int32Array | undefined): void {
          const o = open[s]!;
          const tree = built[o.tree]!;
          const blockWords = nBins * ch;
          const at = (k: number) => (local * mf + k) * blockWords;
          const first = o.feats.findIndex((f) => f >= 0);
          const st = o.stats ?? statsOf(h, at(first), nBins, ch, C);
          o.stats = st;
          tree.stats[o.node] = st;
          const pure = C > 0 ? pureClasses(st) : ext![2 * local] === ext![2 * local + 1];
          if (pure || isLeaf(st, o.depth)) return leaf(s, o);
          for (let k = 0; k < o.feats.length; k++) {
            if (o.feats[k]! < 0) continue;
            const r = scanFeature(h, at(k), o.feats[k]!, nBins, ch, C, st, p.criterion, p.minSamplesLeaf, o.best);
            o.best = r.best;
            if (!r.constant) o.found++;
          }
          if (o.found < mf && o.tried.some((x) => x === 0)) {
            // Constant features do not count: draw replacements and look again next pass.
            o.feats = draw(tree.rng, o.tried, mf - o.found);
            action.set([-1, 0, next.length, 0], 4 * s);
            next.push(o);
            return;
          }
          const b = o.best;
          if (!b) return leaf(s, o);
          const l = addNode(tree, b.left);
          const r = addNode(tree, b.right);
          tree.feature[o.node] = b.k;
          tree.threshold[o.node] = b.bin;
          tree.left[o.node] = l;
          tree.right[o.node] = r;
          tree.defaultLeft[o.node] = b.left.w >= b.right.w ? 1 : 0;
          const codes = [l, r].map((child, side) => {
            const cs = side === 0 ? b.left : b.right;
            if (isLeaf(cs, o.depth + 1) || (C > 0 && pureClasses(cs))) return -2 - child;
            const slot = next.length;
            next.push(newOpen(tree, o.tree, child, o.depth + 1, cs, d, mf));
            return slot;
          });
          action.set([b.k, b.bin, codes[0]!, codes[1]!], 4 * s);
        }

        function leaf(s: number, o: Open): void {
          action.set([-1, 0, -2 - o.node, 0], 4 * s);
        }
      }
      if (C === 0) await leafValues(op, nodeBuf, weight, target as { y: Float64Array }, built, T);
      return built;
    } finally {
      weightBuf.dispose();
      nodeBuf.dispose();
    }
  }

  function isLeaf(st: NodeStats, depth: number): boolean {
    return depth >= p.maxDepth || st.rows < p.minSamplesSplit || st.rows < 2 * p.minSamplesLeaf;
  }
}

function addNode(tree: Tree, stats: NodeStats | null): number {
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.defaultLeft.push(0);
  tree.stats.push(stats ?? { rows: 0, w: 0, cls: null, sum: 0 });
  return tree.feature.length - 1;
}

function newOpen(tree: Tree, t: number, node: number, depth: number, stats: NodeStats | null, d: number, mf: number): Open {
  const tried = new Uint8Array(d);
  return { tree: t, node, depth, stats, feats: draw(tree.rng, tried, mf), tried, found: 0, best: null };
}

/** Draw up to m untried features (marking them tried), by a partial Fisher–Yates over the untried. */
function draw(rng: () => number, tried: Uint8Array, m: number): number[] {
  const pool: number[] = [];
  for (let f = 0; f < tried.length; f++) if (!tried[f]) pool.push(f);
  const out: number[] = [];
  for (let i = 0; i < m && i < pool.length; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    const x = pool[j]!;
    pool[j] = pool[i]!;
    pool[i] = x;
    out.push(x);
    tried[x] = 1;
  }
  return out;
}

/** y in fixed point: q = round((y − mid) · 2^30 / halfRange), |q| <= 2^30 (0 for a constant y). */
function fixedPoint(y: Float64Array): Int32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of y) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const mid = lo / 2 + hi / 2;
  const half = hi / 2 - lo / 2;
  const q = new Int32Array(y.length);
  if (!(half > 0)) return q;
  const s = Q_MAX / half;
  for (let i = 0; i < y.length; i++) q[i] = Math.max(-Q_MAX, Math.min(Q_MAX, Math.round((y[i]! - mid) * s)));
  return q;
}

/**
 * Regression leaves: each leaf's weighted mean of y over its rows (exact binary64, rows in
 * order), from the rows' final leaf codes; and every node's weighted variance of y, for the
 * importances, summed up the tree from its leaves.
 */
async function leafValues(op: string, nodeBuf: DataBuffer<'int32'>, weight: Uint32Array, target: { y: Float64Array }, built: Array<Tree>, T: number): Promise<void> {
  const codes = await readControl(nodeBuf, op);
  const y = target.y;
  const n = y.length;
  // Targets past 2^400 are summed scaled by a power of two (exact), so weighted sums and squares
  // cannot overflow; means are scaled back, variances (importances: relative) are not.
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(y[i]!));
  const scale = top > 2 ** 400 ? 2 ** (400 - Math.ceil(Math.log2(top))) : 1;
  for (let t = 0; t < T; t++) {
    const tree = built[t]!;
    const m = tree.feature.length;
    const sw = new Float64Array(m);
    const sy = new Float64Array(m);
    const syy = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const c = codes[t * n + i]!;
      if (c > -2) continue;
      const leaf = -2 - c;
      const w = weight[t * n + i]!;
      const v = y[i]! * scale;
      sw[leaf] = sw[leaf]! + w;
      sy[leaf] = sy[leaf]! + w * v;
      syy[leaf] = syy[leaf]! + w * v * v;
    }
    for (let j = m - 1; j >= 0; j--) {
      const l = tree.left[j]!;
      if (l < 0) continue;
      const r = tree.right[j]!;
      sw[j] = sw[l]! + sw[r]!;
      sy[j] = sy[l]! + sy[r]!;
      syy[j] = syy[l]! + syy[r]!;
    }
    tree.variance = new Float64Array(m);
    tree.mean = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const mean = sw[j]! > 0 ? sy[j]! / sw[j]! : 0;
      tree.mean[j] = mean / scale;
      tree.variance[j] = sw[j]! > 0 ? Math.max(0, syy[j]! / sw[j]! - mean * mean) : 0;
    }
  }
}

/** Add one tree's normalised impurity decreases (scikit-learn: per tree, then averaged). */
function addImportances(acc: Float64Array, tree: Tree, criterion: Criterion, variance: Float64Array | null): void {
  const imp = (j: number) => (variance ? variance[j]! : impurity(criterion, tree.stats[j]!));
  const mine = new Float64Array(acc.length);
  for (let j = 0; j < tree.feature.length; j++) {
    const f = tree.feature[j]!;
    if (f < 0) continue;
    const l = tree.left[j]!;
    const r = tree.right[j]!;
    const w = tree.stats[j]!.w;
    mine[f] = mine[f]! + w * imp(j) - tree.stats[l]!.w * imp(l) - tree.stats[r]!.w * imp(r);
  }
  const s = mine.reduce((a, b) => a + b, 0);
  if (s > 0) for (let f = 0; f < acc.length; f++) acc[f] = acc[f]! + mine[f]! / s;
}
