// Seeded random forests and hostile feature columns for the forest inference tests.
import { buildForest, type Forest, type ForestMeta, type TreeSpec } from '../../../kernels/forest/forest.js';
import { rng } from '../../helpers/parity.js';

/** Thresholds are drawn from these (float32-representable), so features hit them exactly. */
export const THRESHOLDS = [0, -0, 0.5, -0.25, 1, Math.fround(0.1), Math.fround(1e-40), -Math.fround(3e-45), Math.fround(3.4e38), Infinity, -Infinity, 2.5, -3];

/** f32 neighbours and ties: the float64 midpoint between a threshold and the float32 below it rounds either way. */
function near(th: number, r: () => number): number {
  if (!Number.isFinite(th)) return th;
  const f = new Float32Array([th]);
  const u = new Int32Array(f.buffer);
  const below = new Float32Array(1);
  new Int32Array(below.buffer)[0] = th > 0 ? u[0]! - 1 : th < 0 ? u[0]! + 1 : (0x80000001 | 0);
  const mid = (th + below[0]!) / 2;
  const pick = r();
  return pick < 0.3 ? mid : pick < 0.5 ? below[0]! : pick < 0.6 ? mid + (th - mid) * 1e-9 : pick < 0.8 ? th : th + (th - below[0]!);
}

/** One random tree: every node splits with probability `p` below `depth`; the left spine reaches `depth` exactly. */
export function randomTree(r: () => number, depth: number, d: number, p: number, leafWidth = 1, group = 0, rule: 'f32' | 'f64' = 'f32'): TreeSpec {
  const t = { left: [] as number[], right: [] as number[], feature: [] as number[], threshold: [] as number[], defaultLeft: [] as number[], value: [] as number[], group };
  const val = () => (rule === 'f32' ? Math.fround(r() * 2 - 1) : r() * 2 - 1 + r() * 1e-9);
  const stack: Array<[number, number, boolean]> = [];
  const add = (): number => {
    const i = t.left.length;
    t.left.push(-1); t.right.push(-1); t.feature.push(0); t.threshold.push(0); t.defaultLeft.push(0);
    for (let k = 0; k < leafWidth; k++) t.value.push(val());
    return i;
  };
  stack.push([add(), 0, true]);
  while (stack.length) {
    const [i, level, spine] = stack.pop()!;
    if (level >= depth || !(spine || r() < p)) continue;
    t.feature[i] = Math.floor(r() * d);
    t.threshold[i] = r() < 0.7 ? THRESHOLDS[Math.floor(r() * THRESHOLDS.length)]! : Math.fround(r() * 4 - 2);
    if (rule === 'f64' && r() < 0.5) t.threshold[i] = r() * 4 - 2;
    t.defaultLeft[i] = r() < 0.5 ? 1 : 0;
    const l = add();
    const rr = add();
    t.left[i] = l;
    t.right[i] = rr;
    stack.push([rr, level + 1, false], [l, level + 1, spine]);
  }
  return t;
}

export interface ForestCase {
  nTrees: number;
  depth: number;
  d: number;
  p?: number;
  rule?: 'f32-lt' | 'f64-le';
  nGroups?: number;
  leafWidth?: number;
  transform?: ForestMeta['transform'];
}

export function randomForest(seed: number, c: ForestCase): Forest {
  const r = rng(seed);
  const rule = c.rule ?? 'f32-lt';
  const G = c.nGroups ?? 1;
  const lw = c.leafWidth ?? 1;
  const p = c.p ?? (c.depth > 10 ? 0.3 : 0.75);
  const trees = Array.from({ length: c.nTrees }, (_, k) => randomTree(r, Math.max(1, c.depth - (k % 3 === 2 ? 1 : 0)), c.d, p, lw, lw === 1 ? k % G : 0, rule === 'f32-lt' ? 'f32' : 'f64'));
  const base = Array.from({ length: G }, (_, g) => (rule === 'f32-lt' ? Math.fround(0.5 - g / 8) : 0.1 * g));
  return buildForest(trees, { nFeatures: c.d, nGroups: G, leafWidth: lw, rule, transform: c.transform ?? 'identity', baseMargin: base }, { op: 'test', file: 'random' });
}

const SPECIAL = [NaN, -0, 0, Infinity, -Infinity, 1e-310, -1e-320, 1.401298464324817e-45 / 2, 3.4028235677973366e38, 3.4028235677973362e38, 1e39, -1e39, 5e-324];

/** n rows of d float64 features around the forest's thresholds, with NaN/±0/±Inf/subnormals/overflow. */
export function hostileColumns(n: number, d: number, seed: number): Float64Array[] {
  const r = rng(seed);
  return Array.from({ length: d }, () => Float64Array.from({ length: n }, () => {
    const u = r();
    if (u < 0.08) return SPECIAL[Math.floor(r() * SPECIAL.length)]!;
    if (u < 0.6) return near(THRESHOLDS[Math.floor(r() * THRESHOLDS.length)]!, r);
    return r() * 4 - 2;
  }));
}
