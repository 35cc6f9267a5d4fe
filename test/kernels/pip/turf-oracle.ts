// The oracle for point-in-polygon: Turf itself. A point is "in feature f" when
// booleanPointInPolygon([x, y], geometry_f) is true (default ignoreBoundary = false); the
// expected result is the smallest such f, or null (`turfOracle`), or every such f in
// increasing order (`turfPairs`, the many-to-many join). Null points and null features are skipped.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import type * as gf from 'gpuframe';

/** A polygon feature as GeoJSON, or null. */
export type Geom = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] } | null;

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

/** A polygon or multipolygon column's features back as GeoJSON (exactly its coordinates). */
export async function geomsOf(col: gf.Column): Promise<Geom[]> {
  return (await col.toValues()) as Geom[];
}

const contains = (feat: TurfFeature, pt: number[]): boolean =>
  booleanPointInPolygon(pt, feat.bbox ? { type: 'Feature' as const, properties: {}, bbox: feat.bbox, geometry: feat.geometry } : feat.geometry);

/**
 * Turf's many-to-many answer: one (point, feature) pair per feature containing the point,
 * points in order and features ascending; with `left`, a point with none gives (point, -1).
 */
export function turfPairs(xs: Float64Array, ys: Float64Array, features: ReadonlyArray<TurfFeature | null>, validity?: Uint8Array, left = false): { rows: Uint32Array; index: Int32Array } {
  const rows: number[] = [];
  const index: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const valid = !validity || ((validity[i >> 3]! >> (i & 7)) & 1) === 1;
    let k = 0;
    if (valid) {
      features.forEach((feat, f) => {
        if (feat && contains(feat, [xs[i]!, ys[i]!])) {
          rows.push(i);
          index.push(f);
          k++;
        }
      });
    }
    if (k === 0 && left) {
      rows.push(i);
      index.push(-1);
    }
  }
  return { rows: Uint32Array.from(rows), index: Int32Array.from(index) };
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
