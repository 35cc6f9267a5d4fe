// 'trajectory/hausdorff': the GPU kernel (soft-f64 euclidean, df64 haversine) against its CPU
// twin (early break) and a brute-force max-of-mins oracle, on random tracks with empty and
// one-point tracks, null rows and NaN coordinates; in binding windows and on the 2-D grid.
import { describe, expect, it } from 'vitest';
import { parity } from '../../helpers/parity.js';
import { bruteHausdorff, randomTracks } from '../../helpers/tracks.js';
import { matrixOf, pairMatrixCases, R } from '../../helpers/pair-matrix-cases.js';
import { hausdorffKernel } from '../../../kernels/trajectory/hausdorff.js';

describe("'trajectory/hausdorff'", () => {
  pairMatrixCases(hausdorffKernel, bruteHausdorff);

  it('identical tracks are 0 and the diagonal of valid tracks is 0', async () => {
    const t = randomTracks(6, 3, { maxPoints: 15 });
    const [m] = await parity(matrixOf(hausdorffKernel, t, { metric: 'euclidean', radius: R }));
    for (let i = 0; i < 6; i++) expect(m![i * 6 + i]).toBe(0);
  });
});
