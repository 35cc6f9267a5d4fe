/**
 * Thread-pool tasks of the CPU sums (./reduce-mt.ts): 'reduce/blocks' gives the tree values of
 * part `part`'s SUM_BLOCKs, in order; 'reduce/int' the exact bigint sum of its rows (whole
 * 2^20-row chunks). Imported by ./reduce-mt.ts and by every worker (kernels/threads/task-list.ts).
 */
import type { DTypeName, TypedArray } from '../../src/dtypes.js';
import { partRange } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';
import { blockSum, CHUNK, intSum, SUM_BLOCK } from './sum-tree.js';

/** Arguments of both tasks: the values, their validity bitmap (or null), the row count and dtype. */
export interface SumArgs {
  x: TypedArray;
  bits: Uint8Array | null;
  n: number;
  dtype: DTypeName;
}

export function blocksPart(part: number, parts: number, a: SumArgs): Float64Array {
  const [lo, hi] = partRange(part, parts, a.n, SUM_BLOCK);
  const out = new Float64Array(Math.ceil((hi - lo) / SUM_BLOCK));
  for (let b = 0, s = lo; s < hi; b++, s += SUM_BLOCK) out[b] = blockSum(a.x as Float64Array, s, Math.min(hi, s + SUM_BLOCK), a.bits ?? undefined);
  return out;
}

export function intPart(part: number, parts: number, a: SumArgs): bigint {
  const [lo, hi] = partRange(part, parts, a.n, CHUNK);
  return intSum(a.x, a.dtype, hi, a.bits ?? undefined, lo);
}

defineTask('reduce/blocks', (part, parts, args) => blocksPart(part, parts, args as unknown as SumArgs));
defineTask('reduce/int', (part, parts, args) => intPart(part, parts, args as unknown as SumArgs));
