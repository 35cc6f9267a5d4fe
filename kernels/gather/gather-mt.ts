/**
 * The value pass of the CPU gather (./gather-cpu.ts) on the thread pool (src/threads/pool.ts):
 * the outputs split into parts of consecutive rows (`partsFor`, a function of the output
 * length only), each part gathering its own outputs into one shared array. Every output is
 * computed by the same loop as on one thread, so the result is the same bits on any number of
 * threads; below two parts' worth of outputs, and on one thread, the one-thread loop runs.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type TypedArray } from '../../src/dtypes.js';
import { partsFor, runTask, sharedArray, sharedInput, threadCount } from '../../src/threads/pool.js';
import { gatherValidityCpu, gatherValuesCpu, raw } from './gather-cpu.js';
import type { GatherArgs, ValidityArgs } from './gather-tasks.js';
import './gather-tasks.js';

/** Outputs per part (at least). Internal: tests lower it to reach the parts on small inputs. */
export const GATHER_MT_TUNING = { partRows: 1 << 17 };

/** values[indices[j]] for every j, zero bits out of range (see `gatherValuesCpu`), on the pool. */
export function gatherValuesParallel(values: DataBuffer, indices: DataBuffer<'uint32'>): DataBuffer {
  const m = indices.length;
  const parts = partsFor(m, GATHER_MT_TUNING.partRows);
  if (parts <= 1 || threadCount() <= 1 || dtypeInfo(values.dtype).bytes === 2) return gatherValuesCpu(values, indices);
  return DataBuffer.fromHost(gatherArrayParts(values.hostView('gather'), values.dtype, indices.hostView('gather') as Uint32Array, parts), values.dtype);
}

/** The gather of host arrays in `parts` parts. Internal: exported for the tests and the sort. */
export function gatherArrayParts<T extends ArrayBufferView & { length: number }>(src: T, dtype: Parameters<typeof dtypeInfo>[0], I: Uint32Array, parts: number): T {
  const info = dtypeInfo(dtype);
  const out = sharedArray(info.array as never, I.length) as unknown as T;
  // Columns and row numbers are never mutated once made: shared copies are kept (`sharedInput`).
  const S = sharedInput(src as never) as TypedArray;
  const J = sharedInput(I);
  const args: GatherArgs = { src: raw(S, info.bytes), dst: raw(out as never, info.bytes), I: new Uint32Array(J.buffer, J.byteOffset, J.length), bytes: info.bytes, n: src.length };
  runTask('gather/values', parts, args as unknown as Record<string, unknown>);
  return out;
}

/** Output validity of a gather (see `gatherValidityCpu`), on the pool. */
export function gatherValidityParallel(n: number, indices: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined): DataBuffer<'uint8'> {
  const m = indices.length;
  const parts = partsFor(m, GATHER_MT_TUNING.partRows);
  if (parts <= 1 || threadCount() <= 1) return gatherValidityCpu(n, indices, validity);
  const I = sharedInput(indices.hostView('gather') as Uint32Array);
  const V = validity ? sharedInput(validity.hostView('gather') as Uint8Array) : null;
  const args: ValidityArgs = { I: new Uint32Array(I.buffer, I.byteOffset, I.length), V: V && new Uint8Array(V.buffer, V.byteOffset, V.length), n, out: sharedArray(Uint8Array, Math.ceil(m / 8)) };
  runTask('gather/validity', parts, args as unknown as Record<string, unknown>);
  return DataBuffer.fromHost(args.out, 'uint8');
}

/**
 * The CPU body of 'gather/gather': the values (on the pool) and the output validity. Without
 * input nulls and with every index promised in range (`inRange`), no bitmap is built.
 */
export function gatherCpuParallel(values: DataBuffer, indices: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange: boolean) {
  const outValidity = inRange && !validity ? undefined : gatherValidityParallel(values.length, indices, validity);
  return { values: gatherValuesParallel(values, indices), validity: outValidity };
}
