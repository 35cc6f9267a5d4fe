/**
 * String functions (`col('s').str.…`): their arguments, checked at the public boundary, and
 * their lowering into the fused expression kernel (./bind-expr.ts).
 *
 * Strings are dictionary-encoded: the device holds uint32 codes, the host a sorted
 * dictionary. Each function runs ON THE DICTIONARY, on the host, once per distinct string;
 * the device then maps every row's code through the result table (the fused kernel's
 * `remap` node: the table lives in the literal slots, never in shader text). So every result
 * is exact and identical on both backends by construction, whatever the function (regular
 * expressions included), and costs the rows one table read.
 *
 * - Predicates (`contains`, `startsWith`, `endsWith`) give bool; lengths give uint32;
 *   transforms give utf8 with a new sorted dictionary (the codes remapped). A null string
 *   gives null. `startsWith` needs no table: a prefix is a range of codes.
 * - Characters are Unicode code points (Polars' "chars"); lengths in bytes are UTF-8 bytes.
 * - Regular expressions are JavaScript's (RegExp): a string pattern compiles with the 'u'
 *   flag (`.` matches a code point); a RegExp keeps its flags except 'g' and 'y' (state).
 */
import { ValueError } from '../src/errors.js';
import { checkOptions, showValue } from '../src/options.js';
import { uniqueSortedUtf8, lowerBoundUtf8, compareUtf8 } from '../src/column/utf8-order.js';
import type { ENode, VType } from '../kernels/expr/ir.js';
import type { ExprNode, Literal } from './expr.js';
import type { BoundType } from './bind-expr.js';

/** The string functions (`expr.str.<fn>`). */
export type StrFn =
  | 'contains' | 'startsWith' | 'endsWith' | 'lenChars' | 'lenBytes' | 'lower' | 'upper'
  | 'stripChars' | 'stripCharsStart' | 'stripCharsEnd' | 'slice' | 'replace' | 'replaceAll';

/** A pattern: literal text, or a JavaScript regular expression's source and flags. */
export type StrPattern = { literal: true; text: string } | { literal: false; source: string; flags: string };

/** The arguments of a string function, as plain data (expression trees are plain data). */
export interface StrArgs {
  pattern?: StrPattern;
  /** startsWith/endsWith: the affix; replace: the replacement; strip: the characters (absent: whitespace). */
  text?: string;
  offset?: number;
  /** slice: characters to take (absent: to the end). */
  length?: number;
}

export type StrNode = { kind: 'str'; fn: StrFn; arg: ExprNode } & StrArgs;

/** Options of `str.contains`, `str.replace` and `str.replaceAll`. */
export interface StrPatternOptions {
  /** Match `pattern` as plain text, not as a regular expression (default false, as Polars). */
  literal?: boolean;
}

function checkString(op: string, what: string, v: unknown): string {
  if (typeof v !== 'string') throw new ValueError(`str.${op}: expected ${what} as a string, got ${showValue(v)}`);
  return v;
}

/** A checked pattern: a RegExp, or a string (a regex unless `literal`), compiled now so errors surface here. */
export function strPattern(op: string, pattern: unknown, options: StrPatternOptions | undefined): StrPattern {
  checkOptions(`str.${op}`, options, ['literal']);
  const literal = options?.literal ?? false;
  if (typeof literal !== 'boolean') throw new ValueError(`str.${op}: expected option literal as a boolean, got ${showValue(literal)}`);
  if (pattern instanceof RegExp) {
    if (literal) throw new ValueError(`str.${op}: expected a string pattern with literal: true, got a RegExp`);
    return { literal: false, source: pattern.source, flags: pattern.flags.replace(/[gy]/g, '') };
  }
  if (typeof pattern !== 'string') throw new ValueError(`str.${op}: expected pattern as a string or RegExp, got ${showValue(pattern)}`);
  if (literal) return { literal: true, text: pattern };
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    throw new ValueError(`str.${op}: expected a valid regular expression (JavaScript syntax, 'u' flag; or pass { literal: true }), got '${pattern}' (${(err as Error).message})`);
  }
  return { literal: false, source: pattern, flags: 'u' };
}

/** The checked arguments of `fn` (everything but the pattern). */
export function strArgs(fn: StrFn, a: unknown, b?: unknown): StrArgs {
  switch (fn) {
    case 'startsWith': return { text: checkString(fn, 'prefix', a) };
    case 'endsWith': return { text: checkString(fn, 'suffix', a) };
    case 'replace':
    case 'replaceAll': return { text: checkString(fn, 'value', a) };
    case 'stripChars':
    case 'stripCharsStart':
    case 'stripCharsEnd': return a === undefined || a === null ? {} : { text: checkString(fn, 'characters', a) };
    case 'slice': {
      if (typeof a !== 'number' || !Number.isSafeInteger(a)) throw new ValueError(`str.slice: expected offset as an integer, got ${showValue(a)}`);
      if (b === undefined || b === null) return { offset: a };
      if (typeof b !== 'number' || !Number.isSafeInteger(b) || b < 0) throw new ValueError(`str.slice: expected length as an integer ≥ 0, got ${showValue(b)}`);
      return { offset: a, length: b };
    }
    default: return {};
  }
}

function regex(p: Extract<StrPattern, { literal: false }>, all: boolean): RegExp {
  return new RegExp(p.source, all ? `${p.flags}g` : p.flags);
}

const WHITESPACE = /^\p{White_Space}$/u;
const ENCODER = new TextEncoder();

/** Characters (code points) as Polars slices them: `offset` from the end when negative, clamped. */
function sliceChars(s: string, offset: number, length: number | undefined): string {
  const cps = Array.from(s);
  const start = offset < 0 ? cps.length + offset : offset;
  const stop = length === undefined ? cps.length : start + length;
  const a = Math.min(Math.max(start, 0), cps.length);
  const b = Math.min(Math.max(stop, 0), cps.length);
  return b > a ? cps.slice(a, b).join('') : '';
}

function strip(s: string, chars: string | undefined, start: boolean, end: boolean): string {
  const set = chars === undefined ? undefined : new Set(Array.from(chars));
  const hit = (c: string) => (set ? set.has(c) : WHITESPACE.test(c));
  const cps = Array.from(s);
  let i = 0;
  let j = cps.length;
  if (start) while (i < j && hit(cps[i]!)) i++;
  if (end) while (j > i && hit(cps[j - 1]!)) j--;
  return cps.slice(i, j).join('');
}

function replaceLiteral(s: string, text: string, value: string, all: boolean): string {
  if (text === '') {
    if (!all) return value + s;
    return value + Array.from(s).join(value) + (s === '' ? '' : value);
  }
  if (all) return s.split(text).join(value);
  const at = s.indexOf(text);
  return at < 0 ? s : s.slice(0, at) + value + s.slice(at + text.length);
}

/** `fn` of one string: the per-dictionary-entry function. Exported for tests. */
export function strFunction(n: Pick<StrNode, 'fn'> & StrArgs): (s: string) => string | number | boolean {
  const p = n.pattern;
  const text = n.text ?? '';
  switch (n.fn) {
    case 'contains': {
      if (p!.literal) return (s) => s.includes(p!.text);
      const re = regex(p!, false);
      return (s) => re.test(s);
    }
    case 'startsWith': return (s) => s.startsWith(text);
    case 'endsWith': return (s) => s.endsWith(text);
    case 'lenChars': return (s) => {
      let k = 0;
      for (const _ of s) k++;
      return k;
    };
    case 'lenBytes': return (s) => ENCODER.encode(s).length;
    case 'lower': return (s) => s.toLowerCase();
    case 'upper': return (s) => s.toUpperCase();
    case 'stripChars': return (s) => strip(s, n.text, true, true);
    case 'stripCharsStart': return (s) => strip(s, n.text, true, false);
    case 'stripCharsEnd': return (s) => strip(s, n.text, false, true);
    case 'slice': return (s) => sliceChars(s, n.offset ?? 0, n.length);
    case 'replace':
    case 'replaceAll': {
      const all = n.fn === 'replaceAll';
      if (p!.literal) return (s) => replaceLiteral(s, p!.text, text, all);
      const re = regex(p!, all);
      return (s) => s.replace(re, text);
    }
  }
}

/** What bindStr needs of the binder (./bind-expr.ts), and the shape of a bound operand. */
export interface StrOperand {
  node: ENode;
  ty: BoundType;
  isLit?: boolean;
  lit?: Literal | null;
  name?: string;
}
export interface StrBinder {
  bind(n: ExprNode): StrOperand;
  slot(t: VType, value: number | bigint | boolean): number;
  /** Throws the DTypeError for a non-string operand (naming the column). */
  notString(b: StrOperand, what: string): never;
}

const PREDICATES: ReadonlySet<StrFn> = new Set(['contains', 'startsWith', 'endsWith']);
const LENGTHS: ReadonlySet<StrFn> = new Set(['lenChars', 'lenBytes']);

/** Lower `n` into the fused kernel's IR: a table over the operand's dictionary, read by code. */
export function bindStr(n: StrNode, binder: StrBinder, what: string): StrOperand {
  const a = binder.bind(n.arg);
  let dict: readonly string[];
  let code: ENode;
  if (a.isLit && typeof a.lit === 'string') {
    dict = [a.lit];
    code = { k: 'lit', slot: binder.slot('uint32', 0), t: 'uint32' };
  } else if (!a.isLit && (a.ty.logical === 'utf8' || a.ty.logical === 'categorical')) {
    dict = a.ty.dictionary ?? [];
    code = a.node;
  } else if (a.isLit && a.lit === null) {
    const ty: BoundType = PREDICATES.has(n.fn) ? { t: 'bool' } : LENGTHS.has(n.fn) ? { t: 'uint32' } : { t: 'uint32', logical: 'utf8', dictionary: [] };
    return { node: { k: 'null', t: ty.t }, ty };
  } else {
    return binder.notString(a, what);
  }
  if (n.fn === 'startsWith') {
    // The strings with a prefix are one range of codes in the sorted dictionary.
    const prefix = n.text!;
    const lo = lowerBoundUtf8(dict, prefix);
    let hi = dict.length;
    let l = lo;
    while (l < hi) {
      const mid = (l + hi) >> 1;
      if (compareUtf8(dict[mid]!.slice(0, prefix.length), prefix) <= 0) l = mid + 1;
      else hi = mid;
    }
    const ge: ENode = { k: 'cmp', op: 'ge', a: code, b: { k: 'lit', slot: binder.slot('uint32', lo), t: 'uint32' } };
    const lt: ENode = { k: 'cmp', op: 'lt', a: code, b: { k: 'lit', slot: binder.slot('uint32', l), t: 'uint32' } };
    return { node: { k: 'and', a: ge, b: lt }, ty: { t: 'bool' } };
  }
  const f = strFunction(n);
  const values = dict.map(f);
  if (PREDICATES.has(n.fn) || LENGTHS.has(n.fn)) {
    const start = binder.slot('uint32', Number(values[0] ?? 0));
    for (let i = 1; i < values.length; i++) binder.slot('uint32', Number(values[i]));
    const mapped: ENode = { k: 'remap', a: code, start };
    if (!PREDICATES.has(n.fn)) return { node: mapped, ty: { t: 'uint32' } };
    return { node: { k: 'cmp', op: 'ne', a: mapped, b: { k: 'lit', slot: binder.slot('uint32', 0), t: 'uint32' } }, ty: { t: 'bool' } };
  }
  const out = values as string[];
  const dictionary = uniqueSortedUtf8(out);
  const at = new Map(dictionary.map((s, i) => [s, i]));
  const start = binder.slot('uint32', at.get(out[0]!) ?? 0);
  for (let i = 1; i < out.length; i++) binder.slot('uint32', at.get(out[i]!)!);
  return { node: { k: 'remap', a: code, start }, ty: { t: 'uint32', logical: 'utf8', dictionary } };
}

/** A readable form of a string function call, for `Expr.toString()`. */
export function showStr(n: StrNode, arg: string): string {
  const q = (s: string) => JSON.stringify(s);
  const p = n.pattern ? (n.pattern.literal ? `${q(n.pattern.text)}, literal` : `/${n.pattern.source}/${n.pattern.flags}`) : undefined;
  const args =
    n.fn === 'slice' ? [String(n.offset), ...(n.length === undefined ? [] : [String(n.length)])]
    : n.fn === 'contains' ? [p!]
    : n.fn === 'replace' || n.fn === 'replaceAll' ? [p!, q(n.text!)]
    : n.text !== undefined ? [q(n.text)]
    : [];
  return `${arg}.str.${n.fn}(${args.join(', ')})`;
}
