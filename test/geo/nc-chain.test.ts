// Issue 9, acceptance 3: a frame read from a shapefile keeps its geometry column through
// filter → sort → head, and the GeoJSON written from the result opens in Turf.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { featureCollection } from '@turf/helpers';

const { col } = gf;
type Geometry = { type: string; coordinates: number[][][][] };

describe('nc.shp: filter → sort → head keeps the geometry column', () => {
  it('selects the right counties with their own polygons, and writes GeoJSON that Turf reads', async () => {
    const nc = await gf.readShapefile('data/nc/nc.shp');
    expect(nc.numRows).toBe(100);
    expect(nc.schema.geometry).toBe('multipolygon');
    const top = (await nc.filter(col('AREA').gt(0.1))).sort('NAME').head(5);
    expect(top.schema.geometry).toBe('multipolygon');
    expect(top.column('geometry').crs).toBe(nc.column('geometry').crs);

    // The reference: the same selection done on plain records.
    const all = await nc.toRecords();
    const want = all
      .filter((r) => (r.AREA as number) > 0.1)
      .sort((a, b) => ((a.NAME as string) < (b.NAME as string) ? -1 : (a.NAME as string) > (b.NAME as string) ? 1 : 0))
      .slice(0, 5);
    const got = await top.toRecords();
    expect(got.map((r) => r.NAME)).toEqual(want.map((r) => r.NAME));
    expect(got.map((r) => r.geometry)).toEqual(want.map((r) => r.geometry));
    expect(got.length).toBe(5);

    const text = await gf.writeGeoJSON(top);
    const fc = JSON.parse(text) as { type: string; features: Array<{ type: 'Feature'; properties: Record<string, unknown>; geometry: Geometry }> };
    expect(fc.type).toBe('FeatureCollection');
    const turfFc = featureCollection(fc.features as never);
    expect(turfFc.features.map((f) => (f.properties as { NAME: string }).NAME)).toEqual(want.map((r) => r.NAME));
    for (const [i, f] of fc.features.entries()) {
      expect(f.geometry).toEqual(want[i]!.geometry);
      // Turf reads each polygon: every vertex lies on its boundary (inside, as Turf counts it),
      // and a point far away is outside.
      const ring = f.geometry.coordinates[0]![0]!;
      expect(booleanPointInPolygon(ring[1]!, f as never)).toBe(true);
      expect(booleanPointInPolygon([0, 0], f as never)).toBe(false);
    }
  });
});
