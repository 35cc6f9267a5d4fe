/**
 * Row parts of the CPU twins that run on the thread pool (src/threads/pool.ts): which rows a
 * part owns, and inputs made visible to the workers.
 *
 * A part's rows depend only on (part, parts, n, align), and the number of parts only on n
 * (`partsFor`), never on the thread count; float sums are accumulated per fixed block (the
 * linalg layout's BLOCK rows) and the block partials folded on the calling thread in block
 * order, so a result is the same bits on 1, 2 or 4 threads.
 */
import { partsFor, runTask } from '../src/threads/pool.js';

/** Rows [lo, hi) of a part, boundaries at multiples of `align` (the pool's). */
export { partRange } from '../src/threads/pool.js';

/**
 * Run task `name` (defined with `defineTask` in a module listed in kernels/threads/task-list.ts)
 * over n rows: `partsFor(n, minPerPart)` parts, so under 2 * minPerPart rows it runs inline on
 * this thread (the cut-over); results in part order.
 */
export function runRows<R>(name: string, n: number, args: Record<string, unknown>, minPerPart: number): R[] {
  return runTask<R>(name, partsFor(n, minPerPart), args);
}
