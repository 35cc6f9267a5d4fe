/**
 * CPU twin of ./compact.ts: the stable list of indices i where mask[i] != 0 and (with a
 * validity bitmap) the mask slot is non-null: parts of rows (`partsFor(n)`) list their kept rows
 * on the thread pool (./compact-tasks.ts), then copy them to their offsets; the same list on any
 * number of threads.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gatherValuesCpu } from '../gather/gather-cpu.js';
import { borrowScratch, partsFor, releaseScratch, runTask, sharedArray, sharedInput, threadCount } from '../../src/threads/pool.js';
import type { CompactArgs, CopyArgs } from './compact-tasks.js';
import './compact-tasks.js';

/** Rows per part (at least) of the compaction. Internal: tests lower it to reach the parts on small inputs. */
export const COMPACT_TUNING = { partRows: 1 << 17 };

export function compactIndicesCpu(mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined): DataBuffer<'uint32'> {
  const n = mask.length;
  const parts = partsFor(n, COMPACT_TUNING.partRows);
  const mt = parts > 1 && threadCount() > 1;
  const M = mask.hostView('compact') as Uint8Array;
  const V = validity?.hostView('compact') as Uint8Array | undefined;
  const args: CompactArgs = {
    mask: mt ? sharedInput(M) : M,
    validity: V ? (mt ? sharedInput(V) : V) : null,
    n,
    // One branch-free pass into a full-length scratch (a random mask defeats branch
    // prediction), then one copy of each part's kept prefix.
    scratch: borrowScratch(Uint32Array, n),
  };
  const counts = runTask<number>('compact/keep', parts, args as unknown as Record<string, unknown>);
  const out = parts === 1 ? args.scratch.slice(0, counts[0]) : joinPartPrefixes(args.scratch, counts, n);
  releaseScratch(args.scratch);
  return DataBuffer.fromHost(out, 'uint32');
}

/**
 * The parts' prefixes of `scratch` joined in part order into one new array: part p (of
 * `counts.length`, its rows `partRange(p, parts, n, 8)`) wrote its `counts[p]` values from its
 * first row on. The copies run on the thread pool, part by part. Also the join's probe parts.
 */
export function joinPartPrefixes(scratch: Uint32Array, counts: readonly number[], n: number): Uint32Array {
  const parts = counts.length;
  const offsets = new Float64Array(parts + 1);
  for (let p = 0; p < parts; p++) offsets[p + 1] = offsets[p]! + counts[p]!;
  const total = offsets[parts]!;
  const out = parts > 1 && threadCount() > 1 ? sharedArray(Uint32Array, total) : new Uint32Array(total);
  const args: CopyArgs = { n, scratch, out, offsets };
  runTask('compact/copy', parts, args as unknown as Record<string, unknown>);
  return out;
}

export async function compactCpu(mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined, values: DataBuffer | undefined): Promise<DataBuffer> {
  const idx = compactIndicesCpu(mask, validity);
  if (!values) return idx;
  const out = gatherValuesCpu(values, idx);
  idx.dispose();
  return out;
}
