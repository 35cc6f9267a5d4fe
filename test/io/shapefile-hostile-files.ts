// The minimized reproducers of test/fixtures/fuzz/shapefile/ (issue 16), as the byte builders of
// ./shapefile-bytes.ts make them: the committed files must equal these bytes (checked by
// ./shapefile-hostile.test.ts), so each file is documented by the code that writes it.
import { dbfBytes, shpBytes } from './shapefile-bytes.js';

const square = (x: number, y: number, s: number): number[][] => [[x, y], [x, y + s], [x + s, y + s], [x + s, y], [x, y]];
const names = (n: number) => dbfBytes([{ name: 'name', type: 'C', length: 4 }], Array.from({ length: n }, (_, i) => [`r${i + 1}`]));

/** A WGS84 lon/lat .prj, as Natural Earth ships it. */
export const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** Stem → files. */
export const HOSTILE_FILES: Record<string, Record<string, Uint8Array | string>> = {
  // Record 2's ring has a NaN vertex (vertex 2): once accepted, and a NaN vertex made points outside the polygon match.
  'nan-vertex': { shp: shpBytes([[square(0, 0, 1)], [[[10, 10], [10, 11], [NaN, 11], [11, 10], [10, 10]]]]), dbf: names(2) },
  // A point record at x = +Infinity (record 2).
  'inf-point': { shp: shpBytes([[1, 2], [Infinity, 3]], 1), dbf: names(2) },
  // A WGS84 file whose record 2 has a vertex at longitude 500.
  'lonlat-range': { shp: shpBytes([[square(0, 0, 1)], [[[170, 10], [170, 11], [500, 11], [171, 10], [170, 10]]]]), dbf: names(2), prj: WGS84_PRJ },
  // The corrupt .prj: the prime meridian at 99433 degrees shifted every longitude to about 99,000.
  'primem-99433': { shp: shpBytes([[square(2, 48, 1)]]), dbf: names(1), prj: WGS84_PRJ.replace('PRIMEM["Greenwich",0.0]', 'PRIMEM["Greenwich",99433]') },
};
