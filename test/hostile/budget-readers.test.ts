// Issue 16, "Sizes that would allocate more than a configurable budget (maxRows, or memory) are
// errors before allocation": where a file's header declares a row count (a .dbf's records, the
// .shp's records, a Parquet footer's num_rows, an Arrow record batch's length), the reader checks
// it against gf.setLimits before it decodes a value, and a count past the budget is a ValueError
// naming the reader, the count and the file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';
import { dbfBytes, shpBytes } from '../io/shapefile-bytes.js';

let before: gf.Limits;
beforeEach(() => {
  before = gf.limits();
});
afterEach(() => {
  gf.setLimits(before); // vitest runs files in one process: leave the budget as found
});

const frame = (n: number) => new gf.DataFrame({ x: Float64Array.from({ length: n }, (_, i) => i / 2), s: Array.from({ length: n }, (_, i) => `s${i % 3}`) });
const points = (n: number) => Array.from({ length: n }, (_, i) => [i, -i]);
const dbf = (n: number) => dbfBytes([{ name: 'id', type: 'N', length: 4 }], Array.from({ length: n }, (_, i) => [String(i)]));

describe('readers: declared row counts go through the size budget', () => {
  it('readShapefile: more .shp records than maxRows is a ValueError naming the .shp, before shpjs decodes', async () => {
    const files = { shp: shpBytes(points(5), 1), dbf: dbf(5) };
    gf.setLimits({ maxRows: 4 });
    const e = await rejection(gf.readShapefile(files));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toMatch(/^readShapefile: expected at most maxRows = 4 rows \(gf\.setLimits\), got 5 \(.*\.shp\)$/);
    gf.setLimits({ maxRows: 5 });
    expect((await gf.readShapefile(files)).numRows).toBe(5);
  });

  it('readShapefile: a .dbf declaring more records than maxRows is a ValueError naming the .dbf (before the record-count check)', async () => {
    // 2 shapes, 6 .dbf records: within the budget the reader says the counts differ (a ParseError);
    // past it, the budget speaks first, before a .dbf value is decoded.
    const files = { shp: shpBytes(points(2), 1), dbf: dbf(6) };
    expect(await rejection(gf.readShapefile(files))).toBeInstanceOf(gf.ParseError);
    gf.setLimits({ maxRows: 5 });
    const e = await rejection(gf.readShapefile(files));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toMatch(/^readShapefile: expected at most maxRows = 5 rows \(gf\.setLimits\), got 6 \(.*\.dbf\)$/);
  });

  it('readShapefile: the vertices count against maxBytes (16 bytes each)', async () => {
    const files = { shp: shpBytes([points(40)], 8), dbf: dbf(1) }; // one multipoint of 40 points
    gf.setLimits({ maxBytes: 639 });
    const e = await rejection(gf.readShapefile(files));
    expect(e.message).toMatch(/^readShapefile: expected an output of at most maxBytes = 639 bytes \(gf\.setLimits\), got 1 rows × 640 bytes = 640 bytes/);
    gf.setLimits({ maxBytes: 640 });
    expect((await gf.readShapefile(files)).numRows).toBe(1);
  });

  it('readParquet: the footer num_rows of the row groups read goes through maxRows and maxBytes', async () => {
    const bytes = await gf.writeParquet(frame(10), undefined, { rowGroupSize: 4 }); // groups of 4, 4, 2
    gf.setLimits({ maxRows: 9 });
    const e = await rejection(gf.readParquet(bytes));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toMatch(/^readParquet: expected at most maxRows = 9 rows \(gf\.setLimits\), got 10 \(<bytes>\)$/);
    // Row groups left out are not counted: 4 + 2 rows fit.
    const part = await gf.readParquet(bytes, { rowGroups: [0, 2] });
    expect(part.numRows).toBe(6);
    expect(await part.column('x').toValues()).toEqual([0, 0.5, 1, 1.5, 4, 4.5]);
    gf.setLimits({ maxRows: null, maxBytes: 16 });
    expect((await rejection(gf.readParquet(bytes))).message).toMatch(/^readParquet: expected an output of at most maxBytes = 16 bytes \(gf\.setLimits\), got 10 rows × \d+ bytes/);
  });

  it('readArrow: record batch lengths, summed over the stream or file, go through maxRows', async () => {
    for (const format of ['file', 'stream'] as const) {
      const bytes = await gf.writeArrow(frame(10), undefined, { format });
      gf.setLimits({ maxRows: 9 });
      const e = await rejection(gf.readArrow(bytes));
      expect(e).toBeInstanceOf(gf.ValueError);
      expect(e.message).toMatch(/^readArrow: expected at most maxRows = 9 rows \(gf\.setLimits\), got 10 \(<bytes>, message \d+\)$/);
      gf.setLimits({ maxRows: 10 });
      expect((await gf.readArrow(bytes)).numRows).toBe(10);
    }
  });

  it('the budget is restored: defaults read back', () => {
    expect(gf.limits()).toEqual(before);
  });
});
