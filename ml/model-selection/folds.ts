/**
 * Fold assignment for the splitters: one int32 fold number per sample, and the rows of a fold
 * as int32 index buffers (a filter of the row numbers: the predicate and compaction ops).
 *
 * KFold's fold numbers depend on n only (blocks of a permutation) and are made on the host and
 * uploaded once. StratifiedKFold's depend on y: its class codes (ml/labels.ts), the classes in
 * order of first appearance (the unique op, maintaining order) and their sizes (histogram) are
 * read as control reads (C numbers each); each sample's rank within its class comes from a
 * cumCount window over the class, and its fold from a gather into a per-class fold table
 * built from the C sizes (scikit-learn 1.2's allocation, below).
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../../kernels/gather/gather.js';
import { histogram } from '../../kernels/histogram/histogram.js';
import { sequence } from '../../kernels/sequence/sequence.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { mulberry32 } from '../../src/random.js';
import { readControl } from '../control.js';
import { encodeLabels } from '../labels.js';

/** Fisher–Yates over `a` in place with the project's seeded generator. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(a: T, next: () => number): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** A generator for a seed (undefined: a fresh random seed, as scikit-learn's random_state=None). */
export function generator(seed: number | undefined): () => number {
  return mulberry32(seed ?? Math.floor(Math.random() * 2 ** 32));
}

/**
 * scikit-learn's KFold fold numbers: fold sizes n // k (the first n % k one larger), blocks of
 * 0..n-1 or of a seeded permutation.
 */
export function kFoldNumbers(n: number, k: number, shuffle: boolean, seed: number | undefined): DataBuffer<'int32'> {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (shuffle) shuffleInPlace(order, generator(seed));
  const folds = new Int32Array(n);
  let at = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let e = at + size; at < e; at++) folds[order[at]!] = f;
  }
  return DataBuffer.fromHost(folds, 'int32');
}

/** Class sizes (in code order) and the codes in order of first appearance. */
export interface ClassLayout {
  readonly sizes: number[];
  readonly appearance: Int32Array;
}

/**
 * A value per sample from a per-class table: `build` gets the classes' sizes (code order) and
 * first-appearance order and returns n values, class `code`'s segment starting at the sum of
 * the sizes of the codes before it, indexed by the sample's rank within its class (row order).
 * The per-sample lookup runs on the backend (cumCount over the class, two gathers).
 */
export async function perClassValues(op: string, what: string, y: unknown, n: number, build: (layout: ClassLayout) => Int32Array): Promise<DataBuffer<'int32'>> {
  const enc = await encodeLabels(op, what, undefined, y, n);
  const made: DataBuffer[] = [];
  try {
    const c = enc.classes.length;
    const codes = new Column({ type: 'int32', data: enc.codes });
    const first = await new DataFrame({ t: codes }).unique({ maintainOrder: true });
    const appearance = Int32Array.from(await readControl(first.column('t').data as DataBuffer<'int32'>, op));
    first.dispose();
    const keys = await new DataFrame({ t: codes }).eval(col('t').cast('uint32'));
    made.push(...keys.buffers());
    const h = histogram(keys.data as DataBuffer<'uint32'>, c);
    made.push(h);
    const sizes = Array.from(await readControl(h, op));
    const table = build({ sizes, appearance });
    const offsets = new Int32Array(c);
    for (let code = 1; code < c; code++) offsets[code] = offsets[code - 1]! + sizes[code - 1]!;
    const rank = await new DataFrame({ t: codes }).withColumns({ r: col('t').cumCount().over('t') }).eval(col('r'));
    made.push(...rank.buffers());
    const offs = DataBuffer.fromHost(offsets, 'int32');
    made.push(offs);
    const off = gather(offs, keys.data as DataBuffer<'uint32'>, { inRange: true }).values;
    made.push(off);
    const idx = await new DataFrame({ o: new Column({ type: 'int32', data: off }), r: rank }).eval(col('o').add(col('r')).sub(1).cast('uint32'));
    made.push(...idx.buffers());
    const tbl = DataBuffer.fromHost(table, 'int32');
    made.push(tbl);
    return gather(tbl, idx.data as DataBuffer<'uint32'>, { inRange: true }).values as DataBuffer<'int32'>;
  } finally {
    made.forEach((b) => b.dispose());
    enc.release();
  }
}

/** The start of each class's segment (code order). */
export function segmentStarts(sizes: readonly number[]): Int32Array {
  const starts = new Int32Array(sizes.length);
  for (let code = 1; code < sizes.length; code++) starts[code] = starts[code - 1]! + sizes[code - 1]!;
  return starts;
}

/**
 * scikit-learn 1.2's StratifiedKFold._make_test_folds: classes renumbered by first appearance;
 * allocation[f][e] = how many of the e-th appearing class's samples go to fold f, from a round
 * robin over the sorted renumbered labels; a class's samples (in row order) take folds
 * 0,0,..,1,1,.. in blocks of those sizes (shuffled per class, in appearance order, with `shuffle`).
 */
export function stratifiedFoldNumbers(op: string, y: unknown, n: number, k: number, shuffle: boolean, seed: number | undefined): Promise<DataBuffer<'int32'>> {
  return perClassValues(op, 'y', y, n, ({ sizes, appearance }) => {
    if (sizes.every((s) => k > s)) throw new ValueError(`${op}: expected nSplits (${k}) at most the number of members of some class, got classes of at most ${Math.max(...sizes)} members`);
    const c = sizes.length;
    const alloc = Array.from({ length: k }, () => new Array<number>(c).fill(0));
    let pos = 0;
    appearance.forEach((code, e) => {
      for (let s = 0; s < sizes[code]!; s++, pos++) alloc[pos % k]![e]!++;
    });
    const table = new Int32Array(n);
    const starts = segmentStarts(sizes);
    const rng = shuffle ? generator(seed) : undefined;
    appearance.forEach((code, e) => {
      const seg = table.subarray(starts[code]!, starts[code]! + sizes[code]!);
      let w = 0;
      for (let f = 0; f < k; f++) for (let r = 0; r < alloc[f]![e]!; r++) seg[w++] = f;
      if (rng) shuffleInPlace(seg, rng);
    });
    return table;
  });
}

/** The rows whose fold number is (test) or is not (train) `f`, ascending, as int32 indices. */
export async function foldRows(folds: DataBuffer<'int32'>, f: number): Promise<{ train: DataBuffer<'int32'>; test: DataBuffer<'int32'> }> {
  const n = folds.length;
  const rows = sequence(n);
  try {
    const df = new DataFrame({ i: new Column({ type: 'uint32', data: rows }), f: new Column({ type: 'int32', data: folds }) });
    const pick = async (keep: boolean) => {
      const sel = await df.filter(keep ? col('f').eq(f) : col('f').ne(f));
      const out = await sel.eval(col('i').cast('int32'));
      sel.dispose();
      return out.data as DataBuffer<'int32'>;
    };
    return { test: await pick(true), train: await pick(false) };
  } finally {
    rows.dispose();
  }
}
