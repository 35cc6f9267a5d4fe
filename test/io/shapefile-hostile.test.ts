// Hostile shapefiles (issue 16): NaN or infinite vertices, longitudes and latitudes out of range
// for a geographic CRS, and corrupt or implausible .prj files, which were once accepted (a
// prime meridian of 99433 degrees moved every longitude to about 99,000). The reproducers
// live in test/fixtures/fuzz/shapefile/ and equal what ./shapefile-hostile-files.ts builds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';
import { dbfBytes, shpBytes } from './shapefile-bytes.js';
import { HOSTILE_FILES, WGS84_PRJ } from './shapefile-hostile-files.js';

const DIR = 'test/fixtures/fuzz/shapefile';
const square = (x: number, y: number, s: number): number[][] => [[x, y], [x, y + s], [x + s, y + s], [x + s, y], [x, y]];
const names = (n: number) => dbfBytes([{ name: 'name', type: 'C', length: 4 }], Array.from({ length: n }, (_, i) => [`r${i + 1}`]));
const coords = async (df: gf.DataFrame) => (await df.column('geometry').toValues()) as Array<{ coordinates: unknown } | null>;

describe('shapefile hostile: the committed reproducers', () => {
  it('equal the bytes their builders write (each file is documented by its code)', () => {
    for (const [stem, files] of Object.entries(HOSTILE_FILES)) {
      for (const [ext, b] of Object.entries(files)) {
        const want = typeof b === 'string' ? new TextEncoder().encode(b) : b;
        expect(new Uint8Array(readFileSync(`${DIR}/${stem}.${ext}`)), `${stem}.${ext}`).toEqual(want);
        expect(want.length).toBeLessThan(1024);
      }
    }
  });

  it('nan-vertex.shp: a NaN vertex is a GeometryError naming the file, record, ring and vertex', async () => {
    const e = await rejection(gf.readShapefile(`${DIR}/nan-vertex.shp`));
    expect(e).toBeInstanceOf(gf.GeometryError);
    expect(e.message).toMatch(/readShapefile: expected finite coordinates, got \(NaN, 11\) \(test\/fixtures\/fuzz\/shapefile\/nan-vertex\.shp, record 2 \(feature 1\), ring 0, vertex 2\)/);
  });

  it('inf-point.shp: an infinite point is a GeometryError naming the record', async () => {
    const e = await rejection(gf.readShapefile(`${DIR}/inf-point.shp`));
    expect(e).toBeInstanceOf(gf.GeometryError);
    expect(e.message).toMatch(/got \(Infinity, 3\) \(.*inf-point\.shp, record 2 \(feature 1\)\)/);
  });

  it('lonlat-range.shp: longitude 500 in a WGS84 file is a GeometryError naming the record; checkLonLat: false keeps it', async () => {
    const e = await rejection(gf.readShapefile(`${DIR}/lonlat-range.shp`));
    expect(e).toBeInstanceOf(gf.GeometryError);
    expect(e.message).toMatch(/expected longitude in \[-180, 180\] and latitude in \[-90, 90\] .* got \(500, 11\) \(.*lonlat-range\.shp, record 2 \(feature 1\), part 0, ring 0, vertex 2\); pass \{ checkLonLat: false \}/);
    const df = await gf.readShapefile(`${DIR}/lonlat-range.shp`, { checkLonLat: false });
    expect(((await coords(df))[1]!.coordinates as number[][][][])[0]![0]![2]).toEqual([500, 11]);
  });

  it('primem-99433.prj: the corrupt prime meridian is a ParseError naming the .prj, never a shift', async () => {
    const e = await rejection(gf.readShapefile(`${DIR}/primem-99433.shp`));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect((e as gf.ParseError).file).toBe(`${DIR}/primem-99433.prj`);
    expect(e.message).toMatch(/expected a prime meridian \(PRIMEM\) within ±180 degrees in the \.prj, got 99433/);
    // Not applied, the .prj moves nothing: the raw coordinates, bit for bit.
    const raw = await gf.readShapefile(`${DIR}/primem-99433.shp`, { reproject: false });
    expect(((await coords(raw))[0]!.coordinates as number[][][][])[0]![0]).toEqual(square(2, 48, 1));
  });
});

describe('shapefile hostile: built in the test', () => {
  const read = (shp: Uint8Array, n: number, prj?: string, options?: gf.ReadShapefileOptions) => gf.readShapefile({ shp, dbf: names(n), prj }, options);

  it('non-finite vertices in polylines, multipoints and rings name the part, point or ring', async () => {
    const line = await rejection(read(shpBytes([[[[0, 0], [1, 1]], [[2, 2], [3, -Infinity]]]], 3), 1));
    expect(line.message).toMatch(/got \(3, -Infinity\) \(<buffer>\.shp, record 1 \(feature 0\), part 1, vertex 1\)/);
    const multi = await rejection(read(shpBytes([[[0, 0]], [[1, 1], [NaN, NaN]]], 8), 2));
    expect(multi.message).toMatch(/got \(NaN, NaN\) \(<buffer>\.shp, record 2 \(feature 1\), point 1\)/);
    // A NaN first vertex (so an "open" ring too): the non-finite vertex is what is named.
    const ring = await rejection(read(shpBytes([[square(0, 0, 4), [[NaN, 1], [1, 2], [2, 2], [2, 1], [NaN, 1]]]]), 1));
    expect(ring).toBeInstanceOf(gf.GeometryError);
    expect(ring.message).toMatch(/got \(NaN, 1\) \(<buffer>\.shp, record 1 \(feature 0\), ring 1, vertex 0\)/);
  });

  it('the lon/lat check: latitude -91 is an error, 1e-6 degrees over is tolerated, no .prj checks nothing', async () => {
    const lat = await rejection(read(shpBytes([[0, 0], [10, -91]], 1), 2, WGS84_PRJ));
    expect(lat.message).toMatch(/got \(10, -91\) \(<buffer>\.shp, record 2 \(feature 1\)\)/);
    const edge = await read(shpBytes([[180.0000009, -90.0000009], [-180, 90]], 1), 2, WGS84_PRJ);
    expect(edge.numRows).toBe(2);
    const unknown = await read(shpBytes([[500000, 4649776]], 1), 1);
    expect(unknown.numRows).toBe(1);
    await expect(read(shpBytes([[0, 0]], 1), 1, WGS84_PRJ, { check_lon_lat: false } as never)).rejects.toThrow(/unknown option 'check_lon_lat' \(did you mean 'checkLonLat'/);
    await expect(read(shpBytes([[0, 0]], 1), 1, WGS84_PRJ, { checkLonLat: 'no' } as never)).rejects.toThrow(gf.ValueError);
  });

  it('an unparseable or implausible .prj is a ParseError naming it; reproject: false reads the raw coordinates', async () => {
    const shp = shpBytes([[2, 48]], 1);
    const cases: Array<[string, RegExp]> = [
      ['GEOGCS["WGS 84",DATUM["x",SPHEROID["x",6378137,298.25]]', /expected a WKT \.prj \(KEYWORD\[\.\.\.\]\): ',' or '\]' in GEOGCS at character 55, got the end of the text/],
      ['not wkt at all', /expected a WKT \.prj/],
      [WGS84_PRJ.replace('0.0174532925199433', '1e-300'), /angular UNIT of 1e-7 to 1 radian per unit.*got 1e-300/],
      [WGS84_PRJ.replace('6378137.0', '6.378137'), /SPHEROID semi-major axis of 1e5 to 1e8 metres.*got 6\.378137/],
      [WGS84_PRJ.replace('GEOGCS', 'GEOCCS'), /a GEOGCS or PROJCS root.*got GEOCCS/],
      [WGS84_PRJ.replace('PRIMEM["Greenwich",0.0]', 'PRIMEM["Greenwich",1e999]'), /a finite number/],
      [
        `PROJCS["x",${WGS84_PRJ},PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1e9]]`,
        /a PROJCS linear UNIT of 1e-4 to 1e5 metres per unit.*got 1000000000/,
      ],
    ];
    for (const [prj, msg] of cases) {
      const e = await rejection(read(shp, 1, prj));
      expect(e, prj).toBeInstanceOf(gf.ParseError);
      expect((e as gf.ParseError).file, prj).toBe('<buffer>.prj');
      expect(e.message, prj).toMatch(msg);
      const raw = await read(shp, 1, prj, { reproject: false });
      expect(((await coords(raw))[0]!.coordinates)).toEqual([2, 48]);
    }
  });

  it('plausible .prj files still read: a UTM zone reprojects into range, GDAL WKT with AUTHORITY and AXIS parses', async () => {
    const utm = `PROJCS["WGS_1984_UTM_Zone_31N",${WGS84_PRJ},PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
    const df = await read(shpBytes([[448251.8, 5411932.7]], 1), 1, utm);
    const [lon, lat] = (await coords(df))[0]!.coordinates as number[];
    expect(lon).toBeCloseTo(2.2945, 3);
    expect(lat).toBeCloseTo(48.8584, 3);
    // Coordinates proj4 cannot invert (it gives Infinity) are an error, not silently infinite rows.
    const inf = await rejection(read(shpBytes([[448251.8, 5411932.7], [1e30, 0]], 1), 2, utm));
    expect(inf).toBeInstanceOf(gf.GeometryError);
    expect(inf.message).toBe('readShapefile: expected finite coordinates, got (Infinity, Infinity) (<buffer>.shp, record 2 (feature 1)) after reprojecting with <buffer>.prj');
    const gdal = 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';
    expect((await coords(await read(shpBytes([[2, 48]], 1), 1, gdal)))[0]!.coordinates).toEqual([2, 48]);
  });
});
