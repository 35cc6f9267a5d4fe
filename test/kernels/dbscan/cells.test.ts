// Parity of 'dbscan/cells': exact cell keys (soft-f64 on the device) against the CPU twin and a plain oracle,
// past 65,535 workgroups, in binding windows, and the typed error for a matrix over one device buffer.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { run } from '../../../kernels/registry.js';
import { dbscanCells } from '../../../kernels/dbscan/ops.js';
import { hasGpu, parity, PAST_CAPPED_GRID, SIZES, rng, withGridCap } from '../../helpers/parity.js';

/** A matrix of n points on [0, 50)² and its keys for cells 0.5 wide, 101 per row. */
function lattice(n: number): { m: Float64Array; keys: Uint32Array } {
  const m = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i++) m[i] = (i * 0.37) % 50;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = Math.floor(m[2 * i + 1]! / 0.5) * 101 + Math.floor(m[2 * i]! / 0.5);
  return { m, keys };
}

const MIN_BUFFER = 256 * 1024 * 1024; // the WebGPU spec's default maxBufferSize

describe('dbscan/cells', () => {
  for (const n of [...SIZES, 20_000]) {
    it(`n = ${n}`, async () => {
      const r = rng(n + 1);
      const m = new Float64Array(2 * n);
      for (let i = 0; i < 2 * n; i++) m[i] = -3 + r() * 100 * (i % 7 === 0 ? 1 : 0.999);
      const s = 0.3, nx = Math.floor(103 / s) + 1;
      const keys = new Uint32Array(n);
      for (let i = 0; i < n; i++) keys[i] = Math.floor((m[2 * i + 1]! + 3) / s) * nx + Math.floor((m[2 * i]! + 3) / s);
      await parity(() => run(dbscanCells, gf.array(m), n, -3, -3, s, nx), { oracle: [keys], what: 'keys' });
    });
  }
  it('past 65,535 workgroups: 65,536 x 256 points, a 256 MiB matrix (the largest one buffer holds at the WebGPU minimum)', async () => {
    const n = 65_536 * 256;
    expect(n * 16).toBe(MIN_BUFFER);
    const { m, keys } = lattice(n);
    await parity(() => run(dbscanCells, gf.array(m), n, 0, 0, 0.5, 101), { oracle: [keys], what: 'keys' });
  }, 600_000);
  it('2-D grid under the grid cap', async () => {
    const { m, keys } = lattice(PAST_CAPPED_GRID);
    await withGridCap(() => parity(() => run(dbscanCells, gf.array(m), PAST_CAPPED_GRID, 0, 0, 0.5, 101), { oracle: [keys], what: 'keys' }));
  });
  it.skipIf(!hasGpu())('in windows of a 64 KiB binding (4,096 points each)', async () => {
    const n = 12_011;
    const { m, keys } = lattice(n);
    await gf.init({ maxBindingBytes: 65536 });
    try {
      expect(gf.info().limits!.maxBindingBytes).toBe(65536);
      await parity(() => run(dbscanCells, gf.array(m), n, 0, 0, 0.5, 101), { oracle: [keys], what: 'keys' });
    } finally {
      await gf.init();
    }
  });
  it.skipIf(!hasGpu() || gf.info().limits!.maxBufferSize > MIN_BUFFER)('a matrix over maxBufferSize is a ShapeError naming the limit', async () => {
    const n = 65_536 * 256 + 256; // 4 KiB over 256 MiB
    const m = new Float64Array(2 * n);
    const max = gf.info().limits!.maxBufferSize;
    let err: unknown;
    try {
      gf.withBackend('webgpu', () => run(dbscanCells, gf.array(m), n, 0, 0, 0.5, 101));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(gf.ShapeError);
    expect((err as Error).message).toBe(`dbscan/cells: expected at most ${max} bytes in one device buffer (the device's maxBufferSize), got ${n * 16} bytes`);
  });
});
