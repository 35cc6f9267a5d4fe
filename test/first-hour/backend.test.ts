// Issue 13, "Backend choice that never surprises": 'auto' never takes a software adapter, info()
// says what it saw and why it chose, no op runs on the CPU without a word, and Dawn's Vulkan
// loader warnings stay off stderr.
//
// The backend choice is per process and the test worker already holds the suite's device, so
// the choice itself is tested in child processes running the built package (dist/, which
// `npm test`'s pretest builds), with GPUFRAME_BACKEND and GPUFRAME_LIMITS cleared. Those tests do
// not depend on the backend this run uses; the in-process ones check the suite's own device.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as gf from 'gpuframe';
import { isSoftwareAdapter } from '../../src/device/webgpu.js';
import { hasGpu } from '../helpers/parity.js';

const SWIFTSHADER = existsSync('/usr/lib/chromium/vk_swiftshader_icd.json');
const LOADER_NOISE = /vkCreateInstance|Found no drivers|VK_ERROR_INCOMPATIBLE_DRIVER/;

interface Child {
  status: number | null;
  stdout: string;
  stderr: string;
  out: Record<string, unknown>;
}

/** Run an ES module body in a fresh node, importing the built package; its last stdout line is JSON. */
function child(body: string, env: Record<string, string> = {}): Child {
  const base = { ...process.env };
  delete base.GPUFRAME_BACKEND;
  delete base.GPUFRAME_LIMITS;
  delete base.GPUFRAME_REQUIRE_WEBGPU;
  const code = `import * as gf from 'gpuframe';\n${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...base, ...env }, timeout: 120_000 });
  expect(r.error, 'the child process did not finish within 120 s').toBeUndefined();
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  let out: Record<string, unknown> = {};
  try {
    out = JSON.parse(last) as Record<string, unknown>;
  } catch {
    // left empty: the status check below reports stderr
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

const INFO = 'const i = gf.info(); console.log(JSON.stringify({ backend: i.backend, adapter: i.adapter, route: i.route, adapters: i.adapters, reason: i.reason, note: i.note, mode: i.limits?.mode ?? null, storage: i.limits?.maxStorageBuffersPerShaderStage ?? null }));';

type Seen = Array<{ name: string; route: string; software: boolean }>;

describe('the built package is current', () => {
  it('dist/ is newer than the device sources the child processes test', () => {
    for (const f of ['index', 'webgpu']) {
      const built = `dist/src/device/${f}.js`;
      expect(existsSync(built), `${built} is missing: run npm run build`).toBe(true);
      expect(statSync(built).mtimeMs, `${built} is older than src/device/${f}.ts: run npm run build`).toBeGreaterThanOrEqual(statSync(`src/device/${f}.ts`).mtimeMs);
    }
  });
});

describe("'auto' never takes a software adapter", () => {
  it('init() takes a hardware adapter if there is one, else the CPU, naming every software adapter it skipped', () => {
    const r = child(`const info = await gf.init(); ${INFO}`);
    expect(r.status, r.stderr).toBe(0);
    const seen = r.out.adapters as Seen;
    const hardware = seen.filter((a) => !a.software);
    if (SWIFTSHADER) expect(seen).toContainEqual(expect.objectContaining({ route: 'vulkan-swiftshader', software: true, name: expect.stringMatching(/^SwiftShader/) }));
    if (hardware.length === 0) {
      expect(r.out.backend).toBe('cpu');
      expect(r.out.adapter).toBeNull();
      for (const a of seen) {
        expect(r.out.reason).toContain(`skipped software adapter '${a.name}' (route ${a.route})`);
        // The one line on stderr says the same and how to use it anyway.
        expect(r.stderr).toContain(`gpuframe: skipped software adapter '${a.name}'`);
      }
      if (seen.length > 0) expect(r.out.reason).toContain("pass backend: 'webgpu' to use it");
    } else {
      expect(r.out.backend).toBe('webgpu');
      expect(r.out.adapter).toBe(hardware[0]!.name);
      expect(r.out.reason).toBe(`auto: hardware adapter '${hardware[0]!.name}' (route ${hardware[0]!.route})`);
    }
  });

  it.skipIf(!SWIFTSHADER)("init({ backend: 'webgpu' }) and GPUFRAME_BACKEND=webgpu still take SwiftShader", () => {
    const r = child(`await gf.init({ backend: 'webgpu' }); ${INFO}`);
    expect(r.status, r.stderr).toBe(0);
    const seen = r.out.adapters as Seen;
    if (seen.every((a) => a.software)) {
      expect(r.out.adapter).toMatch(/^SwiftShader/);
      expect(r.out.route).toBe('vulkan-swiftshader');
      expect(r.out.reason).toBe(`backend 'webgpu' requested: software adapter '${String(r.out.adapter)}' (route vulkan-swiftshader)`);
    }
    expect(r.out.backend).toBe('webgpu');
    const e = child(`await gf.init(); ${INFO}`, { GPUFRAME_BACKEND: 'webgpu' });
    expect(e.status, e.stderr).toBe(0);
    expect(e.out.backend).toBe('webgpu');
    expect(e.out.reason).toMatch(/^GPUFRAME_BACKEND=webgpu: (software|hardware) adapter '/);
  });

  it('a software adapter is recognised by isFallbackAdapter, adapter type or driver name', () => {
    const fake = (info: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      ({ info: { vendor: '', architecture: '', device: '', description: '', ...info }, ...extra }) as unknown as GPUAdapter;
    expect(isSoftwareAdapter(fake({ isFallbackAdapter: true, description: 'Some GPU' }))).toBe(true);
    expect(isSoftwareAdapter(fake({}, { isFallbackAdapter: true }))).toBe(true);
    expect(isSoftwareAdapter(fake({ adapterType: 'cpu' }))).toBe(true);
    expect(isSoftwareAdapter(fake({ description: 'SwiftShader driver 5.0.0' }))).toBe(true);
    expect(isSoftwareAdapter(fake({ device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' }))).toBe(true);
    expect(isSoftwareAdapter(fake({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)', architecture: '' }))).toBe(true);
    expect(isSoftwareAdapter(fake({ description: 'lavapipe' }))).toBe(true);
    expect(isSoftwareAdapter(fake({ description: 'softpipe' }))).toBe(true);
    expect(isSoftwareAdapter(fake({ description: 'Microsoft Basic Render Driver' }))).toBe(true);
    expect(isSoftwareAdapter(fake({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3', isFallbackAdapter: false }))).toBe(false);
    expect(isSoftwareAdapter(fake({ vendor: 'intel', description: 'Mesa Intel(R) UHD Graphics 620 (KBL GT2)' }))).toBe(false);
  });
});

describe("Dawn's Vulkan loader warnings", () => {
  it('no vkCreateInstance warning on stderr, in auto or with WebGPU forced', () => {
    const auto = child(`await gf.init({ quiet: true }); ${INFO}`);
    expect(auto.status, auto.stderr).toBe(0);
    expect(auto.stderr).not.toMatch(LOADER_NOISE);
    expect(auto.stderr).toBe(''); // quiet: nothing at all
    if (!SWIFTSHADER) return;
    const forced = child(`await gf.init({ backend: 'webgpu' }); const x = gf.kernels.mapBinary(gf.array(new Int32Array([1, 2])), 3, 'add'); console.log(JSON.stringify({ x: [...await x.toArray()] }));`);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.out.x).toEqual([4, 5]);
    expect(forced.stderr).not.toMatch(LOADER_NOISE);
  });
});

describe('no silent CPU', () => {
  const FRAME = "const df = gf.DataFrame.fromRecords([{ a: 1, b: 'x' }, { a: 5, b: 'y' }, { a: 9, b: 'z' }]);";

  it('without init(), a sync op says it ran on the CPU and the first async op chooses the backend, saying so', () => {
    const r = child(`${FRAME}
      const d = df.withColumns({ a2: gf.col('a').mul(2) });
      const f = await d.filter(gf.col('a').gt(2));
      const rows = await f.toRecords();
      const i = gf.info();
      console.log(JSON.stringify({ rows: rows.map((r) => [Number(r.a), Number(r.a2), r.b]), backend: i.backend, reason: i.reason }));`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.out.rows).toEqual([[5, 10, 'y'], [9, 18, 'z']]);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('gpuframe: an op ran on the CPU because no backend is chosen yet (await gf.init() first; until then the first async op chooses)');
    expect(lines[1]).toMatch(new RegExp(`^gpuframe: filter chose the backend, as init\\(\\) had not been awaited: ${String(r.out.backend)} \\(auto: .*\\)\\. Call await gf\\.init\\(\\) first to choose it yourself\\.$`));
    expect(lines).toHaveLength(2);
    expect(r.stderr).not.toMatch(LOADER_NOISE);
  });

  it('a reader is the first async op: it chooses, and later ops run on its choice', () => {
    const r = child(`const df = await gf.readCSV('a,b\\n1,x\\n5,y\\n');
      const i = gf.info();
      const d = df.withColumns({ c: gf.col('a').add(1) });
      console.log(JSON.stringify({ c: (await d.toRecords()).map((r) => Number(r.c)), backend: i.backend }));`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.out.c).toEqual([2, 6]);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^gpuframe: readCSV chose the backend, as init\(\) had not been awaited: (cpu|webgpu) /)]);
  });

  it('GPUFRAME_BACKEND=webgpu without init(): a sync op first is a DeviceError asking for await gf.init()', () => {
    const r = child(`${FRAME}
      try { df.withColumns({ a2: gf.col('a').mul(2) }); console.log(JSON.stringify({ threw: false })); }
      catch (e) { console.log(JSON.stringify({ threw: true, cls: e.constructor.name, isDevice: e instanceof gf.DeviceError, message: e.message })); }`, { GPUFRAME_BACKEND: 'webgpu' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.out).toMatchObject({ threw: true, isDevice: true });
    expect(r.out.message).toMatch(/expected await gf\.init\(\) before the first op, as GPUFRAME_BACKEND=webgpu asks for WebGPU/);
  });

  it.skipIf(!SWIFTSHADER)('GPUFRAME_BACKEND=webgpu without init(): the first async op initialises WebGPU, silently (it was asked for)', () => {
    const r = child(`${FRAME}
      const f = await df.filter(gf.col('a').ge(5));
      const i = gf.info();
      console.log(JSON.stringify({ a: (await f.toRecords()).map((r) => Number(r.a)), backend: i.backend, reason: i.reason }));`, { GPUFRAME_BACKEND: 'webgpu' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.out.a).toEqual([5, 9]);
    expect(r.out.backend).toBe('webgpu');
    expect(r.out.reason).toMatch(/^GPUFRAME_BACKEND=webgpu: /);
    expect(r.stderr).toBe('');
  });

  it('GPUFRAME_BACKEND=cpu without init(): ops run on the CPU without a notice (it was asked for)', () => {
    const r = child(`${FRAME}
      const d = df.withColumns({ a2: gf.col('a').mul(2) });
      const f = await d.filter(gf.col('a').gt(2));
      const i = gf.info();
      console.log(JSON.stringify({ a2: (await f.toRecords()).map((r) => Number(r.a2)), backend: i.backend, reason: i.reason }));`, { GPUFRAME_BACKEND: 'cpu' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.out).toMatchObject({ a2: [10, 18], backend: 'cpu', reason: 'GPUFRAME_BACKEND=cpu' });
    expect(r.stderr).toBe('');
  });

  it.skipIf(!SWIFTSHADER)('data made on the CPU before init() is used on WebGPU after it (uploaded on demand)', () => {
    const r = child(`${FRAME}
      const d = df.withColumns({ a2: gf.col('a').mul(2) });           // runs on the CPU, before init
      await gf.init({ backend: 'webgpu' });
      const before = gf.stats().uploads;
      const f = await d.filter(gf.col('a2').gt(4));                    // on WebGPU, over CPU-made columns
      const g = f.withColumns({ s: gf.col('a2').add(gf.col('a')) });
      const rows = await g.toRecords();
      console.log(JSON.stringify({ rows: rows.map((r) => [Number(r.a), Number(r.a2), r.b, Number(r.s)]), backend: gf.info().backend, uploads: gf.stats().uploads - before }));`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.out.backend).toBe('webgpu');
    expect(r.out.rows).toEqual([[5, 10, 'y', 15], [9, 18, 'z', 27]]);
    expect(r.out.uploads as number).toBeGreaterThan(0);
  });
});

describe('info() on the suite’s own backend', () => {
  it('lists the adapters seen and says why the backend was chosen', () => {
    const i = gf.info();
    expect(Array.isArray(i.adapters)).toBe(true);
    expect(typeof i.reason).toBe('string');
    if (hasGpu()) {
      // The suite asks for WebGPU explicitly (test/setup.ts), software adapters included.
      expect(i.adapters).toContainEqual(expect.objectContaining({ name: i.adapter, route: i.route }));
      // An earlier file's init() may have re-chosen from GPUFRAME_BACKEND (the suite shares one process).
      expect(i.reason).toMatch(/^(backend 'webgpu' requested|GPUFRAME_BACKEND=webgpu|auto: kept the WebGPU device)/);
    } else {
      expect(i.backend).toBe('cpu');
      expect(i.note).toBeTruthy();
    }
  });

  it("a later init({ backend: 'auto' }) keeps the device the suite asked for (even a software one)", async () => {
    const before = gf.info();
    const after = await gf.init({ backend: 'auto' });
    expect(after.backend).toBe(before.backend);
    expect(after.adapter).toBe(before.adapter);
    if (hasGpu()) expect(after.reason).toMatch(/^auto: kept the WebGPU device acquired earlier \('.+', route .+\); shutdown\(\) releases it$/);
  });

  it('limits.mode reports the limits the device was created with (GPUFRAME_LIMITS or the default)', () => {
    const i = gf.info();
    if (!hasGpu()) {
      expect(i.limits).toBeNull();
      return;
    }
    const mode = process.env.GPUFRAME_LIMITS || 'adapter';
    expect(i.limits!.mode).toBe(mode);
    if (mode === 'minimum') expect(i.limits!.maxStorageBuffersPerShaderStage).toBe(8);
  });

  it.skipIf(!SWIFTSHADER)("GPUFRAME_LIMITS=minimum in a child: the device has the spec's default limits, reported as mode 'minimum'", () => {
    const r = child(`await gf.init({ backend: 'webgpu' }); ${INFO}`, { GPUFRAME_LIMITS: 'minimum' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.out).toMatchObject({ backend: 'webgpu', mode: 'minimum', storage: 8 });
  });
});
