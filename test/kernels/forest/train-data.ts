// Data and plain oracles of the training kernels' tests ('forest/histogram', 'forest/partition'):
// a byte matrix of bin codes packed into the block layout, seeded rows of a batch of trees with
// hostile slots, weights and targets, and naive loops (BigInt sums) written from the layout's
// prose, independent of the CPU twins.
import * as gf from 'gpuframe';
import { rng } from '../../helpers/parity.js';
import { codeAt, codeWords, type BinnedMatrix, type HistogramArgs } from '../../../kernels/forest/train-layout.js';

/** Pack an n × d byte matrix (row-major) into the block layout. */
export function packCodes(bytes: Uint8Array, n: number, d: number): Uint32Array {
  const words = new Uint32Array(codeWords(n, d));
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      const { word, shift } = codeAt(d, f, i);
      words[word] = (words[word]! | (bytes[i * d + f]! << shift)) >>> 0;
    }
  }
  return words;
}

export interface TrainCase {
  readonly n: number;
  readonly d: number;
  readonly nBins: number;
  readonly trees: number;
  readonly bytes: Uint8Array;
  readonly weight: Uint32Array;
  readonly node: Int32Array;
  /** Class codes or fixed-point targets. */
  readonly y: Int32Array;
  readonly features: Int32Array;
  readonly mf: number;
  readonly slot0: number;
  readonly slots: number;
}

export interface CaseOptions {
  n: number;
  d: number;
  nBins: number;
  trees: number;
  mf: number;
  slot0: number;
  slots: number;
  seed: number;
  /** 'class' with this many classes, or 'value'. */
  classes?: number;
  /** 'value': targets within ±qMax (default 2^30), weights up to 2^32 - 1. */
  qMax?: number;
  /** Rate of codes >= nBins (skipped). */
  wildCodes?: number;
}

const EDGE_NODES = [-1, -2, -7, -2147483648, 2147483647];

export function makeCase(o: CaseOptions): TrainCase {
  const r = rng(o.seed);
  const { n, d, nBins, trees, mf, slot0, slots } = o;
  const bytes = new Uint8Array(n * d);
  for (let j = 0; j < bytes.length; j++) bytes[j] = o.wildCodes && r() < o.wildCodes ? nBins + Math.floor(r() * (256 - nBins)) : Math.floor(r() * nBins);
  const total = slot0 + slots + 3;
  const node = new Int32Array(trees * n);
  const weight = new Uint32Array(trees * n);
  const value = o.classes === undefined;
  for (let j = 0; j < node.length; j++) {
    const u = r();
    node[j] = u < 0.08 ? EDGE_NODES[Math.floor(r() * EDGE_NODES.length)]! : u < 0.14 ? Math.floor(r() * total) : slot0 + Math.floor(r() * slots);
    const v = r();
    weight[j] = v < 0.1 ? 0 : v < 0.2 && value ? 4294967295 - Math.floor(r() * 3) : v < 0.25 ? Math.floor(r() * 2 ** 32) : Math.floor(r() * 4);
  }
  const y = new Int32Array(n);
  const qMax = o.qMax ?? 2 ** 30;
  for (let i = 0; i < n; i++) {
    const u = r();
    if (!value) y[i] = u < 0.03 ? -1 : u < 0.06 ? o.classes! : Math.floor(r() * o.classes!);
    else y[i] = u < 0.3 ? (r() < 0.5 ? qMax : -qMax) - Math.sign(r() - 0.5) * Math.floor(r() * 3) : Math.round((r() * 2 - 1) * qMax);
  }
  for (let i = 0; i < n; i++) if (value && Math.abs(y[i]!) > qMax) y[i] = Math.sign(y[i]!) * qMax;
  const features = new Int32Array(total * mf + 5);
  for (let j = 0; j < features.length; j++) {
    const u = r();
    features[j] = u < 0.1 ? -1 : u < 0.15 ? d + Math.floor(r() * 3) : Math.floor(r() * d);
  }
  return { n, d, nBins, trees, bytes, weight, node, y, features, mf, slot0, slots };
}

export function binned(c: { bytes: Uint8Array; n: number; d: number; nBins: number }): BinnedMatrix {
  return { codes: gf.array(packCodes(c.bytes, c.n, c.d), 'uint32'), n: c.n, d: c.d, nBins: c.nBins };
}

/** Device-ready arguments (fresh DataBuffers). */
export function histArgs(c: TrainCase, classes?: number): HistogramArgs {
  const y = gf.array(c.y, 'int32');
  return {
    X: binned(c),
    trees: c.trees,
    weight: gf.array(c.weight, 'uint32'),
    node: gf.array(c.node, 'int32'),
    target: classes === undefined ? { kind: 'value', q: y } : { kind: 'class', codes: y, classes },
    mf: c.mf,
    features: gf.array(c.features, 'int32'),
    slot0: c.slot0,
    slots: c.slots,
  };
}

/** The histogram (and extent for 'value') by a naive loop with BigInt sums. */
export function histOracle(c: TrainCase, classes?: number): { hist: Uint32Array; extent?: Int32Array } {
  const { n, d, nBins, mf, slot0, slots } = c;
  const value = classes === undefined;
  const ch = value ? 4 : classes + 1;
  const hist = new Uint32Array(slots * mf * nBins * ch);
  const sums = new Map<number, bigint>();
  const extent = value ? new Int32Array(2 * slots) : undefined;
  for (let s = 0; s < slots && extent; s++) (extent[2 * s] = 2 ** 31 - 1), (extent[2 * s + 1] = -(2 ** 31));
  for (let t = 0; t < c.trees; t++) {
    for (let i = 0; i < n; i++) {
      const s = c.node[t * n + i]! - slot0;
      if (s < 0 || s >= slots) continue;
      const w = c.weight[t * n + i]!;
      const y = c.y[i]!;
      if (extent) (extent[2 * s] = Math.min(extent[2 * s]!, y)), (extent[2 * s + 1] = Math.max(extent[2 * s + 1]!, y));
      if (!value && (y < 0 || y >= classes)) continue;
      for (let k = 0; k < mf; k++) {
        const f = c.features[(slot0 + s) * mf + k]!;
        if (f < 0 || f >= d) continue;
        const bin = c.bytes[i * d + f]!;
        if (bin >= nBins) continue;
        const h = ((s * mf + k) * nBins + bin) * ch;
        hist[h] = hist[h]! + 1;
        if (!value) hist[h + 1 + y] = (hist[h + 1 + y]! + w) % 2 ** 32;
        else {
          hist[h + 1] = (hist[h + 1]! + w) % 2 ** 32;
          sums.set(h, (sums.get(h) ?? 0n) + BigInt(w) * BigInt(y));
        }
      }
    }
  }
  for (const [h, v] of sums) {
    const u = BigInt.asUintN(64, v);
    hist[h + 2] = Number(u & 0xffffffffn);
    hist[h + 3] = Number(u >> 32n);
  }
  return { hist, extent };
}

/** Random actions for K slots: feature -1, >= d or a split, children slots or leaf codes. */
export function makeActions(K: number, d: number, nBins: number, seed: number): Int32Array {
  const r = rng(seed);
  const a = new Int32Array(4 * K);
  for (let s = 0; s < K; s++) {
    const u = r();
    a[4 * s] = u < 0.15 ? -1 : u < 0.25 ? d + Math.floor(r() * 2) : Math.floor(r() * Math.max(d, 1));
    a[4 * s + 1] = r() < 0.1 ? -1 : Math.floor(r() * (nBins + 1));
    a[4 * s + 2] = r() < 0.3 ? -2 - Math.floor(r() * 1000) : Math.floor(r() * 2 * K);
    a[4 * s + 3] = r() < 0.3 ? -2 - Math.floor(r() * 1000) : Math.floor(r() * 2 * K);
  }
  return a;
}

/** The partition by a plain loop over the byte matrix. */
export function partitionOracle(c: TrainCase, action: Int32Array): Int32Array {
  const K = action.length / 4;
  const out = c.node.slice();
  for (let j = 0; j < out.length; j++) {
    const s = c.node[j]!;
    const i = j % c.n;
    if (s < 0 || s >= K) continue;
    const f = action[4 * s]!;
    if (f >= c.d) continue;
    if (f < 0) out[j] = action[4 * s + 2]!;
    else out[j] = c.bytes[i * c.d + f]! <= action[4 * s + 1]! ? action[4 * s + 2]! : action[4 * s + 3]!;
  }
  return out;
}
