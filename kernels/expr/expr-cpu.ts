/**
 * CPU twin of the fused expression kernel (./expr.ts): the bound IR evaluated by ./expr-eval.ts
 * node by node over typed arrays, in plain JS float64 (Math.*), BigInt for 64-bit integers and
 * Math.fround after every float32 step. Exact ops (integers, float64 + − × ÷, sqrt, casts,
 * floor/ceil/round, comparisons) give the same bits as the device; sqrt and the
 * transcendental functions are JS's own and the device matches them within the registry
 * entry's tolerance.
 *
 * Rows are split into parts (`partsFor(n)`) that run on the thread pool (src/threads/pool.ts,
 * task 'expr/eval' in ./expr-tasks.ts), each writing its rows of shared output arrays; every op
 * is row-wise, so the result is the same bits on any number of threads.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { TypedArray } from '../../src/dtypes.js';
import { borrowScratch, partsFor, runTask, sharedArray, sharedInput, threadCount } from '../../src/threads/pool.js';
import { ARRAY } from './expr-eval.js';
import type { ExprArgs } from './expr-tasks.js';
import './expr-tasks.js';
import { typeOf, type ExprProgram } from './ir.js';

export { civilFromDays, roundHalfAway, TRIG_LIMIT } from './expr-eval.js';

/** Rows per part (at least) of the expression evaluator. Internal: tests lower it to reach the parts on small inputs. */
export const EXPR_TUNING = { partRows: 1 << 17 };

export interface ExprResult {
  values: DataBuffer;
  /** Arrow validity bitmap, or undefined when no row can be null. */
  validity: DataBuffer<'uint8'> | undefined;
  /** STATUS_* bits raised by the run (a 1-word buffer), or undefined when nothing can fail. */
  status: DataBuffer<'uint32'> | undefined;
}

/** Evaluate a program over n rows: a value column, or (mask) a 'bool' mask true where the value is true and valid. */
export function exprCpu(prog: ExprProgram, n: number, mask: boolean, nullable: boolean, fallible: boolean): ExprResult {
  const parts = partsFor(n, EXPR_TUNING.partRows);
  const mt = parts > 1 && threadCount() > 1;
  const share = <T extends TypedArray>(a: T): T => (mt ? sharedInput(a) : a);
  const t = mask ? 'bool' : typeOf(prog.tree);
  // A mask is a filter's temporary (every row written): reused memory, given back by the filter.
  const values = mask ? borrowScratch(Uint8Array, n) : mt ? sharedArray(ARRAY[t] as never, n) as ExprArgs['values'] : new ARRAY[t](n);
  const nb = Math.ceil(n / 8);
  const bits = !mask && nullable ? (mt ? sharedArray(Uint8Array, nb) : new Uint8Array(nb)) : null;
  const args: ExprArgs = {
    tree: prog.tree,
    literals: prog.literals,
    inputs: prog.inputs.map((inp) => ({
      data: share(inp.data.hostView('expr')) as ExprArgs['values'],
      validity: inp.validity ? share(inp.validity.hostView('expr') as Uint8Array) : null,
    })),
    n,
    mask,
    values,
    bits,
  };
  let st = 0;
  for (const s of runTask<number>('expr/eval', parts, args as unknown as Record<string, unknown>)) st |= s;
  const status = fallible ? DataBuffer.fromHost(new Uint32Array([st]), 'uint32') : undefined;
  return {
    values: DataBuffer.fromHost(values as TypedArray, t),
    validity: bits ? DataBuffer.fromHost(bits, 'uint8') : undefined,
    status,
  };
}
