/**
 * The main job, end to end: CSV points + shapefile polygons → DataFrame → filter →
 * haversine distance → spatial join → points per polygon → KMeans, every stage on the
 * active backend with the data staying on the device between stages.
 * `npm run demo` runs it on the shipped data (scripts/demo.mjs); the browser example
 * (examples/browser, `npm run demo:browser`) runs this same module in a page; tests run it on
 * both backends and compare. It is platform-neutral: the inputs are paths in Node, or Files,
 * Blobs, bytes, URLs or streams anywhere.
 */
import * as gf from '../index.js';

export interface MainJobOptions {
  /** The points: a CSV (or, with `pointsFormat: 'parquet'`, a Parquet file) as any reader source. */
  points: gf.TextSource | gf.ByteSource;
  pointsFormat?: 'csv' | 'parquet';
  /** The polygons: a shapefile (.shp with its siblings, a .zip, or the picked parts). */
  polygons: gf.ShapefileSource;
  /**
   * Point longitude / latitude columns; by default the first of longitude, lon, long, lng, x
   * (latitude, lat, y) that the points have.
   */
  x?: string;
  y?: string;
  /** Polygon attribute naming each feature. */
  label?: string;
  /** Keep points inside [minX, minY, maxX, maxY]. */
  bbox?: readonly [number, number, number, number];
  /** Reference point [lon, lat] for the distance column. */
  ref?: readonly [number, number];
  k?: number;
  seed?: number;
}

export interface Stage {
  name: string;
  ms: number;
  stats: gf.Stats;
  text: string;
}

export interface MainJobResult {
  stages: Stage[];
  points: gf.DataFrame;
  polygons: gf.DataFrame;
  joined: gf.DataFrame;
  perPolygon: gf.DataFrame;
  kmeans: gf.KMeans;
  /** The coordinate columns used, and the per-polygon table's polygon-name column. */
  x: string;
  y: string;
  labelColumn: string;
}

export async function runMainJob(o: MainJobOptions, onStage: (s: Stage) => void = () => {}): Promise<MainJobResult> {
  const label = o.label ?? 'name';
  const [minX, minY, maxX, maxY] = o.bbox ?? [-180, -90, 180, 90];
  const [refX, refY] = o.ref ?? [-98.5795, 39.8283];
  const stages: Stage[] = [];
  const stage = async <T>(name: string, fn: () => Promise<T>, show: (v: T) => Promise<string> | string): Promise<T> => {
    gf.resetStats();
    const t0 = performance.now();
    const v = await fn();
    await gf.sync();
    const ms = performance.now() - t0;
    const s: Stage = { name, ms, stats: gf.stats(), text: await show(v) };
    stages.push(s);
    onStage(s);
    return v;
  };

  const points = await stage(
    `load points (${o.pointsFormat === 'parquet' ? 'Parquet' : 'CSV'})`,
    () => (o.pointsFormat === 'parquet' ? gf.readParquet(o.points as gf.ByteSource) : gf.readCSV(o.points)),
    (df) => df.toString(),
  );
  const pick = (names: readonly string[]) => names.find((n) => points.names.includes(n)) ?? names[0]!;
  const x = o.x ?? pick(['longitude', 'lon', 'long', 'lng', 'x']);
  const y = o.y ?? pick(['latitude', 'lat', 'y']);
  for (const [c, given, names] of [[x, o.x, 'longitude, lon, long, lng or x'], [y, o.y, 'latitude, lat or y']] as const) {
    if (!points.names.includes(c)) {
      const want = given === undefined ? `a column named ${names}` : `column '${c}'`;
      throw new gf.ColumnNotFoundError(`runMainJob: expected points with ${want}, got columns ${points.names.map((n) => `'${n}'`).join(', ')}`);
    }
  }
  const polygons = await stage('load polygons (shapefile)', () => gf.readShapefile(o.polygons), (df) => df.toString());
  const filtered = await stage(
    `filter ${x} in [${minX}, ${maxX}] and ${y} in [${minY}, ${maxY}]`,
    () => points.filter(gf.col(x).between(minX, maxX).and(gf.col(y).between(minY, maxY))),
    (df) => `${df.numRows} of ${points.numRows} points kept`,
  );
  const withKm = await stage(
    `haversine distance to (${refX}, ${refY}) in km`,
    async () => filtered.withColumns({ km: gf.haversine(filtered, x, y, refX, refY) }),
    async (df) => `column km added (${df.numRows} rows)`,
  );
  const joined = await stage('spatial join points → polygons', () => gf.sjoin(withKm, polygons, { x, y, how: 'left' }), (df) => df.toString());
  const labelOut = withKm.names.includes(label) ? `${label}_right` : label;
  const perPolygon = await stage(
    'points per polygon',
    async () => (await joined.groupBy(labelOut).agg({ points: [x, 'count'], meanKm: ['km', 'mean'] })).sort('points', { descending: true }),
    (df) => df.format(12),
  );
  const kmeans = await stage(
    `KMeans k=${o.k ?? 8} on (${x}, ${y})`,
    async () => {
      const km = new gf.KMeans({ nClusters: o.k ?? 8, seed: o.seed ?? 0 });
      await km.fit(joined, [x, y]);
      return km;
    },
    (km) => `inertia ${km.inertia.toPrecision(8)} after ${km.nIter} iterations`,
  );
  return { stages, points: joined, polygons, joined, perPolygon, kmeans, x, y, labelColumn: labelOut };
}
