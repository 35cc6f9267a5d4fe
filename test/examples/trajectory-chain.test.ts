// Issue 10, acceptance 3: on WebGPU the chain readCSV → datetime → deriveTrajectories →
// trajectoryStats → Hausdorff → DBSCAN moves data to the host only as counted control reads
// until the user reads the labels; and its labels equal the CPU backend's.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';

const { col } = gf;

async function chain(): Promise<{ labels: gf.DataBuffer<'int32'>; n: number }> {
  const df = await gf.readCSV('data/storms.csv', { nullValues: ['NA'] });
  const recent = await df.filter(col('year').ge(2017)); // a few dozen storms: SwiftShader is slow
  const withT = recent.withColumns({ t: gf.datetime({ year: 'year', month: 'month', day: 'day', hour: 'hour' }) });
  const traj = await gf.deriveTrajectories(withT, { id: ['name', 'year'], x: 'long', y: 'lat', t: 't' });
  const stats = await gf.trajectoryStats(traj, { metric: 'haversine' });
  const D = await gf.hausdorff(stats.column('geometry'), { metric: 'haversine' });
  const db = await new gf.DBSCAN({ metric: 'precomputed', eps: 600, minSamples: 3 }).fit(D);
  return { labels: db.labels, n: D.n };
}

describe('storm-track clustering chain', () => {
  it('on WebGPU: no data download until the labels are read (control reads only), and the CPU labels', async () => {
    if (!hasGpu()) return;
    const cpu = await gf.withBackendAsync('cpu', async () => {
      const r = await chain();
      return { labels: [...(await r.labels.toArray())], n: r.n };
    });
    expect(cpu.n).toBeGreaterThan(20);
    expect(new Set(cpu.labels).size).toBeGreaterThan(1);
    await gf.withBackendAsync('webgpu', async () => {
      gf.resetStats();
      const r = await chain();
      const s = gf.stats();
      expect(s.dispatches).toBeGreaterThan(0);
      expect(s.downloads).toBe(0);
      expect(s.controlReads).toBeGreaterThan(0);
      const labels = await r.labels.toArray();
      expect(gf.stats().downloads).toBe(1);
      expect([...labels]).toEqual(cpu.labels);
    });
  });
});
