// The oracle for point-in-polygon: Turf itself. A point is "in feature f" when
// booleanPointInPolygon([x, y], geometry_f) is true (default ignoreBoundary = false); the
// expected result is the smallest such f, or null. Null points and null features are skipped.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import * as gf from 'gpuframe';
import type { PolygonGeometry } from 'gpuframe';

export type Geom = Exclude<PolygonGeometry, null> | null;

/** Per feature: the geometry as Turf takes it, optionally with Turf's own `bbox` shortcut. */
export interface TurfFeature {
  geometry: Polygon | MultiPolygon;
  bbox?: [number, number, number, number];
}

/** Features for Turf from GeoJSON geometries (null stays null). With `bbox`, Turf skips points outside it first. */
export function turfFeatures(geoms: readonly Geom[], bbox = false): Array<TurfFeature | null> {
  return geoms.map((g) => {
    if (!g) return null;
    const geometry = g as unknown as Polygon | MultiPolygon;
    if (!bbox) return { geometry };
    let b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const part of parts) for (const ring of part) for (const [x, y] of ring as number[][]) b = [Math.min(b[0], x!), Math.min(b[1], y!), Math.max(b[2], x!), Math.max(b[3], y!)];
    return { geometry, bbox: b };
  });
}

/** A column's features back as GeoJSON MultiPolygons (exactly its coordinates). */
export async function geomsOf(col: gf.PolygonColumn): Promise<Geom[]> {
  const out: Geom[] = [];
  for (let i = 0; i < col.length; i++) {
    const parts = await col.getPolygon(i);
    out.push(parts ? { type: 'MultiPolygon', coordinates: parts } : null);
  }
  return out;
}

/** Turf's answer for every point: index (-1 = null) and the Arrow validity bitmap. */
export function turfOracle(xs: Float64Array, ys: Float64Array, features: ReadonlyArray<TurfFeature | null>, validity?: Uint8Array): { index: Int32Array; bits: Uint8Array } {
  const n = xs.length;
  const index = new Int32Array(n).fill(-1);
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    if (validity && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    const pt = [xs[i]!, ys[i]!];
    for (let f = 0; f < features.length; f++) {
      const feat = features[f];
      if (!feat) continue;
      const poly = feat.bbox ? { type: 'Feature' as const, properties: {}, bbox: feat.bbox, geometry: feat.geometry } : feat.geometry;
      if (booleanPointInPolygon(pt, poly)) {
        index[i] = f;
        bits[i >> 3]! |= 1 << (i & 7);
        break;
      }
    }
  }
  return { index, bits };
}
