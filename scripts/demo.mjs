#!/usr/bin/env node
// npm run demo [-- --points my.csv --polygons my.zip --backend cpu --k 8 --out out/demo.svg]
// Runs the main job (examples/main-job.ts, built into dist/) on the shipped data or on your
// files, prints each stage with its time and transfer counts, and writes an SVG map of the
// polygons and the points coloured by cluster.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const usage = `usage: npm run demo [-- options]   (or: node scripts/demo.mjs [options], after npm run build)

Runs the main job on the shipped data (US airports, Natural Earth countries) or on your files:
readCSV → filter to a bounding box → haversine distance to a reference point → sjoin with the
polygons → count per polygon → KMeans, printing each stage's time and transfer counts, then an
SVG map of the polygons and the points coloured by cluster.

options:
  --points FILE     CSV of points (default data/airports.csv)
  --polygons FILE   shapefile (.shp or .zip) of polygons (default data/naturalearth_lowres)
  --x COL, --y COL  coordinate columns of the points (default longitude, latitude)
  --label COL       the polygons' name column (default name)
  --bbox minX,minY,maxX,maxY
                    keep the points inside (default: the contiguous US for the shipped data)
  --ref lon,lat     reference point of the distances (default -98.5795,39.8283, the
                    geographic centre of the contiguous US)
  --k N             KMeans clusters (default 8)
  --out FILE        the SVG map (default out/demo.svg)
  --backend B       auto (default), webgpu or cpu
  -h, --help        print this and exit`;

let a;
try {
  ({ values: a } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    points: { type: 'string' },
    polygons: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    x: { type: 'string', default: 'longitude' },
    y: { type: 'string', default: 'latitude' },
    label: { type: 'string', default: 'name' },
    bbox: { type: 'string' },
    ref: { type: 'string' },
    k: { type: 'string', default: '8' },
    out: { type: 'string', default: 'out/demo.svg' },
  },
  }));
} catch (e) {
  // An unknown flag or a missing value: say which, then how to call the demo.
  console.error(`demo: ${e.message}\n\n${usage}`);
  process.exit(2);
}
if (a.help) {
  console.log(usage);
  process.exit(0);
}
const bad = (flag, want) => {
  console.error(`demo: --${flag}: expected ${want}, got '${a[flag]}'\n\n${usage}`);
  process.exit(2);
};
if (!/^[1-9][0-9]*$/.test(a.k)) bad('k', 'a positive integer');
if (a.bbox && (a.bbox.split(',').length !== 4 || a.bbox.split(',').some((v) => !Number.isFinite(Number(v)) || v.trim() === ''))) bad('bbox', 'four numbers minX,minY,maxX,maxY');
if (a.ref && (a.ref.split(',').length !== 2 || a.ref.split(',').some((v) => !Number.isFinite(Number(v)) || v.trim() === ''))) bad('ref', 'two numbers lon,lat');
const gf = await import('../dist/index.js');
const { runMainJob } = await import('../dist/examples/main-job.js');
const shipped = !a.points && !a.polygons;
const nums = (s) => s.split(',').map(Number);
const opts = {
  points: a.points ?? 'data/airports.csv',
  polygons: a.polygons ?? 'data/naturalearth_lowres/naturalearth_lowres.shp',
  x: a.x,
  y: a.y,
  label: a.label,
  // The shipped airports: keep the contiguous United States.
  bbox: a.bbox ? nums(a.bbox) : shipped ? [-125, 24, -66, 50] : undefined,
  ref: a.ref ? nums(a.ref) : undefined,
  k: Number(a.k),
  seed: 0,
};

const info = await gf.init({ backend: a.backend });
console.log(`gpuframe main job — backend: ${info.backend}${info.adapter ? ` (${info.adapter})` : ''}`);
console.log(`points: ${opts.points}\npolygons: ${opts.polygons}\n`);
const fmtStats = (s) => `uploads ${s.uploads} (${(s.uploadBytes / 1024).toFixed(0)} KiB), downloads ${s.downloads} (${(s.downloadBytes / 1024).toFixed(0)} KiB), control reads ${s.controlReads}, dispatches ${s.dispatches}`;
const r = await runMainJob(opts, (s) => {
  console.log(`▸ ${s.name}: ${s.ms.toFixed(1)} ms — ${fmtStats(s.stats)}`);
  console.log(`  ${s.text.split('\n').join('\n  ')}\n`);
});
const total = r.stages.reduce((t, s) => t + s.ms, 0);
console.log(`cluster centers (lon, lat):`);
const c = r.kmeans.clusterCenters;
for (let i = 0; i < c.length / 2; i++) console.log(`  ${i}: ${c[2 * i].toFixed(4)}, ${c[2 * i + 1].toFixed(4)}`);
console.log(`\ntotal ${total.toFixed(0)} ms on ${info.backend}`);

// The map: polygons (equirectangular, framed on the points) and the points by cluster.
const xs = await r.joined.column(opts.x).data.toArray();
const ys = await r.joined.column(opts.y).data.toArray();
const labels = await r.kmeans.labels.toArray();
// The polygons frame's geometry column, as GeoJSON (Polygon or MultiPolygon per row, null for none).
const geoms = await r.polygons.column('geometry').toValues();
let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
for (let i = 0; i < xs.length; i++) { x0 = Math.min(x0, xs[i]); x1 = Math.max(x1, xs[i]); y0 = Math.min(y0, ys[i]); y1 = Math.max(y1, ys[i]); }
if (!Number.isFinite(x0)) [x0, x1, y0, y1] = [-180, 180, -90, 90];
const padX = (x1 - x0) * 0.05 + 0.5, padY = (y1 - y0) * 0.05 + 0.5;
[x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
const W = 1000, H = Math.round((W * (y1 - y0)) / (x1 - x0));
const px = (x) => (((x - x0) / (x1 - x0)) * W).toFixed(1);
const py = (y) => (((y1 - y) / (y1 - y0)) * H).toFixed(1);
const paths = [];
for (const g of geoms) {
  if (!g) continue;
  let d = '';
  for (const part of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
    for (const ring of part) d += ring.map(([x, y], v) => `${v === 0 ? 'M' : 'L'}${px(x)},${py(y)}`).join('') + 'Z';
  }
  if (d) paths.push(`<path d="${d}"/>`);
}
const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const dots = [];
for (let i = 0; i < xs.length; i++) dots.push(`<circle cx="${px(xs[i])}" cy="${py(ys[i])}" r="2" fill="${palette[labels[i] % palette.length]}"/>`);
const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<title>gpuframe main job: ${xs.length} points in ${r.kmeans.clusterCenters.length / 2} clusters</title>
<rect width="${W}" height="${H}" fill="#eef4f8"/>
<g fill="#f7f3e8" stroke="#9a9a9a" stroke-width="0.6" fill-rule="evenodd">${paths.join('')}</g>
<g fill-opacity="0.85">${dots.join('')}</g>
</svg>
`;
mkdirSync(dirname(a.out), { recursive: true });
writeFileSync(a.out, svg);
console.log(`wrote ${a.out} (${xs.length} points, ${paths.length} polygons)`);
await gf.shutdown();
