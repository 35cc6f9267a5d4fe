/**
 * Two tasks the pool's own tests run (test/threads/pool.test.ts): `threads.rowSum` sums a part's
 * rows of a Float64Array in row order and writes each row's running part-sum into a shared
 * output; `threads.failAt` throws a ValueError naming the part it was asked to fail at.
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
