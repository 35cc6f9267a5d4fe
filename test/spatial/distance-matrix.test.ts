// gf.hausdorff, gf.frechet and gf.DistanceMatrix through the public entry, on both backends:
// SciPy's directed_hausdorff and a Python Fréchet DP as goldens (scripts/golden/
// hausdorff_reference.py), 0/1/2 trajectories, one-point and empty tracks, null rows, NaN
// coordinates, directed vs symmetric, the frame form, a matrix past one storage binding, and
// the matrix type's own API and errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';

const golden = JSON.parse(readFileSync(new URL('../fixtures/trajectory/hausdorff-golden.json', import.meta.url), 'utf8')) as {
  tracks: number[][][];
  directed: number[][];
  frechet: number[][];
};
const backends = (): Array<'cpu' | 'webgpu'> => (hasGpu() ? ['cpu', 'webgpu'] : ['cpu']);
const lines = (coords: number[][][]): gf.Column =>
  coords.length > 0
    ? gf.geo.fromGeoJSON(coords.map((c) => ({ type: 'LineString', coordinates: c })))
    : new gf.Column({ type: 'linestring', data: gf.array(new Int32Array(1)), children: [new gf.Column({ type: 'point', data: gf.array(new Float64Array(0)) })] });

function expectClose(got: Float64Array, want: number[][], rel: number, what: string): void {
  const n = want.length;
  expect(got.length, what).toBe(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w = want[i]![j]!, g = got[i * n + j]!;
      if (Math.abs(g - w) > rel * Math.abs(w)) expect.fail(`${what}[${i}][${j}]: expected ${w}, got ${g}`);
    }
  }
}

describe('hausdorff and frechet: goldens', () => {
  for (const b of backends()) {
    it(`${b}: directed and symmetric Hausdorff equal SciPy's directed_hausdorff (1e-12 relative), Fréchet the Python DP`, async () => {
      // SwiftShader runs soft-float64 slowly: the GPU takes 8 of the 16 tracks (the one-point
      // track and the near copy of track 0 among them), a sub-matrix of the golden.
      const pick = b === 'cpu' ? golden.tracks.map((_, i) => i) : [0, 1, 2, 3, 4, 5, 14, 15];
      const sub = (m: number[][]) => pick.map((i) => pick.map((j) => m[i]![j]!));
      await gf.withBackendAsync(b, async () => {
        const tracks = lines(pick.map((i) => golden.tracks[i]!));
        const d = await gf.hausdorff(tracks, { directed: true });
        expectClose(await d.toArray(), sub(golden.directed), 1e-12, 'directed');
        const s = await gf.hausdorff(tracks);
        const sym = golden.directed.map((row, i) => row.map((v, j) => Math.max(v, golden.directed[j]![i]!)));
        expectClose(await s.toArray(), sub(sym), 1e-12, 'symmetric');
        const f = await gf.frechet(tracks);
        expectClose(await f.toArray(), sub(golden.frechet), 1e-12, 'frechet');
        expect(d.get(3, 5)).toBe(golden.directed[3]![5]); // bit for bit, in fact
        [d, s, f].forEach((m) => m.dispose());
      });
    });
  }
});

describe('hausdorff and frechet: edge cases', () => {
  for (const b of backends()) {
    it(`${b}: 0, 1 and 2 trajectories; one-point tracks`, async () => {
      await gf.withBackendAsync(b, async () => {
        const none = await gf.hausdorff(lines([]));
        expect(none.n).toBe(0);
        expect(await none.toArray()).toEqual(new Float64Array(0));
        const one = await gf.frechet(lines([[[1, 2], [3, 4]]]));
        expect(Array.from(await one.toArray())).toEqual([0]);
        const two = await gf.hausdorff(lines([[[0, 0]], [[3, 4]]]), { directed: true });
        expect(Array.from(await two.toArray())).toEqual([0, 5, 5, 0]);
        const f = await gf.frechet(lines([[[0, 0]], [[3, 4], [0, 0]]]));
        expect(Array.from(await f.toArray())).toEqual([0, 5, 5, 0]);
      });
    });

    it(`${b}: empty linestrings, null rows and NaN coordinates give NaN rows and columns`, async () => {
      await gf.withBackendAsync(b, async () => {
        const col = gf.geo.fromGeoJSON([
          { type: 'LineString', coordinates: [[0, 0], [1, 0]] },
          { type: 'LineString', coordinates: [] },
          null,
          { type: 'LineString', coordinates: [[NaN, 1], [2, 2]] },
          { type: 'LineString', coordinates: [[0, 1]] },
        ]);
        for (const m of [await gf.hausdorff(col), await gf.frechet(col)]) {
          const a = await m.toArray();
          for (let i = 0; i < 5; i++) {
            for (let j = 0; j < 5; j++) {
              const bad = [1, 2, 3].includes(i) || [1, 2, 3].includes(j);
              expect(Number.isNaN(a[i * 5 + j]!), `(${i}, ${j})`).toBe(bad);
            }
          }
          expect(m.get(0, 4)).toBe(Math.SQRT2);
          m.dispose();
        }
      });
    });

    it(`${b}: directed is asymmetric, symmetric is its max with the transpose; frame + column name form`, async () => {
      await gf.withBackendAsync(b, async () => {
        const df = new gf.DataFrame({ geometry: lines([[[0, 0], [10, 0]], [[0, 1]]]) });
        const d = await gf.hausdorff(df, 'geometry', { directed: true });
        await d.toArray();
        expect([d.get(0, 1), d.get(1, 0)]).toEqual([Math.hypot(10, 1), 1]);
        const s = await gf.hausdorff(df, 'geometry');
        expect(Array.from(await s.toArray())).toEqual([0, Math.hypot(10, 1), Math.hypot(10, 1), 0]);
        const km = await gf.hausdorff(df, 'geometry', { metric: 'haversine', radius: 6371 });
        const far = (await gf.withBackendAsync('cpu', () => gf.haversine(10, 0, 0, 1, { radius: 6371 }).toArray()))[0]!; // (10, 0) to (0, 1)
        expect(Math.abs((await km.toArray())[1]! - far)).toBeLessThan(2e-9);
      });
    });
  }

  it.skipIf(!hasGpu())('a matrix past one storage binding (maxBindingBytes 65536): bands, symmetrize and get agree with the CPU', async () => {
    const coords = Array.from({ length: 120 }, (_, i) => [[Math.sin(i), Math.cos(i * 1.3)], [i % 7, (i * 3) % 11], [i / 10, -i / 20]]);
    const tracks = lines(coords);
    const cpu = await gf.withBackendAsync('cpu', () => gf.hausdorff(tracks));
    const want = await cpu.toArray();
    try {
      await gf.init({ maxBindingBytes: 65536 });
      const m = await gf.withBackendAsync('webgpu', () => gf.hausdorff(tracks));
      expect(m.bands.length).toBeGreaterThan(1); // 120 × 120 × 8 = 115 KB
      expect(await m.toArray()).toEqual(want);
      expect((await m.toRows())[119]).toEqual(want.subarray(119 * 120));
      expect(m.get(119, 3)).toBe(want[119 * 120 + 3]);
      m.dispose();
    } finally {
      await gf.init();
    }
  });

  it('typed errors name the argument', async () => {
    const pts = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [0, 0] }]);
    await expect(gf.hausdorff(pts)).rejects.toThrow(gf.DTypeError);
    await expect(gf.hausdorff(lines([]), { metric: 'manhattan' as 'euclidean' })).rejects.toThrow(/metric/);
    await expect(gf.hausdorff(lines([]), { directed: 1 as unknown as boolean })).rejects.toThrow(/directed/);
    await expect(gf.frechet(lines([]), { directed: true } as object)).rejects.toThrow(/'directed'/);
    await expect(gf.frechet(lines([]), { radius: 5 })).rejects.toThrow(/radius/);
    await expect(gf.hausdorff(lines([]), { metric: 'haversine', radius: -1 })).rejects.toThrow(gf.ValueError);
    const df = new gf.DataFrame({ a: new Float64Array([1]) });
    await expect(gf.hausdorff(df, 'nope')).rejects.toThrow(gf.ColumnNotFoundError);
  });
});

describe('DistanceMatrix', () => {
  it('fromArray (flat or rows), get, toRows, symmetrize max and mean, dispose', async () => {
    const m = gf.DistanceMatrix.fromArray([[0, 1, 5], [3, 0, NaN], [2, 4, 0]]);
    expect([m.n, m.get(0, 2), m.byteLength]).toEqual([3, 5, 72]);
    const mx = m.symmetrize('max');
    expect(Array.from(await mx.toArray())).toEqual([0, 3, 5, 3, 0, NaN, 5, NaN, 0]);
    const mean = m.symmetrize('mean');
    expect((await mean.toRows()).map((r) => Array.from(r))).toEqual([[0, 2, 3.5], [2, 0, NaN], [3.5, NaN, 0]]);
    const flat = gf.DistanceMatrix.fromArray(new Float64Array([0, 1, 1, 0]));
    expect(flat.n).toBe(2);
    m.dispose();
    expect(m.isDisposed).toBe(true);
    expect(() => m.get(0, 0)).toThrow(gf.ResidencyError);
  });

  it('errors: not square, out of range, bad op', () => {
    expect(() => gf.DistanceMatrix.fromArray(new Float64Array(5))).toThrow(gf.ShapeError);
    expect(() => gf.DistanceMatrix.fromArray(new Float64Array(6), 3)).toThrow(gf.ShapeError);
    expect(() => gf.DistanceMatrix.fromArray([[0, 1], [1]])).toThrow(/row 1/);
    const m = gf.DistanceMatrix.fromArray([[0]]);
    expect(() => m.get(1, 0)).toThrow(gf.ValueError);
    expect(() => m.symmetrize('min' as 'max')).toThrow(gf.ValueError);
  });

  it.skipIf(!hasGpu())('get before a device-resident matrix is read is a ResidencyError', async () => {
    const m = await gf.withBackendAsync('webgpu', () => gf.hausdorff(lines([[[0, 0]], [[1, 1]]])));
    expect(() => m.get(0, 1)).toThrow(gf.ResidencyError);
    await m.toArray();
    expect(m.get(0, 1)).toBe(Math.SQRT2);
  });
});
