// Issue 13, "String functions": col('s').str.contains / startsWith / endsWith / lenChars /
// lenBytes / lower / upper / stripChars(Start|End) / slice / replace / replaceAll, regex and
// literal patterns. Values are checked against Polars' documented results and against a
// row-by-row JavaScript expectation, on both backends (frameParity compares the CPU with
// WebGPU where there is one); types, nulls, categorical columns, composition and errors.
import { describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';
import { mulberry32 } from '../../src/random.js';

const { col } = gf;

/** The values of `e` over a frame with column `s`, on both backends. */
async function run(values: ReadonlyArray<string | null>, e: gf.Expr): Promise<unknown[]> {
  const rows = await frameParity(() => new gf.DataFrame({ s: [...values] }).withColumns({ out: e }));
  return rows.map((r) => r.out);
}
async function typeOf(e: gf.Expr): Promise<string> {
  return gf.withBackend('cpu', () => new gf.DataFrame({ s: ['a'] }).withColumns({ out: e }).schema.out!);
}

describe('Polars-documented results', () => {
  it('lenChars and lenBytes (uint32, null for null)', async () => {
    const v = ['Café', '345', '東京', null, '', '😀', 'e\u0301'];
    expect(await run(v, col('s').str.lenBytes())).toEqual([5, 3, 6, null, 0, 4, 3]);
    expect(await run(v, col('s').str.lenChars())).toEqual([4, 3, 2, null, 0, 1, 2]);
    expect(await typeOf(col('s').str.lenChars())).toBe('uint32');
    expect(await typeOf(col('s').str.lenBytes())).toBe('uint32');
  });

  it('slice in characters: negative offsets from the end, clamped windows', async () => {
    const v = ['pear', null, 'papaya', 'dragonfruit'];
    expect(await run(v, col('s').str.slice(-3))).toEqual(['ear', null, 'aya', 'uit']);
    expect(await run(v, col('s').str.slice(4, 3))).toEqual(['', null, 'ya', 'onf']);
    expect(await run(['abc', '😀x𝔸', ''], col('s').str.slice(-5, 3))).toEqual(['a', '😀', '']);
    expect(await run(['abc', '😀x𝔸', ''], col('s').str.slice(1))).toEqual(['bc', 'x𝔸', '']);
    expect(await run(['abc', '😀x𝔸'], col('s').str.slice(0, 0))).toEqual(['', '']);
    expect(await typeOf(col('s').str.slice(1))).toBe('utf8');
  });

  it('lower and upper use the full Unicode case mapping', async () => {
    expect(await run(['ÀB', 'straße', 'ΣΑΣ', null], col('s').str.upper())).toEqual(['ÀB', 'STRASSE', 'ΣΑΣ', null]);
    expect(await run(['ÀB', 'ΣΑΣ', 'İ', null], col('s').str.lower())).toEqual(['àb', 'σας', 'i\u0307', null]);
  });

  it('stripChars: whitespace by default (Unicode White_Space), or a set of characters', async () => {
    const v = [' \t hi \n', '\u3000x\u00a0', 'xxhixy', '', null, '😀a😀'];
    expect(await run(v, col('s').str.stripChars())).toEqual(['hi', 'x', 'xxhixy', '', null, '😀a😀']);
    expect(await run(v, col('s').str.stripChars('xy😀'))).toEqual([' \t hi \n', '\u3000x\u00a0', 'hi', '', null, 'a']);
    expect(await run(v, col('s').str.stripCharsStart('x'))).toEqual([' \t hi \n', '\u3000x\u00a0', 'hixy', '', null, '😀a😀']);
    expect(await run(v, col('s').str.stripCharsEnd())).toEqual([' \t hi', '\u3000x', 'xxhixy', '', null, '😀a😀']);
  });

  it('contains: regex by default, literal on request; starts/endsWith are plain text', async () => {
    const v = ['a.b', 'axb', 'Abc', null, '', '😀'];
    expect(await run(v, col('s').str.contains('a.b'))).toEqual([true, true, false, null, false, false]);
    expect(await run(v, col('s').str.contains('.', { literal: true }))).toEqual([true, false, false, null, false, false]);
    expect(await run(v, col('s').str.contains(/^a/i))).toEqual([true, true, true, null, false, false]);
    expect(await run(v, col('s').str.contains('^.$'))).toEqual([false, false, false, null, false, true]); // one code point
    expect(await run(v, col('s').str.contains(''))).toEqual([true, true, true, null, true, true]);
    expect(await run(v, col('s').str.startsWith('a'))).toEqual([true, true, false, null, false, false]);
    expect(await run(v, col('s').str.endsWith('b'))).toEqual([true, true, false, null, false, false]);
    expect(await run(v, col('s').str.endsWith(''))).toEqual([true, true, true, null, true, true]);
    expect(await typeOf(col('s').str.contains('a'))).toBe('bool');
  });

  it('a global or sticky RegExp gives the same answer on every row (no lastIndex state)', async () => {
    expect(await run(['ab', 'ab', 'ab'], col('s').str.contains(/b/g))).toEqual([true, true, true]);
    expect(await run(['ab', 'ba'], col('s').str.contains(/b/y))).toEqual([true, true]);
  });

  it('replace (first match) and replaceAll: regex with $-groups, literal text as is', async () => {
    const v = ['a-b-c', null, '', '😀-😀'];
    expect(await run(v, col('s').str.replace('-', '+', { literal: true }))).toEqual(['a+b-c', null, '', '😀+😀']);
    expect(await run(v, col('s').str.replaceAll('-', '$&', { literal: true }))).toEqual(['a$&b$&c', null, '', '😀$&😀']);
    expect(await run(v, col('s').str.replace(/(\w)-(\w)/, '$2$1'))).toEqual(['ba-c', null, '', '😀-😀']);
    expect(await run(v, col('s').str.replaceAll('[a-c]', 'x'))).toEqual(['x-x-x', null, '', '😀-😀']);
    expect(await run(v, col('s').str.replaceAll('', '|', { literal: true }))).toEqual(['|a|-|b|-|c|', null, '|', '|😀|-|😀|']);
    expect(await run(v, col('s').str.replaceAll('', '|'))).toEqual(['|a|-|b|-|c|', null, '|', '|😀|-|😀|']);
    expect(await run(['aaa'], col('s').str.replace('a', 'b', { literal: true }))).toEqual(['baa']);
  });
});

describe('random strings against a row-by-row expectation', () => {
  const POOL = ['a', 'B', ' ', '.', '-', 'é', 'e\u0301', '\uFF01', '😀', '𝔸', '中', '\t'];
  const r = mulberry32(13);
  const values = Array.from({ length: 500 }, () => {
    if (r() < 0.1) return null;
    let s = '';
    for (let k = Math.floor(r() * 6); k > 0; k--) s += POOL[Math.floor(r() * POOL.length)]!;
    return s;
  });
  const cps = (s: string) => [...s];
  const polarsSlice = (s: string, off: number, len?: number) => {
    const c = cps(s);
    const start = off < 0 ? c.length + off : off;
    const stop = len === undefined ? c.length : start + len;
    const clamp = (x: number) => Math.min(Math.max(x, 0), c.length);
    return c.slice(clamp(start), Math.max(clamp(start), clamp(stop))).join('');
  };
  const cases: Array<[string, gf.Expr, (s: string) => unknown]> = [
    ['contains literal', col('s').str.contains('a', { literal: true }), (s) => s.includes('a')],
    ['contains regex', col('s').str.contains('[😀𝔸]\\s'), (s) => /[😀𝔸]\s/u.test(s)],
    ['startsWith', col('s').str.startsWith('😀'), (s) => s.startsWith('😀')],
    ['endsWith', col('s').str.endsWith('\u0301'), (s) => s.endsWith('\u0301')],
    ['lenChars', col('s').str.lenChars(), (s) => cps(s).length],
    ['lenBytes', col('s').str.lenBytes(), (s) => Buffer.byteLength(s, 'utf8')],
    ['lower', col('s').str.lower(), (s) => s.toLowerCase()],
    ['upper', col('s').str.upper(), (s) => s.toUpperCase()],
    ['stripChars', col('s').str.stripChars(), (s) => s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '')],
    ['slice(-2, 1)', col('s').str.slice(-2, 1), (s) => polarsSlice(s, -2, 1)],
    ['slice(1)', col('s').str.slice(1), (s) => polarsSlice(s, 1)],
    ['replaceAll literal', col('s').str.replaceAll('.', '<>', { literal: true }), (s) => s.split('.').join('<>')],
    ['replace regex', col('s').str.replace(/[aB]+/u, '#'), (s) => s.replace(/[aB]+/u, '#')],
  ];
  for (const [name, e, f] of cases) {
    it(name, async () => {
      expect(await run(values, e)).toEqual(values.map((s) => (s === null ? null : f(s))));
    });
  }
});

describe('in frames', () => {
  it('filter, withColumns, select and sort on transformed strings', async () => {
    const df = new gf.DataFrame({ s: ['Oslo', ' lima ', null, 'PUNE', 'oslo'], x: new Int32Array([1, 2, 3, 4, 5]) });
    const kept = await frameParity(() => df.filter(col('s').str.lower().str.contains('^os')));
    expect(kept.map((r) => r.x)).toEqual([1, 5]);
    const out = await frameParity(() => df.withColumns({ c: col('s').str.stripChars().str.upper(), n: col('s').str.lenChars().add(1) }).select('c', 'n').sort('c', { nulls: 'last' }));
    expect(out).toEqual([
      { c: 'LIMA', n: 7 }, { c: 'OSLO', n: 5 }, { c: 'OSLO', n: 5 }, { c: 'PUNE', n: 5 }, { c: null, n: null },
    ]);
    const eq = await frameParity(async () => (await df.filter(col('s').str.upper().eq('OSLO'))).select('x'));
    expect(eq.map((r) => r.x)).toEqual([1, 5]);
  });

  it('a new dictionary is sorted and holds each result once', () => {
    const df = new gf.DataFrame({ s: ['b', 'B', 'a', 'A'] }).withColumns({ u: col('s').str.upper() });
    expect(df.column('u').dictionary).toEqual(['A', 'B']);
  });

  it('categorical columns (Arrow dictionary<utf8>)', async () => {
    const t = arrow.tableFromArrays({ s: ['Café', 'tea', 'Café', 'té'] });
    const make = () => gf.DataFrame.fromArrow(t);
    expect(make().column('s').type).toBe('categorical');
    const rows = await frameParity(() => make().withColumns({ n: col('s').str.lenBytes(), u: col('s').str.upper(), e: col('s').str.contains('é') }));
    expect(rows.map((r) => [r.n, r.u, r.e])).toEqual([[5, 'CAFÉ', true], [3, 'TEA', false], [5, 'CAFÉ', true], [3, 'TÉ', true]]);
  });

  it('empty frame, one row, all nulls, a string literal', async () => {
    expect(await run([], col('s').str.lower())).toEqual([]);
    expect(await run(['X'], col('s').str.lower())).toEqual(['x']);
    expect(await run([null, null], col('s').str.contains('a'))).toEqual([null, null]);
    expect(await run([null, null], col('s').str.upper())).toEqual([null, null]);
    expect(await run(['a', null], gf.lit('Hello').str.lenChars())).toEqual([5, 5]);
  });

  it('toString shows the call', () => {
    expect(col('s').str.contains('a.b', { literal: true }).toString()).toBe('col("s").str.contains("a.b", literal)');
    expect(col('s').str.slice(-3, 2).toString()).toBe('col("s").str.slice(-3, 2)');
    expect(col('s').str.replaceAll(/x/i, 'y').toString()).toBe('col("s").str.replaceAll(/x/i, "y")');
  });
});

describe('errors', () => {
  it('wrong argument types are ValueErrors naming the argument', () => {
    const bad = (f: () => unknown, re: RegExp) => {
      expect(f).toThrow(gf.ValueError);
      expect(f).toThrow(re);
    };
    bad(() => col('s').str.contains(3 as unknown as string), /^str\.contains: expected pattern as a string or RegExp, got 3$/);
    bad(() => col('s').str.startsWith(null as unknown as string), /^str\.startsWith: expected prefix as a string, got null/);
    bad(() => col('s').str.endsWith(1 as unknown as string), /str\.endsWith: expected suffix/);
    bad(() => col('s').str.replace('a', 1 as unknown as string), /str\.replace: expected value as a string, got 1/);
    bad(() => col('s').str.slice(1.5), /str\.slice: expected offset as an integer, got 1\.5/);
    bad(() => col('s').str.slice(0, -1), /str\.slice: expected length as an integer ≥ 0, got -1/);
    bad(() => col('s').str.stripChars(5 as unknown as string), /str\.stripChars: expected characters as a string, got 5/);
    bad(() => col('s').str.contains('('), /str\.contains: expected a valid regular expression .*got '\('/);
    bad(() => col('s').str.contains(/a/, { literal: true }), /expected a string pattern with literal: true, got a RegExp/);
    bad(() => col('s').str.contains('a', { literal: 'yes' as unknown as boolean }), /expected option literal as a boolean/);
  });

  it('options are strict: unknown keys list the valid ones, snake_case gets a hint', () => {
    expect(() => col('s').str.contains('a', { literl: true } as never)).toThrow(/str\.contains: expected options among 'literal', got unknown option 'literl'/);
    expect(() => col('s').str.replaceAll('a', 'b', { all: true } as never)).toThrow(gf.ValueError);
    expect(() => col('s').str.contains('a', 'literal' as never)).toThrow(/str\.contains: expected an options object/);
  });

  it('a non-string column is a DTypeError naming the column', () => {
    const df = new gf.DataFrame({ x: new Int32Array([1, 2]) });
    expect(() => df.withColumns({ y: col('x').str.lower() })).toThrow(gf.DTypeError);
    expect(() => df.withColumns({ y: col('x').str.lower() })).toThrow(/withColumns: expected a string \(utf8 or categorical\) column for col\("x"\)\.str\.lower\(\), got 'x' of type int32/);
    expect(() => df.withColumns({ y: col('x').str.startsWith('1') })).toThrow(/'x' of type int32/);
    expect(() => df.withColumns({ y: gf.lit(3).str.lenChars() })).toThrow(gf.DTypeError);
  });
});
