/**
 * Sums of ./reduce-cpu.ts on the thread pool (src/threads/pool.ts). A float sum splits into
 * parts of whole SUM_BLOCKs; each part computes its blocks' values of the fixed FAN_IN tree
 * (`blockSum`), and the calling thread finishes the tree over the block values in block order,
 * so the result is `pairwiseSum`'s, bit for bit, on any number of threads (one thread too). An
 * integer sum splits into parts of whole exact chunks whose bigint partials add exactly.
 * Below two parts' worth of rows everything runs inline.
 */
import type { DTypeName, TypedArray } from '../../src/dtypes.js';
import { partsFor, runTask, sharedInput, threadCount } from '../../src/threads/pool.js';
import { CHUNK, intSum, pairwiseSum, SUM_BLOCK } from './sum-tree.js';
import type { SumArgs } from './reduce-tasks.js';
import './reduce-tasks.js';

/** Rows per part (at least; a multiple of SUM_BLOCK). Internal: tests lower it to reach the parts on small inputs. */
export const REDUCE_TUNING = { partRows: 1 << 18 };


function args(x: TypedArray, bits: Uint8Array | undefined, n: number, dtype: DTypeName): SumArgs {
  const mt = threadCount() > 1;
  return { x: mt ? sharedInput(x) : x, bits: bits ? (mt ? sharedInput(bits) : bits) : null, n, dtype };
}

/** `pairwiseSum(x, n, bits)`, its blocks on the pool for long inputs. */
export function sumParallel(x: Float64Array | Float32Array, n: number, bits: Uint8Array | undefined): number {
  const parts = partsFor(n, Math.max(SUM_BLOCK, REDUCE_TUNING.partRows));
  if (parts <= 1 || n <= SUM_BLOCK) return pairwiseSum(x, n, bits);
  const sums = runTask<Float64Array>('reduce/blocks', parts, args(x, bits, n, 'float64') as unknown as Record<string, unknown>);
  const blocks = new Float64Array(Math.ceil(n / SUM_BLOCK));
  let at = 0;
  for (const s of sums) {
    blocks.set(s, at);
    at += s.length;
  }
  return pairwiseSum(blocks);
}

/** The exact integer sum, its chunks on the pool for long inputs. */
export function intSumParallel(x: TypedArray, dtype: DTypeName, n: number, bits: Uint8Array | undefined): bigint {
  const parts = partsFor(n, CHUNK);
  if (parts <= 1) return intSum(x, dtype, n, bits);
  let total = 0n;
  for (const s of runTask<bigint>('reduce/int', parts, args(x, bits, n, dtype) as unknown as Record<string, unknown>)) total += s;
  return total;
}
