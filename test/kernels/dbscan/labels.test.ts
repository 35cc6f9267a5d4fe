// Parity of 'dbscan/labels': scikit-learn's numbering and border rule, both backends exact, against a dbscan_inner oracle.
import { describe, it } from 'vitest';
import { run } from '../../../kernels/registry.js';
import { dbscanComponents, dbscanCount, dbscanLabels } from '../../../kernels/dbscan/ops.js';
import { parity } from '../../helpers/parity.js';
import { lattice, spaceOf } from './space.js';

/** scikit-learn's dbscan_inner, transcribed: DFS with a stack from each unlabelled core in index order. */
function inner(n: number, core: boolean[], nb: number[][]): number[] {
  const labels = new Array<number>(n).fill(-1);
  let label = 0;
  for (let s = 0; s < n; s++) {
    if (labels[s] !== -1 || !core[s]) continue;
    const stack: number[] = [];
    let i = s;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label;
        if (core[i]) for (const v of nb[i]!) if (labels[v] === -1) stack.push(v);
      }
      if (stack.length === 0) break;
      i = stack.pop()!;
    }
    label++;
  }
  return labels;
}

describe('dbscan/labels', () => {
  for (const mode of ['grid', 'brute', 'precomputed'] as const) {
    for (const n of [0, 1, 400, 1000]) {
      it(`${mode}, n = ${n}`, async () => {
        const m = lattice(n, n + 9);
        const nb: number[][] = [];
        for (let i = 0; i < n; i++) {
          nb.push([]);
          for (let j = 0; j < n; j++) if (Math.hypot(m[2 * i]! - m[2 * j]!, m[2 * i + 1]! - m[2 * j + 1]!) <= 0.3) nb[i]!.push(j);
        }
        const oracle = Int32Array.from(inner(n, nb.map((a) => a.length >= 4), nb));
        await parity(
          async () => {
            const s = spaceOf(mode, m, 0.3);
            const { counts } = await run(dbscanCount, s);
            return run(dbscanLabels, s, await run(dbscanComponents, s, counts, 4));
          },
          { oracle: [oracle], what: 'labels' },
        );
      });
    }
  }
});
