/**
 * CPU twins of the tree learners' kernels (layouts in ./train-layout.ts): the histograms of a
 * level's open nodes and the move of every row to its child. Integer arithmetic only, so the
 * device bodies (./train-gpu.ts) give the same words.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { BLOCK_ROWS, BLOCK_WORDS, channelsOf, checkHistogram, checkPartition, type BinnedMatrix, type HistogramArgs, type HistogramResult } from './train-layout.js';

const OP_H = 'forest/histogram';
const OP_P = 'forest/partition';
const TWO32 = 4294967296;
const LIMIT = 2 ** 52;

export function histogramCpu(a: HistogramArgs): HistogramResult {
  checkHistogram(OP_H, a);
  const { X, mf, slot0, slots } = a;
  const { n, d, nBins } = X;
  const ch = channelsOf(a.target);
  const codes = X.codes.hostView(OP_H) as Uint32Array;
  const weight = a.weight.hostView(OP_H) as Uint32Array;
  const node = a.node.hostView(OP_H) as Int32Array;
  const feats = a.features.hostView(OP_H) as Int32Array;
  const stride = nBins * ch;
  const hist = new Uint32Array(slots * mf * stride);
  const cls = a.target.kind === 'class' ? (a.target.codes.hostView(OP_H) as Int32Array) : undefined;
  const C = a.target.kind === 'class' ? a.target.classes : 0;
  const q = a.target.kind === 'value' ? (a.target.q.hostView(OP_H) as Int32Array) : undefined;
  const extent = q ? new Int32Array(2 * slots) : undefined;
  if (extent) for (let s = 0; s < slots; s++) (extent[2 * s] = 2147483647), (extent[2 * s + 1] = -2147483648);
  const blockStride = d * BLOCK_WORDS;
  // Rows grouped by slot first (a counting sort), so a slot's block stays in cache while summed.
  const start = new Int32Array(slots + 1);
  const rows = a.trees * n;
  for (let r = 0; r < rows; r++) {
    const s = node[r]! - slot0;
    if (s >= 0 && s < slots) start[s + 1]!++;
  }
  for (let s = 0; s < slots; s++) start[s + 1] = start[s + 1]! + start[s]!;
  const order = new Int32Array(start[slots]!);
  const fill = start.slice(0, slots);
  for (let r = 0; r < rows; r++) {
    const s = node[r]! - slot0;
    if (s >= 0 && s < slots) order[fill[s]!++] = r;
  }
  // Σ weight·q as exact doubles per (k, bin) below 2^52, folded into the slot's words at the end.
  const sums = q ? new Float64Array(mf * nBins) : undefined;
  const base = new Int32Array(mf);
  for (let s = 0; s < slots; s++) {
    if (start[s] === start[s + 1]) continue;
    // The slot's features as offsets to their first code word (-1: none).
    for (let k = 0; k < mf; k++) {
      const f = feats[(slot0 + s) * mf + k]!;
      base[k] = f >= 0 && f < d ? f * BLOCK_WORDS : -1;
    }
    sums?.fill(0);
    const at = s * mf * stride;
    for (let e = start[s]!; e < start[s + 1]!; e++) {
      const r = order[e]!;
      const i = r % n;
      const w = weight[r]!;
      const rowWord = Math.floor(i / BLOCK_ROWS) * blockStride + ((i % BLOCK_ROWS) >> 2);
      const shift = (i & 3) * 8;
      const qi = q ? q[i]! : 0;
      const wq = w * qi;
      if (extent) {
        if (qi < extent[2 * s]!) extent[2 * s] = qi;
        if (qi > extent[2 * s + 1]!) extent[2 * s + 1] = qi;
      }
      const c = cls ? cls[i]! : -1;
      if (cls && (c < 0 || c >= C)) continue;
      for (let k = 0; k < mf; k++) {
        const b0 = base[k]!;
        if (b0 < 0) continue;
        const bin = (codes[b0 + rowWord]! >>> shift) & 255;
        if (bin >= nBins) continue;
        const h = at + k * stride + bin * ch;
        hist[h] = hist[h]! + 1;
        if (cls) hist[h + 1 + c] = hist[h + 1 + c]! + w;
        else {
          hist[h + 1] = hist[h + 1]! + w;
          if (Math.abs(wq) >= LIMIT) {
            // w·q past 2^52: two exact partial products (q = qh·2^16 + ql).
            const ql = qi & 0xffff;
            addInt64(hist, h + 2, w * ql);
            addInt64(hist, h + 2, w * ((qi - ql) / 65536) * 65536);
            continue;
          }
          // Both terms below 2^52, so the double sum is exact; flushed before it reaches 2^52.
          const j = k * nBins + bin;
          const next = sums![j]! + wq;
          if (Math.abs(next) >= LIMIT) {
            addInt64(hist, h + 2, next);
            sums![j] = 0;
          } else sums![j] = next;
        }
      }
    }
    if (sums) for (let j = 0; j < sums.length; j++) if (sums[j] !== 0) addInt64(hist, at + j * ch + 2, sums[j]!);
  }
  return {
    hist: DataBuffer.fromHost(hist, 'uint32'),
    extent: extent ? DataBuffer.fromHost(extent, 'int32') : undefined,
  };
}

/** Add an exact integer v (|v| < 2^63, held exactly by the double) to the two's-complement int64 at words [at, at + 1]. */
function addInt64(h: Uint32Array, at: number, v: number): void {
  const lo = ((v % TWO32) + TWO32) % TWO32;
  const hi = Math.floor(v / TWO32) >>> 0;
  const sum = h[at]! + lo;
  h[at] = sum >>> 0;
  h[at + 1] = (h[at + 1]! + hi + (sum >= TWO32 ? 1 : 0)) >>> 0;
}

/** The int64 at words [at, at + 1] as a double (exact below 2^53, else rounded). */
export function readInt64(h: Uint32Array, at: number): number {
  const hi = h[at + 1]! | 0;
  return hi * TWO32 + h[at]!;
}

export function partitionCpu(X: BinnedMatrix, trees: number, node: DataBuffer<'int32'>, action: DataBuffer<'int32'>): DataBuffer<'int32'> {
  checkPartition(OP_P, X, trees, node, action);
  const { n, d } = X;
  const codes = X.codes.hostView(OP_P) as Uint32Array;
  const nodes = node.hostView(OP_P) as Int32Array;
  const act = action.hostView(OP_P) as Int32Array;
  const K = act.length / 4;
  const out = nodes.slice();
  const blockStride = d * BLOCK_WORDS;
  for (let t = 0; t < trees; t++) {
    const off = t * n;
    for (let i = 0; i < n; i++) {
      const s = nodes[off + i]!;
      if (s < 0 || s >= K) continue;
      const f = act[4 * s]!;
      if (f >= d) continue;
      if (f < 0) {
        out[off + i] = act[4 * s + 2]!;
        continue;
      }
      const word = Math.floor(i / BLOCK_ROWS) * blockStride + f * BLOCK_WORDS + ((i % BLOCK_ROWS) >> 2);
      const bin = (codes[word]! >>> ((i & 3) * 8)) & 255;
      out[off + i] = bin <= act[4 * s + 1]! ? act[4 * s + 2]! : act[4 * s + 3]!;
    }
  }
  return DataBuffer.fromHost(out, 'int32');
}
