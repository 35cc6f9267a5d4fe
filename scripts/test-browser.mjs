#!/usr/bin/env node
// `npm run test:browser`: the browser slice of the differential suite (test/browser/) in headless
// Chromium through vitest's browser mode (vitest.browser.config.ts), then the example page's
// check (scripts/test-browser-page.mjs; skipped when vitest is given arguments, e.g. a filter). The browser is the system's
// Chromium (GPUFRAME_CHROMIUM, default /usr/bin/chromium: Debian's package ships SwiftShader).
// Without it the run fails where WebGPU is required (GPUFRAME_REQUIRE_WEBGPU=1, as CI sets) and
// otherwise prints a notice and exits 0, as `npm test` does without an adapter.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromium = process.env.GPUFRAME_CHROMIUM || '/usr/bin/chromium';
const required = process.env.GPUFRAME_REQUIRE_WEBGPU === '1';

try {
  accessSync(chromium, constants.X_OK);
} catch {
  const bar = '!'.repeat(78);
  const say = required ? 'FAILED: GPUFRAME_REQUIRE_WEBGPU=1 and' : 'the browser tests DID NOT RUN:';
  console.log(
    `\n${bar}\n!! gpuframe: ${say} no Chromium at ${chromium}.\n` +
      `!! To run them (Debian/Ubuntu): sudo apt-get install chromium, or set GPUFRAME_CHROMIUM to a Chromium binary.\n${bar}\n`,
  );
  process.exit(required ? 1 : 0);
}

const t0 = performance.now();
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const env = { ...process.env, GPUFRAME_CHROMIUM: chromium };
const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.browser.config.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
// Then the example page's check (scripts/test-browser-page.mjs): the page's results against the
// Node CPU backend's, screenshots, bad input, the no-WebGPU fallback, README's browser example.
const page = r.status === 0 && process.argv.length <= 2 ? spawnSync(process.execPath, [fileURLToPath(new URL('./test-browser-page.mjs', import.meta.url))], { cwd: root, stdio: 'inherit', env }) : undefined;
const status = r.status !== 0 ? (r.status ?? 1) : page ? (page.status ?? 1) : 0;
console.log(`gpuframe: browser tests ${status === 0 ? 'passed' : 'FAILED'} in ${((performance.now() - t0) / 1000).toFixed(1)} s (Chromium at ${chromium}${page ? '; differential slice and example page' : ''})`);
process.exit(status);
