// DBSCAN takes the DistanceMatrix that gf.hausdorff / gf.frechet give (metric 'precomputed'),
// in one band or several, with the labels of the same values as one row-major buffer.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { mulberry32 } from '../../src/random.js';

function randomTracks(k: number, seed: number): gf.Column {
  const r = mulberry32(seed);
  const geoms = Array.from({ length: k }, (_, i) => {
    const cx = (i % 3) * 50 + r() * 2;
    const cy = Math.floor(i / 3) % 2 * 50 + r() * 2;
    return { type: 'LineString' as const, coordinates: Array.from({ length: 5 + Math.floor(r() * 10) }, () => [cx + r() * 3, cy + r() * 3]) };
  });
  return gf.geo.fromGeoJSON(geoms);
}

describe('DBSCAN on a DistanceMatrix', () => {
  it('one band and several bands give the labels of the row-major buffer', async () => {
    const tracks = randomTracks(30, 4);
    const D = await gf.hausdorff(tracks);
    const values = await D.toArray();
    const n = D.n;
    const opts = { eps: 8, minSamples: 3, metric: 'precomputed' as const };
    const want = await (await new gf.DBSCAN(opts).fit(gf.array(values.slice()))).labels.toArray();
    expect(new Set(want).size).toBeGreaterThan(2); // several clusters, so the test can tell them apart

    const got = await (await new gf.DBSCAN(opts).fit(D)).labels.toArray();
    expect([...got]).toEqual([...want]);

    // The same values in three bands of 10, 10 and 10 rows.
    const bands = [0, 10, 20].map((start) => ({ start, rows: 10, data: gf.array(values.slice(start * n, (start + 10) * n)) }));
    const banded = new gf.DistanceMatrix(n, bands);
    const got3 = await (await new gf.DBSCAN(opts).fit(banded)).labels.toArray();
    expect([...got3]).toEqual([...want]);

    D.dispose();
    await expect(new gf.DBSCAN(opts).fit(D)).rejects.toThrow(/live DistanceMatrix/);
    await expect(new gf.DBSCAN({ eps: 1 }).fit(banded)).rejects.toThrow(gf.ValueError);
  });
});
