// Parity of 'dbscan/components': smallest core index per component, both backends exact, checked against a BFS oracle.
import { describe, it } from 'vitest';
import { run } from '../../../kernels/registry.js';
import { dbscanComponents, dbscanCount } from '../../../kernels/dbscan/ops.js';
import { parity } from '../../helpers/parity.js';
import { lattice, spaceOf } from './space.js';

describe('dbscan/components', () => {
  for (const mode of ['grid', 'brute', 'precomputed'] as const) {
    for (const n of [0, 1, 300, 900]) {
      it(`${mode}, n = ${n}`, async () => {
        const m = lattice(n, n + 5);
        const near = (i: number, j: number) => Math.hypot(m[2 * i]! - m[2 * j]!, m[2 * i + 1]! - m[2 * j + 1]!) <= 0.3;
        const cnt = new Uint32Array(n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (near(i, j)) cnt[i]!++;
        const seen = new Int32Array(n).fill(-1);
        for (let i = 0; i < n; i++) {
          if (cnt[i]! < 3 || seen[i]! >= 0) continue;
          const stack = [i];
          seen[i] = i;
          while (stack.length) {
            const a = stack.pop()!;
            for (let j = 0; j < n; j++) if (cnt[j]! >= 3 && seen[j]! < 0 && near(a, j)) (seen[j] = i), stack.push(j);
          }
        }
        await parity(
          async () => {
            const s = spaceOf(mode, m, 0.3);
            const { counts } = await run(dbscanCount, s);
            return [await run(dbscanComponents, s, counts, 3), counts];
          },
          { oracle: [seen, cnt], what: 'components' },
        );
      });
    }
  }
});
