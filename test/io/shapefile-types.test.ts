import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as gf from 'gpuframe';
import { dbfBytes, shpBytes, type ShpRecord } from './shapefile-bytes.js';
import { TYPE_FIXTURES, UTM31N, WGS84, fixtureFiles } from './shapefile-types-fixtures.js';
import { rejection } from '../helpers/rejection.js';

// Golden from geopandas (OGR): scripts/golden/shapefile_types_reference.py.
const golden = JSON.parse(readFileSync(new URL('../fixtures/shapefile/types.json', import.meta.url), 'utf8'));
const TYPES = new URL('../fixtures/shapefile/types/', import.meta.url).pathname;
const SF = new URL('../fixtures/shapefile/sf/', import.meta.url).pathname;

type Geo = { type: string; coordinates: unknown } | null;
const COLUMN_TYPE: Record<number, string> = { 1: 'point', 3: 'multilinestring', 5: 'multipolygon', 8: 'multipoint' };

/** OGR's geometry as the column holds it: a single LineString or Polygon becomes its one-part multi. */
function promote(g: Geo): Geo {
  if (g === null) return null;
  if (g.type === 'LineString') return { type: 'MultiLineString', coordinates: [g.coordinates] };
  if (g.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [g.coordinates] };
  return g;
}

/** A shapefile of `records` with an 'id' attribute, written to a temp folder; returns the .shp path. */
function write(records: ShpRecord[], shapeType: number, shp = shpBytes(records, shapeType)): string {
  const dir = mkdtempSync(join(tmpdir(), 'gf-shpt-'));
  writeFileSync(join(dir, 't.shp'), shp);
  writeFileSync(join(dir, 't.dbf'), dbfBytes([{ name: 'id', type: 'N', length: 5 }], records.map((_, i) => [String(i)])));
  return join(dir, 't.shp');
}

describe('readShapefile of every shape type, against geopandas', () => {
  it('the committed fixtures are what shapefile-types-fixtures.ts writes', () => {
    if (process.env.GPUFRAME_WRITE_SHP_FIXTURES) mkdirSync(TYPES, { recursive: true });
    for (const f of TYPE_FIXTURES) {
      for (const [ext, bytes] of Object.entries(fixtureFiles(f))) {
        const path = join(TYPES, `${f.name}.${ext}`);
        if (process.env.GPUFRAME_WRITE_SHP_FIXTURES) writeFileSync(path, bytes);
        const want = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
        expect(new Uint8Array(readFileSync(path)), path).toEqual(want);
      }
    }
    expect(Object.keys(golden.crafted).sort()).toEqual(TYPE_FIXTURES.map((f) => f.name).sort());
  });

  for (const f of TYPE_FIXTURES) {
    it(`${f.name} (shape type ${f.shapeType}): column type, exact coordinates, parts, nulls, CRS`, async () => {
      const want = golden.crafted[f.name];
      const t = await gf.readShapefile(join(TYPES, `${f.name}.shp`), { reproject: false });
      expect(t.names).toEqual(['id', 'geometry']);
      expect(await t.column('id').toValues()).toEqual(want.ids);
      const g = t.column('geometry');
      expect(g.type).toBe(COLUMN_TYPE[f.shapeType % 10]);
      expect(await g.toValues()).toEqual((want.features as Geo[]).map(promote));
      expect(g.crs).toBe(f.prj);
      expect(want.epsg).toBe(f.prj === WGS84 ? 4326 : f.prj === UTM31N ? 32631 : null);
    });
  }

  it('a projected .prj reprojects to lon/lat as pyproj does; the column says OGC:CRS84', async () => {
    const want = golden.crafted.multipoint_utm;
    const g = (await gf.readShapefile(join(TYPES, 'multipoint_utm.shp'))).column('geometry');
    expect(g.crs).toBe('OGC:CRS84');
    const got = (await g.toValues()) as Array<{ type: string; coordinates: number[][] }>;
    got.forEach((v, i) => {
      expect(v.type).toBe('MultiPoint');
      const ref = want.lonlat[i].coordinates as number[][];
      expect(v.coordinates.length).toBe(ref.length);
      v.coordinates.forEach((p, j) => {
        expect(p[0]).toBeCloseTo(ref[j]![0]!, 9);
        expect(p[1]).toBeCloseTo(ref[j]![1]!, 9);
      });
    });
  });

  it('GeoArrow layout: polylines as multilinestrings (one part stays one line), nulls and empty shapes as null rows', async () => {
    const g = (await gf.readShapefile(join(TYPES, 'polylinez.shp'))).column('geometry');
    expect([...(await g.data.toArray())]).toEqual([0, 1, 1, 4, 4]);
    expect([...(await g.child.data.toArray())]).toEqual([0, 2, 5, 7, 10]);
    expect([...(await g.child.child.data.toArray())]).toEqual([0, 0, 1, 1, 0, 0, 1, 0.5, 2, 0, 10, 10, 11, 11.25, -1, -1, -2, -2, -3, -1]);
    expect([...(await g.validity!.toArray())]).toEqual([0b0101]);
    const p = (await gf.readShapefile(join(TYPES, 'pointm.shp'))).column('geometry');
    const xy = [...(await p.data.toArray())];
    expect(xy.slice(0, 2)).toEqual([1.5, -2.25]);
    expect(xy.slice(2, 4)).toEqual([NaN, NaN]); // a null point's slot
    expect([...(await p.validity!.toArray())]).toEqual([0b1101]);
  });

  for (const name of ['storms_xyz', 'storms_xyzm'] as const) {
    it(`R sf's ${name} (PolyLine${name.endsWith('m') ? 'M' : 'Z'}): parts, vertices, ends, bboxes and coordinate sums bit-exact`, async () => {
      const want = golden.sf[name];
      const t = await gf.readShapefile(join(SF, `${name}.shp`));
      expect(t.numRows).toBe(want.numRows);
      const g = t.column('geometry');
      expect(g.type).toBe('multilinestring');
      expect(g.crs).toBeUndefined();
      const values = (await g.toValues()) as Array<{ coordinates: number[][][] }>;
      values.forEach((v, i) => {
        const w = want.features[i];
        const verts = v.coordinates.flat();
        let sx = 0;
        let sy = 0;
        for (const [x, y] of verts) (sx += x!), (sy += y!);
        const xs = verts.map((p) => p[0]!);
        const ys = verts.map((p) => p[1]!);
        expect(
          { parts: v.coordinates.length, n: verts.length, first: verts[0], last: verts.at(-1), bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], sx, sy },
          `feature ${i}`,
        ).toEqual({ parts: w.numParts, n: w.numVertices, first: w.first, last: w.last, bbox: w.bbox, sx: w.xSum, sy: w.ySum });
        expect(w.type, `feature ${i}`).toBe(v.coordinates.length === 1 ? 'LineString' : 'MultiLineString');
      });
    });
  }
});

describe('readShapefile errors for every shape type', () => {
  /** A file of the given records with content bytes of record `k` changed by `edit` (offsets from the content start). */
  function edited(records: ShpRecord[], shapeType: number, k: number, edit: (v: DataView, content: number) => void): string {
    const shp = shpBytes(records, shapeType);
    const v = new DataView(shp.buffer);
    let at = 100;
    for (let i = 0; i < k; i++) at += 8 + v.getInt32(at + 4, false) * 2;
    edit(v, at + 8);
    return write(records, shapeType, shp);
  }
  /** A file whose record `k` is cut to `keep` content bytes (record and file lengths fixed up), so only the record is short. */
  function shortRecord(records: ShpRecord[], shapeType: number, k: number, keep: number): string {
    const full = shpBytes(records, shapeType);
    const v = new DataView(full.buffer);
    let at = 100;
    for (let i = 0; i < k; i++) at += 8 + v.getInt32(at + 4, false) * 2;
    const len = v.getInt32(at + 4, false) * 2;
    const out = new Uint8Array(full.length - (len - keep));
    out.set(full.subarray(0, at + 8 + keep));
    out.set(full.subarray(at + 8 + len), at + 8 + keep);
    const o = new DataView(out.buffer);
    o.setInt32(at + 4, keep / 2, false);
    o.setInt32(24, out.length / 2, false);
    return write(records, shapeType, out);
  }
  const expectParse = async (path: string, ...parts: Array<string | RegExp>) => {
    const e = (await rejection(gf.readShapefile(path))) as gf.ParseError;
    expect(e).toBeInstanceOf(gf.ParseError);
    expect(e.file).toBe(path);
    for (const p of parts) expect(e.message).toMatch(p);
  };
  const pts = [[0, 0], [1, 1], [2, 3]];

  it('short Point, PointZ and MultiPoint records are ParseErrors naming the record', async () => {
    await expectParse(shortRecord([[0, 0], [1, 1]], 1, 1, 12), 'record 2 (feature 1)', 'x and y');
    await expectParse(shortRecord([[0, 0, 5], [1, 1, 6]], 11, 0, 20), 'record 1 (feature 0)', 'x, y and z');
    await expectParse(shortRecord([pts], 18, 0, 40 + 16 * 3), 'record 1 (feature 0)', '3 points with z');
    await expectParse(edited([pts, pts], 8, 1, (v, c) => v.setInt32(c + 36, 1_000_000, true)), 'record 2 (feature 1)', '1000000 points');
    await expectParse(edited([pts], 28, 0, (v, c) => v.setInt32(c + 36, -1, true)), 'record 1 (feature 0)', '-1 points');
  });

  it('corrupt PolyLine records are ParseErrors naming the record; a PolyLineZ without its Z section too', async () => {
    const line: ShpRecord = [[[0, 0], [1, 1]], [[2, 2], [3, 3]]];
    await expectParse(edited([line], 3, 0, (v, c) => v.setInt32(c + 48, 9, true)), 'record 1 (feature 0)', 'part 0 spanning points [0, 9) of 4');
    await expectParse(edited([line, line], 13, 1, (v, c) => v.setInt32(c + 40, 100, true)), 'record 2 (feature 1)', 'with 2 parts and 100 points');
    const z: ShpRecord = [[[0, 0, 1], [1, 1, 2]]];
    await expectParse(shortRecord([z], 13, 0, 44 + 4 + 32), 'record 1 (feature 0)', '(with z)');
  });

  it('a record of another shape type, a truncated file and a MultiPatch file are ParseErrors', async () => {
    await expectParse(edited([[0, 0], [1, 1]], 1, 1, (v, c) => v.setInt32(c, 11, true)), 'shape type 11 (PointZ) in record 2 (feature 1) of a type-1 (Point) file');
    const full = shpBytes([pts, pts], 8);
    const path = write([pts, pts], 8, full.subarray(0, full.length - 5));
    await expectParse(path, /truncated/);
    const patch = shpBytes([], 1);
    new DataView(patch.buffer).setInt32(32, 31, true);
    await expectParse(write([], 31, patch), 'MultiPatch');
  });

  it('a line part of fewer than 2 vertices is a GeometryError naming file, record and part', async () => {
    for (const shapeType of [3, 13, 23]) {
      const third = shapeType === 3 ? [] : [7];
      const path = write([[[[0, 0, ...third], [1, 1, ...third]]], [[[0, 0, ...third], [1, 1, ...third]], [[5, 5, ...third]]]], shapeType);
      const e = await rejection(gf.readShapefile(path));
      expect(e).toBeInstanceOf(gf.GeometryError);
      expect(e.message).toContain(path);
      expect(e.message).toContain('record 2 (feature 1), part 1');
      expect(e.message).toContain('at least 2 vertices, got 1');
    }
  });

  it('open rings in PolygonZ and PolygonM files are GeometryErrors naming the ring', async () => {
    for (const shapeType of [15, 25]) {
      const open = [[0, 0, 1], [0, 1, 1], [1, 1, 1], [1, 0, 1], [0.5, 0, 1]];
      const e = await rejection(gf.readShapefile(write([[open]], shapeType)));
      expect(e).toBeInstanceOf(gf.GeometryError);
      expect(e.message).toContain('record 1 (feature 0), ring 0');
      expect(e.message).toContain('closed');
    }
  });

  it('a .dbf whose record count differs is a ParseError for points too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-shpt-'));
    writeFileSync(join(dir, 'p.shp'), shpBytes([[0, 0], null, [1, 1]], 1));
    writeFileSync(join(dir, 'p.dbf'), dbfBytes([{ name: 'id', type: 'N', length: 5 }], [['0']]));
    const e = (await rejection(gf.readShapefile(join(dir, 'p.shp')))) as gf.ParseError;
    expect(e).toBeInstanceOf(gf.ParseError);
    expect(e.file).toBe(join(dir, 'p.dbf'));
    expect(e.message).toContain('expected 3 .dbf records');
  });
});
