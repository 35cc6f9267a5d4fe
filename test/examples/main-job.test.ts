// The main job (issue 3) end to end on the shipped real data: identical results on both
// backends, and on WebGPU every input column crosses to the device once and nothing comes
// back until the user reads a result.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { runMainJob, type MainJobOptions } from '../../examples/main-job.js';
import { hasGpu } from '../helpers/parity.js';

const OPTS: MainJobOptions = {
  points: 'data/airports.csv',
  polygons: 'data/naturalearth_lowres/naturalearth_lowres.shp',
  bbox: [-125, 24, -66, 50],
  k: 6,
  seed: 0,
};

async function outputs(backend: 'cpu' | 'webgpu') {
  return gf.withBackendAsync(backend, async () => {
    const r = await runMainJob(OPTS);
    return {
      perPolygon: await r.perPolygon.toRecords(),
      index: [...(await r.joined.column('index_right').toValues())],
      km: (await r.joined.column('km').data.toArray()) as Float64Array,
      labels: [...(await r.kmeans.labels.toArray())],
      centers: r.kmeans.clusterCenters,
      inertia: r.kmeans.inertia,
      rows: r.joined.numRows,
    };
  });
}

describe('main job: CSV + shapefile → filter → haversine → sjoin → groupBy → KMeans', () => {
  it('gives the same counts and memberships on both backends, distances and centers within tolerance', async () => {
    const cpu = await outputs('cpu');
    // Sanity on real data: the contiguous-US airports, almost all inside the USA polygon.
    expect(cpu.rows).toBeGreaterThan(3000);
    const usa = cpu.perPolygon.find((r) => r.name_right === 'United States of America')!;
    expect(Number(usa.points)).toBeGreaterThan(0.95 * cpu.rows);
    expect(new Set(cpu.labels).size).toBe(6);
    if (!hasGpu()) return;
    const gpu = await outputs('webgpu');
    expect(gpu.rows).toBe(cpu.rows);
    expect(gpu.perPolygon.map((r) => [r.name_right, r.points])).toEqual(cpu.perPolygon.map((r) => [r.name_right, r.points]));
    expect(gpu.index).toEqual(cpu.index);
    expect(gpu.labels).toEqual(cpu.labels);
    // Distances: within 1 mm (the haversine kernel's stated tolerance).
    for (let i = 0; i < cpu.km.length; i++) expect(Math.abs(gpu.km[i]! - cpu.km[i]!)).toBeLessThanOrEqual(1e-6);
    for (let i = 0; i < cpu.centers.length; i++) expect(Math.abs(gpu.centers[i]! - cpu.centers[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cpu.centers[i]!)));
    expect(Math.abs(gpu.inertia - cpu.inertia)).toBeLessThanOrEqual(1e-9 * cpu.inertia);
  });

  it('on WebGPU uploads each used input column once and downloads nothing until results are read', async () => {
    if (!hasGpu()) return;
    await gf.withBackendAsync('webgpu', async () => {
      const points = await gf.readCSV(OPTS.points);
      const polygons = await gf.readShapefile(OPTS.polygons);
      // Every buffer of every column (the polygons' geometry column: its offsets at each level and coordinates).
      const columns = [...points.getColumns(), ...polygons.getColumns()];
      expect(polygons.column('geometry').type).toBe('multipolygon');
      const inputs = columns.flatMap((c) => c.buffers().map((b) => b.byteLength));
      const buffers = inputs.length;
      gf.resetStats();
      const filtered = await points.filter(gf.col('longitude').between(-125, -66).and(gf.col('latitude').between(24, 50)));
      const joined = await gf.sjoin(filtered, polygons, { how: 'left' });
      const km = new gf.KMeans({ nClusters: 6, seed: 0 });
      await km.fit({ frame: joined, columns: ['longitude', 'latitude'] });
      const s = gf.stats();
      expect(s.uploads).toBe(buffers);
      expect(s.uploadBytes).toBe(inputs.reduce((a, b) => a + b, 0));
      expect(s.downloads).toBe(0);
      // Now the user reads the outputs: each is one download.
      const labels = await km.labels.toArray();
      const names = await joined.column('name_right').toValues();
      expect(labels.length).toBe(joined.numRows);
      expect(names.length).toBe(joined.numRows);
      const after = gf.stats();
      expect(after.uploads).toBe(buffers);
      expect(after.downloads).toBe(1 + 2); // labels; names = codes + validity
    });
  });
});
