// 'trajectory/frechet': the GPU kernel (soft-f64 euclidean, df64 haversine; rolling DP row in a
// storage scratch) against its CPU twin (rolling row, squared distances) and the full DP table
// with a square root per cell, on random tracks with empty and one-point tracks, null rows and
// NaN coordinates; in binding windows (scratch bounded per dispatch) and on the 2-D grid.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity } from '../../helpers/parity.js';
import { fullFrechet, euclid, oracleMatrix, randomTracks } from '../../helpers/tracks.js';
import { matrixOf, pairMatrixCases, R } from '../../helpers/pair-matrix-cases.js';
import { frechetKernel } from '../../../kernels/trajectory/frechet.js';

describe("'trajectory/frechet'", () => {
  pairMatrixCases(frechetKernel, fullFrechet);

  it('the diagonal of valid tracks is 0, and the matrix is symmetric (exact arithmetic makes it so)', async () => {
    const t = randomTracks(6, 3, { maxPoints: 15 });
    const [m] = await parity(matrixOf(frechetKernel, t, { metric: 'euclidean', radius: R }));
    for (let i = 0; i < 6; i++) {
      expect(m![i * 6 + i]).toBe(0);
      for (let j = 0; j < 6; j++) expect(m![i * 6 + j]).toBe(m![j * 6 + i]);
    }
  });

  it.skipIf(!hasGpu())('dispatches split so the DP scratch fits one binding (maxBindingBytes 4096)', async () => {
    const t = randomTracks(30, 17, { maxPoints: 100 }); // 30 × ≤100 × 8 B of rows per dispatch > 4 KB
    const want = oracleMatrix(t, fullFrechet(t.coords, euclid));
    try {
      await gf.init({ maxBindingBytes: 4096 });
      await parity(matrixOf(frechetKernel, t, { metric: 'euclidean', radius: R }), { oracle: [want], what: 'scratch' });
    } finally {
      await gf.init();
    }
  });
});
