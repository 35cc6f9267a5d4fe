#!/usr/bin/env node
// The example page's check (issue 14, acceptance 3 and 5): Vite serves examples/browser on
// localhost, Playwright drives the system's Chromium (GPUFRAME_CHROMIUM, default
// /usr/bin/chromium) with WebGPU on SwiftShader, and
//   1. the page runs the main job and the storm-track clustering on the shipped data on
//      navigator.gpu; its results (per-polygon counts, KMeans labels, centers and inertia,
//      DBSCAN labels) equal those of the same modules on the Node CPU backend; a screenshot of
//      each map is non-blank with the cluster colours drawn (saved in out/browser-page/);
//   2. bad input gets a readable message on the page and no spinner left: a non-CSV file, a
//      binary file named .csv, a corrupt zip; then a Parquet file of the same airports and the
//      countries as a zipped shapefile give the same results again;
//   3. with navigator.gpu deleted before the page starts, the page says so, runs on the CPU
//      backend and gives the same results;
//   4. README's "Use in the browser" <script type="module"> example runs verbatim against the
//      browser bundle (scripts/bundle-browser.mjs --out out/browser-page/bundle), served from localhost;
//   5. against the same bundle, readCSV of a CSV above the parallel cut-over runs its pieces in
//      module Web Workers started from the bundle's csv-worker.js (counted by Playwright and by
//      stats().csvWorkerPieces), and the table equals the one-thread read byte for byte.
// Exit 0 when all pass. Without Chromium: a notice and exit 0, or exit 1 when
// GPUFRAME_REQUIRE_WEBGPU=1 (as CI sets), as scripts/test-browser.mjs does.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { makeZip, deepEqualResults } from './test-browser-page-lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const chromiumPath = process.env.GPUFRAME_CHROMIUM || '/usr/bin/chromium';
const required = process.env.GPUFRAME_REQUIRE_WEBGPU === '1';
// A small slice of the storm tracks (58 of them, 4 clusters), so the Hausdorff matrix stays quick
// on SwiftShader; the page's own default is 2011–2020 at 700 km and 4 samples.
const TRACKS = { years: [2018, 2020], eps: 800, minSamples: 3 };
const QUERY = `?years=${TRACKS.years.join('-')}&eps=${TRACKS.eps}&minSamples=${TRACKS.minSamples}`;
const FLAGS = ['--headless=new', '--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface'];
const t0 = performance.now();
const secs = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const log = (s) => console.log(`page check [${secs()}] ${s}`);

try {
  accessSync(chromiumPath, constants.X_OK);
} catch {
  console.log(`\n!! gpuframe: the example page check ${required ? 'FAILED: GPUFRAME_REQUIRE_WEBGPU=1 and' : 'DID NOT RUN:'} no Chromium at ${chromiumPath}\n`);
  process.exit(required ? 1 : 0);
}

// The Node side: the same modules (built into dist/) on the CPU backend, on the same files.
// The browser bundle goes to a folder of this check's own (not dist-browser/, which the bundle
// test rebuilds, perhaps at the same time in CI's CPU half).
const bundleDir = 'out/browser-page/bundle';
for (const args of [['scripts/build-if-stale.mjs'], ['scripts/bundle-browser.mjs', '--out', bundleDir]]) {
  const built = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const gf = await import('../dist/index.js');
const { shippedResults } = await import('../dist/examples/browser/results.js');
await gf.init({ backend: 'cpu' });
const node = await shippedResults('data/', TRACKS);
log(`Node CPU reference: ${node.main.rows} points, ${node.main.perPolygon.length} polygons, inertia ${node.main.inertia}; ${node.trajectories.trajectories} tracks, ${node.trajectories.clusters} clusters`);

// Inputs for the page's file picker.
const airports = await gf.readCSV('data/airports.csv');
const parquet = Buffer.from(await gf.writeParquet(airports));
const shp = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => ({ name: `naturalearth_lowres.${e}`, data: readFileSync(`data/naturalearth_lowres/naturalearth_lowres.${e}`) }));
const zip = makeZip(shp);
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const corruptZip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 0xa7)]);

const { createServer } = await import('vite');
const server = await createServer({ configFile: 'examples/browser/vite.config.mjs', logLevel: 'warn', server: { port: 5174, strictPort: false } });
await server.listen();
const base = server.resolvedUrls.local[0];
const { chromium } = await import('playwright');
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: FLAGS });
const outDir = 'out/browser-page';
mkdirSync(outDir, { recursive: true });
let failed = false;

// Step 5's page: a quote-free CSV above the parallel cut-over with int32 → int64 and int → float
// columns late in the file and dictionaries that differ piece to piece, read with the default
// threads (the cores; 2 at least) and with threads: 1; every column's bytes compared.
const CSV_WORKERS_PAGE = `<!doctype html><meta charset="utf-8"><title>csv workers</title><script type="module">
import * as gf from './gpuframe.js';
try {
  const rows = ['id,late64,latefloat,word,flag,maybe'];
  let size = 0;
  const target = 4.25 * 2 ** 20;
  for (let k = 0; size < target; k++) {
    const late = size > target * 0.8;
    const row = [k, late && k % 5 === 0 ? 2 ** 40 + k : k % 1000, late && k % 7 === 0 ? (k % 3) / 8 : k % 11 === 0 ? '-0' : k % 50,
      ['ant', 'bee', 'émeu', 'gnu'][k % 4] + (size > target / 2 ? 'x' : ''), k % 3 === 0, k % 13 === 0 ? '' : ((k * 7919) % 100003) / 64].join(',');
    rows.push(row);
    size += row.length + 1;
  }
  const bytes = new TextEncoder().encode(rows.join('\\n') + '\\n');
  const cores = navigator.hardwareConcurrency;
  const pieces0 = gf.stats().csvWorkerPieces;
  const t0 = performance.now();
  const parallel = await gf.readCSV(bytes, cores > 1 ? {} : { threads: 2 });
  const t1 = performance.now();
  const pieces = gf.stats().csvWorkerPieces - pieces0;
  const one = await gf.readCSV(bytes, { threads: 1 });
  const t2 = performance.now();
  const same = (a, b) => a.byteLength === b.byteLength && new Uint8Array(a.buffer, a.byteOffset, a.byteLength).every((x, i) => x === new Uint8Array(b.buffer, b.byteOffset, b.byteLength)[i]);
  const diffs = [];
  if (parallel.numRows !== one.numRows) diffs.push('numRows');
  const [ca, cb] = [parallel.getColumns(), one.getColumns()];
  for (let k = 0; k < ca.length; k++) {
    const [x, y, name] = [ca[k], cb[k], parallel.names[k]];
    if (name !== one.names[k] || x.type !== y.type) { diffs.push(name + ': ' + x.type + ' vs ' + y.type); continue; }
    if (!same(await x.data.toArray(), await y.data.toArray())) diffs.push(name + ': data');
    if (!!x.validity !== !!y.validity || (x.validity && !same(await x.validity.toArray(), await y.validity.toArray()))) diffs.push(name + ': validity');
    if (JSON.stringify(x.dictionary ?? null) !== JSON.stringify(y.dictionary ?? null)) diffs.push(name + ': dictionary');
  }
  if (ca.length !== cb.length) diffs.push('columns');
  const types = ca.map((c) => c.type).join(', ');
  if (!types.startsWith('int32, int64, float64')) diffs.push('types ' + types + ', expected the join to widen int32 → int64 and int → float64');
  window.__csvWorkers = { mib: +(bytes.length / 2 ** 20).toFixed(2), rows: parallel.numRows, cores, pieces, parallelMs: Math.round(t1 - t0), oneMs: Math.round(t2 - t1), types, diffs };
} catch (e) {
  window.__csvWorkers = { error: String(e?.stack ?? e) };
}
</script>`;

/** Serve a folder on localhost (WebGPU and module workers need a secure context); its URL and a close(). */
async function serveDir(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const http = createHttpServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    try {
      const file = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      log(`  ${dir} was asked for a missing ${req.url}`);
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => http.listen(0, 'localhost', r));
  return { url: `http://localhost:${http.address().port}/`, close: () => new Promise((r) => http.close(r)) };
}

/** Wait until the page's current task ends; the page's state ('done' or 'error') and its messages. */
async function settled(page, timeout = 150_000) {
  await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'error', undefined, { timeout, polling: 100 });
  return page.evaluate(() => ({
    state: document.body.dataset.state,
    error: document.getElementById('error').hidden ? null : document.getElementById('error').textContent,
    notice: document.getElementById('notice').hidden ? null : document.getElementById('notice').textContent,
    backendLine: document.getElementById('backend').textContent,
    spinning: document.querySelectorAll('.busy').length,
    stages: Array.from(document.querySelectorAll('#stages tbody tr')).map((tr) => Array.from(tr.cells).slice(0, 3).map((c) => c.textContent).join(' | ')),
    results: window.__gpuframeResults,
  }));
}

/** A map's screenshot, decoded in the page: its pixels by colour (cluster colours, distinct colours). */
async function checkMap(page, id) {
  const shot = await page.locator(`#${id}`).screenshot({ path: `${outDir}/${id}.png` });
  const px = await page.evaluate(async ([b64, palette]) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const rgb = palette.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const hits = new Array(palette.length).fill(0);
    const distinct = new Set();
    for (let i = 0; i < d.length; i += 4) {
      distinct.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      rgb.forEach(([r, g, b], k) => {
        if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) <= 12) hits[k]++;
      });
    }
    return { width: c.width, height: c.height, distinct: distinct.size, hits };
  }, [shot.toString('base64'), ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#a65628', '#f781bf', '#17becf', '#bcbd22', '#1b3a6b']]);
  return px;
}

async function step(name, fn) {
  const s = performance.now();
  try {
    await fn();
    log(`ok   ${name} (${((performance.now() - s) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed = true;
    log(`FAIL ${name}: ${e.stack ?? e}`);
  }
}

function pageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

try {
  // 1. navigator.gpu (SwiftShader): both jobs on the shipped data.
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = pageErrors(page);
  await page.goto(base + QUERY);
  const gpu = await settled(page);
  await step('page on navigator.gpu: both jobs finish, results equal the Node CPU backend', async () => {
    assert.equal(gpu.error, null, `page error: ${gpu.error}`);
    assert.equal(gpu.state, 'done');
    log(`page: ${gpu.backendLine}${gpu.notice ? ` — notice: ${gpu.notice}` : ''}\n  ${gpu.stages.join('\n  ')}`);
    if (required) assert.equal(gpu.results.backend, 'webgpu', 'GPUFRAME_REQUIRE_WEBGPU=1 and the page ran on the CPU');
    deepEqualResults(gpu.results, node);
    writeFileSync(`${outDir}/page-results.json`, JSON.stringify(gpu.results));
    const same = ['main', 'trajectories'].filter((k) => JSON.stringify(gpu.results[k]) === JSON.stringify(node[k]));
    log(`  bit for bit equal to the Node CPU backend: ${same.length ? same.join(' and ') : 'neither job'} (${gpu.results.backend})`);
  });
  await page.screenshot({ path: `${outDir}/page.png`, fullPage: true });
  await step('screenshots: the maps are non-blank with the cluster colours drawn', async () => {
    const main = await checkMap(page, 'map-main');
    const tracks = await checkMap(page, 'map-tracks');
    log(`map-main ${main.width}×${main.height}: ${main.distinct} colours, cluster pixels ${main.hits.join('/')}; map-tracks: ${tracks.distinct} colours, cluster pixels ${tracks.hits.join('/')}`);
    for (const m of [main, tracks]) assert.ok(m.distinct > 20, `a near-blank map (${m.distinct} colours)`);
    // every KMeans cluster's colour is on the map, with a few hundred pixels of points in all
    const k = new Set(node.main.labels).size;
    assert.ok(main.hits.slice(0, k).every((h) => h > 20), `KMeans colours missing: ${main.hits.join('/')}`);
    assert.ok(main.hits.reduce((a, b) => a + b, 0) > 2000);
    assert.ok(tracks.hits.slice(0, node.trajectories.clusters).every((h) => h > 20), `DBSCAN colours missing: ${tracks.hits.join('/')}`);
  });

  // 2. Bad input, then good files, on the same page.
  const pick = async (files) => {
    await page.setInputFiles('#files', files);
    return settled(page);
  };
  for (const [what, files, expect] of [
    ['a non-CSV file (photo.png)', [{ name: 'photo.png', mimeType: 'image/png', buffer: png }], /'photo\.png': expected a CSV \(\.csv\) or Parquet/],
    ['a binary file named .csv', [{ name: 'binary.csv', mimeType: 'text/csv', buffer: Buffer.concat([png, Buffer.alloc(64, 0xff)]) }], /'binary\.csv': expected a CSV text file, got binary data/],
    ['a CSV without coordinates', [{ name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from('region,amount\nnorth,3\nsouth,4\n') }], /expected points with a column named longitude.*got columns 'region', 'amount'/],
    ['a corrupt zip', [{ name: 'countries.zip', mimeType: 'application/zip', buffer: corruptZip }], /readShapefile: expected a valid zip archive/],
  ]) {
    await step(`bad input, ${what}: a readable message, no spinner`, async () => {
      const r = await pick(files);
      log(`  message: ${r.error}`);
      assert.equal(r.state, 'error');
      assert.equal(r.spinning, 0);
      assert.match(r.error ?? '', expect);
      assert.ok(!/\[object |undefined|at .*\.ts:\d+/.test(r.error), `not readable: ${r.error}`);
    });
  }
  await step('Parquet points and a zipped shapefile give the same main-job results', async () => {
    const r = await pick([
      { name: 'airports.parquet', mimeType: 'application/octet-stream', buffer: parquet },
      { name: 'countries.zip', mimeType: 'application/zip', buffer: zip },
    ]);
    assert.equal(r.error, null, `page error: ${r.error}`);
    assert.equal(r.spinning, 0);
    deepEqualResults({ ...r.results, trajectories: node.trajectories }, node);
  });
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), [], 'page errors');
  await page.close();

  // 3. No WebGPU: navigator.gpu deleted before the page's scripts run.
  const cpuPage = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await cpuPage.addInitScript(() => {
    delete Navigator.prototype.gpu;
    delete navigator.gpu;
  });
  await cpuPage.goto(base + QUERY);
  const cpu = await settled(cpuPage);
  await step('without navigator.gpu: the page says so, runs on the CPU backend, same results', async () => {
    log(`  notice: ${cpu.notice}`);
    assert.match(cpu.notice ?? '', /no WebGPU \(navigator\.gpu is missing/);
    assert.equal(cpu.results.backend, 'cpu');
    assert.equal(cpu.error, null, `page error: ${cpu.error}`);
    deepEqualResults(cpu.results, node, { exact: true });
  });
  await cpuPage.close();

  // 4. README's example, verbatim, beside the browser bundle.
  const readme = readFileSync('README.md', 'utf8');
  const html = /\n## Use in the browser\n[\s\S]*?```html\n([\s\S]*?)```/.exec(readme)?.[1];
  await step("README 'Use in the browser' example runs in Chromium", async () => {
    assert.ok(html, "README has no ```html block under '## Use in the browser'");
    const dir = join(outDir, 'readme');
    rmSync(dir, { recursive: true, force: true });
    cpSync(bundleDir, dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), html);
    const http = await serveDir(dir);
    const rp = await browser.newPage();
    const errs = pageErrors(rp);
    try {
      await rp.goto(http.url);
      await rp.waitForFunction(() => /backend/.test(document.querySelector('#out')?.textContent ?? ''), undefined, { timeout: 60_000 });
      const text = await rp.textContent('#out');
      log(`  README example printed:\n${text}`);
      assert.match(text, /^backend (webgpu|cpu)\n/);
      assert.doesNotMatch(text, /Paris/);
      const order = ['Orléans', 'Lyon', 'Nice'].map((c) => text.indexOf(c));
      assert.ok(order.every((i) => i > 0) && order[0] < order[1] && order[1] < order[2], 'rows by distance from Paris');
      // and a picked File goes through the same reader
      await rp.setInputFiles('input', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from('city,lon,lat\nBrest,-4.49,48.39\n') });
      await rp.waitForFunction(() => /Brest/.test(document.querySelector('#out')?.textContent ?? ''), undefined, { timeout: 30_000 });
      assert.deepEqual(errs, []);
    } finally {
      await rp.close();
      await http.close();
    }
  });

  // 5. The parallel CSV read in module Web Workers, from the bundle's csv-worker.js.
  await step('bundle: readCSV above the parallel cut-over parses in Web Workers (csv-worker.js), same table as one thread', async () => {
    const dir = join(outDir, 'csv-workers');
    rmSync(dir, { recursive: true, force: true });
    cpSync(bundleDir, dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), CSV_WORKERS_PAGE);
    const http = await serveDir(dir);
    const wp = await browser.newPage();
    const errs = pageErrors(wp);
    const workers = [];
    wp.on('worker', (w) => workers.push(w.url()));
    try {
      await wp.goto(http.url);
      await wp.waitForFunction(() => window.__csvWorkers !== undefined, undefined, { timeout: 60_000, polling: 100 });
      const r = await wp.evaluate(() => window.__csvWorkers);
      const csvWorkers = workers.filter((u) => new URL(u).pathname === '/csv-worker.js');
      log(`  ${r.error ?? `${r.mib} MiB, ${r.rows} rows, ${r.cores} cores reported: ${csvWorkers.length} Web Worker(s) from /csv-worker.js, ${r.pieces} piece(s) parsed in them; parallel ${r.parallelMs} ms, one thread ${r.oneMs} ms; types ${r.types}; differences: ${r.diffs.length ? r.diffs.join('; ') : 'none'}`}`);
      assert.equal(r.error, undefined, r.error);
      assert.ok(r.mib >= 4, 'the CSV is above the parallel cut-over (4 MiB)');
      assert.ok(csvWorkers.length >= 1, `no Web Worker started from /csv-worker.js (workers: ${workers.join(', ') || 'none'})`);
      assert.equal(r.pieces, csvWorkers.length, 'each Web Worker parsed its piece');
      assert.deepEqual(r.diffs, []);
      assert.deepEqual(errs, []);
    } finally {
      await wp.close();
      await http.close();
    }
  });
} catch (e) {
  failed = true;
  log(`FAIL: ${e.stack ?? e}`);
} finally {
  await browser.close();
  await server.close();
}
writeFileSync(`${outDir}/node-results.json`, JSON.stringify(node));
console.log(`gpuframe: example page check ${failed ? 'FAILED' : 'passed'} in ${secs()} (Chromium at ${chromiumPath}; screenshots in ${outDir}/)`);
process.exit(failed ? 1 : 0);

