import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../../helpers/frames.js';

describe('DataFrame.fromRecords', () => {
  it('infers types as Polars and keeps nulls and missing keys as null', async () => {
    const rows = [
      { a: 1, b: 1.5, c: 'x', d: true, e: 2n ** 60n, f: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)), g: null, h: 1 },
      { a: -2, b: 2, c: null, d: false, e: -3n, f: null, h: 2.5 },
      { a: null, b: null, c: 'a', d: null, e: null, f: new Date(0), g: undefined, h: 3 },
    ];
    const df = gf.DataFrame.fromRecords(rows);
    expect(df.schema).toEqual({ a: 'int64', b: 'float64', c: 'utf8', d: 'bool', e: 'int64', f: 'timestamp', g: 'float64', h: 'float64' });
    expect(df.column('f').unit).toBe('ms');
    const got = await frameParity(() => gf.DataFrame.fromRecords(rows));
    expect(got).toEqual([
      { a: 1n, b: 1.5, c: 'x', d: true, e: 2n ** 60n, f: BigInt(Date.UTC(2020, 0, 2, 3, 4, 5, 6)), g: null, h: 1 },
      { a: -2n, b: 2, c: null, d: false, e: -3n, f: null, g: null, h: 2.5 },
      { a: null, b: null, c: 'a', d: null, e: null, f: 0n, g: null, h: 3 },
    ]);
  });

  it('takes a schema, and round-trips toRecords', async () => {
    const rows = [{ x: 1, s: 'b' }, { x: null, s: 'a' }];
    const df = gf.DataFrame.fromRecords(rows, { schema: { x: 'int32', s: 'categorical' } });
    expect(df.schema).toEqual({ x: 'int32', s: 'categorical' });
    expect(await df.toRecords()).toEqual(rows);
    const back = gf.DataFrame.fromRecords(await df.toRecords(), { schema: df.schema });
    expect(await back.toRecords()).toEqual(rows);
    expect(gf.DataFrame.fromRecords([]).numRows).toBe(0);
  });

  it('names the column and row of a mixed or unfit value', () => {
    expect(() => gf.DataFrame.fromRecords([{ a: 1 }, { a: 'x' }])).toThrow(/column 'a'.*row 1/);
    expect(() => gf.DataFrame.fromRecords([{ a: 1 }, { a: 2 }, { a: {} }])).toThrow(gf.DTypeError);
    expect(() => gf.DataFrame.fromRecords([{ a: 1.5 }], { schema: { a: 'int32' } })).toThrow(/int32 in column 'a'.*row 0/);
    expect(() => gf.DataFrame.fromRecords([{ a: 2 ** 40 }], { schema: { a: 'int32' } })).toThrow(gf.DTypeError);
  });
});
