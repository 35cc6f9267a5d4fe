// 'trajectory/hausdorff': the GPU kernel (soft-f64 euclidean, df64 haversine) against its CPU
// twin (early break; euclidean also pruned by boxes of runs of 12 points) and a brute-force
// max-of-mins oracle, on random tracks with empty and one-point tracks, null rows and NaN
// coordinates; on long tracks (many runs) and on ties, zero-width boxes, overflow to +Inf and
// underflow; in binding windows and on the 2-D grid.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { expectSame, parity } from '../../helpers/parity.js';
import { bruteHausdorff, euclid, greatCircle, oracleMatrix, randomTracks, type Tracks } from '../../helpers/tracks.js';
import { matrixOf, pairMatrixCases, R } from '../../helpers/pair-matrix-cases.js';
import { hausdorffKernel } from '../../../kernels/trajectory/hausdorff.js';
import { cpuMetric } from '../../../kernels/trajectory/pair-tiles.js';
import { registeredKernels } from '../../../kernels/registry.js';

/** Tracks from lists of [x, y] points (offsets start at 1: one unused point first). */
function tracksOf(list: number[][][]): Tracks {
  const n = list.length;
  const offsets = new Int32Array(n + 1);
  offsets[0] = 1;
  list.forEach((t, i) => (offsets[i + 1] = offsets[i]! + t.length));
  const coords = new Float64Array(2 * offsets[n]!);
  coords.set(list.flat(2), 2);
  const points = new gf.Column({ type: 'point', data: gf.array(coords) });
  const column = new gf.Column({ type: 'linestring', data: gf.array(offsets), children: [points] });
  return { column, offsets, coords, validity: undefined, n };
}

const euclidCase = (t: Tracks, what: string) =>
  parity(matrixOf(hausdorffKernel, t, { metric: 'euclidean', radius: R }), { oracle: [oracleMatrix(t, bruteHausdorff(t.coords, euclid))], what });

describe("'trajectory/hausdorff'", () => {
  pairMatrixCases(hausdorffKernel, bruteHausdorff);

  it('identical tracks are 0 and the diagonal of valid tracks is 0', async () => {
    const t = randomTracks(6, 3, { maxPoints: 15 });
    const [m] = await parity(matrixOf(hausdorffKernel, t, { metric: 'euclidean', radius: R }));
    for (let i = 0; i < 6; i++) expect(m![i * 6 + i]).toBe(0);
  });

  it('euclidean, long tracks (up to 100 points: many runs of 12): bit-exact on both bodies and the oracle', async () => {
    await euclidCase(randomTracks(24, 41, { maxPoints: 100, nullRate: 0.05, emptyRate: 0.05 }), 'long');
  });

  it('euclidean ties, zero-width boxes, nested and repeated tracks, overflow to +Inf and underflow: bit-exact', async () => {
    const line = (n: number, f: (k: number) => number[]) => Array.from({ length: n }, (_, k) => f(k));
    const list = [
      line(30, (k) => [k, 0]), // horizontal: runs of zero height
      line(30, (k) => [0, k]), // vertical
      line(13, (k) => [2 * k, 0]), // a subset of the first, one point past a run
      line(40, (k) => [k % 5, Math.floor(k / 5)]), // a grid: many equal distances
      line(25, () => [3, 3]), // one point repeated
      line(30, (k) => [29 - k, 1]), // the first reversed, shifted by 1
      line(24, (k) => [1e200 * (k % 2 ? 1 : -1), 1e200 * k]), // squares overflow: +Inf entries
      line(26, (k) => [1e-170 * k, -1e-170 * k]), // squares underflow to subnormals and 0
      line(14, (k) => [1e-160 * k, 1e-300]),
      line(1, () => [-0, 0]),
    ];
    const t = tracksOf(list);
    const [m] = await euclidCase(t, 'edges');
    expect(m![6 * 10 + 0]).toBe(Infinity);
    expect(m![2 * 10 + 0]).toBe(0);
    expect(m![0 * 10 + 2]).toBe(5);
  });

  it('haversine, long lon/lat tracks (scan orders from the farthest point, outward): the CPU twin equals max of mins of its own metric bit for bit; the GPU within tolerance', async () => {
    const t = randomTracks(16, 43, { maxPoints: 100, lonLat: true, nullRate: 0.05 });
    const opts = { metric: 'haversine' as const, radius: R };
    const exact = oracleMatrix(t, bruteHausdorff(t.coords, cpuMetric(opts).dist), true);
    const cpu = await gf.withBackendAsync('cpu', async () => (await matrixOf(hausdorffKernel, t, opts)()).toArray());
    expectSame(cpu as Float64Array, exact, { kind: 'exact' }, 'cpu-vs-own-metric');
    const tol = registeredKernels().find((k) => k.name === hausdorffKernel.name)!.tolerance;
    await parity(matrixOf(hausdorffKernel, t, opts), { tol, oracle: [oracleMatrix(t, bruteHausdorff(t.coords, greatCircle(R)), true)], what: 'haversine long' });
  });
});
