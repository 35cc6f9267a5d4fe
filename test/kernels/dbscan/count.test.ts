// Parity of 'dbscan/count': neighbour counts per space mode on lattice points (ties at eps), both backends exact, against a plain oracle.
import { describe, it } from 'vitest';
import { run } from '../../../kernels/registry.js';
import { dbscanCount } from '../../../kernels/dbscan/ops.js';
import { parity } from '../../helpers/parity.js';
import { lattice, spaceOf } from './space.js';

describe('dbscan/count', () => {
  for (const mode of ['grid', 'brute', 'precomputed'] as const) {
    for (const n of [0, 1, 2, 257, 700]) {
      it(`${mode}, n = ${n}`, async () => {
        const m = lattice(n, n + 3);
        const counts = new Uint32Array(n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const dx = m[2 * i]! - m[2 * j]!, dy = m[2 * i + 1]! - m[2 * j + 1]!;
            if (mode === 'precomputed' ? Math.hypot(dx, dy) <= 0.5 : dx * dx + dy * dy <= 0.25) counts[i]!++;
          }
        }
        // Flag word 0: asymmetric precomputed relation (never, for these distances).
        await parity(
          async () => {
            const r = await run(dbscanCount, spaceOf(mode, m, 0.5));
            return [r.counts, r.flags];
          },
          { oracle: [counts, new Uint32Array(2)], what: 'count' },
        );
      });
    }
  }
});
