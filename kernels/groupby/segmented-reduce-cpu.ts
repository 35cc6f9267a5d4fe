/**
 * CPU twin of ./segmented-reduce.ts: each row gets its segment's number and the rows are
 * reduced by ./group-reduce-cpu.ts (one accumulator per group, rows in row order). float64
 * sums add in row order (IEEE, like the device's software add); integer sums are exact;
 * var/std take the same two float64 passes as the device; NaN results are written as the
 * canonical quiet NaN.
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import type { SegOp, SegmentedResult } from './segmented-reduce.js';
import { groupReduceCpu } from './group-reduce-cpu.js';

export function segmentedReduceCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, starts: DataBuffer<'uint32'>, op: SegOp): SegmentedResult {
  const n = values.length;
  const S = starts.hostView('groupBy') as Uint32Array;
  const G = S.length;
  // Rows before the first start belong to no group (number G and above are skipped).
  const ids = new Uint32Array(n).fill(0xffffffff);
  for (let g = 0; g < G; g++) {
    const end = g + 1 < G ? S[g + 1]! : n;
    ids.fill(g, S[g]!, Math.max(S[g]!, end));
  }
  return groupReduceCpu(values, validity, ids, G, op);
}
