// 'trajectory/hausdorff': the GPU kernel (soft-f64 euclidean, df64 haversine) against its CPU
// twin (early break) and a brute-force max-of-mins oracle, on random tracks with empty and
// one-point tracks, null rows and NaN coordinates; in binding windows and on the 2-D grid.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, withGridCap } from '../../helpers/parity.js';
import { bruteHausdorff, euclid, greatCircle, oracleMatrix, randomTracks, type Tracks } from '../../helpers/tracks.js';
import { registeredKernels, run } from '../../../kernels/registry.js';
import { hausdorffKernel } from '../../../kernels/trajectory/hausdorff.js';
import { activeBandRows, DistanceMatrix } from '../../../src/matrix/distance-matrix.js';
import type { PairOptions } from '../../../kernels/trajectory/pair-tiles.js';

const R = 6371.0088;
const tol = () => registeredKernels().find((k) => k.name === 'trajectory/hausdorff')!.tolerance;

/** The kernel's whole matrix as one host array (bands joined), for parity(). */
const matrixOf = (t: Tracks, opts: PairOptions) => async () => {
  const input = { offsets: t.column.data as gf.DataBuffer<'int32'>, coords: t.column.child.data as gf.DataBuffer<'float64'>, validity: t.column.validity, n: t.n };
  const m = new DistanceMatrix(t.n, await run(hausdorffKernel, input, activeBandRows(t.n), opts));
  const a = (await m.toArray()).slice();
  m.dispose();
  return gf.array(a);
};

describe("'trajectory/hausdorff'", () => {
  for (const n of [0, 1, 2, 7, 33]) {
    it(`euclidean, ${n} tracks (empty, one-point, null, NaN): bit-exact on both bodies and the oracle`, async () => {
      const t = randomTracks(n, 100 + n, { maxPoints: 20, nullRate: 0.1, nanRate: 0.01, emptyRate: 0.1 });
      await parity(matrixOf(t, { metric: 'euclidean', radius: R }), { oracle: [oracleMatrix(t, bruteHausdorff(t.coords, euclid))], what: `n=${n}` });
    });
  }

  it('haversine on lon/lat tracks (|lat| > 90 is NaN), within the stated tolerance', async () => {
    const t = randomTracks(12, 7, { maxPoints: 10, lonLat: true, nullRate: 0.1, emptyRate: 0.1 });
    t.coords[2 * t.offsets[5]! + 1] = 91; // out of the domain: row and column 5 are NaN
    const want = oracleMatrix(t, bruteHausdorff(t.coords, greatCircle(R)), true);
    const [got] = await parity(matrixOf(t, { metric: 'haversine', radius: R }), { tol: tol(), oracle: [want] });
    expect(Number.isNaN(got![5 * 12 + 1])).toBe(true);
  });

  it('identical tracks are 0 and the diagonal of valid tracks is 0', async () => {
    const t = randomTracks(6, 3, { maxPoints: 15 });
    const [m] = await parity(matrixOf(t, { metric: 'euclidean', radius: R }));
    for (let i = 0; i < 6; i++) expect(m![i * 6 + i]).toBe(0);
  });

  it.skipIf(!hasGpu())('tiles past one storage binding (maxBindingBytes 65536: matrix bands and point windows)', async () => {
    // 100 tracks: a 100×100 matrix is 80 KB (2 bands); 4,600 points are 74 KB (several windows).
    const t = randomTracks(100, 11, { maxPoints: 90, nullRate: 0.05 });
    expect(t.offsets[100]! - t.offsets[0]!).toBeGreaterThan(4096);
    const want = oracleMatrix(t, bruteHausdorff(t.coords, euclid));
    try {
      await gf.init({ maxBindingBytes: 65536 });
      await parity(matrixOf(t, { metric: 'euclidean', radius: R }), { oracle: [want], what: 'windows' });
    } finally {
      await gf.init();
    }
  });

  it('covers every pair past the workgroups-per-dimension limit (2-D grid)', async () => {
    const t = randomTracks(140, 5, { maxPoints: 2 }); // 19,600 pairs: > 64 workgroups of 256
    const want = oracleMatrix(t, bruteHausdorff(t.coords, euclid));
    await withGridCap(() => parity(matrixOf(t, { metric: 'euclidean', radius: R }), { oracle: [want], what: '2-D grid' }));
  });
});
