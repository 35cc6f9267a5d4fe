/**
 * Thread-pool task of the multi-threaded gather (./gather-mt.ts): part `part` writes outputs
 * partRange(part, parts, m) of out[j] = values[indices[j]] (raw words; zero bits for an index
 * out of range), exactly as the one-thread loops of ./gather-cpu.ts do for those outputs.
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

defineTask('gather/values', (part, parts, args) => gatherPart(part, parts, args as unknown as GatherArgs));
