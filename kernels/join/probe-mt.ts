/**
 * The direct look-up's probe loops (./probe-parts.ts) on the thread pool (src/threads/pool.ts):
 * probe rows split into parts (`partsFor`, a function of the probe row count only), each part's
 * kept rows moved together in part order afterwards, so the rows and their order are those of
 * one thread on any number of threads. Below two parts' worth of rows, and on one thread, the
 * loops run once over all rows, as before.
 */
import { borrowScratch, partsFor, releaseScratch, runTask, sharedArray, sharedInput, threadCount } from '../../src/threads/pool.js';
import { joinPartPrefixes } from '../compact/compact-cpu.js';
import { innerRowsRange, keepRowsRange, lookUpSlotsRange, type ProbeArgs } from './probe-parts.js';
import './probe-parts.js';

/** Probe rows per part (at least). Internal: tests lower it to reach the parts on small inputs. */
export const PROBE_MT_TUNING = { partRows: 1 << 17 };

function partCount(n: number): number {
  const parts = partsFor(n, PROBE_MT_TUNING.partRows);
  return threadCount() <= 1 ? 1 : parts;
}

/** An output array: shared where parts run on the pool, else plain. */
function output<T extends Int32Array | Uint32Array>(ctor: { new (n: number): T }, n: number, parts: number): T {
  return parts > 1 ? sharedArray(ctor as never, n) : new ctor(n);
}

/** A part-by-part scratch (joined into an exact array afterwards): reused across calls (`borrowScratch`) where parts run on the pool. */
function scratch(n: number, parts: number): Uint32Array {
  return parts > 1 ? borrowScratch(Uint32Array, n) : new Uint32Array(n);
}

/**
 * Each part's kept rows (written from its first row on, `counts[part]` of them) joined in part
 * order into new arrays of the total length, the copies on the pool (`joinPartPrefixes`).
 */
function closeUp(arrays: Uint32Array[], counts: readonly number[], n: number): Uint32Array[] {
  return arrays.map((a) => joinPartPrefixes(a, counts, n));
}

/** The probe keys and bitmap in shared memory (a column's array is copied once, see `sharedInput`). */
function shared(a: ProbeArgs): ProbeArgs {
  return { ...a, P: sharedInput(a.P), pv: a.pv && sharedInput(a.pv) };
}

/** The build row of every probe row (-1 for none). */
export function lookUpSlots(a: ProbeArgs): Int32Array {
  const n = a.P.length;
  const parts = partCount(n);
  const match = output(Int32Array, n, parts);
  if (parts <= 1) lookUpSlotsRange(a, match, 0, n);
  else runTask('join/probe-slots', parts, { ...shared(a), match });
  return match;
}

/** The matched (probe, build) row pairs, in probe row order. */
export function innerRows(a: ProbeArgs): { probeRows: Uint32Array; buildRows: Uint32Array } {
  const n = a.P.length;
  const parts = partCount(n);
  const probeRows = scratch(n + 1, parts);
  const buildRows = scratch(n + 1, parts);
  if (parts <= 1) {
    const k = innerRowsRange(a, probeRows, buildRows, 0, n, 0);
    return { probeRows: probeRows.subarray(0, k), buildRows: buildRows.subarray(0, k) };
  }
  const [p, b] = closeUp([probeRows, buildRows], runTask<number>('join/probe-inner', parts, { ...shared(a), probeRows, buildRows }), n);
  releaseScratch(probeRows);
  releaseScratch(buildRows);
  return { probeRows: p!, buildRows: b! };
}

/** Rows whose match is ≥ 0 (sign 0: semi) or −1 (sign −1: anti), in order. */
export function keepRows(match: Int32Array, sign: 0 | -1): Uint32Array {
  const n = match.length;
  const parts = partCount(n);
  const out = scratch(n + 1, parts);
  const kept = parts <= 1 ? out.slice(0, keepRowsRange(match, sign, out, 0, n, 0)) : closeUp([out], runTask<number>('join/probe-keep', parts, { match, sign, out }), n)[0]!;
  releaseScratch(out);
  return kept;
}
