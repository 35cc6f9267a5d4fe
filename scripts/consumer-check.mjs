#!/usr/bin/env node
// The consumer smoke test (CI runs it after the build): gpuframe as a user's project gets it.
//   1. `npm pack` this package (npm runs `prepare`, which rebuilds dist/ only if it is stale).
//   2. A new project in a temporary folder outside the repository (so no devDependency and no
//      @types from this repository can leak in) installs the tarball, as `npm install ./gpuframe-x.tgz`
//      does (`--prefer-offline`: from npm's cache where it can; optional dependencies, the 132 MB
//      `webgpu`, are left out unless `--with-webgpu`).
//   3. `tsc` (this repository's TypeScript) type-checks and compiles a TypeScript consumer with
//      strict, module/moduleResolution nodenext and skipLibCheck false, so every published .d.ts
//      is checked. The consumer holds a `@ts-expect-error` that fails if the types were `any`.
//   4. Node runs the compiled consumer (init, readCSV, filter, groupBy, KMeans, values checked),
//      and a CommonJS script that loads the ESM-only package with `await import('gpuframe')`.
// Usage: node scripts/consumer-check.mjs [--keep] [--with-webgpu]
// Exit status 0 when every step passed; each step prints its time.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const usage = 'usage: node scripts/consumer-check.mjs [--keep] [--with-webgpu]\n' +
  '  --keep         keep the temporary consumer project (its path is printed)\n' +
  '  --with-webgpu  install the optional webgpu dependency too (132 MB)';
let flags;
try {
  flags = parseArgs({ options: { keep: { type: 'boolean' }, 'with-webgpu': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (e) {
  console.error(`consumer-check: ${e.message}\n${usage}`);
  process.exit(2);
}
if (flags.help) {
  console.log(usage);
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const dir = mkdtempSync(join(tmpdir(), 'gpuframe-consumer-'));
const t00 = performance.now();

function step(name, fn) {
  const t0 = performance.now();
  try {
    const out = fn();
    console.log(`consumer-check: ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return out;
  } catch (e) {
    const output = [e.stdout, e.stderr].filter(Boolean).map(String).join('\n').trim();
    console.error(`consumer-check: ${name} FAILED (${dir})\n${output || e.message}`);
    process.exit(1);
  }
}
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

step('npm pack', () => run(npm, ['pack', '--silent', '--pack-destination', dir], root));
const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
if (!tarball) {
  console.error(`consumer-check: npm pack wrote no tarball in ${dir}`);
  process.exit(1);
}

writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'gpuframe-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2));
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    skipLibCheck: false,
    outDir: 'out',
  },
  files: ['consumer.ts'],
}, null, 2));
writeFileSync(join(dir, 'trips.csv'), 'city,km,fare\nOslo,12.5,30\nLima,3.25,\nOslo,7,18\nPune,1.5,6\nLima,40,55\n');
writeFileSync(join(dir, 'consumer.ts'), `import * as gf from 'gpuframe';
import { col, KMeans, type DataFrame, type Info } from 'gpuframe';

const info: Info = await gf.init({ backend: 'cpu' });
const trips: DataFrame = await gf.readCSV('trips.csv');
const long = await trips.filter(col('km').gt(2));
const perCity = await long.groupBy('city').agg({ n: ['km', 'count'], km: ['km', 'sum'] });
const rows = await perCity.toRecords();
const got = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)); // count is int64
const want = JSON.stringify([{ city: 'Lima', n: 2, km: 43.25 }, { city: 'Oslo', n: 2, km: 19.5 }]);
if (got !== want) throw new Error(\`groupBy: expected \${want}, got \${got}\`);

const km: KMeans = new KMeans({ nClusters: 2, seed: 0 });
await km.fit(trips, ['km']);
const centers = [...km.clusterCenters].sort((a, b) => a - b);
if (centers.length !== 2 || Math.abs(centers[1]! - 40) > 1e-9) throw new Error(\`KMeans: expected a center at 40, got \${centers}\`);

try {
  // @ts-expect-error nClusters is a number: the published types are checked, not any.
  new KMeans({ nClusters: 'two' });
  throw new Error('KMeans: a string nClusters was accepted');
} catch (e) {
  if (!(e instanceof gf.ValueError)) throw e;
}

console.log(\`consumer ok on \${info.backend}: \${got}\`);
`);
writeFileSync(join(dir, 'require-user.cjs'), `// A CommonJS user: gpuframe is ESM-only, so load it with a dynamic import.
(async () => {
  const gf = await import('gpuframe');
  await gf.init({ backend: 'cpu' });
  const n = await gf.kernels.reduceValue(gf.array(new Float64Array([1, 2, 3])), 'sum');
  if (n !== 6) throw new Error('expected 6, got ' + n);
  console.log('CommonJS consumer ok');
})().catch((e) => { console.error(e); process.exit(1); });
`);

// Lifecycle scripts run as for a user: a tarball's own \`prepare\` does not (its dist/ is built),
// and this step fails if it did (scripts/ is not in the tarball).
const installArgs = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
if (!flags['with-webgpu']) installArgs.push('--omit=optional');
step(`npm install ${tarball}`, () => run(npm, [...installArgs, `./${tarball}`], dir));
step('tsc (strict, nodenext, skipLibCheck false)', () => run(process.execPath, [tsc, '-p', dir], dir));
const out = step('node out/consumer.js', () => run(process.execPath, ['out/consumer.js'], dir));
process.stdout.write(out);
const cjs = step('node require-user.cjs', () => run(process.execPath, ['require-user.cjs'], dir));
process.stdout.write(cjs);

console.log(`consumer-check: passed in ${((performance.now() - t00) / 1000).toFixed(1)} s`);
if (flags.keep) console.log(`consumer-check: kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
