#!/usr/bin/env node
// The soak test: run the whole suite N times in a row (default 30) while another process
// keeps one core busy, and fail unless every run passes. A run that crashes natively or
// hangs (no exit within the per-run limit) counts as a failure; its log is kept in .soak/.
//
//   npm run test:soak                 # 30 runs
//   SOAK_RUNS=5 npm run test:soak     # fewer
//   SOAK_ARGS="test/kernels" npm run test:soak   # a part of the suite (diagnosis only)
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const runs = Number(process.env.SOAK_RUNS ?? 30);
const limitMs = Number(process.env.SOAK_RUN_LIMIT_S ?? 900) * 1000;
mkdirSync('.soak', { recursive: true });

// Keep one core busy for the whole soak.
const burner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const stopBurner = () => burner.kill('SIGKILL');
process.on('exit', stopBurner);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function once(i) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const extra = (process.env.SOAK_ARGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...extra], {
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const timer = setTimeout(() => {
      log += `\nsoak: run ${i} hung (no exit after ${limitMs / 1000} s); killed\n`;
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    }, limitMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      const summary = log.match(/Tests\s+(.*)/)?.[1]?.trim() ?? 'no summary';
      const ok = code === 0;
      if (!ok) writeFileSync(`.soak/run-${i}.log`, log);
      console.log(`soak: run ${String(i).padStart(2)}/${runs} ${ok ? 'PASS' : 'FAIL'} in ${secs} s (exit ${code}${signal ? ', ' + signal : ''}; ${summary})`);
      resolve(ok);
    });
  });
}

let passed = 0;
for (let i = 1; i <= runs; i++) if (await once(i)) passed++;
stopBurner();
console.log(`\nsoak: ${passed} passed, ${runs - passed} failed (${runs} full-suite runs with one core kept busy)`);
process.exit(passed === runs ? 0 : 1);
