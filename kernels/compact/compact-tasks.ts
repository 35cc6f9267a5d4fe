/**
 * Thread-pool tasks of the CPU compaction (./compact-cpu.ts), in two passes over the same parts
 * (`partRange` with boundaries at multiples of 8 rows: whole validity bytes):
 * - 'compact/keep': part `part` lists its kept rows, in order, at the start of its own rows of a
 *   shared scratch (the branch-free loop writes at most up to its current row: it never leaves
 *   the part) and returns how many;
 * - 'compact/copy': part `part` copies its list to its offset in the output (the kept counts of
 *   the parts before it, summed on the calling thread in part order).
 * The output is the stable list of kept rows, the same on any number of threads.
 * Imported by ./compact-cpu.ts and by every worker (kernels/threads/task-list.ts).
 */
import { partRange } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';

/** Arguments of 'compact/keep'. */
export interface CompactArgs {
  mask: Uint8Array;
  validity: Uint8Array | null;
  n: number;
  scratch: Uint32Array;
}

/** Arguments of 'compact/copy': part p's first `offsets[p + 1] - offsets[p]` values of the scratch, from its first row on, go to `out` at `offsets[p]`. */
export interface CopyArgs {
  n: number;
  scratch: Uint32Array;
  out: Uint32Array;
  offsets: Float64Array;
}

// The loops in functions of their own, so V8 optimizes each whole.
function kept(M: Uint8Array, all: Uint32Array, lo: number, hi: number): number {
  let k = lo;
  for (let i = lo; i < hi; i++) {
    all[k] = i;
    k += Number(M[i] !== 0); // no branch (see expr-eval's CMP_LOOPS)
  }
  return k - lo;
}

function keptWithValidity(M: Uint8Array, V: Uint8Array, all: Uint32Array, lo: number, hi: number): number {
  let k = lo;
  for (let i = lo; i < hi; i++) {
    all[k] = i;
    k += Number(M[i] !== 0) & (V[i >> 3]! >> (i & 7));
  }
  return k - lo;
}

/** Pass 1: part `part`'s kept rows at the start of its rows of the scratch; returns their count. */
export function keepPart(part: number, parts: number, a: CompactArgs): number {
  const [lo, hi] = partRange(part, parts, a.n, 8);
  return a.validity ? keptWithValidity(a.mask, a.validity, a.scratch, lo, hi) : kept(a.mask, a.scratch, lo, hi);
}

/** Pass 2: part `part`'s kept rows copied to its offset in the output. */
export function copyPart(part: number, parts: number, a: CopyArgs): null {
  const [lo, hi] = partRange(part, parts, a.n, 8);
  const at = a.offsets[part]!;
  const k = a.offsets[part + 1]! - at;
  if (k > 0 && hi > lo) a.out.set(a.scratch.subarray(lo, lo + k), at);
  return null;
}

defineTask('compact/keep', (part, parts, args) => keepPart(part, parts, args as unknown as CompactArgs));
defineTask('compact/copy', (part, parts, args) => copyPart(part, parts, args as unknown as CopyArgs));
