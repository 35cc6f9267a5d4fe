// One ml.js timing for npm run bench:ml, in a child process so that a slow peer can be stopped.
// Usage: node mljs-child.mjs SPEC.json (the same spec as sklearn_bench.py). Builds number[][]
// rows (not timed), times the peer's fit (and predict/transform) RUNS times, prints JSON with
// the median seconds (elapsed and CPU) and a checksum of the last output.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { n, d } = spec;
const colMajor = (path, rows) => new Float64Array(readFileSync(path).buffer.slice(0));
const X = colMajor(spec.x, n);
const rowsOf = (flat, rows) => Array.from({ length: rows }, (_, i) => Array.from({ length: d }, (_, j) => flat[j * rows + i]));
const Xr = rowsOf(X, n);
const yRaw = spec.y ? readFileSync(spec.y) : undefined;
const y = yRaw ? Array.from(spec.yDtype === 'int32' ? new Int32Array(yRaw.buffer.slice(0)) : new Float64Array(yRaw.buffer.slice(0))) : undefined;
const Qr = spec.q ? rowsOf(new Float64Array(readFileSync(spec.q).buffer.slice(0)), spec.nq) : Xr;
const sumAbs = (v) => (Array.isArray(v) ? v.reduce((s, x) => s + sumAbs(x), 0) : Math.abs(Number(v)));

const peers = {
  PCA: () => {
    const { PCA } = require('ml-pca');
    const p = new PCA(Xr, { method: 'SVD' });
    return p.predict(Xr, { nComponents: spec.params.n_components }).to2DArray();
  },
  LinearRegression: () => {
    const MLR = require('ml-regression-multivariate-linear');
    const m = new (MLR.default ?? MLR)(Xr, y.map((v) => [v]));
    return m.predict(Qr);
  },
  LogisticRegression: () => {
    const LR = require('ml-logistic-regression');
    const { Matrix } = require('ml-matrix');
    const m = new (LR.default ?? LR)({ numSteps: spec.params.max_iter ?? 100, learningRate: 5e-3 });
    m.train(new Matrix(Xr), Matrix.columnVector(y));
    return m.predict(new Matrix(Qr));
  },
  KNeighborsClassifier: () => {
    const KNN = require('ml-knn');
    const m = new (KNN.default ?? KNN)(Xr, y, { k: spec.params.n_neighbors });
    return m.predict(Qr);
  },
  GaussianNB: () => {
    const { GaussianNB } = require('ml-naivebayes');
    const m = new GaussianNB();
    m.train(Xr, y);
    return m.predict(Qr);
  },
  MultinomialNB: () => {
    const { MultinomialNB } = require('ml-naivebayes');
    const m = new MultinomialNB();
    m.train(Xr, y);
    return m.predict(Qr);
  },
  KMeans: () => {
    const km = require('ml-kmeans');
    const r = (km.kmeans ?? km.default ?? km)(Xr, spec.params.n_clusters, { initialization: 'kmeans++', maxIterations: spec.params.max_iter, seed: 0 });
    return r.clusters;
  },
};

const fn = peers[spec.estimator];
if (!fn) {
  console.log(JSON.stringify({ error: `no ml.js peer for ${spec.estimator}` }));
  process.exit(0);
}
const times = [];
let out;
for (let r = 0; r < spec.runs; r++) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  out = fn();
  const c = process.cpuUsage(c0);
  times.push([(performance.now() - t0) / 1000, (c.user + c.system) / 1e6]);
}
times.sort((a, b) => a[0] - b[0]);
const m = times[Math.floor(times.length / 2)];
console.log(JSON.stringify({ seconds: m[0], cpuSeconds: m[1], runs: spec.runs, check: sumAbs(out) }));
