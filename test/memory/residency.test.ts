import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';

describe('residency and transfer counts', () => {
  it('three chained ops on one column: one upload of the input, one download of the result', async () => {
    const n = 10_000;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = (i % 97) / 10;
    gf.resetStats();
    const col = gf.array(x);
    const doubled = gf.kernels.mapBinary(col, 2, 'mul');
    const shifted = gf.kernels.mapBinary(doubled, 1, 'add');
    const mask = gf.kernels.compare(shifted, 10, 'gt');
    const out = await mask.toArray();
    const s = gf.stats();
    // The user-visible result is right...
    let expected = 0;
    for (let i = 0; i < n; i++) expected += Math.fround(Math.fround(x[i]! * 2) + 1) > 10 ? 1 : 0;
    expect(out.reduce((a, b) => a + b, 0)).toBe(expected);
    // ...and the bytes moved exactly as they should.
    if (hasGpu()) {
      expect(s.uploads).toBe(1);
      expect(s.uploadBytes).toBe(n * 4);
      expect(s.downloads).toBe(1);
      expect(s.downloadBytes).toBe(n);
      expect(s.dispatches).toBe(3);
      expect(col.residency).toBe('both');
      expect(doubled.residency).toBe('device');
      expect(mask.residency).toBe('both');
    } else {
      expect(s.uploads).toBe(0);
      expect(s.downloads).toBe(0);
      expect(s.cpuKernels).toBe(3);
    }
    for (const b of [col, doubled, shifted, mask]) b.dispose();
  });

  it('reading twice downloads once; reusing a column uploads once', async () => {
    gf.resetStats();
    const a = gf.array(new Int32Array([1, 2, 3]));
    const b = gf.kernels.mapBinary(a, a, 'add');
    const c = gf.kernels.mapBinary(a, 5, 'add');
    expect([...(await b.toArray())]).toEqual([2, 4, 6]);
    expect([...(await b.toArray())]).toEqual([2, 4, 6]);
    expect([...(await c.toArray())]).toEqual([6, 7, 8]);
    const s = gf.stats();
    expect(s.uploads).toBe(hasGpu() ? 1 : 0);
    expect(s.downloads).toBe(hasGpu() ? 2 : 0);
    for (const x of [a, b, c]) x.dispose();
  });

  it('dispose and Symbol.dispose return device bytes to the pool, and the pool reuses them', async () => {
    // Start from an empty pool: after a long run it can sit at its idle cap (256 MiB), and
    // buffers released past the cap are destroyed rather than pooled (soak run 8 hit that).
    if (hasGpu()) {
      const { gpu } = await import('../../src/device/index.js');
      await gf.sync();
      gpu().pool.trim();
    }
    const before = gf.stats();
    const a = gf.array(new Float64Array(50_000).fill(1.5));
    const b = gf.kernels.mapUnary(a, 'neg');
    await b.toArray();
    const mid = gf.stats();
    a.dispose();
    b[Symbol.dispose]();
    const after = gf.stats();
    expect(after.liveDeviceBytes).toBe(before.liveDeviceBytes);
    if (hasGpu()) {
      expect(mid.liveDeviceBytes - before.liveDeviceBytes).toBeGreaterThanOrEqual(2 * 50_000 * 8);
      // Disposing hands both buffers back to the pool (not to the driver).
      expect(after.pooledBytes - mid.pooledBytes).toBeGreaterThanOrEqual(2 * 50_000 * 8);
      // The same sizes again come from the pool, not from new allocations.
      const created = gf.stats().buffersCreated;
      const c = gf.kernels.mapUnary(gf.array(new Float64Array(50_000)), 'abs');
      await c.toArray();
      expect(gf.stats().buffersCreated).toBe(created);
      c.dispose();
    }
  });

  it('a disposed buffer refuses use with a typed error', async () => {
    const a = gf.array(new Uint32Array([1, 2]));
    a.dispose();
    a.dispose(); // idempotent
    expect(() => gf.kernels.mapUnary(a, 'neg')).toThrow(gf.ResidencyError);
    await expect(a.toArray()).rejects.toThrow(/disposed/);
  });

  it('a CPU op on device-only data asks for a read first instead of returning wrong data', async () => {
    if (!hasGpu()) return;
    const d = gf.withBackend('webgpu', () => gf.kernels.mapUnary(gf.array(new Int32Array([1, -2])), 'neg'));
    expect(() => gf.withBackend('cpu', () => gf.kernels.mapUnary(d, 'abs'))).toThrow(gf.ResidencyError);
    await d.toArray();
    const r = gf.withBackend('cpu', () => gf.kernels.mapUnary(d, 'abs'));
    expect([...(await r.toArray())]).toEqual([1, 2]);
  });
});

describe('buffer pool', () => {
  it('keeps at most maxIdleBytes idle and frees the rest', async () => {
    const { BufferPool } = await import('../../src/memory/pool.js');
    if (!hasGpu()) return;
    const { gpu } = await import('../../src/device/index.js');
    const pool = new BufferPool(gpu().device, 1 << 20);
    const before = gf.stats().pooledBytes;
    const bufs = Array.from({ length: 4 }, () => pool.acquire(512 * 1024));
    for (const b of bufs) pool.release(b);
    // Two 512 KiB buffers fit under the 1 MiB cap; the other two were destroyed.
    expect(gf.stats().pooledBytes - before).toBe(1 << 20);
    pool.trim();
    expect(gf.stats().pooledBytes).toBe(before);
  });

  it('reading a buffer already released to the pool fails every time, not only when the pool is full', async () => {
    if (!hasGpu()) return;
    const { gpu } = await import('../../src/device/index.js');
    const { readBack } = await import('../../src/memory/transfer.js');
    const ctx = gpu();
    const b = ctx.pool.acquire(1024);
    await expect(readBack(ctx, b, 16)).resolves.toBeInstanceOf(ArrayBuffer);
    ctx.pool.release(b);
    await expect(readBack(ctx, b, 16)).rejects.toThrow(/already released/);
  });
});

describe('finalization safety net', () => {
  it('a device buffer dropped without dispose() goes back to the pool after garbage collection', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!hasGpu() || !gc) return;
    const before = gf.stats().liveDeviceBytes;
    (() => {
      // Created and dropped: nothing refers to it after this function returns.
      const b = gf.withBackend('webgpu', () => gf.kernels.mapUnary(gf.array(new Float64Array(1 << 16)), 'neg'));
      void b;
    })();
    await gf.sync();
    expect(gf.stats().liveDeviceBytes).toBeGreaterThan(before);
    for (let i = 0; i < 20 && gf.stats().liveDeviceBytes > before; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    // (Earlier tests' undisposed buffers may be collected too, so it can end below `before`.)
    expect(gf.stats().liveDeviceBytes).toBeLessThanOrEqual(before);
  });
});

describe('DataBuffer.hold / release', () => {
  it('a held buffer outlives its owner’s dispose until the last release', () => {
    const b = gf.DataBuffer.fromHost(new Float64Array([1, 2, 3]));
    b.hold();
    b.hold();
    b.dispose();
    expect(b.isDisposed).toBe(true); // the owner's view
    expect(Array.from(b.hostView('test') as Float64Array)).toEqual([1, 2, 3]); // a holder still reads it
    b.release();
    expect(b.hostView('test').length).toBe(3);
    b.release(); // the last holder: freed now
    expect(() => b.hostView('test')).toThrow(gf.ResidencyError);
    b.release(); // extra releases are ignored
    b.dispose(); // and dispose stays idempotent
  });

  it('a held buffer cannot be reinterpreted (its holder would lose it); an unheld one is freed at dispose', () => {
    const b = gf.DataBuffer.fromHost(new Int32Array([-1, 2]));
    b.hold();
    expect(() => b.reinterpret('uint32')).toThrow(gf.ResidencyError);
    b.release();
    const u = b.reinterpret('uint32');
    expect(Array.from(u.hostView('test') as Uint32Array)).toEqual([4294967295, 2]);
    u.dispose();
    expect(() => u.hostView('test')).toThrow(gf.ResidencyError);
  });
});
