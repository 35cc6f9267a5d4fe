/**
 * Thread-pool tasks of the multi-threaded gather (./gather-mt.ts): part `part` writes outputs
 * partRange(part, parts, m) of out[j] = values[indices[j]] (raw words; zero bits for an index
 * out of range), exactly as the one-thread loops of ./gather-cpu.ts do for those outputs, and
 * (with whole bitmap bytes per part) those outputs' validity bits.
 * Imported by the gather on the calling thread and by every worker (kernels/threads/task-list.ts).
 */
import { defineTask } from '../../src/threads/tasks.js';
import { partRange } from '../part-rows.js';
import { gatherBytes, gatherPairs, gatherWords } from './gather-cpu.js';

/** Arguments of 'gather/values': `src` and `dst` as bytes (1-byte dtypes) or u32 words. */
export interface GatherArgs {
  src: Uint8Array | Uint32Array;
  dst: Uint8Array | Uint32Array;
  I: Uint32Array;
  /** Bytes per value: 1, 4 or 8. */
  bytes: number;
  /** The number of source values (indices at or past it are out of range). */
  n: number;
}

export function gatherPart(part: number, parts: number, a: GatherArgs): null {
  const [lo, hi] = partRange(part, parts, a.I.length);
  const I = a.I.subarray(lo, hi);
  if (a.bytes === 8) gatherPairs(a.src as Uint32Array, (a.dst as Uint32Array).subarray(2 * lo, 2 * hi), I, a.n);
  else if (a.bytes === 4) gatherWords(a.src as Uint32Array, (a.dst as Uint32Array).subarray(lo, hi), I, a.n);
  else gatherBytes(a.src as Uint8Array, (a.dst as Uint8Array).subarray(lo, hi), I, a.n);
  return null;
}

/** Arguments of 'gather/validity': bit j of `out` set when I[j] < n and (no bitmap V, or V's bit I[j] is set). */
export interface ValidityArgs {
  I: Uint32Array;
  V: Uint8Array | null;
  n: number;
  out: Uint8Array;
}

/** Output bits of one part's outputs (whole bytes: parts start at multiples of 8). */
export function validityPart(part: number, parts: number, a: ValidityArgs): null {
  const [lo, hi] = partRange(part, parts, a.I.length, 8);
  validityRange(a.I, a.V, a.n, a.out, lo, hi);
  return null;
}

function validityRange(I: Uint32Array, V: Uint8Array | null, n: number, out: Uint8Array, lo: number, hi: number): void {
  for (let j = lo; j < hi; j++) {
    const idx = I[j]!;
    if (idx < n && (!V || (V[idx >> 3]! >> (idx & 7)) & 1)) out[j >> 3]! |= 1 << (j & 7);
  }
}

defineTask('gather/values', (part, parts, args) => gatherPart(part, parts, args as unknown as GatherArgs));
defineTask('gather/validity', (part, parts, args) => validityPart(part, parts, args as unknown as ValidityArgs));
