/**
 * Positional arguments of the DataFrame methods, checked once at the public boundary: a value
 * of the wrong type is a ValueError naming the method and showing what was given (never a
 * silent coercion, e.g. `head('5')` or `select(3)`). Internal.
 */
import { ValueError } from '../src/errors.js';
import { showValue } from '../src/options.js';

/**
 * Column names given as names and/or arrays of names, flattened in order: `select('a', 'b')`,
 * `select(['a', 'b'])`, `drop(['a'], 'b')` (Polars takes both).
 */
export function columnNames(op: string, args: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (typeof a === 'string') out.push(a);
    else if (Array.isArray(a) && a.every((x) => typeof x === 'string')) for (const n of a as string[]) out.push(n); // no spread: 150,000 names overflow the stack
    else throw new ValueError(`${op}: expected column names or arrays of names, got ${showValue(a)}`);
  }
  return out;
}

/** One name or an array of names (`sort(by)`, `unique(subset)`), as an array. */
export function nameOrNames(op: string, what: string, v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return [...(v as string[])];
  throw new ValueError(`${op}: expected ${what} as a column name or an array of names, got ${showValue(v)}`);
}

/** An integer row count (negative allowed where `signed`): `head(n)`, `tail(n)`, `sample(n)`. */
export function rowCount(op: string, n: unknown, signed: boolean): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || (!signed && n < 0)) {
    throw new ValueError(`${op}: expected n as ${signed ? 'an integer' : 'a non-negative integer'}, got ${showValue(n)}`);
  }
  return n;
}
