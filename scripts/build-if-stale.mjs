#!/usr/bin/env node
// Builds dist/ (tsc -p .) only when a source changed since the last build, so `npm run demo`,
// the benches and `npm test` start at once on an unchanged tree instead of compiling for 15–20 s.
//
// "Changed" means: dist/.build-stamp.json is missing, the set of source files differs from the
// one it records (a file added, removed or renamed), or a source file's mtime is later than the
// time the last build started (an edit made during a build triggers the next one). Sources are
// every file under tsconfig.json's `include` (index.ts, src, kernels, frame, spatial, ml,
// examples) plus tsconfig.json and package.json.
//
// `--force` always builds. This is also the package's `prepare` script (npm runs it after
// `npm install`/`npm ci` in a clone and when installing gpuframe from a git URL); there, a tree
// without TypeScript (devDependencies omitted) keeps an existing dist/ and fails, saying why,
// when there is none.
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'dist', '.build-stamp.json');
const force = process.argv.includes('--force');

const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const roots = [...tsconfig.include, 'tsconfig.json', 'package.json'];

function walk(path, out) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return; // an include entry that does not exist
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) if (name !== 'node_modules') walk(join(path, name), out);
  } else {
    out.push({ file: relative(root, path), mtime: st.mtimeMs });
  }
}

const files = [];
for (const r of roots) walk(join(root, r), files);
const names = files.map((f) => f.file).join('\n');

let stale = force ? 'forced' : undefined;
if (!stale) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    stale = 'no previous build';
  }
  if (stamp && !existsSync(join(root, 'dist', 'index.js'))) stale = 'dist/index.js is missing';
  else if (stamp && stamp.names !== names) stale = 'source files were added or removed';
  else if (stamp) {
    const newer = files.find((f) => f.mtime > stamp.started);
    if (newer) stale = `${newer.file} changed`;
  }
}

if (!stale) process.exit(0);

let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (existsSync(join(root, 'dist', 'index.js'))) {
    console.error('gpuframe build: TypeScript is not installed (devDependencies omitted); keeping the existing dist/');
    process.exit(0);
  }
  console.error('gpuframe build: dist/ is missing and TypeScript is not installed: run `npm install` (with devDependencies) first');
  process.exit(1);
}

const started = Date.now();
console.error(`gpuframe build: ${stale}; building dist/ (tsc -p .)`);
// Drop the stamp first: a build that fails or is interrupted leaves dist/ marked stale.
rmSync(stampFile, { force: true });
const r = spawnSync(process.execPath, [tsc, '-p', root], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(stampFile, JSON.stringify({ started, names }) + '\n');
