import { describe, expect, test } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import * as gf from 'gpuframe';
import { binaryColumn, exact, floatColumn, listColumn, randomListOfLists, randomStruct } from '../helpers/nested-columns.js';

function frame(cols: Record<string, gf.Column>): gf.DataFrame {
  return gf.DataFrame.fromTable({ names: Object.keys(cols), columns: Object.values(cols), numRows: Object.values(cols)[0]!.length });
}

/** hyparquet's undefined (a null inside a list) as null. */
function nullify(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(nullify);
  return v;
}

/** hyparquet's rows (the independent reader), one value list per column; bytes as Uint8Array. */
async function hyparquetColumns(bytes: Uint8Array, names: string[]): Promise<Record<string, unknown[]>> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = await parquetReadObjects({ file, utf8: false, compressors });
  return Object.fromEntries(names.map((n) => [n, rows.map((r) => nullify(r[n]))]));
}

describe('nested columns through Parquet', () => {
  test.each(['zstd', 'snappy', 'uncompressed'] as const)('list<list<float64>>, struct and binary keep every value and null at every level (%s, several row groups)', async (compression) => {
    const n = 400;
    const cols = { l: randomListOfLists(21, n), s: randomStruct(22, n), b: randomStruct(23, n).children[2]! };
    const df = frame(cols);
    const bytes = await gf.writeParquet(df, undefined, { compression, rowGroupSize: 97 });
    const back = await gf.readParquet(bytes);
    expect(back.schema).toEqual({ l: 'list', s: 'struct', b: 'binary' });
    for (const [name, c] of Object.entries(cols)) expect(exact(await back.column(name).toValues())).toEqual(exact(await c.toValues()));
    // A projection and a row-group selection keep the nested values of those rows.
    const part = await gf.readParquet(bytes, { columns: ['s', 'l'], rowGroups: [1, 3] });
    expect(part.names).toEqual(['s', 'l']);
    const rows = [...Array.from({ length: 97 }, (_, i) => 97 + i), ...Array.from({ length: 97 }, (_, i) => 291 + i)];
    const all = await cols.l.toValues();
    expect(exact(await part.column('l').toValues())).toEqual(exact(rows.map((r) => all[r])));
  });

  test('an independent reader (hyparquet) sees the same nested values', async () => {
    const n = 120;
    const l = randomListOfLists(31, n);
    const b = binaryColumn(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : Uint8Array.from({ length: i % 4 }, (_, k) => (i * 7 + k) & 255))));
    const bytes = await gf.writeParquet(frame({ l, b }));
    const hp = await hyparquetColumns(bytes, ['l', 'b']);
    expect(exact(hp.l)).toEqual(exact(await l.toValues()));
    expect(exact(hp.b)).toEqual(exact(await b.toValues()));
  });

  test('empty lists, all-null lists and zero rows', async () => {
    const l = listColumn([0, 0, 3, 0], [true, false, true, false], floatColumn([1, -0, NaN], [true, false, true]));
    const back = await gf.readParquet(await gf.writeParquet(frame({ l })));
    expect(exact(await back.column('l').toValues())).toEqual(exact([[], null, [1, null, NaN], null]));
    const none = listColumn([], [], floatColumn([], []));
    const empty = await gf.readParquet(await gf.writeParquet(frame({ none })));
    expect(empty.numRows).toBe(0);
    expect(empty.schema).toEqual({ none: 'list' });
  });

  test('unknown options are ValueErrors', async () => {
    const df = frame({ l: randomListOfLists(1, 3) });
    await expect(gf.writeParquet(df, undefined, { rowGroupsize: 3 } as never)).rejects.toThrow(gf.ValueError);
    await expect(gf.readParquet(await gf.writeParquet(df), { column: ['l'] } as never)).rejects.toThrow(/got unknown option 'column'/);
  });
});
