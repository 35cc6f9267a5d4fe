// One density-clustering DBSCAN run for npm run bench:spatial, in its own process so that the
// parent can stop it at a time limit. Usage: node density-clustering-child.mjs POINTS.f64 EPS MIN_PTS
// Prints JSON: seconds (the run only, elapsed and CPU) and the numbers of clusters and noise points.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { DBSCAN } = require('density-clustering');
const [file, eps, minPts] = process.argv.slice(2);
const buf = readFileSync(file);
const xy = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
const points = [];
for (let i = 0; i < xy.length; i += 2) points.push([xy[i], xy[i + 1]]);
const t0 = performance.now();
const u0 = process.cpuUsage();
const db = new DBSCAN();
const clusters = db.run(points, Number(eps), Number(minPts));
const ms = performance.now() - t0;
const u = process.cpuUsage(u0);
console.log(JSON.stringify({ seconds: ms / 1000, cpuSeconds: (u.user + u.system) / 1e6, clusters: clusters.length, noise: db.noise.length }));
