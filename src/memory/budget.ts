/**
 * The size budget: where a user's number decides how much an op allocates (`sample(n)`, a
 * sequence's length, a histogram's bins, a join's or an explode's output rows, a pairwise
 * distance matrix, a reader's row count declared by a file's header), the size is checked here
 * BEFORE anything is allocated, and a size past the budget is a ValueError naming the op and
 * the size, never an engine RangeError or an out-of-memory abort minutes later.
 *
 * - `maxRows` (default 2^32 − 1, the most rows a frame can have: row numbers are uint32): the
 *   rows one op may produce.
 * - `maxBytes` (default 16 GiB): the bytes one op's output may take.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * const before = gf.setLimits({ maxRows: 1000 }); // returns the limits it replaced
 * try {
 *   const df = new gf.DataFrame({ a: new Int32Array([1, 2, 3]) });
 *   assert.throws(() => df.sample({ n: 5000, withReplacement: true }), gf.ValueError);
 *   // sample: expected at most maxRows = 1000 rows (gf.setLimits), got 5000
 * } finally {
 *   gf.setLimits(before);
 * }
 * console.log(gf.limits()); // { maxRows: 4294967295, maxBytes: 17179869184 }
 * ```
 */
import { ValueError } from '../errors.js';
import { checkOptions, showValue } from '../options.js';

/** The size budget (see `setLimits`). */
export interface Limits {
  /** The most rows one op may produce; at most 2^32 − 1. */
  maxRows: number;
  /** The most bytes one op's output may take. */
  maxBytes: number;
}

/** Row numbers are uint32 throughout (gathers, sort orders): no frame has more rows. */
export const HARD_MAX_ROWS = 2 ** 32 - 1;
const DEFAULTS: Limits = { maxRows: HARD_MAX_ROWS, maxBytes: 2 ** 34 };
let current: Limits = { ...DEFAULTS };

/**
 * The size budget in force.
 *
 * @example
 * ```ts
 * console.log(gf.limits().maxRows); // 4294967295
 * ```
 */
export function limits(): Limits {
  return { ...current };
}

/**
 * Change the size budget; keys left out keep their value, `null` restores a key's default.
 * Returns the limits it replaced, so a caller can restore them.
 *
 * @example
 * ```ts
 * const before = gf.setLimits({ maxRows: 10_000_000, maxBytes: 2 ** 30 });
 * gf.setLimits(before); // restore
 * ```
 */
export function setLimits(update: { maxRows?: number | null; maxBytes?: number | null }): Limits {
  if (update === undefined || update === null) throw new ValueError(`setLimits: expected an options object, got ${showValue(update)}`);
  checkOptions('setLimits', update, ['maxRows', 'maxBytes'], { max_rows: 'maxRows', max_bytes: 'maxBytes' });
  const next = { ...current };
  for (const key of ['maxRows', 'maxBytes'] as const) {
    const v = update[key];
    if (v === undefined) continue;
    if (v === null) {
      next[key] = DEFAULTS[key];
      continue;
    }
    const top = key === 'maxRows' ? HARD_MAX_ROWS : Number.MAX_SAFE_INTEGER;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > top) {
      throw new ValueError(`setLimits: expected ${key} as an integer in [0, ${top}], got ${showValue(v)}`);
    }
    next[key] = v;
  }
  const before = current;
  current = next;
  return { ...before };
}

/**
 * Check, before allocating, that `rows` output rows of `bytesPerRow` bytes fit the budget:
 * a ValueError naming `op` (and `where`, e.g. a reader's file, when given) otherwise. Internal;
 * ops call it where a user's number sizes an output, readers where a file's header declares a
 * row count.
 */
export function checkSize(op: string, rows: number, bytesPerRow = 0, where?: string): void {
  const at = where === undefined ? '' : ` (${where})`;
  if (!(rows <= current.maxRows)) {
    const why = current.maxRows === HARD_MAX_ROWS ? 'the most rows a frame can have' : 'gf.setLimits';
    throw new ValueError(`${op}: expected at most maxRows = ${current.maxRows} rows (${why}), got ${rows}${at}`);
  }
  const bytes = rows * bytesPerRow;
  if (!(bytes <= current.maxBytes)) {
    throw new ValueError(`${op}: expected an output of at most maxBytes = ${current.maxBytes} bytes (gf.setLimits), got ${rows} rows × ${bytesPerRow} bytes = ${bytes} bytes${at}`);
  }
}
