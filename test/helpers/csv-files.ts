/**
 * Random CSV files for the CSV tests (test/io/csv-fast.test.ts, csv-parallel.test.ts), and
 * a dump of a read table (or its error) as plain data, to compare two reads exactly.
 */
import * as gf from 'gpuframe';
import { rng as mulberry32 } from './parity.js';

export type Opts = NonNullable<Parameters<typeof gf.readCSV>[1]>;
export type Frame = Awaited<ReturnType<typeof gf.readCSV>>;

export const bytesOf = (a: ArrayBufferView): number[] => [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];

/** Everything a table holds, as plain data: names, and per column type, length, data bytes, validity bytes, dictionary. */
export async function dump(t: Frame | gf.Table): Promise<unknown> {
  const cols = [];
  for (const c of t instanceof gf.DataFrame ? t.getColumns() : t.columns) {
    cols.push({
      type: c.type,
      length: c.length,
      data: bytesOf((await c.data.toArray()) as ArrayBufferView),
      validity: c.validity ? bytesOf((await c.validity.toArray()) as ArrayBufferView) : null,
      dictionary: c.dictionary ? [...c.dictionary] : null,
    });
  }
  return { names: [...t.names], numRows: t.numRows, cols };
}

export type Outcome = { ok: unknown } | { error: { name: string; message: string; row?: number; column?: string; file?: string } };

export async function outcome(p: Promise<Frame>): Promise<Outcome> {
  try {
    return { ok: await dump(await p) };
  } catch (e) {
    const err = e as gf.ParseError;
    return { error: { name: err.name, message: err.message, row: err.row, column: err.column, file: err.file } };
  }
}

export const isBail = (o: Outcome): boolean => 'error' in o && o.error.name === 'ValueError' && o.error.message.includes("engine 'fast'");

// ---- random CSV files -------------------------------------------------------------------------

const INTS = ['0', '-0', '+7', '007', '1', '-1', '2147483647', '-2147483648', '2147483648', '-2147483649', '9007199254740993', '-9007199254740995', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-4294967296', '4294967296', '-8589934593', '-99999999999999999999', '0000000000001', '123456789012345', '1234567890123456'];
const FLOATS = ['1.5', '-0.0', '.5', '5.', '+1.5', '-.5', '1e5', '1E-5', '-2.5e+3', '1.e5', '.5e3', '0e400', '1e400', '-1e-400', '4.9e-324', '2.2250738585072014e-308', '1.7976931348623157e308', '0.1', '0.30000000000000004', 'NaN', 'nan', '-NaN', 'inf', '-Infinity', 'INF', '+infinity', '123456789012345.6', '1.000000000000000000001', '9007199254740993.0', '1e22', '1e23', '1e-22', '1e-23', '3.14159265358979323846'];
const BOOLS = ['true', 'false', 'TRUE', 'False', 'tRuE'];
const TEXTS = ['abc', 'É', '日本', '😀', ' 1', '1 ', 'NA', '1.2.3', '0x10', '1e', 'e5', '-', '+', '.', 'truee', '-true', 'infinity!', 'a\ufeffb', 'x y', 'null', '1_000', '١٢', 'Ｉnf'];
const NASTY = ['a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '"', '""', ',', 'x;y', 'tab\there', 'pipe|d', 'sp ace'];

export function randomFloat(r: () => number): string {
  const x = (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
  switch (Math.floor(r() * 6)) {
    case 0:
      return String(x);
    case 1:
      return x.toFixed(Math.floor(r() * 12));
    case 2:
      return x.toExponential(Math.floor(r() * 20));
    case 3:
      return x.toPrecision(1 + Math.floor(r() * 21));
    case 4: {
      // many digits, any place for the point
      let s = '';
      const n = 1 + Math.floor(r() * 25);
      for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
      const dot = Math.floor(r() * (n + 1));
      return (r() < 0.3 ? '-' : '') + s.slice(0, dot) + '.' + s.slice(dot) + (r() < 0.3 ? `e${Math.floor(r() * 60 - 30)}` : '');
    }
    default:
      return (Math.round(x * 1e6) / 1e6).toString();
  }
}

export function randomInt(r: () => number): string {
  const u = r();
  if (u < 0.5) return String(Math.floor((r() - 0.5) * 2000));
  if (u < 0.7) return String(Math.floor((r() - 0.5) * 2 ** 33));
  if (u < 0.85) return (BigInt(Math.floor((r() - 0.5) * 2 ** 52)) * 4096n + BigInt(Math.floor(r() * 4096))).toString(); // past 2^53
  return INTS[Math.floor(r() * INTS.length)]!;
}

type Gen = (r: () => number) => string;
export const pick = (xs: readonly string[]): Gen => (r) => xs[Math.floor(r() * xs.length)]!;
const COLUMN_KINDS: Array<[string, Gen]> = [
  ['int', randomInt],
  ['smallint', (r) => String(Math.floor(r() * 100))],
  ['float', (r) => (r() < 0.2 ? pick(FLOATS)(r) : randomFloat(r))],
  ['bool', pick(BOOLS)],
  ['text', (r) => (r() < 0.2 ? pick(NASTY)(r) : pick(TEXTS)(r))],
  ['mixed', (r) => pick([...INTS, ...FLOATS, ...BOOLS, ...TEXTS])(r)],
  ['category', (r) => ['red', 'green', 'blue', 'Blue', 'ä'][Math.floor(r() * 5)]!],
];

export interface Made {
  text: string;
  options: Opts;
  /** Whether every quote is one the fast path takes (so engine 'fast' must not bail). */
  plain: boolean;
}

/** A random CSV text with its read options. */
export function makeCSV(seed: number): Made {
  const r = mulberry32(seed);
  const delim = r() < 0.6 ? ',' : pick([';', '\t', '|', ' ', 'x', '.'])(r);
  const lb = r() < 0.6 ? '\n' : r() < 0.8 ? '\r\n' : '\r';
  const ncols = 1 + Math.floor(r() * 5);
  const nrows = r() < 0.1 ? Math.floor(r() * 3) : r() < 0.9 ? Math.floor(r() * 60) : 1000 + Math.floor(r() * 2000);
  const header = r() < 0.85;
  const nullRate = r() < 0.3 ? 0 : r() * 0.3;
  const quoteRate = r() < 0.5 ? 0 : r() * 0.5;
  const kinds = Array.from({ length: ncols }, () => COLUMN_KINDS[Math.floor(r() * COLUMN_KINDS.length)]!);
  // a column that turns to text late: numbers, then one text value
  const lateText = r() < 0.3 ? Math.floor(r() * ncols) : -1;
  const lateRow = Math.floor(r() * nrows);
  const chaos = r() < 0.1; // irregular quoting (papaparse errors or tolerates): fast may bail
  let plain = true;
  const field = (v: string): string => {
    const must = v.includes(delim) || v.includes('"') || v.includes('\n') || v.includes('\r') || v.startsWith('"');
    if (must || r() < quoteRate) return `"${v.replaceAll('"', '""')}"`;
    return v;
  };
  const lines: string[] = [];
  const names = Array.from({ length: ncols }, (_, i) => (!header ? `column_${i + 1}` : r() < 0.1 ? '' : r() < 0.05 ? 'dup' : r() < 0.1 ? `na,me ${i}` : `c${i}`));
  if (header) lines.push(names.map(field).join(delim));
  const nameOf = (i: number): string => names[i] || `column_${i + 1}`;
  for (let i = 0; i < nrows; i++) {
    let fields = kinds.map(([, gen], c) => {
      if (r() < nullRate) return r() < 0.5 ? '' : r() < 0.5 ? '""' : 'NA';
      if (c === lateText) return i === lateRow ? 'late text' : randomInt(r);
      return field(gen(r));
    });
    if (r() < 0.005) fields = fields.slice(0, -1); // wrong field count
    if (r() < 0.005) fields.push('extra');
    if (chaos && r() < 0.05) {
      plain = false;
      fields[0] = pick(['"a" ', '"open', '"x"y', 'a"b', '"q""', '" sp "  '])(r);
    }
    lines.push(fields.join(delim));
    if (r() < 0.03) lines.push(''); // an empty line
  }
  let text = lines.join(lb);
  if (r() < 0.5 && lines.length > 0) text += lb;
  if (r() < 0.2) text = '\ufeff' + text;
  const options: Opts = { delimiter: delim, header };
  if (r() < 0.3) options.nullValues = ['NA'];
  const dtype = (): 'int32' => pick(['int32', 'int64', 'float64', 'bool', 'utf8'])(r) as 'int32';
  if (r() < 0.15) options.dtypes = { [nameOf(0)]: dtype() };
  if (r() < 0.1 && ncols > 1) options.dtypes = { [nameOf(0)]: dtype(), [nameOf(1)]: dtype() };
  if (r() < 0.1 && ncols > 1) options.columns = [nameOf(1), nameOf(0)];
  return { text, options, plain };
}

