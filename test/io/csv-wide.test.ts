// Wide CSV files (issue 16, slow input): a one-row file of 100,000 columns and a file of
// 10,000 columns × 100 rows read with the right names and values by both engines, and the frame
// built from them answers select, filter and toRecords. How fast they parse is a benchmark
// (bench/csv.mjs, BENCHMARKS.md), not asserted here.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { dump } from '../helpers/csv-files.js';

const enc = new TextEncoder();

/** The keys where two records differ (the first 5): cheaper than a deep equality on 100,000 keys. */
function differences(got: Record<string, unknown> | undefined, want: Record<string, unknown>): string[] {
  const keys = Object.keys(want);
  const out = keys.filter((k) => !Object.is(got?.[k], want[k])).slice(0, 5).map((k) => `${k}: ${String(got?.[k])} ≠ ${String(want[k])}`);
  if (Object.keys(got ?? {}).length !== keys.length) out.push(`${Object.keys(got ?? {}).length} keys ≠ ${keys.length}`);
  return out;
}

/** A table's dump as one string (bytes, dictionaries, names): equal strings, equal tables. */
const digest = async (t: gf.DataFrame): Promise<string> => JSON.stringify(await dump(t));

/** One-row file: column k holds an int32, a float, a word, a null or a bool (k mod 5). */
function oneRowCell(k: number): string {
  return [String(k - 50_000), String(k / 4 + 0.125), `w${k % 97}`, '', k % 2 ? 'true' : 'false'][k % 5]!;
}
function oneRowValue(k: number): unknown {
  return [k - 50_000, k / 4 + 0.125, `w${k % 97}`, null, k % 2 === 1][k % 5];
}

/** 10,000 × 100: column k mod 4 = 0 turns from integers to text at row k mod 100 (0: text from the start). */
function cell(r: number, k: number): string {
  switch (k % 4) {
    case 0:
      return r < k % 100 ? String(r * k) : `t${(r + k) % 7}`;
    case 1:
      return String(r * 1000 + k);
    case 2:
      return r % 10 === 3 ? '' : String((r + k) / 8);
    default:
      return (r + k) % 3 === 0 ? 'true' : 'false';
  }
}
function value(r: number, k: number): unknown {
  switch (k % 4) {
    case 0:
      return cell(r, k);
    case 1:
      return r * 1000 + k;
    case 2:
      return r % 10 === 3 ? null : (r + k) / 8;
    default:
      return (r + k) % 3 === 0;
  }
}

const WIDE = 100_000;
const wideNames = Array.from({ length: WIDE }, (_, k) => (k === 7 ? '' : `col ${k}`)); // an empty name becomes column_8
const wideText = `${wideNames.join(',')}\n${Array.from({ length: WIDE }, (_, k) => oneRowCell(k)).join(',')}\n`;

const C = 10_000;
const R = 100;
const names = Array.from({ length: C }, (_, k) => `c${k}`);
const lines = [names.join(',')];
for (let r = 0; r < R; r++) lines.push(Array.from({ length: C }, (_, k) => cell(r, k)).join(','));
const tallText = lines.join('\n') + '\n';

describe('readCSV on wide files', () => {
  it('a one-row file of 100,000 columns: names and values, the same table from both engines', async () => {
    const fast = await gf.readCSV(enc.encode(wideText), { engine: 'fast' });
    const papa = await gf.readCSV(enc.encode(wideText), { engine: 'papaparse' });
    expect(fast.numRows).toBe(1);
    expect(fast.columns.length).toBe(WIDE);
    expect(fast.columns).toEqual(wideNames.map((n, k) => (n === '' ? `column_${k + 1}` : n)));
    const [row] = await fast.toRecords();
    const want: Record<string, unknown> = {};
    fast.columns.forEach((n, k) => (want[n] = oneRowValue(k)));
    expect(differences(row, want)).toEqual([]);
    expect(fast.schema['col 0']).toBe('int32');
    expect(fast.schema['col 1']).toBe('float64');
    expect(fast.schema['col 2']).toBe('utf8');
    expect(fast.schema['col 4']).toBe('bool');
    expect(await digest(fast)).toBe(await digest(papa));
  });

  it('a duplicate name at the end of a 100,000-column header is a ParseError naming it, from both engines', async () => {
    const text = `${Array.from({ length: WIDE }, (_, k) => (k === WIDE - 1 ? 'c12' : `c${k}`)).join(',')}\n${'1,'.repeat(WIDE - 1)}1\n`;
    for (const engine of ['fast', 'papaparse'] as const) {
      const e = await gf.readCSV(text, { engine }).then(
        () => undefined,
        (err: unknown) => err as gf.ParseError,
      );
      expect(e).toBeInstanceOf(gf.ParseError);
      expect(e!.message).toContain("got 'c12' twice");
      expect(e!.row).toBe(1);
    }
  });

  it('columns and dtypes on a wide header: the chosen columns, and a missing one named with the list shortened', async () => {
    const df = await gf.readCSV(tallText, { columns: ['c9999', 'c1', 'c4'], dtypes: { c1: 'int64' } });
    expect(df.columns).toEqual(['c9999', 'c1', 'c4']);
    expect(df.schema).toEqual({ c9999: 'bool', c1: 'int64', c4: 'utf8' });
    expect(await df.column('c1').toValues()).toEqual(Array.from({ length: R }, (_, r) => BigInt(value(r, 1) as number)));
    const e = await gf.readCSV(tallText, { columns: ['nope'] }).then(
      () => undefined,
      (err: unknown) => err as gf.GpuframeError,
    );
    expect(e).toBeInstanceOf(gf.ColumnNotFoundError);
    expect(e!.message).toMatch(/expected a column in \[c0, c1, .*c19, \.\.\. 9980 more\], got 'nope'/);
    expect(e!.message.length).toBeLessThan(400);
  });

  it('10,000 columns × 100 rows (text appearing late in a column): values by both engines, one thread and the default', async () => {
    const one = await gf.readCSV(tallText, { threads: 1 });
    expect(one.columns).toEqual(names);
    expect(one.numRows).toBe(R);
    const rows = await one.toRecords();
    for (const r of [0, 1, 37, 50, 99]) {
      const want: Record<string, unknown> = {};
      names.forEach((n, k) => (want[n] = value(r, k)));
      expect(differences(rows[r], want), `row ${r}`).toEqual([]);
    }
    // every row of the columns that turn to text late (interned after the fact)
    for (const k of [4, 8, 96, 9996]) expect(await one.column(`c${k}`).toValues()).toEqual(Array.from({ length: R }, (_, r) => cell(r, k)));
    expect(one.schema.c4).toBe('utf8');
    expect(one.schema.c5).toBe('int32');
    expect(one.schema.c6).toBe('float64');
    expect(one.schema.c7).toBe('bool');
    const want = await digest(one);
    expect(await digest(await gf.readCSV(tallText, { engine: 'papaparse' }))).toBe(want);
    expect(await digest(await gf.readCSV(enc.encode(tallText)))).toBe(want); // 5 MB: threads by default
  });

  it('the 10,000-column frame: select, filter, drop and toRecords', async () => {
    const df = await gf.readCSV(tallText, { threads: 1 });
    const picked = names.filter((_, k) => k % 3 === 0);
    const s = df.select(picked);
    expect(s.columns).toEqual(picked);
    const f = await df.filter(gf.col('c1').gt(49_999)); // rows 50..99
    expect(f.numRows).toBe(50);
    const recs = await f.toRecords();
    expect(recs.map((x) => x.c1)).toEqual(Array.from({ length: 50 }, (_, i) => value(50 + i, 1)));
    expect(recs[10]!.c9998).toBe(value(60, 9998));
    expect(recs[10]!.c4).toBe(value(60, 4));
    const d = df.drop(['c0', 'c9999']);
    expect(d.columns.length).toBe(C - 2);
    expect(d.columns[0]).toBe('c1');
    expect(await s.select('c9999').column('c9999').toValues()).toEqual(Array.from({ length: R }, (_, r) => value(r, 9999)));
  });

  it('select and drop take an array of 200,000 names (no spread of the array into arguments)', async () => {
    const n = 200_000;
    const many = Array.from({ length: n }, (_, k) => `k${k}`);
    const df = new gf.DataFrame(many.map((name, k) => [name, new Int32Array([k])] as const));
    const s = df.select(many.slice().reverse());
    expect(s.columns.length).toBe(n);
    expect(s.columns[0]).toBe(`k${n - 1}`);
    expect(await s.column('k5').toValues()).toEqual([5]);
    expect(df.drop(many.slice(1)).columns).toEqual(['k0']);
  });
});
