/**
 * groupby/group-reduce: reductions of one column per group of `groupRows` (./group-rows.ts),
 * the rows of each group in row order, as one op with two bodies:
 * - GPU: the values gathered in group order (`rows`; the device's groupRows always returns
 *   them, else a stable argsort of `ids` builds them), then one segmented reduction per op
 *   (./segmented-reduce.ts: one thread per group, software binary64 arithmetic).
 * - CPU: one pass over the rows in frame order with one accumulator per group
 *   (./group-reduce-cpu.ts), no gather.
 * Both combine each group's values in row order with the same float64 steps, so the results
 * are bit-identical; semantics are segmentedReduce's (nulls skipped).
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { gather } from '../gather/gather.js';
import { argsort } from '../sort/radix-sort.js';
import { SEG_DTYPES, SEG_OPS, segmentedReduce, type SegOp, type SegmentedResult } from './segmented-reduce.js';
import { groupReduceManyCpu } from './group-reduce-cpu.js';
import type { GroupIds } from './group-rows.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';

/** The parts of `GroupIds` / `GroupRows` a reduction reads (`rows` optional). */
export type ReduceGroups = Pick<GroupIds, 'count' | 'ids' | 'rows' | 'starts'>;

function groupReduceGpu(_ctx: GpuContext, values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, groups: ReduceGroups, ops: readonly SegOp[]): SegmentedResult[] {
  const rows = groups.rows ?? argsort(groups.ids);
  const g = gather(values, rows, { validity, inRange: true });
  if (rows !== groups.rows) rows.dispose();
  try {
    return ops.map((op) => segmentedReduce(g.values, groups.starts, op, { validity: g.validity }));
  } finally {
    g.values.dispose();
    g.validity?.dispose();
  }
}

function groupReduceCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, groups: ReduceGroups, ops: readonly SegOp[]): SegmentedResult[] {
  return groupReduceManyCpu(values, validity, groups.ids.hostView('groupBy') as Uint32Array, groups.count, ops);
}

export const groupReduceKernel = defineKernel({
  name: 'groupby/group-reduce',
  dtypes: SEG_DTYPES,
  tolerance: EXACT,
  nulls: 'Nulls are skipped: count counts valid rows, sum of no valid rows is 0, min/max/mean of no valid rows is null, var/std of fewer than 2 valid rows is null.',
  cpu: groupReduceCpu,
  gpu: groupReduceGpu,
});

/**
 * Each of `ops` over `values` per group of `groups` (from `groupRows`, with or without
 * `order`), one result per op, one value per group.
 *
 * @example
 * ```ts
 * const g = await gf.kernels.groupRows([{ data: gf.array(new Int32Array([2, 1, 2])) }], 3);
 * const [sum] = gf.kernels.groupReduce(gf.array(new Float64Array([1, 2, 4])), g, ['sum']);
 * await sum.values.toArray(); // Float64Array [2, 5]
 * ```
 */
export function groupReduce(values: DataBuffer, groups: ReduceGroups, ops: readonly SegOp[], options: { validity?: DataBuffer<'uint8'> } = {}): SegmentedResult[] {
  expectBuffer('groupReduce', values, 'values');
  expectDType('groupReduce', values.dtype, SEG_DTYPES);
  for (const op of ops) if (!SEG_OPS.includes(op)) throw new ValueError(`groupReduce: expected an aggregation ${SEG_OPS.join(' | ')}, got '${String(op)}'`);
  if (groups.ids.length !== values.length) throw new ShapeError(`groupReduce: expected groups of ${values.length} rows, got ${groups.ids.length}`);
  if (options.validity && options.validity.length < Math.ceil(values.length / 8)) {
    throw new ShapeError(`groupReduce: expected a validity bitmap of ${Math.ceil(values.length / 8)} bytes, got ${options.validity.length}`);
  }
  return run(groupReduceKernel, values, options.validity, groups, ops);
}
