#!/usr/bin/env node
// `npm run test:browser`: the browser slice of the differential suite (test/browser/) in headless
// Chromium through vitest's browser mode (vitest.browser.config.ts). The browser is the system's
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
const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.browser.config.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, GPUFRAME_CHROMIUM: chromium } });
console.log(`gpuframe: browser tests ${r.status === 0 ? 'passed' : 'FAILED'} in ${((performance.now() - t0) / 1000).toFixed(1)} s (Chromium at ${chromium})`);
process.exit(r.status ?? 1);
