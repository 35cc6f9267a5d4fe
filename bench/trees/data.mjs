// Seeded data for npm run bench:trees, cached as raw files so that Python reads the same bytes.
// X: n rows × d features, float32, column-major (feature after feature, as gpuframe holds columns);
// y: int32 labels 0/1 from a nonlinear score (pairwise products, a sine, thresholds) plus noise, so
// that depth-8 trees keep finding splits. The generator is the package's own mulberry32.
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../dist/src/random.js';

export const CACHE = new URL('../.cache/', import.meta.url).pathname;

/** Generate (or read from the cache) n × d float32 features and int32 labels for a seed. */
export function treesData(n, d, seed) {
  mkdirSync(CACHE, { recursive: true });
  const xPath = join(CACHE, `trees-x-${n}-${d}-s${seed}.f32`);
  const yPath = join(CACHE, `trees-y-${n}-${d}-s${seed}.i32`);
  if (existsSync(xPath) && existsSync(yPath)) {
    const xb = readFileSync(xPath);
    const yb = readFileSync(yPath);
    const flat = new Float32Array(xb.buffer, xb.byteOffset, n * d);
    return { xPath, yPath, X: Array.from({ length: d }, (_, j) => flat.subarray(j * n, (j + 1) * n)), y: new Int32Array(yb.buffer, yb.byteOffset, n) };
  }
  const r = mulberry32(seed);
  const gauss = () => { let u = r(); while (u === 0) u = r(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r()); };
  const flat = new Float32Array(n * d);
  const X = Array.from({ length: d }, (_, j) => flat.subarray(j * n, (j + 1) * n));
  const w = Float64Array.from({ length: d }, () => gauss());
  const y = new Int32Array(n);
  const row = new Float64Array(d);
  const shift = 2.9; // about the median score: classes near 50 : 50
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = X[j][i] = gauss() * (1 + (j % 4) * 0.5) + (j % 3);
    let s = 0;
    for (let j = 0; j < d; j++) s += 0.3 * w[j] * (row[j] - (j % 3));
    for (let j = 0; j + 1 < d; j += 2) s += 0.4 * w[(j * 7) % d] * row[j] * row[j + 1] / (1 + Math.abs(row[j]));
    s += 1.5 * Math.sin(2 * row[0]) + (row[3] > 1 ? 1 : -0.5) - shift + (row[5] * row[7] > 0.5 ? 0.8 : 0);
    y[i] = s + gauss() > 0 ? 1 : 0;
  }
  writeFileSync(xPath + '.tmp', flat);
  writeFileSync(yPath + '.tmp', y);
  renameSync(xPath + '.tmp', xPath);
  renameSync(yPath + '.tmp', yPath);
  return { xPath, yPath, X, y };
}
