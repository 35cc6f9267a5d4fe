/**
 * The device layouts of a compiled forest (./forest.ts), one per Hummingbird strategy, as packed
 * u32 words the WGSL kernels (./predict-wgsl.ts) read. Host-side and backend-independent.
 *
 * Comparison keys: a threshold is stored as its order key (kernels/wgsl/order.ts: unsigned order
 * = value order), -0 canonicalised to +0 (IEEE: -0 == +0), so `x < th` ('f32-lt', one word, the
 * key of the float32 threshold) and `x <= th` ('f64-le', two words, low word first) are exact
 * integer comparisons. A feature key of all ones is a missing value (NaN or null): the node's
 * default direction. The threshold key all-ones with default-left is ALWAYS LEFT (every key is
 * below or equal to it): the padding nodes of PerfectTreeTraversal and the self-loops of
 * TreeTraversal's leaves.
 *
 * A chunk (one storage binding): [base margins: nGroups × AW words][tree table: 4 words per
 * tree: base, a, group, b][tree data], `base` an absolute word offset in the chunk. Per strategy
 * (KW key words, VW value words, LW = leafWidth):
 * - traversal (a = depth, b = nodes): per node [meta, left, right, key(KW)], then per node LW × VW
 *   value words; leaves loop to themselves, so a walk is exactly `depth` branch-free steps;
 * - perfect (a = D, the tree's depth): 2^D - 1 inner records [meta, key(KW)] in level order
 *   (children 2i+1, 2i+2; a leaf above level D becomes an always-left node over a copy of itself),
 *   then 2^D slots [local id, values (LW × VW)];
 * - gemm (a = I internal nodes, b = L leaves): I records [meta, key(KW)], then per leaf
 *   [local id, D = conditions required true, left mask (W words), right mask (W words), values],
 *   W = ceil(I / 32). Step 1 sets bit j of T when node j's condition holds (goes left); step 2 picks
 *   the leaf with popcount(T & left) - popcount(T & right) == D (the integer form of Hummingbird's
 *   T·C == D: exact).
 * meta = feature | defaultLeft << 31.
 */
import { DeviceError, ValueError } from '../../src/errors.js';
import type { Forest } from './forest.js';

/** An inference strategy: 'auto' picks by depth as Hummingbird does. */
export type ForestStrategy = 'auto' | 'gemm' | 'perfect' | 'traversal';
export type ResolvedStrategy = Exclude<ForestStrategy, 'auto'>;
export const FOREST_STRATEGIES: readonly ForestStrategy[] = ['auto', 'gemm', 'perfect', 'traversal'];

/** PerfectTreeTraversal's budget: padded nodes (Σ 2^(depth+1) - 1 over trees) at most this. */
export const PERFECT_MAX_NODES = 1 << 22;
/** GEMM's bound: internal nodes per tree (its bit vector T lives in GEMM_WORDS words per thread). */
export const GEMM_WORDS = 8;
export const GEMM_MAX_INTERNAL = GEMM_WORDS * 32;

const OP = 'forest/predict';
const ALL = 0xffffffff;

/** Words per key, per leaf value and per accumulated margin. */
export function forestWords(forest: Forest): { kw: number; vw: number; aw: number } {
  const f32 = forest.rule === 'f32-lt';
  return { kw: f32 ? 1 : 2, vw: f32 ? 1 : 2, aw: f32 && forest.transform !== 'mean' ? 1 : 2 };
}

/** Padded nodes PerfectTreeTraversal needs. */
export function perfectNodes(forest: Forest): number {
  let s = 0;
  for (let t = 0; t < forest.nTrees; t++) s += 2 ** (forest.depth[t]! + 1) - 1;
  return s;
}

/** Internal nodes reached from each tree's root. */
function internalCounts(forest: Forest): Int32Array {
  const out = new Int32Array(forest.nTrees);
  for (let t = 0; t < forest.nTrees; t++) {
    const stack = [forest.root[t]!];
    let c = 0;
    while (stack.length) {
      const i = stack.pop()!;
      if (forest.left[i]! < 0) continue;
      c++;
      stack.push(forest.left[i]!, forest.right[i]!);
    }
    out[t] = c;
  }
  return out;
}

/**
 * The strategy a request resolves to. 'auto': GEMM for depth ≤ 3, PerfectTreeTraversal for
 * depth ≤ 10 when its padding is within PERFECT_MAX_NODES (else TreeTraversal), TreeTraversal
 * beyond. An explicit 'perfect' past the budget or 'gemm' past GEMM_MAX_INTERNAL internal nodes in
 * a tree is a ValueError (checked on both backends, so they refuse alike).
 */
export function resolveStrategy(forest: Forest, strategy: ForestStrategy, op = OP): ResolvedStrategy {
  if (!FOREST_STRATEGIES.includes(strategy)) throw new ValueError(`${op}: expected strategy 'auto', 'gemm', 'perfect' or 'traversal', got ${JSON.stringify(strategy)}`);
  if (strategy === 'auto') {
    if (forest.maxDepth <= 3) return 'gemm';
    if (forest.maxDepth <= 10 && perfectNodes(forest) <= PERFECT_MAX_NODES) return 'perfect';
    return 'traversal';
  }
  if (strategy === 'perfect') {
    const p = perfectNodes(forest);
    if (p > PERFECT_MAX_NODES) throw new ValueError(`${op}: expected at most ${PERFECT_MAX_NODES} padded nodes for strategy 'perfect' (trees padded to perfect binary trees of their depth; max depth ${forest.maxDepth}), got ${p}; use 'traversal'`);
  }
  if (strategy === 'gemm') {
    const ic = internalCounts(forest);
    const t = ic.findIndex((c) => c > GEMM_MAX_INTERNAL);
    if (t >= 0) throw new ValueError(`${op}: expected at most ${GEMM_MAX_INTERNAL} internal nodes per tree for strategy 'gemm', got ${ic[t]} in tree ${t}; use 'perfect' or 'traversal'`);
  }
  return strategy;
}

const f32Bits = new Float32Array(1);
const u32Of = new Uint32Array(f32Bits.buffer);
const f64Bits = new Float64Array(1);
const u32Of64 = new Uint32Array(f64Bits.buffer);

/** Order key of a float32 value (-0 as +0); the caller never passes NaN. */
export function keyF32(v: number): number {
  f32Bits[0] = v === 0 ? 0 : v;
  const b = u32Of[0]!;
  return (b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
}

/** Order key of a float64 value (-0 as +0) as [low, high] words. */
export function keyF64(v: number): [number, number] {
  f64Bits[0] = v === 0 ? 0 : v;
  const lo = u32Of64[0]!;
  const hi = u32Of64[1]!;
  return hi & 0x80000000 ? [~lo >>> 0, ~hi >>> 0] : [lo, (hi | 0x80000000) >>> 0];
}

/** One chunk of trees [t0, t1) packed for one binding. */
export interface ForestChunk {
  readonly t0: number;
  readonly t1: number;
  readonly words: Uint32Array;
}

/** Words of tree t under a strategy. */
function treeWords(forest: Forest, s: ResolvedStrategy, t: number, internal: Int32Array | null): number {
  const { kw, vw } = forestWords(forest);
  const lv = forest.leafWidth * vw;
  const n = forest.root[t + 1]! - forest.root[t]!;
  if (s === 'traversal') return n * (3 + kw + lv);
  if (s === 'perfect') {
    const D = forest.depth[t]!;
    return (2 ** D - 1) * (1 + kw) + 2 ** D * (1 + lv);
  }
  const I = internal![t]!;
  const W = Math.ceil(I / 32);
  return I * (1 + kw) + (I + 1) * (2 + 2 * W + lv);
}

/**
 * Pack a forest for a strategy into chunks that each fit `capBytes` (one storage binding). A tree
 * that alone does not fit is a DeviceError naming it.
 */
export function packForest(forest: Forest, s: ResolvedStrategy, capBytes: number): ForestChunk[] {
  const { aw } = forestWords(forest);
  const capWords = Math.floor(capBytes / 4);
  const internal = s === 'gemm' ? internalCounts(forest) : null;
  const head = forest.nGroups * aw;
  const chunks: ForestChunk[] = [];
  let t0 = 0;
  let size = head;
  const flush = (t1: number) => {
    // A forest without trees still gets one (header-only) chunk: it initialises the base margins.
    if (t1 > t0 || chunks.length === 0) chunks.push({ t0, t1, words: fillChunk(forest, s, t0, t1, size, internal) });
    t0 = t1;
    size = head;
  };
  for (let t = 0; t < forest.nTrees; t++) {
    const w = 4 + treeWords(forest, s, t, internal);
    if (head + w > capWords) throw new DeviceError(`${OP}: expected every tree's compiled nodes to fit one storage binding (maxBindingBytes ${capBytes}), got tree ${t} needing ${(head + w) * 4} bytes under strategy '${s}'`);
    if (size + w > capWords) flush(t);
    size += w;
  }
  flush(forest.nTrees);
  return chunks;
}

function fillChunk(forest: Forest, s: ResolvedStrategy, t0: number, t1: number, size: number, internal: Int32Array | null): Uint32Array {
  const { kw, vw, aw } = forestWords(forest);
  const w = new Uint32Array(size);
  const G = forest.nGroups;
  const f32 = forest.rule === 'f32-lt';
  const fv = new Float32Array(w.buffer);
  const putValue64 = (at: number, v: number) => {
    f64Bits[0] = v;
    w[at] = u32Of64[0]!;
    w[at + 1] = u32Of64[1]!;
  };
  for (let g = 0; g < G; g++) {
    if (aw === 1) fv[g] = forest.baseMargin[g]!;
    else putValue64(g * 2, forest.baseMargin[g]!);
  }
  const putKey = (at: number, node: number) => {
    if (node < 0) {
      w[at] = ALL;
      if (kw === 2) w[at + 1] = ALL;
    } else if (f32) w[at] = keyF32(forest.threshold[node]!);
    else w.set(keyF64(forest.threshold[node]!), at);
  };
  const meta = (node: number) => (node < 0 ? 0x80000000 : (forest.feature[node]! | (forest.defaultLeft[node]! << 31)) >>> 0);
  const lw = forest.leafWidth;
  const putValues = (at: number, node: number) => {
    for (let k = 0; k < lw; k++) {
      const v = forest.value[node * lw + k]!;
      if (vw === 1) fv[at + k] = v;
      else putValue64(at + 2 * k, v);
    }
  };
  let p = G * aw + 4 * (t1 - t0);
  for (let t = t0; t < t1; t++) {
    const rec = G * aw + 4 * (t - t0);
    const r = forest.root[t]!;
    const n = forest.root[t + 1]! - r;
    w[rec] = p;
    w[rec + 2] = forest.group[t]!;
    if (s === 'traversal') {
      w[rec + 1] = forest.depth[t]!;
      w[rec + 3] = n;
      const SN = 3 + kw;
      for (let i = 0; i < n; i++) {
        const g = r + i;
        const leaf = forest.left[g]! < 0;
        w[p + i * SN] = meta(leaf ? -1 : g);
        w[p + i * SN + 1] = leaf ? i : forest.left[g]! - r;
        w[p + i * SN + 2] = leaf ? i : forest.right[g]! - r;
        putKey(p + i * SN + 3, leaf ? -1 : g);
        if (leaf) putValues(p + n * SN + i * lw * vw, g);
      }
    } else if (s === 'perfect') {
      const D = forest.depth[t]!;
      w[rec + 1] = D;
      const inner = 2 ** D - 1;
      const SI = 1 + kw;
      const SL = 1 + lw * vw;
      const stack = [r, 0, 0]; // node, slot, level
      while (stack.length) {
        const level = stack.pop()!;
        const i = stack.pop()!;
        const g = stack.pop()!;
        if (level === D) {
          const at = p + inner * SI + (i - inner) * SL;
          w[at] = g - r;
          putValues(at + 1, g);
          continue;
        }
        const leaf = forest.left[g]! < 0;
        w[p + i * SI] = meta(leaf ? -1 : g);
        putKey(p + i * SI + 1, leaf ? -1 : g);
        if (leaf) stack.push(g, 2 * i + 1, level + 1);
        else stack.push(forest.left[g]!, 2 * i + 1, level + 1, forest.right[g]!, 2 * i + 2, level + 1);
      }
    } else {
      const I = internal![t]!;
      const W = Math.ceil(I / 32);
      const SI = 1 + kw;
      const SL = 2 + 2 * W + lw * vw;
      w[rec + 1] = I;
      let j = 0;
      let l = 0;
      const lb = p + I * SI;
      // Depth-first; each entry carries its path as (internal index, went left) pairs.
      const stack: Array<[number, Array<[number, boolean]>]> = [[r, []]];
      while (stack.length) {
        const [g, path] = stack.pop()!;
        if (forest.left[g]! < 0) {
          const at = lb + l * SL;
          w[at] = g - r;
          let d = 0;
          for (const [k, left] of path) {
            w[at + 2 + (left ? 0 : W) + (k >> 5)]! |= 1 << (k & 31);
            if (left) d++;
          }
          w[at + 1] = d;
          putValues(at + 2 + 2 * W, g);
          l++;
          continue;
        }
        const k = j++;
        w[p + k * SI] = meta(g);
        putKey(p + k * SI + 1, g);
        stack.push([forest.right[g]!, [...path, [k, false]]], [forest.left[g]!, [...path, [k, true]]]);
      }
      w[rec + 3] = l;
    }
    p += treeWords(forest, s, t, internal);
  }
  return w;
}
