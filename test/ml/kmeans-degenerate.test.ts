// Issue 16: KMeans with fewer distinct points than nClusters. Every distinct point already has
// a center, so the empty-cluster relocation finds no point off its center; the spare cluster
// must keep a data point as its center (scikit-learn relocates a point onto its own center:
// duplicate centers), never the zero vector of its empty sums, which is no data point. The
// fit still completes with scikit-learn's ConvergenceWarning and valid labels, on both
// backends alike (the relocation is one kernel with a CPU twin, exact binary64 on both).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

async function fitWarned(X: Float64Array[], k: number, options: Record<string, unknown> = {}): Promise<{ km: gf.KMeans; warnings: Error[] }> {
  const warnings: Error[] = [];
  const listen = (w: Error) => warnings.push(w);
  process.on('warning', listen);
  try {
    const km = await new gf.KMeans({ nClusters: k, seed: 0, nInit: 1, ...options }).fit(X);
    await new Promise((r) => setImmediate(r)); // process warnings are emitted on the next tick
    return { km, warnings: warnings.filter((w) => w.name === 'ConvergenceWarning') };
  } finally {
    process.off('warning', listen);
  }
}

const columns = (rows: number[][]) => [Float64Array.from(rows, (r) => r[0]!), Float64Array.from(rows, (r) => r[1]!)];

// Points far from the origin, so a (0, 0) center could never be mistaken for a data point.
const CASES: Array<{ name: string; rows: number[][]; k: number; distinct: number }> = [
  { name: 'two distinct points twice each, k = 3', rows: [[1, 2], [1, 2], [3, 4], [3, 4]], k: 3, distinct: 2 },
  { name: 'one point four times, k = 2', rows: [[5, 5], [5, 5], [5, 5], [5, 5]], k: 2, distinct: 1 },
  { name: 'a duplicate and a single, k = 3', rows: [[1, 2], [1, 2], [3, 4]], k: 3, distinct: 2 },
  { name: 'three distinct points in five rows, k = 4', rows: [[1, 1], [2, 2], [1, 1], [2, 2], [9, 9]], k: 4, distinct: 3 },
  { name: 'three distinct points, k = 5, far from the origin', rows: [[-7, 100], [40, 3], [40, 3], [-7, 100], [0.5, 0.25], [0.5, 0.25]], k: 5, distinct: 3 },
];

describe('KMeans with fewer distinct points than nClusters', () => {
  for (const c of CASES) {
    it(`${c.name}: every center is a data point, the warning names the counts, labels are valid`, async () => {
      const { km, warnings } = await fitWarned(columns(c.rows), c.k);
      try {
        const centers = km.clusterCenters;
        expect(centers.length).toBe(2 * c.k);
        const key = (x: number, y: number) => `${x},${y}`;
        const points = new Set(c.rows.map((r) => key(r[0]!, r[1]!)));
        const found = new Set<string>();
        for (let j = 0; j < c.k; j++) {
          const ck = key(centers[2 * j]!, centers[2 * j + 1]!);
          expect(points.has(ck), `center ${j} (${ck}) is a data point`).toBe(true);
          found.add(ck);
        }
        // Every distinct point is a center, so each point sits on its own label's center.
        expect(found.size).toBe(c.distinct);
        const labels = await km.labels.toArray();
        expect(labels.length).toBe(c.rows.length);
        c.rows.forEach((r, i) => {
          const l = labels[i]!;
          expect(l >= 0 && l < c.k).toBe(true);
          expect([centers[2 * l], centers[2 * l + 1]]).toEqual(r);
        });
        expect(km.inertia).toBe(0);
        expect(warnings.length).toBe(1);
        expect(warnings[0]!.message).toMatch(new RegExp(`KMeans.fit: number of distinct clusters \\(${c.distinct}\\) found smaller than nClusters \\(${c.k}\\)`));
        // predict agrees with the training labels
        expect([...(await (await km.predict(columns(c.rows))).toArray())]).toEqual([...labels]);
      } finally {
        km.dispose();
      }
    });
  }

  it('with sample weights (a zero weight included) the centers are still data points', async () => {
    const rows = [[10, 20], [10, 20], [30, 40], [30, 40]];
    const { km, warnings } = await fitWarned(columns(rows), 3, {});
    km.dispose();
    expect(warnings.length).toBe(1);
    const km2 = await new gf.KMeans({ nClusters: 3, seed: 1, nInit: 2 }).fit(columns(rows), { sampleWeight: new Float64Array([1, 0, 2, 3]) });
    try {
      const c = km2.clusterCenters;
      for (let j = 0; j < 3; j++) expect(rows.some((r) => r[0] === c[2 * j] && r[1] === c[2 * j + 1])).toBe(true);
    } finally {
      km2.dispose();
    }
  });
});
