/**
 * Thread-pool task of the expression kernel's CPU twin (./expr-cpu.ts): part `part` evaluates
 * the program over its rows (`partRange`, boundaries at multiples of 8 rows, so each part owns
 * whole bytes of the output validity bitmap) and writes them into the shared outputs. Every op
 * of the IR is row-wise, so a row's bits do not depend on which part or thread computed it.
 * Imported by ./expr-cpu.ts on the calling thread and by every worker (kernels/threads/task-list.ts).
 */
import { partRange } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';
import { evalNode, isBig, isFloat, type Arr, type Ctx, type RawInput } from './expr-eval.js';
import { typeOf, type ENode, type LitValue } from './ir.js';

/** Arguments of 'expr/eval'. */
export interface ExprArgs {
  tree: ENode;
  literals: readonly LitValue[];
  inputs: readonly RawInput[];
  n: number;
  /** A 'bool' mask out (true where the value is true and valid), else the value column. */
  mask: boolean;
  /** The output values (n rows). */
  values: Arr;
  /** The output validity bitmap (zeroed, ceil(n / 8) bytes), or null when no row can be null. */
  bits: Uint8Array | null;
}

/** Evaluate part `part`'s rows into the outputs; returns the STATUS_* bits it raised. */
export function exprPart(part: number, parts: number, a: ExprArgs): number {
  const [lo, hi] = partRange(part, parts, a.n, 8);
  const n = hi - lo;
  const ctx: Ctx = { inputs: a.inputs, literals: a.literals, lo, n, status: 0, valid: new Map() };
  const out = a.mask ? (a.values as Uint8Array).subarray(lo, hi) : undefined;
  const t = a.tree;
  if (out && t.k === 'cmp' && (t.a.k === 'lit' || t.b.k === 'lit')) ctx.dest = out; // the root comparison writes the mask itself
  const r = evalNode(t, ctx);
  if (out) {
    const v = r.v as Uint8Array;
    if (r.m) for (let i = 0; i < n; i++) out[i] = v[i]! & r.m[i]!;
    else if (v !== out) out.set(v);
    return ctx.status;
  }
  // Copy (an input column passes through by reference) and zero the null slots: the device does the same.
  const ty = typeOf(t);
  const o = a.values.subarray(lo, hi) as unknown as Array<unknown>;
  const rv = r.v as ArrayLike<unknown>;
  const zero = isBig(ty) ? 0n : 0;
  for (let i = 0; i < n; i++) o[i] = !r.m || r.m[i] ? rv[i] : zero;
  // Canonical NaN (a NaN's sign and payload are not part of the result, as on the device).
  if (isFloat(ty)) for (let i = 0; i < n; i++) if (o[i] !== o[i]) o[i] = NaN;
  const bits = a.bits;
  if (bits) for (let i = 0, q = lo; i < n; i++, q++) if (!r.m || r.m[i]) bits[q >> 3]! |= 1 << (q & 7);
  return ctx.status;
}

defineTask('expr/eval', (part, parts, args) => exprPart(part, parts, args as unknown as ExprArgs));
