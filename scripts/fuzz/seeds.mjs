// The fuzzer's seeds: small valid files made by gpuframe's own writers, and shapefiles made by the
// test suite's byte builders (test/io/shapefile-bytes.ts, transpiled here with TypeScript).
// Runs in the fuzz child (it needs the built package); the seeds go to the parent over IPC.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { XGBOOST_SEEDS } from './xgboost.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
let shapefileBytes;

/** test/io/shapefile-bytes.ts as a module: shpBytes, dbfBytes, zipBytes, cwSquare, ccwSquare. */
export async function loadShapefileBytes() {
  if (shapefileBytes) return shapefileBytes;
  const ts = createRequire(import.meta.url)('typescript');
  const src = readFileSync(`${root}test/io/shapefile-bytes.ts`, 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
  shapefileBytes = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
  return shapefileBytes;
}

const enc = (s) => new TextEncoder().encode(s);

export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
export const UTM33_PRJ =
  'PROJCS["WGS_1984_UTM_Zone_33N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",15.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

const RECORDS_JSON = JSON.stringify([
  { i: 1, f: 1.5, s: 'a', b: true, l: [1, 2], st: { x: 1, y: 'p' }, d: '2024-03-01' },
  { i: -7, f: null, s: 'b,"q"', b: false, l: [], st: { x: 2, y: null }, d: '1970-01-01' },
  { i: 9007199254740993, f: -0.25, s: null, b: null, l: null, st: null, d: null },
]);

/** Shapefile seeds: { shp, dbf, prj } triples of polygons, points, lines and multipoints. */
async function shapefileSets() {
  const { shpBytes, dbfBytes, cwSquare, ccwSquare } = await loadShapefileBytes();
  const dbf = (n) =>
    dbfBytes(
      [
        { name: 'NAME', type: 'C', length: 8 },
        { name: 'POP', type: 'N', length: 10 },
        { name: 'AREA', type: 'F', length: 12, decimals: 3 },
        { name: 'OK', type: 'L', length: 1 },
        { name: 'DAY', type: 'D', length: 8 },
      ],
      Array.from({ length: n }, (_, k) => [`n${k}`, String(100 * k - 5), (k * 1.25).toFixed(3), k % 2 ? 'T' : 'F', k === 1 ? null : '20240301']),
    );
  return [
    { name: 'polygon', shp: shpBytes([[cwSquare(0, 0, 4), ccwSquare(1, 1, 1)], null, [cwSquare(10, 10, 2)]], 5), dbf: dbf(3), prj: WGS84_PRJ },
    { name: 'point', shp: shpBytes([[1, 2], [3, 4], [-179.5, 89.5]], 1), dbf: dbf(3), prj: WGS84_PRJ },
    { name: 'polyline-utm', shp: shpBytes([[[[500000, 0], [500100, 100], [500200, 50]]], [[[400000, 10], [400010, 20]], [[1, 1], [2, 2]]]], 3), dbf: dbf(2), prj: UTM33_PRJ },
    { name: 'multipoint-z', shp: shpBytes([[[0, 0, 1], [1, 1, 2]], [[5, 5, 0]]], 18), dbf: dbf(2), prj: WGS84_PRJ },
  ];
}

/** Seeds of every reader: `{ reader: [{ name, files: { fileName: bytes }, target }] }`. */
export async function makeSeeds(gf) {
  const records = await gf.readJSON(RECORDS_JSON, { dtypes: { d: 'date' } });
  const flat = new gf.DataFrame({ x: new Float64Array([1, NaN, -Infinity, 2.5]), n: new Int32Array([3, -1, 0, 2 ** 31 - 1]), s: ['a', null, 'ccc', ''] });
  const geom = (type, geoms, crs) => new gf.DataFrame({ name: geoms.map((_, k) => `g${k}`), geometry: gf.geo.fromGeoJSON(geoms, { type, crs }) });
  const points = geom('point', [{ type: 'Point', coordinates: [2.35, 48.85] }, { type: 'Point', coordinates: [-0.1, 51.5] }]);
  const polys = geom('multipolygon', [
    { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] },
    { type: 'MultiPolygon', coordinates: [[[[10, 10], [11, 10], [11, 11], [10, 10]]]] },
  ]);
  const lines = geom('multilinestring', [{ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] }], 'EPSG:3857');
  const one = (name, ext, bytes) => ({ name, files: { [`seed.${ext}`]: bytes }, target: `seed.${ext}` });
  const seeds = {};

  seeds.csv = [
    one('writer-flat', 'csv', enc(await gf.writeCSV(flat))),
    one('writer-records', 'csv', enc(await gf.writeCSV(records.select('i', 'f', 's', 'b', 'd')))),
    one('quoted', 'csv', enc('id,name,note\r\n1,"Smith, J","said ""hi""\nthen left"\r\n2,Lee,\r\n3,,"x"\r\n')),
    one('typed', 'csv', enc('a;b;c\n2024-01-01;1e3;true\n2024-01-02;-0.5;false\n;NaN;\n')),
  ];
  seeds.parquet = [
    one('flat-zstd', 'parquet', await gf.writeParquet(flat)),
    one('flat-plain', 'parquet', await gf.writeParquet(flat, undefined, { compression: 'uncompressed' })),
    one('records-snappy', 'parquet', await gf.writeParquet(records, undefined, { compression: 'snappy' })),
    one('records-plain-rg1', 'parquet', await gf.writeParquet(records, undefined, { compression: 'uncompressed', rowGroupSize: 1 })),
  ];
  seeds.geoparquet = [
    one('points-wkb', 'parquet', await gf.writeParquet(points, undefined, { compression: 'uncompressed' })),
    one('polygons-geoarrow', 'parquet', await gf.writeParquet(polys, undefined, { geometryEncoding: 'geoarrow', compression: 'uncompressed' })),
    one('lines-crs', 'parquet', await gf.writeParquet(lines, undefined, { compression: 'snappy' })),
  ];
  for (const format of ['file', 'stream']) {
    seeds[`arrow-${format}`] = [
      one('flat', 'arrow', await gf.writeArrow(flat, undefined, { format })),
      one('records', 'arrow', await gf.writeArrow(records, undefined, { format })),
      one('polygons', 'arrow', await gf.writeArrow(polys, undefined, { format })),
    ];
  }
  const sets = await shapefileSets();
  for (const [reader, ext] of [['shp', 'shp'], ['dbf', 'dbf'], ['prj', 'prj']]) {
    seeds[reader] = sets.map((s) => ({ name: s.name, files: { 'seed.shp': s.shp, 'seed.dbf': s.dbf, 'seed.prj': enc(s.prj) }, target: `seed.${ext}` }));
  }
  const { zipBytes } = await loadShapefileBytes();
  seeds['shp-zip'] = sets.slice(0, 3).map((s, k) => one(`${s.name}-${k % 2 ? 'stored' : 'deflate'}`, 'zip', zipBytes({ 'layer.shp': s.shp, 'layer.dbf': s.dbf, 'layer.prj': enc(s.prj) }, k % 2 === 0)));
  seeds.geojson = [
    one('points', 'geojson', enc(await gf.writeGeoJSON(points))),
    one('polygons', 'geojson', enc(await gf.writeGeoJSON(polys))),
    one('lines-props', 'geojson', enc(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 7, properties: { a: 1, b: 'x', c: [1] }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 2]] } }, { type: 'Feature', properties: { a: 2.5, b: null }, geometry: null }] }))),
  ];
  seeds.json = [one('records', 'json', enc(await gf.writeJSON(records))), one('flat', 'json', enc(await gf.writeJSON(flat))), one('nested', 'json', enc('[{"a":{"b":[{"c":1}]},"t":"2024-01-01T00:00:00Z"},{"a":null,"t":null}]'))];
  seeds['xgboost-json'] = XGBOOST_SEEDS.map((name) => one(name, 'json', new Uint8Array(readFileSync(`${root}test/fixtures/trees/${name}.json`))));
  seeds.ndjson = [one('records', 'ndjson', enc(await gf.writeNDJSON(records))), one('flat', 'ndjson', enc(await gf.writeNDJSON(flat))), one('sparse', 'ndjson', enc('{"a":1}\n\n{"b":"x","a":null}\n{"a":[1,2,{"z":true}]}\n'))];
  return seeds;
}
