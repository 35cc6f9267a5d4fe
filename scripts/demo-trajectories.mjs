#!/usr/bin/env node
// npm run demo:trajectories [-- --csv my.csv --id vessel --x lon --y lat --t time --eps 20 --min-samples 4]
// Trajectory clustering end to end, on the shipped Atlantic storm tracks (data/storms.csv,
// NOAA HURDAT2 1975–2020 via dplyr) or on your CSV:
//   readCSV → timestamp → deriveTrajectories → trajectoryStats → symmetric Hausdorff matrix →
//   DBSCAN (metric 'precomputed') → an SVG map of the tracks coloured by cluster over the
//   Natural Earth countries, and a per-cluster table (printed and written as CSV).
// Each stage prints its time and its transfer counts (gf.stats()). The stages up to DBSCAN are
// examples/trajectory-job.ts (built into dist/), the module the browser example runs too.
//
// Flags:
//   --csv FILE         the points (default data/storms.csv; 'NA' and empty fields are null)
//   --id A,B           trajectory id column(s) (default name,year: storm names are reused)
//   --x, --y           coordinate columns (default long, lat)
//   --t COL | Y,M,D,H  a time column (numeric or timestamp), or the columns of year, month,
//                      day[, hour[, minute[, second]]] to build a timestamp from (default
//                      year,month,day,hour)
//   --metric M         'haversine' (lon/lat degrees, km; default) or 'euclidean' (planar units)
//   --eps E            DBSCAN radius in the metric's unit (default 500 km)
//   --min-samples K    DBSCAN minSamples (default 8)
//   --value COL        the column whose per-trajectory maximum the table averages (default
//                      wind when the CSV has it)
//   --out FILE         the SVG (default out/trajectories.svg); the table goes next to it as
//                      FILE without .svg + '-clusters.csv'
//   --backend B        auto (default), webgpu or cpu
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const usage = `usage: npm run demo:trajectories [-- options]   (or: node scripts/demo-trajectories.mjs [options])

Trajectory clustering on the shipped Atlantic storm tracks (data/storms.csv) or on your CSV:
readCSV → timestamp → deriveTrajectories → trajectoryStats → symmetric Hausdorff matrix →
DBSCAN (metric 'precomputed') → an SVG map of the tracks by cluster and a per-cluster table.

options:
  --csv FILE         the points (default data/storms.csv; 'NA' and empty fields are null)
  --id A,B           trajectory id column(s) (default name,year)
  --x COL, --y COL   coordinate columns (default long, lat)
  --t COL | Y,M,D,H  a time column, or the year,month,day[,hour[,minute[,second]]] columns to
                     build a timestamp from (default year,month,day,hour)
  --metric M         haversine (lon/lat degrees, km; default) or euclidean (planar units)
  --eps E            DBSCAN radius in the metric's unit (default 500)
  --min-samples K    DBSCAN minSamples (default 8)
  --value COL        the column whose per-trajectory maximum the table averages (default wind
                     when the CSV has it)
  --out FILE         the SVG (default out/trajectories.svg); the table goes next to it
  --backend B        auto (default), webgpu or cpu
  -h, --help         print this and exit`;

let a;
try {
  ({ values: a } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    csv: { type: 'string', default: 'data/storms.csv' },
    id: { type: 'string', default: 'name,year' },
    x: { type: 'string', default: 'long' },
    y: { type: 'string', default: 'lat' },
    t: { type: 'string', default: 'year,month,day,hour' },
    metric: { type: 'string', default: 'haversine' },
    eps: { type: 'string', default: '500' },
    'min-samples': { type: 'string', default: '8' },
    value: { type: 'string' },
    out: { type: 'string', default: 'out/trajectories.svg' },
    backend: { type: 'string', default: 'auto' },
  },
  }));
} catch (e) {
  // An unknown flag or a missing value: say which, then how to call the demo.
  console.error(`demo:trajectories: ${e.message}\n\n${usage}`);
  process.exit(2);
}
if (a.help) {
  console.log(usage);
  process.exit(0);
}
for (const [flag, ok, want] of [['eps', (v) => Number(v) > 0, 'a positive number'], ['min-samples', (v) => /^[1-9][0-9]*$/.test(v), 'a positive integer']]) {
  if (!ok(a[flag])) {
    console.error(`demo:trajectories: --${flag}: expected ${want}, got '${a[flag]}'\n\n${usage}`);
    process.exit(2);
  }
}
const gf = await import('../dist/index.js');
const { runTrajectoryJob } = await import('../dist/examples/trajectory-job.js');
const ids = a.id.split(',');
const eps = Number(a.eps);
const minSamples = Number(a['min-samples']);
const tableFile = a.out.replace(/\.svg$/i, '') + '-clusters.csv';

const info = await gf.init({ backend: a.backend });
console.log(`gpuframe trajectories — backend: ${info.backend}${info.adapter ? ` (${info.adapter})` : ''}`);
console.log(`points: ${a.csv}; id ${ids.join(' + ')}, x ${a.x}, y ${a.y}, t ${a.t}; ${a.metric}; DBSCAN eps ${eps}, minSamples ${minSamples}\n`);
const names = (d) => Object.keys(d.schema);
const fmtStats = (s) => `uploads ${s.uploads} (${(s.uploadBytes / 1024).toFixed(0)} KiB), downloads ${s.downloads} (${(s.downloadBytes / 1024).toFixed(0)} KiB), control reads ${s.controlReads}, dispatches ${s.dispatches}, CPU kernels ${s.cpuKernels}`;
const show = (s) => {
  console.log(`▸ ${s.name}: ${s.ms.toFixed(1)} ms — ${fmtStats(s.stats)}`);
  console.log(`  ${s.text}`);
};
const tParts = a.t.split(',');
const job = await runTrajectoryJob({ csv: a.csv, id: ids, x: a.x, y: a.y, t: tParts.length === 1 ? tParts[0] : tParts, metric: a.metric, eps, minSamples }, show);
const { points: withT, trajectories: stats, dbscan: db } = job;
const value = a.value ?? (names(withT).includes('wind') ? 'wind' : undefined);
let total = job.stages.reduce((t, s) => t + s.ms, 0);
async function stage(name, fn, describe) {
  gf.resetStats();
  const t0 = performance.now();
  const r = await fn();
  await gf.sync();
  const s = { name, ms: performance.now() - t0, stats: gf.stats(), text: describe(r) };
  total += s.ms;
  show(s);
  return r;
}

// The per-cluster table: each trajectory's cluster, length, speed and maximum of `value`.
// Speeds: trajectoryStats gives length per second for timestamp times (km/s for haversine).
const perHour = withT.column('t').type === 'timestamp' || withT.column('t').type === 'date';
const speedName = perHour ? (a.metric === 'haversine' ? 'speed_kmh' : 'speed_per_h') : 'speed';
const lengthName = a.metric === 'haversine' ? 'length_km' : 'length';
const table = await stage('per-cluster table', async () => {
  let per = stats.select(...ids, 'length', 'speed').withColumns({
    cluster: new gf.Column({ type: 'int32', data: db.labels }),
    [speedName]: perHour ? gf.col('speed').mul(3600) : gf.col('speed'),
  });
  if (value) per = await per.join(await withT.groupBy(ids).agg({ max_value: [value, 'max'] }), { on: ids, how: 'left' });
  const spec = { trajectories: ['cluster', 'count'], [`mean_${lengthName}`]: ['length', 'mean'], [`mean_${speedName}`]: [speedName, 'mean'] };
  if (value) spec[`mean_max_${value}`] = ['max_value', 'mean'];
  return (await per.groupBy('cluster').agg(spec)).sort('cluster');
}, (t) => `${t.numRows} groups`);
console.log(`\ntotal ${total.toFixed(0)} ms on ${info.backend} (cluster -1: noise)\n`);
console.log(await table.format(100));
const records = await table.toRecords();
const cols = names(table);
mkdirSync(dirname(a.out), { recursive: true });
writeFileSync(tableFile, [cols.join(','), ...records.map((r) => cols.map((c) => String(r[c] ?? '')).join(','))].join('\n') + '\n');

// The map: countries (equirectangular, framed on the tracks) and the tracks by cluster.
const lines = await stats.column('geometry').toValues();
const labels = await db.labels.toArray();
const world = await gf.readShapefile('data/naturalearth_lowres/naturalearth_lowres.shp');
const countries = await world.column('geometry').toValues();
let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
for (const l of lines) for (const [x, y] of l?.coordinates ?? []) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
if (!Number.isFinite(x0)) [x0, x1, y0, y1] = [-180, 180, -90, 90];
const padX = (x1 - x0) * 0.04 + 0.5, padY = (y1 - y0) * 0.04 + 0.5;
[x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
const W = 1100, H = Math.round((W * (y1 - y0)) / (x1 - x0));
const px = (x) => (((x - x0) / (x1 - x0)) * W).toFixed(1);
const py = (y) => (((y1 - y) / (y1 - y0)) * H).toFixed(1);
const land = [];
for (const g of countries) {
  if (!g) continue;
  let d = '';
  for (const part of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
    const outer = part[0];
    if (!outer.some(([x, y]) => x >= x0 - 10 && x <= x1 + 10 && y >= y0 - 10 && y <= y1 + 10)) continue;
    for (const ring of part) d += ring.map(([x, y], v) => `${v === 0 ? 'M' : 'L'}${px(x)},${py(y)}`).join('') + 'Z';
  }
  if (d) land.push(`<path d="${d}"/>`);
}
const palette = ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#a65628', '#f781bf', '#17becf', '#bcbd22', '#1b3a6b'];
const colour = (k) => (k < 0 ? '#8a8a8a' : palette[k % palette.length]);
const noise = [], clustered = [];
lines.forEach((l, i) => {
  if (!l || l.coordinates.length < 2) return;
  const pts = l.coordinates.map(([x, y]) => `${px(x)},${py(y)}`).join(' ');
  (labels[i] < 0 ? noise : clustered).push(`<polyline points="${pts}" stroke="${colour(labels[i])}"/>`);
});
const legend = records.map((r, i) => {
  const k = Number(r.cluster);
  return `<g transform="translate(14,${20 + 18 * i})"><rect width="22" height="4" y="-4" fill="${colour(k)}"/><text x="30" y="0">${k < 0 ? 'noise' : `cluster ${k}`} (${r.trajectories})</text></g>`;
});
const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<title>gpuframe: ${lines.length} trajectories, DBSCAN on the symmetric Hausdorff distance (eps ${eps}, minSamples ${minSamples})</title>
<rect width="${W}" height="${H}" fill="#eaf2f8"/>
<g fill="#f6f1e3" stroke="#a9a9a9" stroke-width="0.6" fill-rule="evenodd">${land.join('')}</g>
<g fill="none" stroke-width="0.7" stroke-opacity="0.35">${noise.join('')}</g>
<g fill="none" stroke-width="1.6" stroke-opacity="0.85" stroke-linejoin="round">${clustered.join('')}</g>
<text x="${W - 8}" y="${H - 8}" text-anchor="end" font-family="sans-serif" font-size="11" fill="#444">${lines.length} tracks · symmetric Hausdorff (${a.metric}) · DBSCAN eps ${eps}${a.metric === 'haversine' ? ' km' : ''}, minSamples ${minSamples} · countries: Natural Earth</text>
<g font-family="sans-serif" font-size="12" fill="#222"><rect x="6" y="6" width="170" height="${18 * records.length + 10}" fill="#ffffff" fill-opacity="0.85"/>${legend.join('')}</g>
</svg>
`;
writeFileSync(a.out, svg);
console.log(`\nwrote ${a.out} (${lines.length} tracks, ${land.length} countries) and ${tableFile}`);
await gf.shutdown();
