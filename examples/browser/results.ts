/**
 * The browser example's results in a plain, JSON-able form: what the page writes into
 * `<pre id="results">` (and `window.__gpuframeResults`), and what its check computes on the Node
 * CPU backend from the same modules (scripts/test-browser-page.mjs) to compare with.
 * Platform-neutral: no DOM, no Node.
 */
import * as gf from '../../index.js';
import { runMainJob, type MainJobOptions, type MainJobResult } from '../main-job.js';
import { runTrajectoryJob, type TrajectoryJobOptions, type TrajectoryJobResult } from '../trajectory-job.js';

/** The shipped-data settings the page and the Node reference both use. */
export const SHIPPED = {
  points: 'airports.csv',
  polygons: 'naturalearth_lowres/naturalearth_lowres.shp',
  storms: 'storms.csv',
  /** The contiguous United States, for the shipped airports. */
  bbox: [-125, 24, -66, 50] as [number, number, number, number],
  k: 8,
  seed: 0,
  /**
   * The storm tracks: 2011–2020 (150 tracks; `npm run demo:trajectories` takes all 1975–2020),
   * DBSCAN at 700 km and 4 samples, which finds clusters among that many.
   */
  years: [2011, 2020] as [number, number],
  eps: 700,
  minSamples: 4,
};

export interface MainResults {
  rows: number;
  /** Points per polygon, most first: the polygon's name, the count and the mean distance (km). */
  perPolygon: { name: string | null; points: number; meanKm: number | null }[];
  labels: number[];
  inertia: number;
  nIter: number;
  centers: number[];
}

export interface TrajectoryResults {
  trajectories: number;
  /** DBSCAN's label per trajectory (noise -1), in the trajectories' order. */
  labels: number[];
  clusters: number;
  noise: number;
}

export interface PageResults {
  backend: string;
  adapter: string | null;
  main?: MainResults;
  trajectories?: TrajectoryResults;
}

export async function mainResults(r: MainJobResult): Promise<MainResults> {
  const per = await r.perPolygon.toRecords();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    rows: r.joined.numRows,
    perPolygon: per.map((p) => ({ name: p[r.labelColumn] === null ? null : String(p[r.labelColumn]), points: Number(p.points), meanKm: num(p.meanKm) })),
    labels: [...(await r.kmeans.labels.toArray())],
    inertia: r.kmeans.inertia,
    nIter: r.kmeans.nIter,
    centers: [...r.kmeans.clusterCenters],
  };
}

export async function trajectoryResults(r: TrajectoryJobResult): Promise<TrajectoryResults> {
  const labels = [...(await r.dbscan.labels.toArray())];
  return {
    trajectories: r.trajectories.numRows,
    labels,
    clusters: new Set(labels.filter((l) => l >= 0)).size,
    noise: labels.filter((l) => l < 0).length,
  };
}

/**
 * Both jobs on the shipped data found under `base` (a directory path in Node, a URL prefix in a
 * page), on the active backend: the Node side of the page check.
 */
export async function shippedResults(base: string, tracks: { years?: readonly [number, number]; eps?: number; minSamples?: number } = {}): Promise<PageResults> {
  const main: MainJobOptions = { points: base + SHIPPED.points, polygons: base + SHIPPED.polygons, bbox: SHIPPED.bbox, k: SHIPPED.k, seed: SHIPPED.seed };
  const traj: TrajectoryJobOptions = { csv: base + SHIPPED.storms, years: tracks.years ?? SHIPPED.years, eps: tracks.eps ?? SHIPPED.eps, minSamples: tracks.minSamples ?? SHIPPED.minSamples };
  const i = gf.info();
  return {
    backend: i.backend,
    adapter: i.adapter,
    main: await mainResults(await runMainJob(main)),
    trajectories: await trajectoryResults(await runTrajectoryJob(traj)),
  };
}
