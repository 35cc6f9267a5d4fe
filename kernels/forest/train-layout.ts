/**
 * What the two training kernels of the tree learners ('forest/histogram', 'forest/partition')
 * read and write. Training is level-wise and histogram-based (cuML's RandomForest): features are
 * binned once (at most 256 bins), every tree of a batch grows one level per pass, and the host
 * picks each node's split from exact integer histograms, so both backends grow the same trees.
 *
 * **Bin codes** (`BinnedMatrix.codes`, uint32 words): one byte per (row, feature), packed four
 * rows to a word (row i in byte i & 3, little end first), in row blocks of {@link BLOCK_ROWS} rows
 * holding every feature: the word of (feature f, row i) is
 * `(i >> 10) * d * 256 + f * 256 + ((i & 1023) >> 2)`. A window of whole row blocks is one
 * contiguous range of words, so the device can bind the codes in row windows.
 *
 * **Rows of a batch** of T trees: entry `t * n + i` of `weight` (uint32: the bootstrap count of
 * row i in tree t) and `node` (int32: the row's slot in the level being grown, >= 0; or < 0 when
 * the row is out of the tree's sample (-1) or sits in a finished leaf (-2 - the leaf's node index)).
 * Slots number the level's open nodes across the batch's trees.
 *
 * **Histograms**: for slot s in [slot0, slot0 + slots) and its k-th candidate feature
 * `features[s * mf + k]` (-1 or >= d: none; that block stays 0), `nBins` bins of `channels` uint32 words at
 * `((s - slot0) * mf + k) * nBins * channels + bin * channels`:
 * - target 'class' (int32 class codes 0..C-1): channel 0 the rows (each row once), channel 1 + c
 *   the summed weights of class c (channels = C + 1); a row whose code is outside 0..C-1 is not
 *   counted at all;
 * - target 'value' (int32 fixed-point targets q, |q| <= 2^30): channel 0 the rows, 1 the summed
 *   weights, 2 and 3 the low and high words of Σ weight·q as a two's-complement int64
 *   (channels = 4). With it, `extent` gives per slot the least and greatest q of its rows, whatever
 *   their weight or features (int32,
 *   2 per slot; INT32_MAX / INT32_MIN for an empty slot): a slot whose extent is one value is pure.
 * Integer sums are exact in any order, so the bodies agree bit for bit.
 *
 * **Partition**: `action` holds 4 int32 per slot of the level: (feature, bin, a, b). A row in slot
 * s moves to `a` if feature < 0, else to `a` when its code of that feature is <= bin and to `b`
 * otherwise; the new value is a slot of the next level or a negative leaf code. Rows with a
 * negative node, a slot past the actions, or an action feature >= d keep their value.
 */
import { ShapeError, ValueError } from '../../src/errors.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';

/** Rows per code block (a multiple of 4: 256 words per feature). */
export const BLOCK_ROWS = 1024;
/** Words per feature in a block. */
export const BLOCK_WORDS = BLOCK_ROWS / 4;

/** Binned training features (see the module comment for the layout). */
export interface BinnedMatrix {
  readonly codes: DataBuffer<'uint32'>;
  readonly n: number;
  readonly d: number;
  /** Bins per feature, 2..256; codes are < nBins. */
  readonly nBins: number;
}

/** The target a histogram sums. */
export type HistogramTarget =
  | { readonly kind: 'class'; readonly codes: DataBuffer<'int32'>; readonly classes: number }
  | { readonly kind: 'value'; readonly q: DataBuffer<'int32'> };

/** One histogram pass over a batch of trees. */
export interface HistogramArgs {
  readonly X: BinnedMatrix;
  readonly trees: number;
  readonly weight: DataBuffer<'uint32'>;
  readonly node: DataBuffer<'int32'>;
  readonly target: HistogramTarget;
  /** Candidate features per slot. */
  readonly mf: number;
  /** slots_total × mf feature indices (-1: no feature). */
  readonly features: DataBuffer<'int32'>;
  readonly slot0: number;
  readonly slots: number;
}

export interface HistogramResult {
  readonly hist: DataBuffer<'uint32'>;
  /** 'value' targets only: least and greatest q per slot (2 int32 per slot). */
  readonly extent?: DataBuffer<'int32'>;
}

/** Words of the packed codes of n rows × d features. */
export function codeWords(n: number, d: number): number {
  return Math.ceil(n / BLOCK_ROWS) * d * BLOCK_WORDS;
}

/** The word holding (feature f, row i), and the shift of its byte. */
export function codeAt(d: number, f: number, i: number): { word: number; shift: number } {
  return { word: Math.floor(i / BLOCK_ROWS) * d * BLOCK_WORDS + f * BLOCK_WORDS + ((i % BLOCK_ROWS) >> 2), shift: (i & 3) * 8 };
}

export function channelsOf(t: HistogramTarget): number {
  return t.kind === 'class' ? t.classes + 1 : 4;
}

/** Shape checks shared by both bodies of 'forest/histogram'. */
export function checkHistogram(op: string, a: HistogramArgs): void {
  checkBinned(op, a.X);
  const rows = a.trees * a.X.n;
  if (!Number.isInteger(a.trees) || a.trees < 1) throw new ValueError(`${op}: expected trees as an integer >= 1, got ${a.trees}`);
  if (a.weight.dtype !== 'uint32' || a.weight.length !== rows) throw new ShapeError(`${op}: expected ${rows} uint32 weights (trees × rows), got ${a.weight.length} ${a.weight.dtype}`);
  if (a.node.dtype !== 'int32' || a.node.length !== rows) throw new ShapeError(`${op}: expected ${rows} int32 node slots (trees × rows), got ${a.node.length} ${a.node.dtype}`);
  const t = a.target;
  const tb = t.kind === 'class' ? t.codes : t.q;
  if (tb.dtype !== 'int32' || tb.length !== a.X.n) throw new ShapeError(`${op}: expected ${a.X.n} int32 targets, got ${tb.length} ${tb.dtype}`);
  if (t.kind === 'class' && (!Number.isInteger(t.classes) || t.classes < 1 || t.classes > 65_536)) throw new ValueError(`${op}: expected 1..65536 classes, got ${t.classes}`);
  if (!Number.isInteger(a.mf) || a.mf < 1) throw new ValueError(`${op}: expected mf as an integer >= 1, got ${a.mf}`);
  if (!Number.isInteger(a.slot0) || !Number.isInteger(a.slots) || a.slot0 < 0 || a.slots < 0) throw new ValueError(`${op}: expected a slot range of non-negative integers, got ${a.slot0} + ${a.slots}`);
  if (a.features.dtype !== 'int32' || a.features.length < (a.slot0 + a.slots) * a.mf) {
    throw new ShapeError(`${op}: expected at least ${(a.slot0 + a.slots) * a.mf} int32 features (slots × mf), got ${a.features.length} ${a.features.dtype}`);
  }
}

export function checkBinned(op: string, X: BinnedMatrix): void {
  if (!Number.isInteger(X.nBins) || X.nBins < 2 || X.nBins > 256) throw new ValueError(`${op}: expected nBins in 2..256, got ${X.nBins}`);
  if (X.codes.dtype !== 'uint32' || X.codes.length !== codeWords(X.n, X.d)) throw new ShapeError(`${op}: expected ${codeWords(X.n, X.d)} uint32 code words for ${X.n} × ${X.d}, got ${X.codes.length} ${X.codes.dtype}`);
}

/** Shape checks shared by both bodies of 'forest/partition'. */
export function checkPartition(op: string, X: BinnedMatrix, trees: number, node: DataBuffer<'int32'>, action: DataBuffer<'int32'>): void {
  checkBinned(op, X);
  if (node.dtype !== 'int32' || node.length !== trees * X.n) throw new ShapeError(`${op}: expected ${trees * X.n} int32 node slots (trees × rows), got ${node.length} ${node.dtype}`);
  if (action.dtype !== 'int32' || action.length % 4 !== 0) throw new ShapeError(`${op}: expected 4 int32 per slot of actions, got ${action.length} ${action.dtype}`);
}
