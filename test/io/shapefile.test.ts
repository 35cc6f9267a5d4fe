import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as gf from 'gpuframe';
import { ccwSquare, cwSquare, dbfBytes, shpBytes, zipBytes, type RecordRings } from './shapefile-bytes.js';
import { rejection } from '../helpers/rejection.js';

// Golden from geopandas/fiona (OGR): scripts/golden/shapefile_reference.py.
const golden = JSON.parse(readFileSync(new URL('../fixtures/shapefile/naturalearth_lowres.json', import.meta.url), 'utf8'));
const DIR = 'data/naturalearth_lowres';
const SHP = `${DIR}/naturalearth_lowres.shp`;
const files = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => `naturalearth_lowres.${e}`);

const tmp = () => mkdtempSync(join(tmpdir(), 'gf-shp-'));
const col = (t: gf.DataFrame, name: string) => t.column(name);

type MultiPolygon = { type: 'MultiPolygon'; coordinates: number[][][][] };
const geometry = (t: { column(name: string): gf.Column }) => t.column('geometry');

/** The four flat host buffers of a multipolygon column (GeoArrow: polygons → rings → vertices). */
async function layout(g: gf.Column) {
  expect(g.type).toBe('multipolygon');
  return {
    coords: [...(await g.child.child.child.data.toArray())],
    ringOffsets: [...(await g.child.child.data.toArray())],
    partOffsets: [...(await g.child.data.toArray())],
    geomOffsets: [...(await g.data.toArray())],
  };
}

/** Feature i's polygons (each a list of rings), or null for a null geometry. */
async function polygon(g: gf.Column, i: number): Promise<number[][][][] | null> {
  const v = (await g.toValues())[i] as MultiPolygon | null;
  if (v === null) return null;
  expect(v.type).toBe('MultiPolygon');
  return v.coordinates;
}

const FIELDS = [{ name: 'id', type: 'N', length: 5 }] as const;
/** A shapefile of the given records with an 'id' attribute, written to a temp folder; returns the .shp path. */
function writeShapefile(records: RecordRings[], extra: { prj?: string; shapeType?: number } = {}): string {
  const dir = tmp();
  writeFileSync(join(dir, 't.shp'), shpBytes(records, extra.shapeType));
  writeFileSync(join(dir, 't.dbf'), dbfBytes([...FIELDS], records.map((_, i) => [String(i)])));
  if (extra.prj) writeFileSync(join(dir, 't.prj'), extra.prj);
  return join(dir, 't.shp');
}

describe('readShapefile on Natural Earth lowres countries, against geopandas', () => {
  it('has geopandas’ rows, columns and attribute values', async () => {
    const w = await gf.readShapefile(SHP);
    expect(w.numRows).toBe(golden.numRows);
    expect(geometry(w).length).toBe(golden.numRows);
    expect(geometry(w).type).toBe('multipolygon');
    expect(w.names).toEqual([...golden.columns, 'geometry']);
    expect(Object.fromEntries(w.names.map((n, i) => [n, w.getColumns()[i]!.type]))).toEqual({
      pop_est: 'float64', // N 24.15: float64, as in geopandas
      continent: 'utf8',
      name: 'utf8',
      iso_a3: 'utf8',
      gdp_md_est: 'int32', // N 18.0 whose values all fit int32 (geopandas: int64, by width)
      geometry: 'multipolygon',
    });
    for (const n of golden.columns as string[]) {
      const got = await col(w, n).toValues();
      expect(got, n).toEqual(golden.features.map((f: Record<string, unknown>) => f[n]));
      if (col(w, n).type === 'utf8') expect([...col(w, n).dictionary!].sort()).toEqual(col(w, n).dictionary);
    }
    expect((await col(w, 'name').toValues()).includes("Côte d'Ivoire")).toBe(true); // ISO-8859-1 .cpg
  });

  it('has geopandas’ geometry: types, parts, rings, vertices, orientation, first vertices, bboxes (bit-exact)', async () => {
    const w = await gf.readShapefile(SHP);
    const values = (await geometry(w).toValues()) as MultiPolygon[];
    for (const f of golden.features) {
      const parts = values[f.index]!.coordinates;
      const what = `${f.name} (${f.index})`;
      expect(parts.length > 1 ? 'MultiPolygon' : 'Polygon', what).toBe(f.type);
      expect(parts.length, what).toBe(f.numParts);
      parts.forEach((rings, p) => {
        const want = f.parts[p];
        expect(rings.map((r) => r.length), `${what} part ${p}`).toEqual(want.vertices);
        expect(rings[0]![0], `${what} part ${p}`).toEqual(want.firstVertex);
        expect(Math.sign(shoelace(rings[0]!)), `${what} part ${p}`).toBe(want.exteriorSign);
      });
      const xs = parts.flat(2).map((v) => v[0]!);
      const ys = parts.flat(2).map((v) => v[1]!);
      expect([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], what).toEqual(f.bbox);
    }
  });

  it('France is a MultiPolygon of 3 parts; Lesotho punches a hole in South Africa', async () => {
    const w = await gf.readShapefile(SHP);
    const names = (await col(w, 'name').toValues()) as string[];
    const france = (await polygon(geometry(w), names.indexOf('France')))!;
    expect(france.length).toBe(3);
    const rsa = (await polygon(geometry(w), names.indexOf('South Africa')))!;
    expect(rsa.length).toBe(1);
    expect(rsa[0]!.length).toBe(2); // exterior + one hole
    const lesotho = (await polygon(geometry(w), names.indexOf('Lesotho')))!;
    const key = (r: number[][]) => r.map((v) => v.join(',')).sort();
    expect(key(rsa[0]![1]!)).toEqual(key(lesotho[0]![0]!));
    expect(Math.sign(shoelace(rsa[0]![1]!))).toBe(1); // holes counter-clockwise, as in the file
  });

  it('reads the same from a .zip (deflated or stored) and from buffers', async () => {
    const ref = await gf.readShapefile(SHP);
    const bytes = Object.fromEntries(files.map((f) => [f, new Uint8Array(readFileSync(join(DIR, f)))]));
    const dir = tmp();
    for (const deflate of [true, false]) {
      const zip = join(dir, `world-${deflate}.zip`);
      writeFileSync(zip, zipBytes(Object.fromEntries(files.map((f) => [`countries/${f}`, bytes[f]!])), deflate));
      const z = await gf.readShapefile(zip);
      expect(await layout(geometry(z))).toEqual(await layout(geometry(ref)));
      expect(await col(z, 'name').toValues()).toEqual(await col(ref, 'name').toValues());
    }
    const b = await gf.readShapefile({
      shp: bytes['naturalearth_lowres.shp']!.buffer as ArrayBuffer,
      dbf: bytes['naturalearth_lowres.dbf']!,
      prj: readFileSync(join(DIR, 'naturalearth_lowres.prj'), 'utf8'),
      cpg: bytes['naturalearth_lowres.cpg']!,
    });
    expect(await layout(geometry(b))).toEqual(await layout(geometry(ref)));
    expect(await col(b, 'name').toValues()).toEqual(await col(ref, 'name').toValues());
  });
});

describe('readShapefile layout and typing on crafted files', () => {
  it('builds GeoArrow offsets: holes kept, polygons as one-part multipolygons, null shapes empty', async () => {
    const records: RecordRings[] = [
      [cwSquare(0, 0, 10), ccwSquare(2, 2, 2), cwSquare(20, 0, 1)], // two parts, the first with a hole
      null,
      [cwSquare(5, 5, 1)],
    ];
    const t = await gf.readShapefile(writeShapefile(records));
    expect(t.numRows).toBe(3);
    const l = await layout(geometry(t));
    expect(l.geomOffsets).toEqual([0, 2, 2, 3]);
    expect(l.partOffsets).toEqual([0, 2, 3, 4]);
    expect(l.ringOffsets).toEqual([0, 5, 10, 15, 20]);
    expect(l.coords.slice(0, 10)).toEqual(cwSquare(0, 0, 10).flat());
    expect(l.coords.slice(10, 20)).toEqual(ccwSquare(2, 2, 2).flat());
    expect([...(await geometry(t).validity!.toArray())]).toEqual([0b101]);
    expect(await polygon(geometry(t), 1)).toBeNull();
    expect(await col(t, 'id').toValues()).toEqual([0, 1, 2]);
  });

  it('types .dbf fields: exact int64, float64 by decimals, utf8 and bool with nulls, dates', async () => {
    const dir = tmp();
    const recs = [[cwSquare(0, 0, 1)], [cwSquare(1, 1, 1)], [cwSquare(2, 2, 1)]];
    writeFileSync(join(dir, 'a.shp'), shpBytes(recs));
    const fields = [
      { name: 'big', type: 'N', length: 20 },
      { name: 'small', type: 'N', length: 6 },
      { name: 'ratio', type: 'N', length: 10, decimals: 3 },
      { name: 'label', type: 'C', length: 8 },
      { name: 'ok', type: 'L', length: 1 },
      { name: 'day', type: 'D', length: 8 },
    ] as const;
    writeFileSync(
      join(dir, 'a.dbf'),
      dbfBytes(
        [...fields],
        [
          ['9007199254740993', '-12', '1.000', 'zeta', 'T', '20240131'],
          ['-9223372036854775808', null, null, null, '?', null],
          ['**********', '7', '-2.5', '  alpha', 'n', '19991231'],
        ],
      ),
    );
    const t = await gf.readShapefile(join(dir, 'a.shp'));
    const v = async (n: string) => col(t, n).toValues();
    expect(Object.fromEntries(t.names.map((n, i) => [n, t.getColumns()[i]!.type]))).toEqual({
      big: 'int64', small: 'int32', ratio: 'float64', label: 'utf8', ok: 'bool', day: 'utf8', geometry: 'multipolygon',
    });
    expect(await v('big')).toEqual([9007199254740993n, -(2n ** 63n), null]);
    expect(await v('small')).toEqual([-12, null, 7]);
    expect(await v('ratio')).toEqual([1, null, -2.5]);
    expect(await v('label')).toEqual(['zeta', null, 'alpha']);
    expect(col(t, 'label').dictionary).toEqual(['alpha', 'zeta']);
    expect(await v('ok')).toEqual([true, null, false]);
    expect(await v('day')).toEqual(['2024-01-31', null, '1999-12-31']);
  });

  it('decodes .dbf text by the .cpg, else UTF-8 with a windows-1252 fallback', async () => {
    const shp = shpBytes([[cwSquare(0, 0, 1)]]);
    const utf8 = dbfBytes([{ name: 'city', type: 'C', length: 10 }], [['Zürich']]);
    const latin = utf8.slice();
    const at = latin.indexOf(0xc3);
    latin.set([0xfc, 0x72, 0x69, 0x63, 0x68, 0x20], at); // 'ürich' in ISO-8859-1, padded
    const city = async (dbf: Uint8Array, cpg?: string, encoding?: string) =>
      (await gf.readShapefile({ shp, dbf, cpg }, { encoding })).getColumns()[0]!.toValues();
    expect(await city(utf8)).toEqual(['Zürich']);
    expect(await city(utf8, '')).toEqual(['Zürich']);
    expect(await city(utf8, 'UTF-8')).toEqual(['Zürich']);
    expect(await city(utf8, 'ISO-8859-1')).toEqual(['ZÃ¼rich']);
    expect(await city(latin)).toEqual(['Zürich']);
    expect(await city(latin, 'UTF-8', 'ISO-8859-1')).toEqual(['Zürich']);
    expect(await city(latin, 'ANSI 1252')).toEqual(['Zürich']);
    expect(await rejection(gf.readShapefile({ shp, dbf: utf8, cpg: 'no-such-encoding' }))).toBeInstanceOf(gf.ParseError);
  });

  it('reprojects a projected .prj to WGS84 lon/lat; reproject: false keeps raw coordinates', async () => {
    const utm31n =
      'PROJCS["WGS_1984_UTM_Zone_31N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const ring = [[500000, 0], [500000, 1000], [501000, 1000], [501000, 0], [500000, 0]];
    const path = writeShapefile([[ring]], { prj: utm31n });
    const t = await gf.readShapefile(path);
    const xy = (await layout(geometry(t))).coords;
    expect(geometry(t).crs).toBe('OGC:CRS84');
    expect(xy[0]).toBeCloseTo(3, 9); // easting 500000 is the central meridian
    expect(xy[1]).toBeCloseTo(0, 9);
    expect(xy[3]).toBeCloseTo(1000 / 0.9996 / 110574.3, 5); // about 0.00905°
    const raw = await gf.readShapefile(path, { reproject: false });
    expect((await layout(geometry(raw))).coords).toEqual(ring.flat());
    expect(geometry(raw).crs).toBe(utm31n);
  });
});

describe('readShapefile errors', () => {
  it('a missing .dbf is a ParseError naming it', async () => {
    const dir = tmp();
    copyFileSync(SHP, join(dir, 'x.shp'));
    const e = (await rejection(gf.readShapefile(join(dir, 'x.shp')))) as gf.ParseError;
    expect(e).toBeInstanceOf(gf.ParseError);
    expect(e.file).toBe(join(dir, 'x.dbf'));
    expect(e.message).toContain('x.dbf');
    const b = await rejection(gf.readShapefile({ shp: readFileSync(SHP) } as unknown as gf.ShapefileBuffers));
    expect(b).toBeInstanceOf(gf.ParseError);
    const z = join(dir, 'nodbf.zip');
    writeFileSync(z, zipBytes({ 'x.shp': new Uint8Array(readFileSync(SHP)) }));
    expect(((await rejection(gf.readShapefile(z))) as gf.ParseError).file).toBe(`${z}/x.dbf`);
  });

  it('a missing .shp, a wrong extension and a missing zip', async () => {
    const e = (await rejection(gf.readShapefile('/no/such/world.shp'))) as gf.ParseError;
    expect(e).toBeInstanceOf(gf.ParseError);
    expect(e.file).toBe('/no/such/world.shp');
    expect(await rejection(gf.readShapefile('/no/such/world.geojson'))).toBeInstanceOf(gf.ValueError);
    expect(await rejection(gf.readShapefile('/no/such/world.zip'))).toBeInstanceOf(gf.ParseError);
  });

  it('a truncated .shp is a ParseError naming it (shpjs alone would drop the cut records)', async () => {
    const bytes = readFileSync(SHP);
    for (const cut of [100_000, bytes.length - 1, 60, 0]) {
      const dir = tmp();
      for (const f of files) copyFileSync(join(DIR, f), join(dir, f));
      const path = join(dir, 'naturalearth_lowres.shp');
      writeFileSync(path, bytes.subarray(0, cut));
      const e = (await rejection(gf.readShapefile(path))) as gf.ParseError;
      expect(e, `cut at ${cut}`).toBeInstanceOf(gf.ParseError);
      expect(e.file).toBe(path);
      expect(e.message).toMatch(/truncated/);
    }
  });

  it('corrupt .shp records, a corrupt zip and a truncated .dbf are ParseErrors', async () => {
    const shp = shpBytes([[cwSquare(0, 0, 1)]]);
    const v = new DataView(shp.buffer);
    v.setInt32(100 + 8 + 40, 1_000_000, true); // numPoints far past the record
    const dir = tmp();
    writeFileSync(join(dir, 'c.shp'), shp);
    writeFileSync(join(dir, 'c.dbf'), dbfBytes([...FIELDS], [['0']]));
    const e = (await rejection(gf.readShapefile(join(dir, 'c.shp')))) as gf.ParseError;
    expect(e).toBeInstanceOf(gf.ParseError);
    expect(e.message).toContain('record 1');

    const zip = zipBytes({ 'a.shp': shpBytes([[cwSquare(0, 0, 1)]]), 'a.dbf': dbfBytes([...FIELDS], [['0']]) }, false);
    zip[40] = zip[40]! ^ 0xff; // flip a byte inside the stored .shp
    writeFileSync(join(dir, 'bad.zip'), zip);
    const z = await rejection(gf.readShapefile(join(dir, 'bad.zip')));
    expect(z).toBeInstanceOf(gf.ParseError);
    expect(z.message).toMatch(/CRC|corrupt/);

    const dbf = new Uint8Array(readFileSync(join(DIR, 'naturalearth_lowres.dbf')));
    const t = join(dir, 't.shp');
    copyFileSync(SHP, t);
    writeFileSync(join(dir, 't.dbf'), dbf.subarray(0, dbf.length - 1000));
    const d = (await rejection(gf.readShapefile(t))) as gf.ParseError;
    expect(d).toBeInstanceOf(gf.ParseError);
    expect(d.file).toBe(join(dir, 't.dbf'));
    expect(d.message).toMatch(/truncated/);
  });

  it('an open ring or a ring of 3 vertices is a GeometryError naming file, record and ring', async () => {
    const open = [[0, 0], [0, 1], [1, 1], [1, 0], [0.5, 0]];
    const path = writeShapefile([[cwSquare(0, 0, 5)], [cwSquare(0, 0, 9), open]]);
    const e = await rejection(gf.readShapefile(path));
    expect(e).toBeInstanceOf(gf.GeometryError);
    expect(e.message).toContain(path);
    expect(e.message).toContain('record 2 (feature 1), ring 1');
    expect(e.message).toContain('closed');
    const short = await rejection(gf.readShapefile(writeShapefile([[[[0, 0], [0, 1], [0, 0]]]])));
    expect(short).toBeInstanceOf(gf.GeometryError);
    expect(short.message).toContain('at least 4 vertices, got 3');
  });

  it('a hole outside every exterior ring is a GeometryError (shpjs would drop it)', async () => {
    const e = await rejection(gf.readShapefile(writeShapefile([[cwSquare(0, 0, 1), ccwSquare(5, 5, 1)]])));
    expect(e).toBeInstanceOf(gf.GeometryError);
    expect(e.message).toContain('feature 0');
  });

  it('MultiPatch files, record-count mismatches and unreadable projections are ParseErrors', async () => {
    const patch = shpBytes([]);
    new DataView(patch.buffer).setInt32(32, 31, true);
    const dir = tmp();
    writeFileSync(join(dir, 'p.shp'), patch);
    writeFileSync(join(dir, 'p.dbf'), dbfBytes([...FIELDS], []));
    const pe = await rejection(gf.readShapefile(join(dir, 'p.shp')));
    expect(pe).toBeInstanceOf(gf.ParseError);
    expect(pe.message).toContain('MultiPatch');

    writeFileSync(join(dir, 'm.shp'), shpBytes([[cwSquare(0, 0, 1)], [cwSquare(0, 0, 1)]]));
    writeFileSync(join(dir, 'm.dbf'), dbfBytes([...FIELDS], [['0']]));
    const m = (await rejection(gf.readShapefile(join(dir, 'm.shp')))) as gf.ParseError;
    expect(m).toBeInstanceOf(gf.ParseError);
    expect(m.message).toContain('expected 2 .dbf records');

    const ring = [[500000, 0], [500000, 1000], [501000, 1000], [501000, 0], [500000, 0]];
    const bad = writeShapefile([[ring]], { prj: 'PROJCS["nonsense",GEOGCS["x"],PROJECTION["No_Such_Projection"]]' });
    const p = (await rejection(gf.readShapefile(bad))) as gf.ParseError;
    expect(p).toBeInstanceOf(gf.ParseError);
    expect(p.file).toMatch(/t\.prj$/);

    const numeric = tmp();
    writeFileSync(join(numeric, 'n.shp'), shpBytes([[cwSquare(0, 0, 1)], [cwSquare(0, 0, 1)]]));
    writeFileSync(join(numeric, 'n.dbf'), dbfBytes([...FIELDS], [['1'], ['abc']]));
    const n = (await rejection(gf.readShapefile(join(numeric, 'n.shp')))) as gf.ParseError;
    expect([n.row, n.column]).toEqual([2, 'id']);
  });
});

function shoelace(ring: number[][]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}
