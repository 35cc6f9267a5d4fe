import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';
import { FRAME_SIZES } from '../../helpers/random-frame.js';
import { dupFrame } from './dup-frame.js';
import { groupRowsRef, sameValue, type Row } from './group-reference.js';

/** The reference: rows kept by Polars' rules, from the records with their row numbers. */
function uniqueRef(rows: Row[], subset: string[], keep: 'first' | 'last' | 'none', maintainOrder: boolean): Row[] {
  const numbered = rows.map((r, i) => ({ ...r, _row: i }));
  const groups = groupRowsRef(numbered, subset);
  const kept = groups.flatMap((g) => (keep === 'first' ? [g[0]!] : keep === 'last' ? [g[g.length - 1]!] : g.length === 1 ? [g[0]!] : []));
  if (maintainOrder) kept.sort((a, b) => (a._row as number) - (b._row as number));
  return kept;
}

function expectRows(out: Row[], want: Row[], names: readonly string[], what: string) {
  expect(out.length, `${what}: rows`).toBe(want.length);
  out.forEach((o, i) => {
    for (const n of names) if (!sameValue(o[n], want[i]![n])) expect.fail(`${what} row ${i} (source row ${String(want[i]!._row)}) column ${n}: expected ${String(want[i]![n])}, got ${String(o[n])}`);
  });
}

describe('df.unique: Polars semantics on both backends, against a plain-JS reference', () => {
  const subsets: Array<string[] | undefined> = [undefined, ['k'], ['k', 's'], ['f'], ['b', 'd'], ['i8', 'u16'], ['z'], ['l', 't']];
  for (const subset of subsets) {
    it(`subset ${subset?.join(', ') ?? '(all columns)'}: keep first/last/none, in frame order and in key order`, async () => {
      for (const n of FRAME_SIZES) {
        const df = await dupFrame(n, n + 41);
        const rows = await df.toRecords();
        const keys = subset ?? [...df.names];
        const cases = [
          { keep: 'first', maintainOrder: true },
          { keep: 'last', maintainOrder: true },
          { keep: 'none', maintainOrder: true },
          { keep: 'first', maintainOrder: false },
          { keep: 'last', maintainOrder: false },
        ] as const;
        for (const c of cases) {
          const out = await frameParity(async () => (await dupFrame(n, n + 41)).unique({ subset, keep: c.keep, maintainOrder: c.maintainOrder }));
          expectRows(out, uniqueRef(rows, keys, c.keep, c.maintainOrder), df.names, `n=${n} subset=${keys} keep=${c.keep} order=${c.maintainOrder}`);
        }
      }
    });
  }

  it('defaults: every column, keep first, frame order; nulls equal nulls, NaN equals NaN, -0 equals +0', async () => {
    const make = () =>
      new gf.DataFrame({
        x: new Float64Array([NaN, 1, -0, NaN, 0, 1, 2]),
        s: ['a', null, 'b', 'a', 'b', null, 'c'],
      });
    const out = await frameParity(() => make().unique());
    // Duplicates of rows 0 (NaN, a), 1 (1, null) and 2 (-0, b) are dropped.
    expect(out.map((r) => r.s)).toEqual(['a', null, 'b', 'c']);
    expect(Object.is(out[2]!.x, -0)).toBe(true);
    const last = await frameParity(() => make().unique({ keep: 'last' }));
    // Last rows 3, 4, 5, 6 in frame order: row 4 is the +0 one.
    expect(last.map((r) => r.s)).toEqual(['a', 'b', null, 'c']);
    expect(Object.is(last[1]!.x, 0)).toBe(true);
    expect(await frameParity(() => make().unique({ keep: 'none' }))).toEqual([{ x: 2, s: 'c' }]);
  });

  it('edge cases and typed errors', async () => {
    expect(await frameParity(async () => (await dupFrame(0, 1)).unique())).toEqual([]);
    const df = new gf.DataFrame({ x: new Int32Array([1, 1]) });
    await expect(df.unique({ subset: 'nope' })).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(df.unique({ keep: 'some' as never })).rejects.toThrow(/unique: expected keep 'first' \| 'last' \| 'any' \| 'none', got 'some'/);
    await expect(df.unique({ subset: [] })).rejects.toThrow(gf.ValueError);
  });
});
