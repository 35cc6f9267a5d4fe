/**
 * Group sizes from each row's group number, on the thread pool (src/threads/pool.ts): parts of
 * rows count their own rows into tables of their own ('groupby/count-ids'), then the tables
 * add up into the first ('groupby/add-counts', parts of the groups). Counts are integers, so
 * the totals are the same in any split and the number of parts may follow the thread count.
 * Below the cut-over, on one thread, or where the tables would not be small next to the rows,
 * one loop counts every row. Imported by ./group-rows.ts and by every worker
 * (kernels/threads/task-list.ts).
 */
import { isShared, partRange, runTask, sharedArray, threadCount } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';

/**
 * Rows (at least) before the counts use the pool, and groups (at least) before the tables add
 * up on the pool too. Internal: tests lower them to reach the parts on small inputs.
 */
export const COUNT_IDS_TUNING = { minRows: 1 << 18, poolAddGroups: 1 << 16 };

/** Arguments of both tasks: `parts` tables of `width` counts each, one after another. */
interface CountArgs {
  ids: Uint32Array;
  width: number;
  tables: Uint32Array;
  /** 'groupby/add-counts': how many tables there are. */
  tablesCount?: number;
}

/** counts[ids[i] + 1]++ for the rows [lo, hi) (a row whose group number is not below counts.length - 1 counts nowhere). */
function countRange(ids: Uint32Array, counts: Uint32Array, lo: number, hi: number): void {
  const top = counts.length - 1;
  for (let i = lo; i < hi; i++) {
    const g = ids[i]!;
    if (g < top) counts[g + 1]!++;
  }
}

/** Slots [s, e) of every table after the first added into the first. */
function addRange(tables: Uint32Array, width: number, count: number, s: number, e: number): void {
  for (let p = 1; p < count; p++) {
    const off = p * width;
    for (let g = s; g < e; g++) tables[g]! += tables[off + g]!;
  }
}

defineTask('groupby/count-ids', (part, parts, args) => {
  const a = args as unknown as CountArgs;
  const [lo, hi] = partRange(part, parts, a.ids.length);
  countRange(a.ids, a.tables.subarray(part * a.width, (part + 1) * a.width), lo, hi);
  return null;
});

defineTask('groupby/add-counts', (part, parts, args) => {
  const a = args as unknown as CountArgs;
  const [s, e] = partRange(part, parts, a.width);
  addRange(a.tables, a.width, a.tablesCount!, s, e);
  return null;
});

/**
 * The size of every group, shifted by one: `counts[g + 1]` rows have group number g (rows
 * with `ids[i] >= count` belong to no group), `counts[0]` is 0; a new array of count + 1
 * values (its own buffer).
 */
export function countIds(ids: Uint32Array, count: number): Uint32Array {
  const n = ids.length;
  const width = count + 1;
  const threads = threadCount();
  // Parallel only where the rows are in shared memory already (a copy would cost more than the count).
  const parts = threads > 1 && n >= COUNT_IDS_TUNING.minRows && width * threads <= n && isShared(ids.buffer) ? threads : 1;
  if (parts === 1) {
    const counts = new Uint32Array(width);
    countRange(ids, counts, 0, n);
    return counts;
  }
  const tables = sharedArray(Uint32Array, width * parts);
  const args: CountArgs = { ids, width, tables, tablesCount: parts };
  runTask('groupby/count-ids', parts, args as unknown as Record<string, unknown>);
  if (width >= COUNT_IDS_TUNING.poolAddGroups) runTask('groupby/add-counts', parts, args as unknown as Record<string, unknown>);
  else addRange(tables, width, parts, 0, width);
  return tables.slice(0, width);
}
