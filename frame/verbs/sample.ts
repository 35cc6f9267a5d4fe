/**
 * sample: seeded random rows. The row indices are drawn on the host by ONE generator
 * (mulberry32, the estimators' PRNG, 32 bits per draw) and uploaded once; every column is
 * then gathered on the device. So a seed gives the same rows on every backend and run.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { ValueError } from '../../src/errors.js';
import { checkOptions, showValue } from '../../src/options.js';
import { mulberry32 } from '../../src/random.js';
import { checkSize } from '../../src/memory/budget.js';
import type { DataFrame } from '../data-frame.js';
import { gatherRows } from './take.js';

export interface SampleOptions {
  /** Rows to draw. Give `n` or `fraction`, not both; default 1 row when neither is given. */
  n?: number;
  /** Rows to draw as a fraction of the frame: floor(fraction × rows), as Polars. */
  fraction?: number;
  /** 32-bit seed; without one the draw is not reproducible (a seed from Math.random). */
  seed?: number;
  /** Draw with replacement (a row may come back several times). Default false. */
  withReplacement?: boolean;
  /** Keep the drawn rows in draw order (true) or in frame order (false, the default). */
  shuffle?: boolean;
}

/**
 * The row indices of a sample of `rows` rows (the host half of `sample`, exported for tests):
 * - with replacement: k draws of floor(u × rows);
 * - without: the first k slots of a Fisher–Yates shuffle (draw i swaps slot i with slot
 *   i + floor(u × (rows − i))), kept sparse so memory is O(k);
 * - unless `shuffle`, the indices are then sorted, so rows keep frame order.
 */
export function sampleIndices(rows: number, options: SampleOptions = {}): Uint32Array {
  const { n, fraction, withReplacement = false, shuffle = false } = options;
  if (n !== undefined && fraction !== undefined) throw new ValueError('sample: expected n or fraction, got both');
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) throw new ValueError(`sample: expected n as a non-negative integer, got ${n}`);
  if (fraction !== undefined && !(fraction >= 0 && Number.isFinite(fraction))) throw new ValueError(`sample: expected fraction as a finite number >= 0, got ${fraction}`);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  if (!Number.isInteger(seed)) throw new ValueError(`sample: expected an integer seed, got ${seed}`);
  const k = n ?? (fraction !== undefined ? Math.floor(fraction * rows) : 1);
  if (!withReplacement && k > rows) throw new ValueError(`sample: expected at most ${rows} rows without replacement, got ${k} (set withReplacement: true)`);
  if (k > 0 && rows === 0) throw new ValueError(`sample: expected a non-empty frame to draw ${k} rows from, got 0 rows`);
  checkSize('sample', k, 4); // before the k row numbers are allocated
  const r = mulberry32(seed);
  const out = new Uint32Array(k);
  if (withReplacement) {
    for (let i = 0; i < k; i++) out[i] = Math.floor(r() * rows);
  } else {
    const swapped = new Map<number, number>();
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(r() * (rows - i));
      const vi = swapped.get(i) ?? i;
      const vj = swapped.get(j) ?? j;
      out[i] = vj;
      swapped.set(j, vi);
    }
  }
  if (!shuffle) out.sort();
  return out;
}

const SAMPLE_OPTIONS = ['n', 'fraction', 'seed', 'withReplacement', 'shuffle'];
const SAMPLE_ALIASES = { replace: 'withReplacement', frac: 'fraction', random_state: 'seed' };

/**
 * `sample(n, options)` (Polars' `sample(n, *, with_replacement, shuffle, seed)`) or
 * `sample(options)` as one options object; a wrong argument is a ValueError.
 */
export function sampleArgs(nOrOptions?: number | SampleOptions, options?: Omit<SampleOptions, 'n' | 'fraction'>): SampleOptions {
  if (typeof nOrOptions === 'number') {
    if (!Number.isInteger(nOrOptions) || nOrOptions < 0) throw new ValueError(`sample: expected n as a non-negative integer, got ${showValue(nOrOptions)}`);
    checkOptions('sample', options, SAMPLE_OPTIONS.slice(2), SAMPLE_ALIASES);
    return { ...options, n: nOrOptions };
  }
  if (nOrOptions !== undefined && (typeof nOrOptions !== 'object' || nOrOptions === null || Array.isArray(nOrOptions))) {
    throw new ValueError(`sample: expected n as a non-negative integer, or an options object, got ${showValue(nOrOptions)}`);
  }
  if (options !== undefined) throw new ValueError(`sample: expected options once, got ${showValue(nOrOptions)} then ${showValue(options)}`);
  checkOptions('sample', nOrOptions, SAMPLE_OPTIONS, SAMPLE_ALIASES);
  return nOrOptions ?? {};
}

export function sample(df: DataFrame, options: SampleOptions = {}): DataFrame {
  const idx = sampleIndices(df.numRows, options);
  // Drawn with replacement, a row may repeat: the most repeats bound nested columns' children.
  return gatherRows(df, DataBuffer.fromHost(idx, 'uint32'), { repeats: options.withReplacement ? mostRepeats(idx) : 1 });
}

/** The most times any index occurs in `idx`. */
function mostRepeats(idx: Uint32Array): number {
  const seen = new Map<number, number>();
  let most = 1;
  for (const i of idx) {
    const k = (seen.get(i) ?? 0) + 1;
    seen.set(i, k);
    if (k > most) most = k;
  }
  return most;
}
