/**
 * Trajectory clustering, the stages of `npm run demo:trajectories` as a platform-neutral module:
 * CSV of track points → timestamp → deriveTrajectories → trajectoryStats → symmetric Hausdorff
 * matrix → DBSCAN (metric 'precomputed'), every stage on the active backend. The browser example
 * (examples/browser) runs it on the shipped Atlantic storm tracks (data/storms.csv); its page
 * check compares the page's labels with this module's on the Node CPU backend.
 * scripts/demo-trajectories.mjs runs it from dist/ and adds its per-cluster table and SVG map.
 */
import * as gf from '../index.js';
import type { Stage } from './main-job.js';

export interface TrajectoryJobOptions {
  /** The track points as any CSV source ('NA' and empty fields are null). */
  csv: gf.TextSource;
  /** Trajectory id column(s) (default name, year: storm names are reused across years). */
  id?: readonly string[];
  /** Coordinate columns (default long, lat). */
  x?: string;
  y?: string;
  /**
   * The year, month, day[, hour[, minute[, second]]] columns the timestamp is built from
   * (default year, month, day, hour), or one time column (numeric or timestamp) used as it is.
   */
  t?: string | readonly string[];
  /** Keep the rows whose `yearColumn` lies in [from, to] (default: all rows). */
  years?: readonly [number, number];
  yearColumn?: string;
  metric?: 'haversine' | 'euclidean';
  /** DBSCAN radius in the metric's unit (default 500 km) and minSamples (default 8). */
  eps?: number;
  minSamples?: number;
}

export interface TrajectoryJobResult {
  stages: Stage[];
  /** The points read (after the `years` filter), with their time as column 't'. */
  points: gf.DataFrame;
  /** One row per trajectory: the id columns, geometry (a linestring), length, speed, ... */
  trajectories: gf.DataFrame;
  dbscan: gf.DBSCAN;
}

const PARTS = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;

export async function runTrajectoryJob(o: TrajectoryJobOptions, onStage: (s: Stage) => void = () => {}): Promise<TrajectoryJobResult> {
  const ids = [...(o.id ?? ['name', 'year'])];
  const x = o.x ?? 'long';
  const y = o.y ?? 'lat';
  const tCols = typeof o.t === 'string' ? [o.t] : (o.t ?? ['year', 'month', 'day', 'hour']);
  const metric = o.metric ?? 'haversine';
  const eps = o.eps ?? 500;
  const minSamples = o.minSamples ?? 8;
  const stages: Stage[] = [];
  const stage = async <T>(name: string, fn: () => Promise<T>, show: (v: T) => string): Promise<T> => {
    gf.resetStats();
    const t0 = performance.now();
    const v = await fn();
    await gf.sync();
    const s: Stage = { name, ms: performance.now() - t0, stats: gf.stats(), text: show(v) };
    stages.push(s);
    onStage(s);
    return v;
  };

  const raw = await stage('readCSV', () => gf.readCSV(o.csv, { nullValues: ['NA'] }), (d) => `${d.numRows} rows × ${d.names.length} columns`);
  let rows = raw;
  if (o.years) {
    const [from, to] = o.years;
    const yc = o.yearColumn ?? 'year';
    rows = await stage(`filter ${yc} in [${from}, ${to}]`, () => raw.filter(gf.col(yc).between(from, to)), (d) => `${d.numRows} of ${raw.numRows} rows kept`);
  }
  const withT = await stage(
    'timestamp',
    async () => rows.withColumns({ t: typeof o.t === 'string' ? gf.col(o.t) : gf.datetime(Object.fromEntries(tCols.map((c, i) => [PARTS[i]!, c])) as unknown as gf.DatetimeParts) }),
    (d) => `t: ${d.column('t').type} from ${tCols.join(', ')}`,
  );
  const traj = await stage('deriveTrajectories', () => gf.deriveTrajectories(withT, { id: ids, x, y, t: 't' }), (d) => `${d.numRows} trajectories (${d.dropped} rows dropped for a null or NaN id, x, y or t)`);
  const stats = await stage('trajectoryStats', () => gf.trajectoryStats(traj, { metric }), (d) => `added ${d.names.filter((c) => !traj.names.includes(c)).join(', ')}`);
  const matrix = await stage(`Hausdorff matrix (symmetric, ${metric})`, () => gf.hausdorff(stats.column('geometry'), { metric }), (m) => `${m.n} × ${m.n} float64 in ${m.bands.length} band(s)`);
  const dbscan = await stage(
    `DBSCAN (precomputed, eps ${eps}, minSamples ${minSamples})`,
    () => new gf.DBSCAN({ metric: 'precomputed', eps, minSamples }).fit(matrix),
    (m) => `${m.coreSampleIndices.length} core samples`,
  );
  return { stages, points: withT, trajectories: stats, dbscan };
}
