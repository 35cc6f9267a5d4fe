// The crafted shapefiles of every shape type behind test/fixtures/shapefile/types/: their records
// are defined here, shapefile-bytes.ts writes them, and scripts/golden/shapefile_types_reference.py
// reads the committed copies with geopandas (OGR) into types.json. shapefile-types.test.ts checks
// that the committed files are byte for byte what this module writes, so the golden stays tied to
// these definitions; GPUFRAME_WRITE_SHP_FIXTURES=1 makes that test rewrite them instead.
import { dbfBytes, shpBytes, shxBytes, type ShpRecord } from './shapefile-bytes.js';

export const WGS84 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
export const UTM31N =
  'PROJCS["WGS_1984_UTM_Zone_31N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** Records with x, y only, per base type (1 Point, 3 PolyLine, 5 Polygon, 8 MultiPoint); nulls and empty shapes included. */
const XY: Record<1 | 3 | 5 | 8, ShpRecord[]> = {
  1: [[1.5, -2.25], null, [-122.4194155, 37.7749295], [0.1 + 0.2, 1e-300]],
  8: [[[0.1, 0.2]], null, [[1, 2], [3, 4], [5.5, -6.5]], []],
  3: [
    [[[0, 0], [1, 1]]],
    null,
    [[[0, 0], [1, 0.5], [2, 0]], [[10, 10], [11, 11.25]], [[-1, -1], [-2, -2], [-3, -1]]],
    [],
  ],
  5: [
    [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]], [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]],
    null,
    [[[20, 0], [20, 1], [21.5, 1], [20, 0]], [[30, 30], [30, 31], [31, 31], [31, 30], [30, 30]]],
    [],
  ],
};

/** Add a coordinate to every position of a record: `f(i)` for the i-th position in file order. */
function extend(rec: ShpRecord, base: number, f: (i: number) => number[]): ShpRecord {
  if (rec === null) return null;
  let i = 0;
  const pos = (p: number[]) => [...p, ...f(i++)];
  if (base === 1) return pos(rec as number[]);
  if (base === 8) return (rec as number[][]).map(pos);
  return (rec as number[][][]).map((part) => part.map(pos));
}

export interface TypeFixture {
  /** File stem under test/fixtures/shapefile/types/. */
  name: string;
  shapeType: number;
  records: ShpRecord[];
  prj?: string;
}

/** Every shape type: xy, Z (PolyLineZ and MultiPointZ also with M), M; a MultiPointZ without M; a projected multipoint file. */
export const TYPE_FIXTURES: TypeFixture[] = [
  ...([1, 3, 5, 8] as const).flatMap((base): TypeFixture[] => {
    const name = { 1: 'point', 3: 'polyline', 5: 'polygon', 8: 'multipoint' }[base];
    const withM = base === 3 || base === 8;
    return [
      { name, shapeType: base, records: XY[base], prj: base === 1 ? WGS84 : undefined },
      { name: `${name}z`, shapeType: base + 10, records: XY[base].map((r, k) => extend(r, base, (i) => (withM ? [100 * k + i + 0.5, -i] : [100 * k + i + 0.5]))) },
      { name: `${name}m`, shapeType: base + 20, records: XY[base].map((r, k) => extend(r, base, (i) => [1000 * k + i + 0.25])) },
    ];
  }),
  // MultiPointZ without M, a one-point record included (shpjs alone reads past it).
  { name: 'multipointz_nom', shapeType: 18, records: XY[8].map((r, k) => extend(r, 8, (i) => [10 * k + i])) },
  { name: 'multipoint_utm', shapeType: 8, records: [[[500000, 0], [501000, 1000]], [[400000, 5000000]]], prj: UTM31N },
];

/** The bytes of a fixture's files, keyed by extension. */
export function fixtureFiles(f: TypeFixture): Record<string, Uint8Array | string> {
  const shp = shpBytes(f.records, f.shapeType);
  const out: Record<string, Uint8Array | string> = {
    shp,
    shx: shxBytes(shp),
    dbf: dbfBytes([{ name: 'id', type: 'N', length: 5 }], f.records.map((_, i) => [String(i)])),
  };
  if (f.prj) out.prj = f.prj;
  return out;
}
