#!/usr/bin/env node
// The functions with the most self and total time in a .cpuprofile (from `--cpu-prof`).
//
//   node bench/frame/run.mjs --sizes 1e6 --workloads sort --libs gpuframe-cpu --no-write --cpu-prof out/prof
//   node bench/frame/prof-summary.mjs out/prof/sort-gpuframe-cpu-1000000.cpuprofile [top=25]
import { readFileSync } from 'node:fs';

const [path, topArg] = process.argv.slice(2);
if (!path) {
  console.error('usage: node bench/frame/prof-summary.mjs FILE.cpuprofile [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const prof = JSON.parse(readFileSync(path, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\//, '').replace(/^.*?\/(dist|bench|node_modules)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
};

const self = new Map();
const total = new Map();
let all = 0;
for (let i = 0; i < prof.samples.length; i++) {
  const dt = (prof.timeDeltas[i] ?? 0) / 1000;
  all += dt;
  let n = byId.get(prof.samples[i]);
  const l = label(n);
  self.set(l, (self.get(l) ?? 0) + dt);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const ll = label(byId.get(id));
    if (seen.has(ll)) continue;
    seen.add(ll);
    total.set(ll, (total.get(ll) ?? 0) + dt);
  }
}
const show = (m, title) => {
  console.log(`\n${title} (of ${all.toFixed(0)} ms sampled)`);
  for (const [l, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(0).padStart(8)} ms ${(100 * ms / all).toFixed(1).padStart(5)}%  ${l}`);
};
show(self, 'self time');
show(new Map([...total].filter(([l]) => l.includes('dist/'))), 'total time, gpuframe functions');
