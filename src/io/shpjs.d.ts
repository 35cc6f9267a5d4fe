// The slice of shpjs's API that src/io/shapefile.ts uses (shpjs ships no types).
declare module 'shpjs' {
  type Position = number[];
  type ShpGeometry =
    | { type: 'Polygon'; coordinates: Position[][] }
    | { type: 'MultiPolygon'; coordinates: Position[][][] }
    | { type: string; coordinates: unknown };
  /** Decode a .shp; with a .prj (WKT) coordinates are reprojected to WGS84 lon/lat by proj4. */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string | false): Array<ShpGeometry | null>;
}
