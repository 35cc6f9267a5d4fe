// The fuzz children import the built package (dist/): build it when stale before they start.
// A build that reports type errors (another change in progress) but left dist/index.js still
// serves: the fuzz tests say so and go on; no dist/ at all is an error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function ensureBuilt(): void {
  const r = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { encoding: 'utf8' });
  if (r.status === 0) return;
  if (!existsSync('dist/index.js')) throw new Error(`fuzz: the build failed and there is no dist/:\n${r.stdout}\n${r.stderr}`);
  console.warn(`fuzz: the build reported errors; the children run the dist/ it left:\n${(r.stdout + r.stderr).slice(-1500)}`);
}
