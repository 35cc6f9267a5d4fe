/**
 * Two tasks the pool's own tests run (test/threads/pool.test.ts): `threads.rowSum` sums a part's
 * rows of a Float64Array in row order and writes each row's running part-sum into a shared
 * output; `threads.failAt` throws a ValueError naming the part it was asked to fail at;
 * `threads.dieAt` ends the worker thread that runs part `at` (as an out-of-memory worker ends)
 * and, elsewhere, returns the part like the others.
 */
import { ValueError } from '../errors.js';
import { defineTask } from './tasks.js';

/** Rows [lo, hi) of part `part` of `parts` over n rows. */
function rows(part: number, parts: number, n: number): [number, number] {
  return [Math.floor((n * part) / parts), Math.floor((n * (part + 1)) / parts)];
}

defineTask('threads.rowSum', (part, parts, args) => {
  const x = args.x as Float64Array;
  const out = args.out as Float64Array;
  const [lo, hi] = rows(part, parts, x.length);
  let s = 0;
  for (let i = lo; i < hi; i++) out[i] = s += x[i]!;
  return { part, sum: s };
});

defineTask('threads.failAt', (part, _parts, args) => {
  if (part >= (args.at as number)) throw new ValueError(`threads.failAt: expected a part below ${String(args.at)}, got ${part}`);
  return part;
});

/** True on the thread that called {@link markCallingThread} (the tests' thread), false in workers. */
let calling = false;

/** Mark this thread as the calling one: `threads.dieAt` never ends it. */
export function markCallingThread(): void {
  calling = true;
}

defineTask('threads.dieAt', (part, _parts, args) => {
  if (part === args.at && !calling) (globalThis as { process?: { exit(code: number): never } }).process?.exit(1);
  return part;
});
