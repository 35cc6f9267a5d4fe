// Issue 14, "The browser bundle": scripts/bundle-browser.mjs bundles index.ts for a browser,
// finds no node: import, keeps parquet-wasm and the shapefile reader in lazy chunks, and its
// --check fails when the entry chunk's gzip size is more than 10% past the recorded size.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each run bundles into a temporary folder, never dist-browser/: CI runs this file beside
// `npm run test:browser`, and a bundle deleted under the page check would fail it.
const out = mkdtempSync(join(tmpdir(), 'gpuframe-bundle-out-'));
const run = (...args: string[]) => spawnSync(process.execPath, ['scripts/bundle-browser.mjs', '--out', out, ...args], { encoding: 'utf8', timeout: 120_000 });
const recorded = JSON.parse(readFileSync('scripts/bundle-size.json', 'utf8')) as { entryGzipBytes: number };

describe('scripts/bundle-browser.mjs', () => {
  it('passes --check against the recorded size: no node: import, lazy parquet-wasm and shapefile chunks', () => {
    const r = run('--check');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('no node: import reachable from index.ts');
    expect(r.stdout).toMatch(/parquet-wasm in a lazy chunk: \S*chunks\/parquet_wasm-\w+\.js/);
    expect(readdirSync(out)).toContain('gpuframe.js');
    expect(r.stdout).toMatch(/the shapefile reader \(src\/io\/shapefile\.ts\) in a lazy chunk/);
    expect(r.stdout).toContain('within 10% of the recorded');
  });

  it('fails --check when the entry is more than 10% past a recorded size, and not at exactly 10%', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpuframe-bundle-'));
    const measure = run('--write', '--sizes', join(dir, 'now.json'));
    expect(measure.status, measure.stderr).toBe(0);
    const now = (JSON.parse(readFileSync(join(dir, 'now.json'), 'utf8')) as { entryGzipBytes: number }).entryGzipBytes;
    expect(Math.abs(now - recorded.entryGzipBytes) / recorded.entryGzipBytes).toBeLessThan(0.1);
    writeFileSync(join(dir, 'small.json'), JSON.stringify({ entryGzipBytes: Math.floor(now / 1.11) }));
    const over = run('--check', '--sizes', join(dir, 'small.json'));
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/the entry chunk grew to [\d.]+ KiB gzip, past the recorded [\d.]+ KiB \+ 10%/);
    writeFileSync(join(dir, 'edge.json'), JSON.stringify({ entryGzipBytes: Math.ceil(now / 1.1) }));
    expect(run('--check', '--sizes', join(dir, 'edge.json')).status).toBe(0);
  });

  it('runs in .ci/run, after the build', () => {
    const ci = readFileSync('.ci/run', 'utf8').split('\n').filter((l) => !l.trimStart().startsWith('#'));
    const at = ci.findIndex((l) => l.trim() === 'node scripts/bundle-browser.mjs --check');
    expect(at).toBeGreaterThan(ci.findIndex((l) => l.includes('npm run build:if-stale')));
  });
});
