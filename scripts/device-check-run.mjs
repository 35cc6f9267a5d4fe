// The run step of scripts/device-check.sh (read its header first): inside the unpacked tree,
// with the packed node. Probes the adapter, runs the two demos, bench:kernels and the
// gpuframe-webgpu cells of bench:frame, each in its own process under a time limit, and writes
// a BENCHMARKS.md section (between the device-check markers) with the GPU's name.
//
//   node scripts/device-check-run.mjs [--dry-run]     (cwd: the unpacked tree; REPO: the repo)
//   node scripts/device-check-run.mjs --apply DIR     (cwd: the repo; DIR/section.md → BENCHMARKS.md)
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const START = '<!-- device-check:start -->';
const END = '<!-- device-check:end -->';
const HEADING = `## Real-GPU check

\`bash scripts/device-check.sh --pack\` packs node, Dawn (\`webgpu\`'s dawn.node), the Vulkan
loader, dist/, the runtime node_modules and data/ into one tarball; \`bash scripts/device-check.sh\`
runs the demos, \`bench:kernels\` and the gpuframe-webgpu cells of \`bench:frame\` on a machine
with a GPU and no Node, and writes this section.
`;

/** The section between the markers in `md`, replaced by `section` (added at the end with its heading where absent). */
function withSection(md, section) {
  const block = `${START}\n${section.trim()}\n${END}`;
  const a = md.indexOf(START);
  const b = md.indexOf(END);
  return a >= 0 && b > a ? md.slice(0, a) + block + md.slice(b + END.length) : `${md.replace(/\n*$/, '\n')}\n${HEADING}\n${block}\n`;
}

if (process.argv[2] === '--apply') {
  const dir = resolve(process.argv[3] ?? '');
  const section = readFileSync(join(dir, 'section.md'), 'utf8');
  writeFileSync('BENCHMARKS.md', withSection(readFileSync('BENCHMARKS.md', 'utf8'), section));
  console.log(`device-check: BENCHMARKS.md's device-check section now holds ${join(dir, 'section.md')}`);
  process.exit(0);
}

const dry = process.argv.includes('--dry-run');
const allowSoftware = dry || process.env.GPUFRAME_DEVICE_CHECK_ALLOW_SOFTWARE === '1';
const repo = process.env.REPO ? resolve(process.env.REPO) : undefined;
const env = (k, real, dryValue) => process.env[k] ?? (dry ? dryValue : real);
const kernelSizes = env('DEVICE_CHECK_KERNEL_SIZES', '1e6,1e7', '1e5');
const frameSizes = env('DEVICE_CHECK_FRAME_SIZES', '1e6,1e7', '1e5');
const frameWorkloads = env('DEVICE_CHECK_FRAME_WORKLOADS', '', 'filter-sum,groupby-1k,sort');
const budgetS = Number(process.env.DEVICE_CHECK_BUDGET_S ?? (dry ? 900 : 480));
const t0 = performance.now();
const elapsedS = () => (performance.now() - t0) / 1000;
const results = repo ? join(repo, 'out', 'device-check', 'results') : resolve('out', 'device-check-results');
const outDirs = [results, ...(process.env.OUT ? [join(process.env.OUT, 'device-check')] : [])];
for (const d of outDirs) mkdirSync(d, { recursive: true });
const log = (s) => console.log(`device-check [${elapsedS().toFixed(0)} s] ${s}`);

/** Write a result file into every output folder (the repo's out/ and $OUT), as soon as it exists. */
function keep(name, text) {
  for (const d of outDirs) writeFileSync(join(d, name), text);
}

/** Run a step in its own process with the packed node, under min(its limit, what the budget leaves). */
function step(name, args, { limitS, env: extra = {} }) {
  const left = budgetS - elapsedS();
  if (left < 20) return Promise.resolve({ name, status: 'skipped', why: `the ${budgetS} s budget was spent`, s: 0, out: '' });
  const timeoutS = Math.min(limitS, left);
  log(`${name}: ${args[0] === '--input-type=module' ? 'an inline script' : `node ${args.join(' ')}`} (limit ${timeoutS.toFixed(0)} s)`);
  return new Promise((res) => {
    const s0 = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d) => {
      out += d;
      process.stdout.write(d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const s = (performance.now() - s0) / 1000;
      keep(`${name}.log`, out);
      const status = timedOut ? 'timeout' : code === 0 ? 'ok' : 'failed';
      log(`${name}: ${status} in ${s.toFixed(1)} s`);
      res({ name, status, why: timedOut ? `no exit within ${timeoutS.toFixed(0)} s` : code === 0 ? '' : `exit ${code ?? signal}`, s, out });
    });
  });
}

/** The text between a bench's markers in this tree's BENCHMARKS.md (the bench wrote it there). */
function benchSection(marker) {
  const md = readFileSync('BENCHMARKS.md', 'utf8');
  const a = md.indexOf(`<!-- ${marker}:start -->`);
  const b = md.indexOf(`<!-- ${marker}:end -->`);
  return a >= 0 && b > a ? md.slice(a + `<!-- ${marker}:start -->`.length, b).trim() : undefined;
}

// ---- the adapter ----
const nvidia = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8' });
const nvidiaLine = nvidia.status === 0 ? nvidia.stdout.trim().split('\n').join('; ') : undefined;
log(`nvidia-smi: ${nvidiaLine ?? 'not here'}`);
const probe = await step('adapter', ['--input-type=module', '-e', `
  const gf = await import('./dist/index.js');
  const webgpu = await import('webgpu');
  let info;
  try { info = await gf.init({ backend: 'webgpu', quiet: true }); } catch (e) { console.log(JSON.stringify({ error: e.message })); process.exit(0); }
  let adapter = null;
  for (const flags of [[], ['backend=vulkan']]) adapter ??= await webgpu.create(flags).requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  const a = adapter?.info ?? {};
  console.log(JSON.stringify({ backend: info.backend, adapter: info.adapter, route: info.route, note: info.note ?? null,
    info: { vendor: a.vendor, architecture: a.architecture, device: a.device, description: a.description },
    limits: adapter ? { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize, maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize } : null }));
  await gf.shutdown();
  process.exit(0);
`], { limitS: 120 });
let adapter;
try {
  adapter = JSON.parse(probe.out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1));
} catch {
  adapter = { error: `the probe printed no result (${probe.status}${probe.why ? `: ${probe.why}` : ''})` };
}
const software = /swiftshader|llvmpipe|lavapipe|softpipe|basic render/i.test(`${adapter.adapter} ${JSON.stringify(adapter.info ?? {})}`);
const gpuName = adapter.error ? `no WebGPU adapter (${adapter.error})` : `${adapter.adapter} (${[adapter.info?.vendor, adapter.info?.architecture, `route ${adapter.route}`].filter(Boolean).join(', ')})`;
log(`adapter: ${gpuName}${software ? ' — a software adapter' : ''}`);
const steps = [probe];
let refused;
if (adapter.error || adapter.backend !== 'webgpu') refused = `no WebGPU adapter: ${adapter.error ?? adapter.note}`;
else if (software && !allowSoftware) refused = `the adapter is a software one (${adapter.adapter}); a real run needs a GPU (--dry-run, or GPUFRAME_DEVICE_CHECK_ALLOW_SOFTWARE=1, allows one)`;

// ---- the demos and benches ----
if (!refused) {
  mkdirSync('out', { recursive: true });
  steps.push(await step('demo', ['scripts/demo.mjs', '--backend', 'webgpu', '--out', 'out/demo.svg'], { limitS: 180 }));
  // The dry run clusters the 2018–2020 tracks only (as the browser page check does): all 512
  // tracks' Hausdorff matrix takes minutes on a software adapter.
  const tracks = ['--csv', 'data/storms.csv'];
  if (dry) {
    const [head, ...rows] = readFileSync('data/storms.csv', 'utf8').trim().split('\n');
    writeFileSync('out/storms-2018-2020.csv', [head, ...rows.filter((r) => Number(r.split(',')[1]) >= 2018)].join('\n') + '\n');
    tracks[1] = 'out/storms-2018-2020.csv';
  }
  steps.push(await step('demo-trajectories', ['scripts/demo-trajectories.mjs', ...tracks, '--backend', 'webgpu', '--out', 'out/trajectories.svg'], { limitS: 240 }));
  steps.push(await step('bench-kernels', ['bench/kernels.mjs'], { limitS: 300, env: { BENCH_SIZES: kernelSizes, ...(dry ? { BENCH_RUNS: '2' } : {}) } }));
  const frameArgs = ['bench/frame/run.mjs', '--libs', 'gpuframe-webgpu', '--sizes', frameSizes, '--runs', dry ? '1' : '3', '--fresh', ...(frameWorkloads ? ['--workloads', frameWorkloads] : [])];
  steps.push(await step('bench-frame', frameArgs, { limitS: 420 }));
  for (const f of ['demo.svg', 'trajectories.svg']) if (existsSync(join('out', f))) for (const d of outDirs) copyFileSync(join('out', f), join(d, f));
}

// ---- the section ----
const stepOf = (n) => steps.find((s) => s.name === n);
const tail = (s, lines) => (s?.out ?? '').trim().split('\n').filter((l) => !/^\s*$/.test(l)).slice(-lines).join('\n');
const commit = existsSync('COMMIT') ? readFileSync('COMMIT', 'utf8').trim() : 'unknown';
const lines = [
  `${dry ? '**Dry run** (a software adapter, small sizes: not GPU numbers). ' : ''}Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit ${commit} by \`bash scripts/device-check.sh${dry ? ' --dry-run' : ''}\`, ${elapsedS().toFixed(0)} s in all.`,
  '',
  `- GPU: **${gpuName}**${nvidiaLine ? `; nvidia-smi: ${nvidiaLine}` : ''}`,
  `- Adapter limits: ${adapter.limits ? Object.entries(adapter.limits).map(([k, v]) => `${k} ${v}`).join(', ') : '–'}`,
  `- Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version} (packed)`,
  `- Steps: ${steps.map((s) => `${s.name} ${s.status}${s.status === 'ok' ? ` (${s.s.toFixed(0)} s)` : s.why ? ` (${s.why})` : ''}`).join(', ')}`,
];
if (refused) lines.push('', `Not run: ${refused}.`);
else {
  lines.push('', `### npm run demo -- --backend webgpu`, '', '```', tail(stepOf('demo'), 30), '```');
  lines.push('', `### npm run demo:trajectories -- --backend webgpu${dry ? ' --csv <the 2018–2020 storm tracks>' : ''}`, '', '```', tail(stepOf('demo-trajectories'), 30), '```');
  lines.push('', `### bench:kernels (BENCH_SIZES=${kernelSizes})`, '', (stepOf('bench-kernels')?.status === 'ok' && benchSection('bench:kernels')) || `${stepOf('bench-kernels')?.status}: ${stepOf('bench-kernels')?.why}\n\n\`\`\`\n${tail(stepOf('bench-kernels'), 15)}\n\`\`\``);
  lines.push('', `### bench:frame, gpuframe-webgpu cells (--sizes ${frameSizes}${frameWorkloads ? ` --workloads ${frameWorkloads}` : ''})`, '', (stepOf('bench-frame')?.status === 'ok' && benchSection('bench:frame')) || `${stepOf('bench-frame')?.status}: ${stepOf('bench-frame')?.why}\n\n\`\`\`\n${tail(stepOf('bench-frame'), 15)}\n\`\`\``);
}
const section = lines.join('\n');
keep('section.md', `${section}\n`);
keep('adapter.json', `${JSON.stringify({ ...adapter, nvidiaSmi: nvidiaLine ?? null }, null, 1)}\n`);
if (repo && !dry && !refused) {
  const file = join(repo, 'BENCHMARKS.md');
  writeFileSync(file, withSection(readFileSync(file, 'utf8'), section));
  log(`wrote the device-check section of ${file}`);
} else log(`${refused ? 'not run' : 'dry run'}: BENCHMARKS.md left alone; the section is in ${join(results, 'section.md')}`);
if (process.env.OUT) log(`results (section.md, logs, SVGs) also in ${join(process.env.OUT, 'device-check')}; here: bash scripts/device-check.sh --apply <that folder>`);
const failed = refused || steps.some((s) => s.status !== 'ok');
log(failed ? `FAILED: ${refused ?? steps.filter((s) => s.status !== 'ok').map((s) => `${s.name} ${s.status}`).join(', ')}` : 'all steps passed');
process.exit(failed ? 1 : 0);
