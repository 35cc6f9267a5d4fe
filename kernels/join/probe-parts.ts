/**
 * The probe loops of the CPU join's direct look-up (./match.ts `directLookup`: one 32-bit key,
 * unique build keys in a small range, a table from key − least key to the build row), as
 * functions over a range of probe rows, and their thread-pool tasks (./probe-mt.ts runs them;
 * kernels/threads/task-list.ts imports this module in every worker). Part `part` owns probe
 * rows partRange(part, parts, n, 8) (whole validity bytes). A part that keeps some of its rows
 * writes them from its first row on (the branch-free write at row i lands at or before i, so
 * inside the part); the caller then moves the parts together in part order. Each row's output
 * is computed by the same code on any thread.
 */
import { defineTask } from '../../src/threads/tasks.js';
import { partRange } from '../part-rows.js';
import { pick } from './common.js';

/** The probe side: keys, their validity bitmap (or null), and the table of build rows. */
export interface ProbeArgs {
  P: Int32Array | Uint32Array;
  pv: Uint8Array | null;
  /** Build row per key − lo, -1 for no row; slot span + 1 stands for keys out of range. */
  slot: Int32Array;
  lo: number;
  span: number;
}

/** The build row of probe row i: slot[key − lo] for a valid key in range, else -1 (branch-free). */
export function slotOf(P: Int32Array | Uint32Array, pv: Uint8Array | null | undefined, slot: Int32Array, lo: number, span: number, i: number): number {
  const d = P[i]! - lo;
  return slot[pick(Number(d >= 0) & Number(d <= span) & (pv ? pv[i >> 3]! >> (i & 7) : 1), d, span + 1)]!;
}

/** match[i] = the build row of probe row i (or -1), for rows [s, e). */
export function lookUpSlotsRange(a: ProbeArgs, match: Int32Array, s: number, e: number): void {
  const { P, pv, slot, lo, span } = a;
  for (let i = s; i < e; i++) match[i] = slotOf(P, pv, slot, lo, span, i);
}

/**
 * The matched (probe, build) row pairs of rows [s, e), in order, written from `at` on (one
 * spare slot past them is written too); returns how many.
 */
export function innerRowsRange(a: ProbeArgs, probeRows: Uint32Array, buildRows: Uint32Array, s: number, e: number, at: number): number {
  const { P, pv, slot, lo, span } = a;
  let k = at;
  for (let i = s; i < e; i++) {
    const m = slotOf(P, pv, slot, lo, span, i);
    probeRows[k] = i;
    buildRows[k] = m;
    k += Number(m >= 0);
  }
  return k - at;
}

/** Rows in [s, e) whose match is ≥ 0 (sign 0) or −1 (sign −1), in order, from `at` on; returns how many. */
export function keepRowsRange(match: Int32Array, sign: 0 | -1, out: Uint32Array, s: number, e: number, at: number): number {
  let k = at;
  for (let i = s; i < e; i++) {
    out[k] = i;
    k += Number(match[i]! >> 31 === sign);
  }
  return k - at;
}

type Args = Record<string, unknown>;
const probe = (a: Args): ProbeArgs => a as unknown as ProbeArgs;
const rowsOf = (part: number, parts: number, n: number) => partRange(part, parts, n, 8);

defineTask('join/probe-slots', (part, parts, a: Args) => {
  const [s, e] = rowsOf(part, parts, probe(a).P.length);
  lookUpSlotsRange(probe(a), a.match as Int32Array, s, e);
  return null;
});

defineTask('join/probe-inner', (part, parts, a: Args) => {
  const [s, e] = rowsOf(part, parts, probe(a).P.length);
  return innerRowsRange(probe(a), a.probeRows as Uint32Array, a.buildRows as Uint32Array, s, e, s);
});

defineTask('join/probe-keep', (part, parts, a: Args) => {
  const match = a.match as Int32Array;
  const [s, e] = rowsOf(part, parts, match.length);
  return keepRowsRange(match, a.sign as 0 | -1, a.out as Uint32Array, s, e, s);
});
