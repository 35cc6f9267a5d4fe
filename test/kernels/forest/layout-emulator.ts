// A plain-JS reading of the packed device layouts (kernels/forest/device-layout.ts), the same
// loops as the WGSL leaf_of of each strategy, so the compiled layouts are checked on machines
// without WebGPU too: the leaf every strategy reaches must be the CPU walk's leaf.
import { forestWords, keyF32, keyF64, packForest, type ResolvedStrategy } from '../../../kernels/forest/device-layout.js';
import type { Forest } from '../../../kernels/forest/forest.js';

type Key = number | [number, number];

/** The device key of a feature value (NaN: missing). */
function key(forest: Forest, x: number): Key | null {
  if (Number.isNaN(x)) return null;
  return forest.rule === 'f32-lt' ? keyF32(Math.fround(x)) : keyF64(x);
}

function goLeft(forest: Forest, w: Uint32Array, row: Array<Key | null>, nm: number, kp: number): boolean {
  const k = row[nm & 0x7fffffff]!;
  if (k === null) return nm >>> 31 === 1;
  if (typeof k === 'number') return k < w[kp]!;
  const [lo, hi] = k;
  return hi < w[kp + 1]! || (hi === w[kp + 1]! && lo <= w[kp]!);
}

/** Local leaf id per tree for one row of features, read from the packed chunks. */
export function emulateLeaves(forest: Forest, s: ResolvedStrategy, x: readonly number[], capBytes = 1 << 30): number[] {
  const { kw, vw, aw } = forestWords(forest);
  const row = x.map((v) => key(forest, v));
  const LV = forest.leafWidth * vw;
  const out: number[] = [];
  for (const ch of packForest(forest, s, capBytes)) {
    const w = ch.words;
    const tb = forest.nGroups * aw;
    for (let t = 0; t < ch.t1 - ch.t0; t++) {
      const rec = tb + 4 * t;
      const base = w[rec]!;
      if (s === 'traversal') {
        const SN = 3 + kw;
        let node = 0;
        for (let k = 0; k < w[rec + 1]!; k++) {
          const p = base + node * SN;
          node = goLeft(forest, w, row, w[p]!, p + 3) ? w[p + 1]! : w[p + 2]!;
        }
        out.push(node);
      } else if (s === 'perfect') {
        const D = w[rec + 1]!;
        let i = 0;
        for (let k = 0; k < D; k++) i = 2 * i + (goLeft(forest, w, row, w[base + i * (1 + kw)]!, base + i * (1 + kw) + 1) ? 1 : 2);
        const inner = 2 ** D - 1;
        out.push(w[base + inner * (1 + kw) + (i - inner) * (1 + LV)]!);
      } else {
        const I = w[rec + 1]!;
        const L = w[rec + 3]!;
        const W = Math.ceil(I / 32);
        const T = new Uint32Array(W);
        for (let j = 0; j < I; j++) if (goLeft(forest, w, row, w[base + j * (1 + kw)]!, base + j * (1 + kw) + 1)) T[j >> 5]! |= 1 << (j & 31);
        const lb = base + I * (1 + kw);
        const LS = 2 + 2 * W + LV;
        const pop = (v: number) => v.toString(2).replace(/0/g, '').length;
        const hits: number[] = [];
        for (let l = 0; l < L; l++) {
          const q = lb + l * LS;
          let sum = 0;
          for (let k = 0; k < W; k++) sum += pop((T[k]! & w[q + 2 + k]!) >>> 0) - pop((T[k]! & w[q + 2 + W + k]!) >>> 0);
          if (sum === w[q + 1]!) hits.push(w[q]!);
        }
        if (hits.length !== 1) throw new Error(`gemm: expected one matching leaf, got ${hits.length} in tree ${ch.t0 + t}`);
        out.push(hits[0]!);
      }
    }
  }
  return out;
}
