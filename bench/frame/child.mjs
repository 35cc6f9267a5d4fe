// One (workload, library, size) run of `npm run bench:frame`, in its own process so that
// memory and JIT state do not leak between runs. Spawned by run.mjs; writes one JSON result.
//
//   node --expose-gc bench/frame/child.mjs '{"workload":"sort","lib":"polars","size":1000000,"runs":3,"out":"/tmp/r.json"}'
import { writeFileSync } from 'node:fs';
import { checksum } from './data.mjs';

const spec = JSON.parse(process.argv[2]);
const { workload, lib, size, runs: RUNS = 3, out } = spec;
const LONG_MS = Number(spec.longMs ?? 20_000); // a warm-up over this: time one run only
const gc = globalThis.gc ?? (() => {});

function finish(result) {
  writeFileSync(out, JSON.stringify({ workload, lib, size, ...result }));
  process.exit(0);
}

async function main() {
  const adapters = {
    'gpuframe-cpu': () => import('./lib-gpuframe.mjs').then((m) => m.prepare({ workload, size, backend: 'cpu', threads: 1 })),
    // init's default: GPUFRAME_THREADS, else every core
    'gpuframe-cpu-mt': () => import('./lib-gpuframe.mjs').then((m) => m.prepare({ workload, size, backend: 'cpu' })),
    'gpuframe-webgpu': () => import('./lib-gpuframe.mjs').then((m) => m.prepare({ workload, size, backend: 'webgpu' })),
    arquero: () => import('./lib-arquero.mjs').then((m) => m.prepare({ workload, size })),
    polars: () => import('./lib-polars.mjs').then((m) => m.prepare({ workload, size })),
    duckdb: () => import('./lib-duckdb.mjs').then((m) => m.prepare({ workload, size })),
  };
  if (!adapters[lib]) throw new Error(`unknown library '${lib}'`);
  const impl = await adapters[lib]();
  if (impl.na) return finish({ status: 'n/a', reason: impl.na });
  if (impl.error) return finish({ status: 'error', reason: impl.error });

  const once = async () => {
    gc();
    await impl.before?.();
    const t0 = performance.now();
    const r = await impl.run();
    return { r, ms: performance.now() - t0 };
  };
  // Warm-up: compiles, uploads inputs to the device, JITs; its result gives the checksum.
  const warm = await once();
  const sum = checksum(workload, await impl.extract(warm.r));
  impl.free?.(warm.r);
  const n = warm.ms > LONG_MS ? 1 : RUNS;
  const times = [];
  for (let i = 0; i < n; i++) {
    const { r, ms } = await once();
    times.push(ms);
    impl.free?.(r);
  }
  const sorted = [...times].sort((a, b) => a - b);
  finish({
    status: 'ok',
    median: sorted[Math.floor(sorted.length / 2)],
    min: sorted[0],
    times,
    warmMs: warm.ms,
    checksum: sum,
    adapter: impl.adapter ?? null,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  });
}

main().catch((e) => finish({ status: 'error', reason: String(e?.stack ?? e).split('\n').slice(0, 4).join(' | ') }));
