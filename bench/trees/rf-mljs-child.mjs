// ml-random-forest 2.1.0 (npm) for npm run bench:trees, in a child process so that a slow fit
// can be stopped. Usage: node rf-mljs-child.mjs SPEC.json (the spec of rf_sklearn.py plus
// "trees": how many trees to fit). Builds number[][] rows (not timed), times one fit of
// RandomForestClassifier({ nEstimators: trees, seed: 0, noOOB: true }) with the package's other
// defaults (each tree: a bootstrap sample of the rows and maxFeatures 1.0 of the features drawn
// with replacement, chosen once per tree; ml-cart's gini splits, minNumSamples 3, gainThreshold
// 0.01), and reports the test accuracy. Prints JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../ml/package.json', import.meta.url));
const { RandomForestClassifier } = require('ml-random-forest');
const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { rows, d, train, test } = spec;
const xb = readFileSync(spec.x);
const flat = new Float32Array(xb.buffer, xb.byteOffset, rows * d);
const yb = readFileSync(spec.y);
const yAll = new Int32Array(yb.buffer, yb.byteOffset, rows);
const rowsOf = (a, b) => Array.from({ length: b - a }, (_, i) => Array.from({ length: d }, (_, j) => flat[j * rows + a + i]));
const Xtr = rowsOf(0, train);
const ytr = Array.from(yAll.subarray(0, train));
const Xte = rowsOf(train, train + test);
const c0 = process.cpuUsage();
const t0 = performance.now();
const rf = new RandomForestClassifier({ nEstimators: spec.trees, seed: 0, noOOB: true });
rf.train(Xtr, ytr);
const seconds = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
const pred = rf.predict(Xte);
let ok = 0;
for (let i = 0; i < test; i++) if (pred[i] === yAll[train + i]) ok++;
console.log(JSON.stringify({ seconds, cpuSeconds: (c.user + c.system) / 1e6, trees: spec.trees, accuracy: ok / test }));
