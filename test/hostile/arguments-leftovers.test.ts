// Issue 16, "Every public function validates its arguments' types and ranges": the functions the
// argument sweep skipped at first (writers, text readers, DistanceMatrix, sjoin, hausdorff,
// frechet, new Column, When, the geometry constructors) name the bad argument in a typed error.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';

const df = () => new gf.DataFrame({ a: new Int32Array([3, 1, 2]) });

describe('arguments: the sweep leftovers are typed errors naming the argument', () => {
  it('writers: a non-frame is a ValueError naming the writer, a non-string path too; null options = no options', async () => {
    const writers = { writeCSV: gf.writeCSV, writeJSON: gf.writeJSON, writeNDJSON: gf.writeNDJSON, writeArrow: gf.writeArrow, writeParquet: gf.writeParquet, writeGeoJSON: gf.writeGeoJSON };
    for (const [name, w] of Object.entries(writers)) {
      const e = await rejection((w as (...a: unknown[]) => Promise<unknown>)({ names: ['a'] }));
      expect(e).toBeInstanceOf(gf.ValueError);
      expect(e.message).toBe(`${name}: expected a DataFrame, got an object`);
      // A number would be a file descriptor to node:fs: refused before any write.
      const p = await rejection((w as (...a: unknown[]) => Promise<unknown>)(df(), 3));
      expect(p.message).toBe(`${name}: expected the path as a string or undefined, got 3`);
    }
    expect(await gf.writeCSV(df(), undefined, null as never)).toBe('a\n3\n1\n2\n');
  });

  it('text readers and readShapefile take null options as no options', async () => {
    expect((await gf.readCSV('a\n1\n', null as never)).numRows).toBe(1);
    expect((await gf.readJSON('[{"a": 1}]', null as never)).numRows).toBe(1);
    expect((await gf.readNDJSON('{"a": 1}\n', null as never)).numRows).toBe(1);
    const e = await rejection(gf.readShapefile({ shp: new Uint8Array(4) } as never, null as never));
    expect(e).toBeInstanceOf(gf.GpuframeError);
  });

  it('DistanceMatrix: fromArray and the constructor name the bad argument; a huge n is over the budget before allocating', () => {
    expect(() => gf.DistanceMatrix.fromArray('x' as never)).toThrow(gf.ValueError);
    expect(() => gf.DistanceMatrix.fromArray('x' as never)).toThrow(/^DistanceMatrix\.fromArray: expected a Float64Array or an array of rows, got 'x'$/);
    expect(() => gf.DistanceMatrix.fromArray([[0, 1], null] as never)).toThrow(/expected row 1 as an array of numbers, got null/);
    expect(() => gf.DistanceMatrix.fromArray(new Float64Array(4), -2)).toThrow(/expected n as a non-negative integer or undefined, got -2/);
    const huge = new Array(100_000); // 100,000² × 8 bytes = 80 GB, past the default maxBytes
    expect(() => gf.DistanceMatrix.fromArray(huge)).toThrow(/^DistanceMatrix\.fromArray: expected an output of at most maxBytes/);
    expect(() => new gf.DistanceMatrix(NaN, [])).toThrow(/^DistanceMatrix: expected n as a non-negative integer, got NaN$/);
    expect(() => new gf.DistanceMatrix(1, null as never)).toThrow(/expected bands as an array of row bands, got null/);
    expect(() => new gf.DistanceMatrix(1, [{ start: 0, rows: 1, data: new Float64Array(1) }] as never)).toThrow(/expected band 0 as \{ start, rows, data: DataBuffer \}, got a Float64Array|got an object/);
  });

  it('sjoin, hausdorff and frechet name a non-frame argument', async () => {
    expect((await rejection(gf.sjoin(null as never, df()))).message).toBe('sjoin: expected points as a DataFrame, got null');
    expect((await rejection(gf.sjoin(df(), 'x' as never))).message).toBe("sjoin: expected polygons as a DataFrame, got 'x'");
    expect((await rejection(gf.hausdorff('x' as never, 'x'))).message).toBe("hausdorff: expected a DataFrame before the column name, got 'x'");
    expect((await rejection(gf.frechet({} as never, 'geometry'))).message).toBe('frechet: expected a DataFrame before the column name, got an object');
  });

  it('new Column names the missing or wrong field', () => {
    expect(() => new gf.Column(null as never)).toThrow(/^Column: expected an init object \{ type, data, … \}, got null$/);
    expect(() => new gf.Column({ type: 'int128', data: gf.array(new Int32Array(1)) } as never)).toThrow(/^Column: expected type as one of bool, .*got 'int128'$/);
    expect(() => new gf.Column({ type: 'int32', data: new Int32Array(1) } as never)).toThrow(/^Column: expected data as a DataBuffer \(gf\.array\), got a Int32Array$/);
    expect(() => new gf.Column({ type: 'int32', data: gf.array(new Int32Array(1)), validity: gf.array(new Int32Array(1)) } as never)).toThrow(/expected validity as a uint8 DataBuffer/);
    expect(() => new gf.Column({ type: 'utf8', data: gf.array(new Uint32Array(1)), dictionary: [1] } as never)).toThrow(/expected dictionary as an array of strings/);
    expect(() => new gf.Column({ type: 'timestamp', data: gf.array(new BigInt64Array(1)), unit: 'h' } as never)).toThrow(/expected unit as 's', 'ms', 'us' or 'ns', got 'h'/);
    expect(new gf.Column({ type: 'int32', data: gf.array(new Int32Array([7])) }).length).toBe(1);
  });

  it('new When refuses what gf.when never builds; awaiting a When is a typed rejection', async () => {
    expect(() => new gf.When(null as never, null as never)).toThrow(/^When: expected the earlier branches as an array/);
    expect(() => new gf.When([], {} as never)).toThrow(/^When: expected the condition as an expression node/);
    // A When has a then(): await treats it as a thenable and passes functions, a typed error.
    const e = await rejection(Promise.resolve().then(() => gf.when(gf.col('a').gt(1)) as unknown));
    expect(e).toBeInstanceOf(gf.ValueError);
  });

  it('geometry constructors: fromGeoJSON, fromWKB/WKT, toWKB/WKT and commonGeometryType name the bad argument', () => {
    expect(() => gf.geo.fromGeoJSON(null as never)).toThrow(/^fromGeoJSON: expected an array of GeoJSON geometries \(or nulls\), got null$/);
    expect(() => gf.geo.fromGeoJSON([], { chekRings: false } as never)).toThrow(gf.ValueError);
    expect(() => gf.geo.fromGeoJSON([], { checkRings: 'no' } as never)).toThrow(/expected checkRings as a boolean, got 'no'/);
    expect(gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2] }], null as never).length).toBe(1);
    for (const [name, f] of Object.entries({ fromWKB: gf.geo.fromWKB, fromWKT: gf.geo.fromWKT, toWKB: gf.geo.toWKB, toWKT: gf.geo.toWKT })) {
      expect(() => (f as (c: unknown) => unknown)(undefined)).toThrow(gf.ValueError);
      expect(() => (f as (c: unknown) => unknown)(undefined)).toThrow(`${name}: expected a Column, got undefined`);
    }
    expect(() => gf.geo.commonGeometryType(null as never)).toThrow(/^geometry: expected an iterable of geometry type names, got null$/);
    expect(() => gf.geo.commonGeometryType('x' as never)).toThrow(gf.ValueError);
    expect(() => gf.geo.commonGeometryType(['point', 'x'] as never)).toThrow(/expected geometry type names \(point \| .*\), got 'x'/);
    expect(gf.geo.commonGeometryType(new Set(['point', 'multipoint'] as const))).toBe('multipoint');
  });
});
