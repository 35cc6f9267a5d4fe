/**
 * Strict options: every options object in gpuframe is checked here, so that a misspelt key
 * is an error that lists the valid ones (never a silently ignored setting), and a
 * snake_case key (scikit-learn, Polars and pandas habits) gets a camelCase hint.
 */
import { ValueError } from './errors.js';

/** `n_clusters` → `nClusters`. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A value as an error message shows it: strings quoted, arrays shortened, objects named. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `[${v.slice(0, 6).map(showValue).join(', ')}${v.length > 6 ? ', …' : ''}]`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  const name = (v as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * Check an options argument: undefined/null pass (no options), anything but a plain object is a
 * ValueError, and every key must be one of `known`. A snake_case key whose camelCase form is
 * known gets a hint; so do near misses listed in `aliases` (e.g. `{ ascending: 'descending' }`).
 * Internal; what a user sees, from `df.sort`:
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * const df = new gf.DataFrame({ a: new Int32Array([2, 1]) });
 * assert.throws(() => df.sort('a', { ascending: true } as never), { name: 'ValueError', message: /got unknown option 'ascending' \(did you mean 'descending'\?\)/ });
 * ```
 */
export function checkOptions(op: string, options: unknown, known: readonly string[], aliases: Readonly<Record<string, string>> = {}): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new ValueError(`${op}: expected an options object, got ${showValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const c = camelCase(key);
    let hint = '';
    if (c !== key && known.includes(c)) hint = ` (did you mean '${c}'? options are camelCase)`;
    else if (aliases[key] !== undefined && known.includes(aliases[key]!)) hint = ` (did you mean '${aliases[key]}'?)`;
    const list = known.length > 0 ? `among ${known.map((k) => `'${k}'`).join(', ')}` : 'no options';
    throw new ValueError(`${op}: expected options ${list}, got unknown option '${key}'${hint}`);
  }
}
