/**
 * The cases every trajectory pair kernel (trajectory/hausdorff, trajectory/frechet) shares:
 * its whole matrix through run() as one host array, and the parity tests against a plain-JS
 * oracle on random tracks (empty, one-point, null, NaN), on lon/lat tracks for 'haversine',
 * past one storage binding and past the workgroups-per-dimension limit.
 */
import { expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, withGridCap } from './parity.js';
import { euclid, greatCircle, oracleMatrix, randomTracks, type Tracks } from './tracks.js';
import { registeredKernels, run, type KernelEntry } from '../../kernels/registry.js';
import type { MatrixBand } from '../../kernels/matrix/symmetrize.js';
import type { PairOptions, TrajectoryInput } from '../../kernels/trajectory/pair-tiles.js';
import { activeBandRows, DistanceMatrix } from '../../src/matrix/distance-matrix.js';

/** The Earth's mean radius in km. */
export const R = 6371.0088;

type PairKernel = KernelEntry<[TrajectoryInput, number, PairOptions], Promise<MatrixBand[]>>;
type Dist = (c: Float64Array, a: number, b: number) => number;
/** An oracle per track pair: (coords, point distance) -> (a0, a1, b0, b1) -> distance. */
type Oracle = (c: Float64Array, d: Dist) => (a0: number, a1: number, b0: number, b1: number) => number;

/** The kernel's whole matrix as one host array (bands joined), for parity(). */
export const matrixOf = (kernel: PairKernel, t: Tracks, opts: PairOptions) => async () => {
  const input = { offsets: t.column.data as gf.DataBuffer<'int32'>, coords: t.column.child.data as gf.DataBuffer<'float64'>, validity: t.column.validity, n: t.n };
  const m = new DistanceMatrix(t.n, await run(kernel, input, activeBandRows(t.n), opts));
  const a = (await m.toArray()).slice();
  m.dispose();
  return gf.array(a);
};

/** The shared parity cases of a pair kernel against `oracle` (call inside its describe). */
export function pairMatrixCases(kernel: PairKernel, oracle: Oracle): void {
  const tol = () => registeredKernels().find((k) => k.name === kernel.name)!.tolerance;

  for (const n of [0, 1, 2, 7, 33]) {
    it(`euclidean, ${n} tracks (empty, one-point, null, NaN): bit-exact on both bodies and the oracle`, async () => {
      const t = randomTracks(n, 100 + n, { maxPoints: 20, nullRate: 0.1, nanRate: 0.01, emptyRate: 0.1 });
      await parity(matrixOf(kernel, t, { metric: 'euclidean', radius: R }), { oracle: [oracleMatrix(t, oracle(t.coords, euclid))], what: `n=${n}` });
    });
  }

  it('haversine on lon/lat tracks (|lat| > 90 is NaN), within the stated tolerance', async () => {
    const t = randomTracks(12, 7, { maxPoints: 10, lonLat: true, nullRate: 0.1, emptyRate: 0.1 });
    t.coords[2 * t.offsets[5]! + 1] = 91; // out of the domain: row and column 5 are NaN
    const want = oracleMatrix(t, oracle(t.coords, greatCircle(R)), true);
    const [got] = await parity(matrixOf(kernel, t, { metric: 'haversine', radius: R }), { tol: tol(), oracle: [want] });
    expect(Number.isNaN(got![5 * 12 + 1])).toBe(true);
  });

  it.skipIf(!hasGpu())('tiles past one storage binding (maxBindingBytes 65536: matrix bands and point windows)', async () => {
    // 100 tracks: a 100×100 matrix is 80 KB (2 bands); 4,600 points are 74 KB (several windows).
    const t = randomTracks(100, 11, { maxPoints: 90, nullRate: 0.05 });
    expect(t.offsets[100]! - t.offsets[0]!).toBeGreaterThan(4096);
    const want = oracleMatrix(t, oracle(t.coords, euclid));
    try {
      await gf.init({ maxBindingBytes: 65536 });
      await parity(matrixOf(kernel, t, { metric: 'euclidean', radius: R }), { oracle: [want], what: 'windows' });
    } finally {
      await gf.init();
    }
  });

  it('covers every pair past the workgroups-per-dimension limit (2-D grid)', async () => {
    const t = randomTracks(140, 5, { maxPoints: 2 }); // 19,600 pairs: > 64 workgroups of 256
    const want = oracleMatrix(t, oracle(t.coords, euclid));
    await withGridCap(() => parity(matrixOf(kernel, t, { metric: 'euclidean', radius: R }), { oracle: [want], what: '2-D grid' }));
  });
}
