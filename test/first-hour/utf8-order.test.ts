// Issue 13, "String order": strings sort and compare by UTF-8 bytes (code point order), as
// Arrow, Polars and DuckDB, never by JavaScript's UTF-16 code units (which put characters
// above U+FFFF before U+E000–U+FFFF). The expectation is independent of gpuframe: Node's
// Buffer.compare over the UTF-8 bytes. Frame results are checked on both backends
// (frameParity compares the CPU with WebGPU where there is one).
import { describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';
import { mulberry32 } from '../../src/random.js';
import { compareUtf8, lowerBoundUtf8, sortUtf8, upperBoundUtf8 } from '../../src/column/utf8-order.js';

const { col } = gf;

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const byBytes = (xs: readonly string[]) => [...xs].sort(bytes);

// ASCII, Latin-1, a combining mark, U+E000–U+FFFF (private use, fullwidth, U+FFFD, U+FFFF),
// astral characters (emoji, mathematical letters), and the empty string.
const EDGE = ['', 'a', 'B', 'é', 'e\u0301', '\uE000', '\uFF01', '\uFFFD', '\uFFFF', '😀', '𝔸', 'a😀', 'a\uFF01', 'a\uE000', 'ab', '\u{10FFFF}', 'z', '~'];
const POOL = ['a', 'b', 'é', '\u0301', '\uE000', '\uFF01', '\uFFFF', '😀', '𝔸', '\u{10000}', '中', ' '];

function randomStrings(n: number, seed: number): Array<string | null> {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    if (r() < 0.1) return null;
    const len = Math.floor(r() * 4);
    let s = '';
    for (let k = 0; k < len; k++) s += POOL[Math.floor(r() * POOL.length)]!;
    return s;
  });
}

describe('the comparator', () => {
  it('agrees with the UTF-8 bytes on edge and random strings (UTF-16 order does not)', () => {
    const all = [...EDGE, ...(randomStrings(400, 1).filter((s) => s !== null) as string[])];
    expect(sortUtf8([...all])).toEqual(byBytes(all));
    expect([...all].sort(compareUtf8)).toEqual(byBytes(all));
    expect([...EDGE].sort()).not.toEqual(byBytes(EDGE)); // the bug this fixes
    for (const a of EDGE) for (const b of EDGE) expect(Math.sign(compareUtf8(a, b)), `${a} vs ${b}`).toBe(Math.sign(bytes(a, b)));
  });

  it('binary searches a sorted dictionary in the same order', () => {
    const dict = byBytes([...new Set(EDGE)]);
    for (const s of [...EDGE, '\uFFFE', '😁', 'a\uFFFF', '']) {
      expect(lowerBoundUtf8(dict, s)).toBe(dict.filter((d) => bytes(d, s) < 0).length);
      expect(upperBoundUtf8(dict, s)).toBe(dict.filter((d) => bytes(d, s) <= 0).length);
    }
  });
});

describe('frames order strings by UTF-8 bytes', () => {
  const values = [...EDGE, null, ...randomStrings(300, 7)];
  const nonNull = values.filter((s): s is string => s !== null);

  it('Column.from builds a dictionary in byte order', () => {
    const c = gf.Column.from(values);
    expect(c.dictionary).toEqual(byBytes([...new Set(nonNull)]));
  });

  it('sort ascending and descending, nulls last', async () => {
    const up = await frameParity(() => new gf.DataFrame({ s: values }).sort('s', { nulls: 'last' }));
    expect(up.map((r) => r.s)).toEqual([...byBytes(nonNull), ...values.filter((v) => v === null)]);
    const down = await frameParity(() => new gf.DataFrame({ s: values }).sort('s', { descending: true, nulls: 'last' }));
    expect(down.map((r) => r.s).slice(0, nonNull.length)).toEqual(byBytes(nonNull).reverse());
  });

  it('comparisons with literals (lt, le, gt, ge, eq, between) follow the bytes', async () => {
    const df = () => new gf.DataFrame({ s: values, i: Int32Array.from(values, (_, i) => i) });
    for (const lit of ['\uFFFF', '\uFF01', '😀', '𝔸', 'é', '', 'a\uFFFF', '\uFFFE']) {
      for (const op of ['lt', 'le', 'gt', 'ge', 'eq'] as const) {
        const rows = await frameParity(async () => (await df().filter(col('s')[op](lit))).select('i'));
        const want = values.flatMap((v, i) => {
          if (v === null) return [];
          const c = bytes(v, lit);
          const keep = op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : op === 'ge' ? c >= 0 : c === 0;
          return keep ? [i] : [];
        });
        expect(rows.map((r) => r.i), `s ${op} ${JSON.stringify(lit)}`).toEqual(want);
      }
    }
    const mid = await frameParity(async () => (await df().filter(col('s').between('\uE000', '😀'))).select('i'));
    expect(mid.map((r) => r.i)).toEqual(values.flatMap((v, i) => (v !== null && bytes(v, '\uE000') >= 0 && bytes(v, '😀') <= 0 ? [i] : [])));
  });

  it('column-to-column comparisons across different dictionaries follow the bytes', async () => {
    const a = ['😀', '\uFF01', 'a', null, '𝔸'];
    const b = ['\uFF01', '😀', 'a', 'x', '\uFFFF'];
    const rows = await frameParity(() => new gf.DataFrame({ a, b }).withColumns({ lt: col('a').lt(col('b')) }));
    expect(rows.map((r) => r.lt)).toEqual(a.map((x, i) => (x === null ? null : bytes(x, b[i]!) < 0)));
  });

  it('groupBy: groups in byte order, string min and max by bytes', async () => {
    const k = values.map((_, i) => i % 3);
    const groups = await frameParity(() => new gf.DataFrame({ s: values, k: Int32Array.from(k) }).groupBy('s').agg({ n: ['k', 'count'] }));
    const keys = groups.map((r) => r.s).filter((s) => s !== null) as string[];
    expect(keys).toEqual(byBytes([...new Set(nonNull)]));
    const mm = await frameParity(() => new gf.DataFrame({ s: values, k: Int32Array.from(k) }).groupBy('k').agg({ lo: ['s', 'min'], hi: ['s', 'max'] }));
    for (const r of mm) {
      const mine = byBytes(values.filter((v, i): v is string => v !== null && k[i] === r.k));
      expect([r.lo, r.hi], `group ${String(r.k)}`).toEqual([mine[0], mine[mine.length - 1]]);
    }
  });

  it('unique (sorted output) and join on strings from different dictionaries', async () => {
    const u = await frameParity(() => new gf.DataFrame({ s: values }).unique({ maintainOrder: false }));
    expect(u.map((r) => r.s).filter((s) => s !== null)).toEqual(byBytes([...new Set(nonNull)]));
    const left = new gf.DataFrame({ s: ['😀', '\uFF01', 'é', null], x: new Int32Array([1, 2, 3, 4]) });
    const right = new gf.DataFrame({ s: ['\uFF01', '𝔸', '😀'], y: new Int32Array([10, 20, 30]) });
    const j = await frameParity(() => left.join(right, { on: 's' }).then((f) => f.sort('x')));
    expect(j).toEqual([{ s: '😀', x: 1, y: 30 }, { s: '\uFF01', x: 2, y: 10 }]);
  });

  it('concat merges dictionaries in byte order; fillNull adds its value in order', async () => {
    const c = gf.concat([new gf.DataFrame({ s: ['😀', 'a'] }), new gf.DataFrame({ s: ['\uFF01', null] })]);
    expect(c.column('s').dictionary).toEqual(['a', '\uFF01', '😀']);
    const sorted = await frameParity(() => gf.concat([new gf.DataFrame({ s: ['😀', 'a'] }), new gf.DataFrame({ s: ['\uFF01', 'b'] })]).sort('s'));
    expect(sorted.map((r) => r.s)).toEqual(['a', 'b', '\uFF01', '😀']);
    const filled = new gf.DataFrame({ s: ['😀', null] }).fillNull('\uFF01');
    expect(filled.column('s').dictionary).toEqual(['\uFF01', '😀']);
  });
});

describe('readers build byte-ordered dictionaries', () => {
  const strings = ['😀', '\uFF01', 'a', '𝔸', '\uE000', 'é'];
  const want = byBytes(strings);

  it('readCSV, fast path and papaparse', async () => {
    const text = `s\n${strings.join('\n')}\n`;
    for (const engine of ['fast', 'papaparse'] as const) {
      const df = await gf.readCSV(text, { text: true, engine });
      expect(df.column('s').dictionary, engine).toEqual(want);
      expect((await df.sort('s').toRecords()).map((r) => r.s), engine).toEqual(want);
    }
  });

  it('fromArrow, plain utf8 and dictionary<utf8>', async () => {
    const plain = new arrow.Table({ s: arrow.vectorFromArray(strings, new arrow.Utf8()) });
    expect(gf.DataFrame.fromArrow(plain).column('s').dictionary).toEqual(want);
    const dict = arrow.tableFromArrays({ s: strings });
    const df = gf.DataFrame.fromArrow(dict);
    expect(df.column('s').dictionary).toEqual(want);
    expect((await df.sort('s').toRecords()).map((r) => r.s)).toEqual(want);
  });

  it('an empty frame and a one-row frame', async () => {
    expect(await frameParity(() => new gf.DataFrame({ s: [] as string[] }).sort('s'))).toEqual([]);
    expect(await frameParity(async () => (await new gf.DataFrame({ s: ['😀'] }).filter(col('s').gt('\uFFFF'))))).toEqual([{ s: '😀' }]);
  });
});
