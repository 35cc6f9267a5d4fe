/**
 * Interop: GeoJSON written by gpuframe reads in GeoPandas (Debian's python3-geopandas under
 * /usr/bin/python3) with equal geometries, compared as WKB bytes, and shapely reads
 * gpuframe's WKB and WKT as the same geometries. Skipped, saying why, where python3 lacks
 * geopandas (CI installs it).
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as gf from 'gpuframe';
import { samples } from './geo-samples.js';

const PYTHON = '/usr/bin/python3';
const probe = existsSync(PYTHON) ? spawnSync(PYTHON, ['-c', 'import geopandas, shapely'], { encoding: 'utf8' }) : undefined;
const missing = !probe ? `${PYTHON} not found` : probe.status !== 0 ? `${PYTHON} cannot import geopandas (${probe.stderr.trim().split('\n').pop()}); install python3-geopandas` : '';
if (missing) console.warn(`geojson-geopandas: skipped: ${missing}`);

const TYPES: gf.GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];

/** For each case: read the GeoJSON with geopandas, the WKB and WKT lists with shapely; report per row. */
const SCRIPT = `
import json, sys, warnings
warnings.filterwarnings('ignore')
import geopandas
from shapely import wkb, wkt
out = []
for case in json.load(open(sys.argv[1])):
    df = geopandas.read_file(case['geojson'])
    ours = [None if h is None else wkb.loads(h, hex=True) for h in case['wkb']]
    hexes = lambda gs: [None if g is None else wkb.dumps(g, hex=True) for g in gs]
    out.append({
        'columns': list(df.columns),
        'rows': len(df),
        'types': [None if g is None else g.geom_type for g in df.geometry],
        # equals_exact with tolerance 0: same type, structure and coordinates (GDAL reads -0 as 0, which compares equal)
        'equal': [(a is None and b is None) or (a is not None and b is not None and a.equals_exact(b, 0)) for a, b in zip(df.geometry, ours)],
        'k': [None if v != v else v for v in df['k'].tolist()],
        'name': [None if v is None or v != v else v for v in df['name'].tolist()],
        'fromWKB': hexes(ours),
        'fromWKT': hexes([None if t is None else wkt.loads(t) for t in case['wkt']]),
    })
print(json.dumps(out))
`;

const hex = (b: unknown) => (b === null ? null : Array.from(b as Uint8Array, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase());
const NAMES: Record<gf.GeometryType, string> = { point: 'Point', linestring: 'LineString', polygon: 'Polygon', multipoint: 'MultiPoint', multilinestring: 'MultiLineString', multipolygon: 'MultiPolygon' };

describe('GeoJSON interop with GeoPandas', () => {
  test.skipIf(missing !== '')(`gpuframe's GeoJSON reads in GeoPandas with equal geometries, all six types; shapely reads gpuframe's WKB and WKT as the same bytes${missing ? ` [skipped: ${missing}]` : ''}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-gpd-'));
    const cases = await Promise.all(
      TYPES.map(async (type, t) => {
        // Nulls yes; empties no (GeoJSON has no agreed empty form for GDAL to read back).
        const geoms = samples(type, 60, 21 + t).filter((g) => g === null || g.coordinates.length > 0);
        const g = gf.geo.fromGeoJSON(geoms, { crs: 'OGC:CRS84' });
        const df = new gf.DataFrame({ k: Float64Array.from(geoms, (_, i) => i * 0.5), name: geoms.map((_, i) => (i % 3 ? `f${i}` : null)), geometry: g });
        const path = join(dir, `${type}.geojson`);
        await gf.writeGeoJSON(df, path);
        return { type, geoms, df, geojson: path, wkb: gf.geo.toWKB(g).hostValues().map(hex), wkt: gf.geo.toWKT(g).hostValues() };
      }),
    );
    const args = join(dir, 'args.json');
    writeFileSync(args, JSON.stringify(cases.map(({ geojson, wkb, wkt }) => ({ geojson, wkb, wkt }))));
    const run = spawnSync(PYTHON, ['-c', SCRIPT, args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as Array<Record<string, unknown[]>>;
    cases.forEach((c, i) => {
      const out = results[i]!;
      expect(out.rows, c.type).toBe(c.geoms.length);
      expect(out.columns, c.type).toEqual(['k', 'name', 'geometry']);
      expect(out.types, c.type).toEqual(c.geoms.map((g) => (g ? NAMES[c.type] : null)));
      expect(out.equal, c.type).toEqual(c.geoms.map(() => true));
      expect(out.k, c.type).toEqual(c.geoms.map((_, j) => j * 0.5));
      expect(out.name, c.type).toEqual(c.df.column('name').hostValues());
      expect(out.fromWKB, c.type).toEqual(c.wkb);
      expect(out.fromWKT, c.type).toEqual(c.wkb);
    });
  });
});
