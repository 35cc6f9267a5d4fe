// Parity of 'dbscan/cells': exact cell keys (soft-f64 on the device) against the CPU twin and a plain oracle.
import { describe, it } from 'vitest';
import * as gf from 'gpuframe';
import { run } from '../../../kernels/registry.js';
import { dbscanCells } from '../../../kernels/dbscan/ops.js';
import { parity, PAST_GRID, SIZES, rng } from '../../helpers/parity.js';

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
  it('past 65,535 workgroups (2-D grid)', async () => {
    const n = PAST_GRID;
    const m = new Float64Array(2 * n);
    for (let i = 0; i < 2 * n; i++) m[i] = (i * 0.37) % 50;
    const keys = new Uint32Array(n);
    for (let i = 0; i < n; i++) keys[i] = Math.floor(m[2 * i + 1]! / 0.5) * 101 + Math.floor(m[2 * i]! / 0.5);
    await parity(() => run(dbscanCells, gf.array(m), n, 0, 0, 0.5, 101), { oracle: [keys], what: 'keys' });
  }, 600_000);
});
