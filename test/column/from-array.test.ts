// Column.from on JS arrays: the value kind picks the type (strings utf8, numbers float64, bigints
// int64, booleans bool), nulls anywhere; a mixed array or a value that does not fit is a typed error.
import { expect, it } from 'vitest';
import * as gf from 'gpuframe';
it('Column.from JS arrays', async () => {
  const a = gf.Column.from([1.5, null, -2]);
  expect(a.type).toBe('float64'); expect(await a.toValues()).toEqual([1.5, null, -2]);
  const b = gf.Column.from([1n, null, 9007199254740993n]);
  expect(b.type).toBe('int64'); expect(await b.toValues()).toEqual([1n, null, 9007199254740993n]);
  const c = gf.Column.from([true, false, null]);
  expect(c.type).toBe('bool'); expect(await c.toValues()).toEqual([true, false, null]);
  expect(gf.Column.from([1, 2], undefined, 'int32').type).toBe('int32');
  expect(() => gf.Column.from([1.5], undefined, 'int32')).toThrow(/fit int32/);
  expect(() => gf.Column.from([1, 'a'] as never)).toThrow(gf.DTypeError);
  expect(gf.Column.from([null, null]).type).toBe('utf8');
  expect(gf.Column.from(['b', null]).type).toBe('utf8');
});

it('new DataFrame takes JS arrays of numbers, bigints and booleans by their kind, and names the column of a mixed one', async () => {
  const df = new gf.DataFrame({ x: [0, 1, 5], n: [1n, null, 3n], b: [true, null, false], s: ['a', null, 'b'] });
  expect(df.dtypes).toEqual(['float64', 'int64', 'bool', 'utf8']);
  expect(await df.toRecords()).toEqual([{ x: 0, n: 1n, b: true, s: 'a' }, { x: 1, n: null, b: null, s: null }, { x: 5, n: 3n, b: false, s: 'b' }]);
  expect(() => new gf.DataFrame({ m: [1, 'a'] as never })).toThrow(/DataFrame: column 'm': Column.from: expected numbers/);
});
