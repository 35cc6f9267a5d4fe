/**
 * The browser example (issue 14): `npm run demo:browser` serves this page with Vite. It runs the
 * main job (examples/main-job.ts: readCSV → bbox filter → haversine → sjoin → points per polygon
 * → KMeans) and the storm-track clustering (examples/trajectory-job.ts: deriveTrajectories →
 * Hausdorff → DBSCAN) on navigator.gpu, or on the CPU backend where WebGPU is missing, saying so;
 * draws both maps; lists each stage's time and transfer counts (gf.stats()); and publishes the
 * results as JSON in <pre id="results"> and `window.__gpuframeResults` for the page check
 * (scripts/test-browser-page.mjs). `body[data-state]` is 'running', then 'done' or 'error'.
 *
 * URL parameters: backend=webgpu|auto|cpu (default webgpu when navigator.gpu exists),
 * autorun=0 (wait for a file or the button), and presets of the inputs: years=FROM-TO (storm
 * years), eps, minSamples (DBSCAN), k (KMeans).
 */
import * as gf from '../../index.js';
import { runMainJob, type Stage } from '../main-job.js';
import { runTrajectoryJob } from '../trajectory-job.js';
import { mainResults, trajectoryResults, SHIPPED, type PageResults } from './results.js';
import { drawPoints, drawTracks } from './draw.js';

declare global {
  interface Window {
    __gpuframeResults?: PageResults;
  }
}

type Geometry = { type: string; coordinates: unknown } | null;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const shipped = (name: string): string => new URL(name, location.href).href;
const results: PageResults = { backend: 'none', adapter: null };

/** What the main job reads: the shipped data until the user picks or drops files. */
let points: { source: gf.TextSource; format: 'csv' | 'parquet'; name: string } = { source: shipped(SHIPPED.points), format: 'csv', name: 'shipped US airports' };
let polygons: { source: gf.ShapefileSource; name: string } = { source: shipped(SHIPPED.polygons), name: 'shipped Natural Earth countries' };
let world: Promise<Geometry[]> | undefined;
let running = false;

function publish(): void {
  window.__gpuframeResults = results;
  $('results').textContent = JSON.stringify(results);
}

/** An error as one readable line: gpuframe's errors already say `op: expected X, got Y`. */
function describe(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

function notice(text: string): void {
  const n = $('notice');
  n.hidden = false;
  n.textContent = text;
}

function fail(what: string, e: unknown): void {
  const el = $('error');
  el.hidden = false;
  el.textContent = `${what} failed. ${describe(e)}`;
}

/** Run one task with the spinner on; whatever happens, the spinner stops and the state is set. */
async function task(what: string, fn: () => Promise<void>): Promise<void> {
  if (running) return;
  running = true;
  const status = $('status');
  const controls = [$<HTMLButtonElement>('run-shipped'), $<HTMLInputElement>('files')];
  controls.forEach((c) => (c.disabled = true));
  $('error').hidden = true;
  document.body.dataset.state = 'running';
  status.className = 'status busy';
  status.textContent = `${what}…`;
  const t0 = performance.now();
  let ok = false;
  try {
    await fn();
    ok = true;
  } catch (e) {
    fail(what, e);
  } finally {
    running = false;
    controls.forEach((c) => (c.disabled = false));
    status.className = 'status';
    status.textContent = ok ? `${what}: done in ${(performance.now() - t0).toFixed(0)} ms on ${gf.info().backend}.` : `${what}: stopped, see the message below.`;
    document.body.dataset.state = ok ? 'done' : 'error';
  }
}

function cell(row: HTMLTableRowElement, text: string, num = false): void {
  const td = row.insertCell();
  td.textContent = text;
  if (num) td.className = 'num';
}

function clearStages(job: string): void {
  for (const tr of Array.from($('stages').querySelectorAll(`tr[data-job="${job}"]`))) tr.remove();
}

function addStage(job: string, s: Pick<Stage, 'name' | 'ms' | 'stats' | 'text'>, total = false): void {
  const tr = ($('stages') as HTMLTableElement).tBodies[0]!.insertRow();
  tr.dataset.job = job;
  if (total) tr.className = 'total';
  const st = s.stats;
  cell(tr, job);
  cell(tr, s.name);
  cell(tr, s.ms.toFixed(1), true);
  cell(tr, `${st.uploads} (${(st.uploadBytes / 1024).toFixed(0)} KiB)`, true);
  cell(tr, `${st.downloads} (${(st.downloadBytes / 1024).toFixed(0)} KiB)`, true);
  cell(tr, String(st.controlReads), true);
  cell(tr, String(st.dispatches), true);
  cell(tr, String(st.cpuKernels), true);
  const line = s.text.split('\n')[0]!; // a frame's summary line, not its whole table
  cell(tr, line.length > 120 ? `${line.slice(0, 120)}…` : line);
  $('status').textContent = `${job}: ${s.name} took ${s.ms.toFixed(0)} ms…`;
}

/** One total row per job: the summed times and gf.stats() counts of its stages. */
function addTotal(job: string, stages: readonly Stage[]): void {
  const stats = { ...stages[0]!.stats };
  for (const s of stages.slice(1)) for (const k of Object.keys(stats) as (keyof gf.Stats)[]) if (typeof stats[k] === 'number') (stats[k] as number) += s.stats[k] as number;
  addStage(job, { name: 'total', ms: stages.reduce((a, s) => a + s.ms, 0), stats, text: `on ${gf.info().backend}` }, true);
}

async function chooseBackend(): Promise<void> {
  const want = params.get('backend') ?? 'webgpu';
  const nav = navigator as Navigator & { gpu?: GPU };
  if (want === 'cpu') {
    await gf.init({ backend: 'cpu' });
    notice('Running on the CPU backend, as the URL asks (backend=cpu).');
  } else if (!nav.gpu) {
    await gf.init({ backend: 'cpu' });
    notice(
      'This browser has no WebGPU (navigator.gpu is missing; it needs a recent Chrome, Edge or Safari and a secure context: https or localhost). ' +
        "Running on gpuframe's CPU backend instead: the same results, more slowly.",
    );
  } else {
    try {
      await gf.init({ backend: want === 'auto' ? 'auto' : 'webgpu' });
      if (gf.info().backend === 'cpu') notice(`Running on the CPU backend: ${gf.info().reason}.`);
    } catch (e) {
      await gf.init({ backend: 'cpu' });
      notice(`WebGPU is present but gave no device (${describe(e)}). Running on the CPU backend instead: the same results, more slowly.`);
    }
  }
  const i = gf.info();
  results.backend = i.backend;
  results.adapter = i.adapter;
  publish();
  $('backend').textContent = `backend: ${i.backend}${i.adapter ? ` · adapter: ${i.adapter}` : ''}${i.route ? ` · route: ${i.route}` : ''}`;
}

function readBbox(): [number, number, number, number] {
  const v = $<HTMLInputElement>('bbox').value.split(',').map((s) => Number(s.trim()));
  if (v.length !== 4 || v.some((n) => !Number.isFinite(n))) throw new Error(`bbox: expected four numbers minX,minY,maxX,maxY, got '${$<HTMLInputElement>('bbox').value}'`);
  return v as [number, number, number, number];
}

function readYears(): [number, number] {
  const v = $<HTMLInputElement>('years').value.trim();
  const m = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(v);
  if (!m) throw new Error(`storm years: expected FROM-TO (e.g. 2011-2020), got '${v}'`);
  return [Number(m[1]), Number(m[2])];
}

function readPositive(id: string, what: string, integer: boolean): number {
  const v = $<HTMLInputElement>(id).value;
  const n = Number(v);
  if (v.trim() === '' || !(n > 0) || (integer && !Number.isInteger(n))) throw new Error(`${what}: expected a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
  return n;
}

async function mainJob(): Promise<void> {
  clearStages('main job');
  delete results.main;
  publish();
  $('per-polygon').querySelector('tbody')!.replaceChildren();
  const k = readPositive('k', 'KMeans k', true);
  $('inputs').textContent = `Points: ${points.name} · polygons: ${polygons.name}`;
  const r = await runMainJob({ points: points.source, pointsFormat: points.format, polygons: polygons.source, bbox: readBbox(), k, seed: SHIPPED.seed }, (s) => addStage('main job', s));
  addTotal('main job', r.stages);
  results.main = await mainResults(r);
  publish();
  const body = ($('per-polygon') as HTMLTableElement).tBodies[0]!;
  for (const p of results.main.perPolygon) {
    const tr = body.insertRow();
    cell(tr, p.name ?? '(outside every polygon)');
    cell(tr, String(p.points), true);
    cell(tr, p.meanKm === null ? '' : p.meanKm.toFixed(1), true);
  }
  const xs = (await r.joined.column(r.x).toValues()) as number[];
  const ys = (await r.joined.column(r.y).toValues()) as number[];
  drawPoints($<HTMLCanvasElement>('map-main'), (await r.polygons.column('geometry').toValues()) as Geometry[], xs, ys, results.main.labels);
  $('caption-main').textContent = `Main job: ${results.main.rows} points coloured by KMeans cluster (k ${k}, inertia ${results.main.inertia.toPrecision(8)}, ${results.main.nIter} iterations), over ${polygons.name}.`;
}

async function trajectoryJob(): Promise<void> {
  clearStages('storm tracks');
  delete results.trajectories;
  publish();
  const years = readYears();
  const eps = readPositive('eps', 'DBSCAN eps', false);
  const minSamples = readPositive('min-samples', 'DBSCAN minSamples', true);
  const t = await runTrajectoryJob({ csv: shipped(SHIPPED.storms), years, eps, minSamples }, (s) => addStage('storm tracks', s));
  addTotal('storm tracks', t.stages);
  results.trajectories = await trajectoryResults(t);
  publish();
  world ??= gf.readShapefile(shipped(SHIPPED.polygons)).then(async (w) => (await w.column('geometry').toValues()) as Geometry[]);
  world.catch(() => (world = undefined));
  drawTracks($<HTMLCanvasElement>('map-tracks'), await world, (await t.trajectories.column('geometry').toValues()) as Geometry[], results.trajectories.labels);
  const tr = results.trajectories;
  $('caption-tracks').textContent = `Atlantic storm tracks ${years[0]}–${years[1]}: ${tr.trajectories} tracks, ${tr.clusters} DBSCAN clusters on the symmetric Hausdorff distance (eps ${eps} km, minSamples ${minSamples}), ${tr.noise} noise (grey).`;
}

const SHAPEFILE_PARTS = ['shp', 'dbf', 'shx', 'prj', 'cpg'];

/** Sort picked or dropped files into the points and polygons inputs; a readable Error for anything else. */
function classify(files: readonly File[]): void {
  if (files.length === 0) return;
  const ext = (f: File) => (/\.([^./]+)$/.exec(f.name)?.[1] ?? '').toLowerCase();
  let nextPoints: typeof points | undefined;
  let nextPolygons: typeof polygons | undefined;
  const parts: File[] = [];
  for (const f of files) {
    const e = ext(f);
    if (e === 'csv' || e === 'parquet' || e === 'pq') {
      if (nextPoints) throw new Error(`expected one points file, got '${nextPoints.name}' and '${f.name}'`);
      nextPoints = { source: f, format: e === 'csv' ? 'csv' : 'parquet', name: `'${f.name}'` };
    } else if (e === 'zip') {
      if (nextPolygons) throw new Error(`expected one zipped shapefile, got '${nextPolygons.name}' and '${f.name}'`);
      nextPolygons = { source: f, name: `'${f.name}'` };
    } else if (SHAPEFILE_PARTS.includes(e)) {
      parts.push(f);
    } else {
      throw new Error(`'${f.name}': expected a CSV (.csv) or Parquet (.parquet) file of points, or a zipped shapefile (.zip) of polygons, got ${e ? `a .${e} file` : 'a file without an extension'}`);
    }
  }
  if (parts.length > 0) {
    if (nextPolygons) throw new Error(`expected a zipped shapefile or its parts, got both '${nextPolygons.name}' and ${parts.map((p) => `'${p.name}'`).join(', ')}`);
    if (!parts.some((p) => ext(p) === 'shp')) throw new Error(`a shapefile needs its .shp part, got only ${parts.map((p) => `'${p.name}'`).join(', ')}`);
    nextPolygons = { source: parts, name: parts.map((p) => `'${p.name}'`).join(' + ') };
  }
  if (nextPoints) points = nextPoints; // (the bbox box still applies: -180,-90,180,90 keeps every point)
  if (nextPolygons) polygons = nextPolygons;
}

/** A readable Error when a file named .csv holds binary data (a NUL byte in its first 64 KiB). */
async function checkText(f: File): Promise<void> {
  const head = new Uint8Array(await f.slice(0, 65536).arrayBuffer());
  const nul = head.indexOf(0);
  if (nul >= 0) throw new Error(`'${f.name}': expected a CSV text file, got binary data (a NUL byte at offset ${nul})`);
}

function onFiles(files: readonly File[]): Promise<void> {
  return task(`Main job on ${files.map((f) => `'${f.name}'`).join(', ')}`, async () => {
    const before = { points, polygons };
    try {
      classify(files);
      if (points.format === 'csv' && points.source instanceof File) await checkText(points.source);
      await mainJob();
    } catch (e) {
      ({ points, polygons } = before); // a bad file is not kept for the next run
      throw e;
    }
  });
}

async function shippedJobs(): Promise<void> {
  points = { source: shipped(SHIPPED.points), format: 'csv', name: 'shipped US airports' };
  polygons = { source: shipped(SHIPPED.polygons), name: 'shipped Natural Earth countries' };
  $<HTMLInputElement>('bbox').value = SHIPPED.bbox.join(',');
  await mainJob();
  await trajectoryJob();
}

function wire(): void {
  const input = $<HTMLInputElement>('files');
  input.addEventListener('change', () => {
    const files = Array.from(input.files ?? []);
    input.value = ''; // the same file picked again is a new change
    void onFiles(files);
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void onFiles(Array.from(e.dataTransfer?.files ?? []));
  });
  $('run-shipped').addEventListener('click', () => void task('Main job and storm tracks on the shipped data', shippedJobs));
  // URL parameters preset the inputs: years=FROM-TO, eps, minSamples, k
  for (const [param, id] of [['years', 'years'], ['eps', 'eps'], ['minSamples', 'min-samples'], ['k', 'k']]) {
    const v = params.get(param!);
    if (v !== null) $<HTMLInputElement>(id!).value = v;
  }
  // Anything that escapes a task still reaches the page rather than only the console.
  window.addEventListener('unhandledrejection', (e) => fail('The page', e.reason));
}

wire();
// One task from the start: the state goes 'done' (or 'error') only once the first run has ended.
const autorun = params.get('autorun') !== '0';
await task(autorun ? 'Main job and storm tracks on the shipped data' : 'Choosing the backend', async () => {
  await chooseBackend();
  if (autorun) await shippedJobs();
});
