import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';

describe('init and info', () => {
  it('info() names the backend, and on WebGPU the adapter and its limits', () => {
    const i = gf.info();
    expect(['webgpu', 'cpu']).toContain(i.backend);
    if (i.backend === 'webgpu') {
      expect(typeof i.adapter).toBe('string');
      expect(i.adapter!.length).toBeGreaterThan(0);
      expect(i.limits!.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
      expect(i.limits!.maxComputeWorkgroupsPerDimension).toBeGreaterThanOrEqual(65535);
    } else {
      expect(i.adapter).toBeNull();
      expect(i.note).toBeTruthy();
    }
  });

  it('GPUFRAME_BACKEND picks the backend the suite runs on', () => {
    const env = process.env.GPUFRAME_BACKEND;
    if (env === 'cpu') expect(gf.info().backend).toBe('cpu');
    if (env === 'webgpu') expect(gf.info().backend).toBe('webgpu');
    if (process.env.GPUFRAME_REQUIRE_WEBGPU === '1') expect(hasGpu()).toBe(true);
  });

  it('rejects an unknown backend with a typed error', async () => {
    await expect(gf.init({ backend: 'cuda' as never })).rejects.toThrow(gf.ValueError);
    await expect(gf.init({ backend: 'cuda' as never })).rejects.toThrow(/expected backend 'auto' \| 'webgpu' \| 'cpu', got 'cuda'/);
  });

  it('withBackend scopes the backend and restores it', () => {
    const before = gf.info().backend;
    const r = gf.withBackend('cpu', () => gf.kernels.mapUnary(gf.array(new Int32Array([1])), 'neg'));
    expect(r.residency).toBe('host');
    expect(gf.info().backend).toBe(before);
  });
});

describe('dawn.node instance lifetime', () => {
  // dawn.node 0.6.2 crashes (SIGSEGV/abort in InstanceBase::ProcessEvents) when the GPU
  // instance is garbage-collected while its device lives. The device layer holds it; this
  // test forces collections between device use and would kill the worker if it did not.
  it('survives forced garbage collection between dispatches', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let round = 0; round < 5; round++) {
      let junk: number[][] = [];
      for (let i = 0; i < 100; i++) {
        junk.push(new Array(20_000).fill(i));
        if (junk.length > 10) junk = [];
      }
      gc?.();
      await new Promise((r) => setTimeout(r, 20));
      const a = gf.array(new Uint32Array([round, 1, 2]));
      const b = gf.kernels.mapBinary(a, 1, 'add');
      expect([...(await b.toArray())]).toEqual([round + 1, 2, 3]);
      a.dispose();
      b.dispose();
    }
    if (hasGpu()) expect(gc, 'the test worker runs with --expose-gc').toBeTypeOf('function');
  });
});
