// Issue 13, "Packaging and docs": what a new user meets first, checked fast (no build, no install).
// The slow end-to-end check (npm pack → install → tsc strict → run) is scripts/consumer-check.mjs,
// which CI runs; this file checks that it exists and that CI calls it.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const read = (f: string) => readFileSync(f, 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  license: string; type: string; types: string; files: string[];
  exports: Record<string, Record<string, string>>;
  imports: Record<string, Record<string, string>>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>; devDependencies: Record<string, string>;
};
const readme = read('README.md');

describe('licence and package.json', () => {
  it('ships an MIT LICENSE that package.json names', () => {
    const license = read('LICENSE');
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toContain('Copyright (c) 2026 the gpuframe authors');
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
    expect(pkg.license).toBe('MIT');
  });

  it('builds dist/ on install from git or a clone (prepare), and only when stale for demo/test', () => {
    expect(pkg.scripts.prepare).toBe('node scripts/build-if-stale.mjs');
    expect(existsSync('scripts/build-if-stale.mjs')).toBe(true);
    for (const s of ['demo', 'demo:trajectories', 'pretest', 'bench:kernels', 'bench:ml']) {
      expect(pkg.scripts[s], s).toMatch(/^node scripts\/build-if-stale\.mjs\b/);
      expect(pkg.scripts[s], s).not.toMatch(/npm run build/);
    }
  });

  it('is ESM-only with types: exports has types + import and no require, and README says so', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.types).toBe('./dist/index.d.ts');
    // the 'browser' condition (issue 14) is the same file: `#platform` (package.json `imports`) picks the platform
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', browser: './dist/index.js', import: './dist/index.js' });
    expect(pkg.imports['#platform']).toEqual({ types: './dist/src/platform/node.d.ts', browser: './dist/src/platform/browser.js', default: './dist/src/platform/node.js' });
    expect(readme).toMatch(/\*\*ESM only\.\*\*/);
    expect(readme).toContain("await import('gpuframe')");
    expect(pkg.files).toContain('dist/index.d.ts');
  });

  it('@webgpu/types is a dependency, referenced from the entry so it reaches the published index.d.ts', () => {
    expect(pkg.dependencies['@webgpu/types']).toMatch(/^\^0\.1\./);
    expect(pkg.devDependencies['@webgpu/types']).toBeUndefined();
    // TypeScript 5.5+ keeps a reference directive in the emitted .d.ts only with preserve="true".
    expect(read('index.ts')).toMatch(/^\/\/\/ <reference types="@webgpu\/types" preserve="true" \/>$/m);
    // The lockfile agrees (npm ci refuses a lockfile out of step with package.json).
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dependencies?: Record<string, string>; devOptional?: boolean; dev?: boolean }> };
    expect(lock.packages['']!.dependencies).toEqual(pkg.dependencies);
    expect(lock.packages['node_modules/@webgpu/types']!.devOptional).toBeUndefined();
    expect(lock.packages['node_modules/@webgpu/types']!.dev).toBeUndefined();
  });
});

describe('README', () => {
  it('links nothing outside the repository, and every relative link exists', () => {
    expect(readme).not.toMatch(/https?:\/\//);
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      expect(l, 'a link inside the repository').not.toMatch(/^[a-z]+:|^\/|\.\.\//);
      expect(existsSync(l.replace(/#.*$/, '')), `README links ${l}`).toBe(true);
    }
  });

  it('reads nothing from node_modules (no file of a devDependency)', () => {
    expect(readme).not.toMatch(/node_modules/);
  });

  it('keeps the design notes in docs/ARCHITECTURE.md and links it', () => {
    expect(readme).toContain('](docs/ARCHITECTURE.md)');
    const arch = read('docs/ARCHITECTURE.md');
    expect(arch).toContain('## Layers');
    expect(arch).toContain('dawn.node crash');
    expect(readme).not.toContain('dawn.node crash');
    for (const doc of [readme, arch]) expect(doc).not.toMatch(/\.\.\/shared|\/work\//);
  });
});

describe('demo command lines', () => {
  const run = (script: string, args: string[]) =>
    spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000 });

  for (const script of ['scripts/demo.mjs', 'scripts/demo-trajectories.mjs']) {
    it(`${script} --help prints the usage and exits 0`, () => {
      const r = run(script, ['--help']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^usage: npm run demo/);
      expect(r.stdout).toContain('--backend');
      expect(r.stderr).toBe('');
    });

    it(`${script} with an unknown flag names it, prints the usage, exits 2, no stack trace`, () => {
      const r = run(script, ['--bogus']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("Unknown option '--bogus'");
      expect(r.stderr).toContain('usage: npm run demo');
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe('');
    });
  }

  it('scripts/demo.mjs refuses a bad --k with the usage', () => {
    const r = run('scripts/demo.mjs', ['--k', 'eight']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("demo: --k: expected a positive integer, got 'eight'");
  });
});

describe('consumer smoke test in CI', () => {
  it('scripts/consumer-check.mjs packs, installs, type-checks strictly and runs a consumer', () => {
    const src = read('scripts/consumer-check.mjs');
    expect(src).toContain("'pack'");
    expect(src).toContain('skipLibCheck: false');
    expect(src).toContain("moduleResolution: 'nodenext'");
    expect(src).toContain('strict: true');
    expect(src).toContain("'out/consumer.js'");
    const r = spawnSync(process.execPath, ['scripts/consumer-check.mjs', '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: node scripts\/consumer-check\.mjs/);
  });

  it('.ci/run calls it after the build and before the tests', () => {
    const ci = read('.ci/run').split('\n').filter((l) => !l.trimStart().startsWith('#'));
    const at = (re: RegExp) => ci.findIndex((l) => re.test(l));
    const build = at(/npm run build/);
    const check = at(/^node scripts\/consumer-check\.mjs\b/);
    const tests = at(/npm test/);
    expect(build).toBeGreaterThanOrEqual(0);
    expect(check).toBeGreaterThan(build);
    expect(tests).toBeGreaterThan(check);
  });
});
