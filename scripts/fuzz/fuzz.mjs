#!/usr/bin/env node
// npm run fuzz -- --cases N [--reader r[,r…]] [--seed s] [--out dir] [--timeout ms] [--keep k]
//                 [--minimize-seconds s] [--no-minimize] [--replay dir]
//
// Runs N mutated cases of each reader (all of them, or those --reader names) on the CPU backend,
// each in a supervised child process (10 s and 1.5 GB resident per case by default; see
// supervisor.mjs), prints a table of outcomes per reader, and writes the first --keep failing
// inputs per reader and outcome, minimized, to the --out folder (default out/fuzz-seed<s>/),
// laid out as test/fixtures/fuzz/ is, with failures.json describing each. Exits 1 when any case
// failed (untyped error, hang, crash, over-allocation, engine mismatch).
// --replay dir runs every fixture under dir (default test/fixtures/fuzz) instead.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAILING, OUTCOMES, fixtureCases, minimize, runCampaign, runCase, writeCase } from './campaign.mjs';
import { READERS } from './readers.mjs';
import { Supervisor } from './supervisor.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
if (args.includes('--help')) {
  console.log(`npm run fuzz -- --cases N [--reader ${READERS.map((r) => r.name).join('|')}] [--seed s] [--out dir] [--timeout ms] [--keep k] [--minimize-seconds s] [--no-minimize] [--replay [dir]]`);
  process.exit(0);
}
const cases = Number(opt('cases', 100));
const seed = Number(opt('seed', 1));
const readers = opt('reader', READERS.map((r) => r.name).join(',')).split(',');
const timeoutMs = Number(opt('timeout', 10_000));
const keep = Number(opt('keep', 3));
const minimizeMs = args.includes('--no-minimize') ? 0 : 1000 * Number(opt('minimize-seconds', 60));
const out = opt('out', join(root, 'out', `fuzz-seed${seed}`));

const sup = new Supervisor({ timeoutMs });
const t0 = performance.now();

function table(counts) {
  const cols = ['reader', ...OUTCOMES, 'total'];
  const rows = Object.entries(counts).map(([r, c]) => [r, ...OUTCOMES.map((o) => String(c[o])), String(Object.values(c).reduce((s, n) => s + n, 0))]);
  const w = cols.map((c, k) => Math.max(c.length, ...rows.map((row) => row[k].length)));
  const line = (cells) => `| ${cells.map((c, k) => (k ? c.padStart(w[k]) : c.padEnd(w[k]))).join(' | ')} |`;
  return [line(cols), `|${w.map((n, k) => (k ? '-'.repeat(n + 1) + ':' : '-'.repeat(n + 2))).join('|')}|`, ...rows.map(line)].join('\n');
}

if (args.includes('--replay')) {
  const dir = opt('replay', join(root, 'test', 'fixtures', 'fuzz'));
  let bad = 0;
  for (const kase of fixtureCases(dir.startsWith('--') ? join(root, 'test', 'fixtures', 'fuzz') : dir)) {
    const res = kase.reader ? await runCase(sup, kase) : { outcome: 'untyped', detail: `no reader for folder '${kase.dir}'` };
    if (FAILING.has(res.outcome)) bad++;
    console.log(`${kase.dir}/${kase.stem} [${kase.reader}]: ${res.outcome}: ${res.detail}`);
  }
  await sup.close();
  process.exit(bad ? 1 : 0);
}

let done = 0;
const { counts, failures } = await runCampaign(sup, {
  readers,
  cases,
  seed,
  onCase: (kase, res) => {
    if (FAILING.has(res.outcome)) console.log(`  ${kase.reader} #${kase.index} (seed ${kase.seedName}): ${res.outcome}: ${String(res.detail).slice(0, 200)}`);
    if (++done % 500 === 0) console.log(`  … ${done} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  },
});
console.log(`\n${cases} cases per reader, seed ${seed}, backend ${sup.backend}, ${((performance.now() - t0) / 1000).toFixed(1)} s, ${sup.starts} child start(s)\n`);
console.log(table(counts));

if (failures.length) {
  mkdirSync(out, { recursive: true });
  const written = [];
  const kept = new Map();
  for (const f of failures) {
    const key = `${f.reader}/${f.outcome}`;
    kept.set(key, (kept.get(key) ?? 0) + 1);
    if (kept.get(key) > keep) continue;
    const small = minimizeMs > 0 ? await minimize(sup, f, { budgetMs: minimizeMs, timeoutMs }) : f;
    const before = f.files[f.target].length;
    const after = small.files[small.target].length;
    const paths = writeCase(out, small, `${f.reader}-${f.outcome}-s${seed}-${f.index}`);
    written.push({ reader: f.reader, index: f.index, seed, seedName: f.seedName, outcome: f.outcome, detail: f.detail, stack: f.stack, bytes: before, minimizedBytes: after, files: paths });
    console.log(`  wrote ${paths.join(', ')} (${before} → ${after} bytes)`);
  }
  writeFileSync(join(out, 'failures.json'), JSON.stringify(written, null, 2));
  console.log(`\n${failures.length} failing case(s); ${written.length} written to ${out} (failures.json describes them)`);
}
await sup.close();
process.exit(failures.length ? 1 : 0);
