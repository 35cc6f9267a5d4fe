// splitByGap and detectStops on both backends against plain-JS references written from
// movingpandas' ObservationGapSplitter and TrajectoryStopDetector rules.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';
import { mulberry32 } from '../../src/random.js';

async function onBackends<T>(fn: () => Promise<T>): Promise<T[]> {
  const out = [await gf.withBackendAsync('cpu', fn)];
  if (hasGpu()) out.push(await gf.withBackendAsync('webgpu', fn));
  return out;
}

type Row = { id: number; x: number; y: number; t: number };
const R = 6371.0088;
const rad = Math.PI / 180;
const hav = (x0: number, y0: number, x1: number, y1: number) => {
  const h = Math.sin((y1 - y0) * rad / 2) ** 2 + Math.cos(y0 * rad) * Math.cos(y1 * rad) * Math.sin((x1 - x0) * rad / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
};

/** Tracks as deriveTrajectories orders them: by id, then stable by time. */
function tracks(rows: Row[]): Array<{ id: number; pts: Row[] }> {
  const by = new Map<number, Row[]>();
  rows.forEach((r) => { if (!by.has(r.id)) by.set(r.id, []); by.get(r.id)!.push(r); });
  return [...by.keys()].sort((a, b) => a - b).map((id) => ({ id, pts: by.get(id)!.map((p, i) => ({ p, i })).sort((a, b) => a.p.t - b.p.t || a.i - b.i).map((q) => q.p) }));
}

/** ObservationGapSplitter: diff > gap starts a piece; pieces of one point dropped. */
function refSplit(rows: Row[], gap: number) {
  const out: Array<{ id: number; part: number; ts: number[] }> = [];
  for (const { id, pts } of tracks(rows)) {
    let piece: Row[] = [], part = 0;
    pts.forEach((p, k) => {
      if (k > 0 && p.t - pts[k - 1]!.t > gap) { if (piece.length > 1) out.push({ id, part, ts: piece.map((q) => q.t) }); part++; piece = []; }
      piece.push(p);
    });
    if (piece.length > 1) out.push({ id, part, ts: piece.map((q) => q.t) });
  }
  return out;
}

/** TrajectoryStopDetector's loop, with the window's diameter (all pairs closer than d). */
function refStops(rows: Row[], d: number, minDur: number, metric: 'haversine' | 'euclidean') {
  const dist = (a: Row, b: Row) => (metric === 'euclidean' ? Math.hypot(a.x - b.x, a.y - b.y) : hav(a.x, a.y, b.x, b.y));
  const out: Array<{ id: number; index: number; t0: number; t1: number; n: number; mx: number }> = [];
  for (const { id, pts } of tracks(rows)) {
    let win: Row[] = [], stopped = false, index = 0;
    const emit = (w: Row[]) => out.push({ id, index: index++, t0: w[0]!.t, t1: w[w.length - 1]!.t, n: w.length, mx: w.reduce((s, p) => s + p.x, 0) / w.length });
    for (const p of pts) {
      win.push(p);
      if (!stopped) while (win.length > 2 && p.t - win[0]!.t >= minDur) win.shift();
      const prev = stopped;
      stopped = win.length > 1 && win.every((a, i) => win.every((b, j) => j <= i || dist(a, b) < d));
      if (!stopped && prev && win.length > 1 && win[win.length - 2]!.t - win[0]!.t >= minDur) { emit(win.slice(0, -1)); win = [p]; }
    }
    if (stopped && win[win.length - 1]!.t - win[0]!.t >= minDur) emit(win);
  }
  return out;
}

const frameOf = (rows: Row[]) => new gf.DataFrame({
  id: Int32Array.from(rows.map((r) => r.id)), x: Float64Array.from(rows.map((r) => r.x)), y: Float64Array.from(rows.map((r) => r.y)), t: Float64Array.from(rows.map((r) => r.t)),
});

async function checkSplit(rows: Row[], gap: number) {
  const want = refSplit(rows, gap);
  for (const got of await onBackends(async () => {
    const p = await gf.splitByGap(await gf.deriveTrajectories(frameOf(rows), { id: 'id', x: 'x', y: 'y', t: 't' }), { maxGap: gap });
    expect(p.names).toEqual(['id', 'part', 'geometry', 'times', 'count']);
    const [id, part, ts, count, g] = await Promise.all(['id', 'part', 'times', 'count', 'geometry'].map((k) => p.column(k).toValues())) as [number[], number[], number[][], number[], Array<{ coordinates: number[][] }>];
    return { id, part, ts, count, n: g.map((l) => l.coordinates.length) };
  })) {
    expect(got.id).toEqual(want.map((w) => w.id));
    expect(got.part).toEqual(want.map((w) => w.part));
    expect(got.ts).toEqual(want.map((w) => w.ts));
    expect(got.count).toEqual(want.map((w) => w.ts.length));
    expect(got.n).toEqual(got.count);
  }
}

async function checkStops(rows: Row[], d: number, minDur: number, metric: 'haversine' | 'euclidean') {
  const want = refStops(rows, d, minDur, metric);
  for (const got of await onBackends(async () => {
    const s = await gf.detectStops(await gf.deriveTrajectories(frameOf(rows), { id: 'id', x: 'x', y: 'y', t: 't' }), { maxDiameter: d, minDuration: minDur, metric });
    expect(s.names).toEqual(['id', 'stop_index', 'start_time', 'end_time', 'duration', 'geometry', 'count']);
    const v = await Promise.all(['id', 'stop_index', 'start_time', 'end_time', 'duration', 'count', 'geometry'].map((k) => s.column(k).toValues())) as unknown[][];
    return v;
  })) {
    const [id, index, t0, t1, dur, n, g] = got as [number[], number[], number[], number[], number[], number[], Array<{ coordinates: number[] }>];
    expect(id).toEqual(want.map((w) => w.id));
    expect(index).toEqual(want.map((w) => w.index));
    expect(t0).toEqual(want.map((w) => w.t0));
    expect(t1).toEqual(want.map((w) => w.t1));
    expect(dur).toEqual(want.map((w) => w.t1 - w.t0));
    expect(n).toEqual(want.map((w) => w.n));
    g.forEach((p, i) => expect(Math.abs(p.coordinates[0]! - want[i]!.mx)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want[i]!.mx))));
  }
}

describe('splitByGap', () => {
  it('runs the TSDoc example', async () => {
    const df = new gf.DataFrame({ id: new Int32Array([1, 1, 1, 1, 1]), x: new Float64Array([0, 1, 2, 3, 4]), y: new Float64Array(5), t: new Float64Array([0, 10, 100, 110, 120]) });
    for (const r of await onBackends(async () => {
      const parts = await gf.splitByGap(await gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y', t: 't' }), { maxGap: 60 });
      return [await parts.column('part').toValues(), await parts.column('times').toValues()];
    })) expect(r).toEqual([[0, 1], [[0, 10], [100, 110, 120]]]);
  });

  it('one-point tracks, gaps at the ends, a gap equal to maxGap, duplicate times, no gaps', async () => {
    const rows: Row[] = [
      { id: 1, x: 0, y: 0, t: 5 }, // one point: no part
      { id: 2, x: 0, y: 0, t: 0 }, { id: 2, x: 1, y: 0, t: 100 }, { id: 2, x: 2, y: 0, t: 110 }, { id: 2, x: 3, y: 0, t: 300 }, // gaps at both ends
      { id: 3, x: 0, y: 0, t: 0 }, { id: 3, x: 0, y: 0, t: 60 }, { id: 3, x: 0, y: 0, t: 60 }, { id: 3, x: 0, y: 0, t: 121 }, { id: 3, x: 0, y: 0, t: 121 }, // = gap, ties
      { id: 4, x: 0, y: 0, t: 0 }, { id: 4, x: 0, y: 0, t: 1 }, { id: 4, x: 0, y: 0, t: 2 },
    ];
    await checkSplit(rows, 60);
    await checkSplit(rows, 0);
    await checkSplit([], 60);
  });

  it('timestamps: maxGap in seconds', async () => {
    const one = (v: number) => new Int32Array(4).fill(v);
    const df = new gf.DataFrame({ id: one(1), x: new Float64Array(4), y: new Float64Array(4), yr: one(2020), mo: one(1), d: one(1), mi: new Int32Array([0, 1, 3, 4]) });
    for (const r of await onBackends(async () => {
      const traj = await gf.deriveTrajectories(df.withColumns({ t: gf.datetime({ year: 'yr', month: 'mo', day: 'd', minute: 'mi' }) }), { id: 'id', x: 'x', y: 'y', t: 't' });
      const p = await gf.splitByGap(traj, { maxGap: 60 });
      return [await p.column('part').toValues(), await p.column('count').toValues()];
    })) expect(r).toEqual([[0, 1], [2, 2]]); // steps 60 s, 120 s, 60 s: only 120 s > 60 s
  });

  it('1e4 random tracks match the reference', async () => {
    const rnd = mulberry32(3);
    const rows: Row[] = Array.from({ length: 60_000 }, () => ({ id: Math.floor(rnd() * 10_000), x: rnd(), y: rnd(), t: Math.floor(rnd() * 1000) }));
    await checkSplit(rows, 150);
  }, 120_000);

  it('rejects bad input by name', async () => {
    const traj = await gf.deriveTrajectories(frameOf([{ id: 1, x: 0, y: 0, t: 0 }]), { id: 'id', x: 'x', y: 'y', t: 't' });
    await expect(gf.splitByGap(traj, { maxGap: -1 })).rejects.toThrow(/splitByGap: expected maxGap a number >= 0, got -1/);
    await expect(gf.splitByGap(traj, { maxGap: 1, gap: 2 } as never)).rejects.toThrow(/gap/);
    await expect(gf.splitByGap(traj, { maxGap: 1, geometry: 'times' })).rejects.toThrow(/linestring/);
  });
});

describe('detectStops', () => {
  it('runs the TSDoc example', async () => {
    const df = new gf.DataFrame({ id: new Int32Array(5).fill(7), x: new Float64Array([0, 5, 5, 5.1, 9]), y: new Float64Array(5), t: new Float64Array([0, 1, 2, 3, 4]) });
    for (const r of await onBackends(async () => {
      const s = await gf.detectStops(await gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y', t: 't' }), { maxDiameter: 0.5, minDuration: 2, metric: 'euclidean' });
      return [await s.column('start_time').toValues(), await s.column('end_time').toValues(), await s.column('count').toValues()];
    })) expect(r).toEqual([[1], [3], [3]]);
  });

  it('one-point tracks, no stops, a whole-track stop, duplicate times, a stop at the start', async () => {
    const rows: Row[] = [
      { id: 1, x: 0, y: 0, t: 0 },
      { id: 2, x: 0, y: 0, t: 0 }, { id: 2, x: 10, y: 0, t: 10 }, { id: 2, x: 20, y: 0, t: 20 }, // moving
      { id: 3, x: 0, y: 0, t: 0 }, { id: 3, x: 0.1, y: 0, t: 10 }, { id: 3, x: 0, y: 0.1, t: 20 }, { id: 3, x: 0.05, y: 0, t: 30 }, // all a stop
      { id: 4, x: 0, y: 0, t: 0 }, { id: 4, x: 0, y: 0, t: 0 }, { id: 4, x: 0.2, y: 0, t: 0 }, { id: 4, x: 5, y: 0, t: 0 }, { id: 4, x: 5, y: 0, t: 20 }, // ties
      { id: 5, x: 0, y: 0, t: 0 }, { id: 5, x: 0.1, y: 0, t: 15 }, { id: 5, x: 0, y: 0, t: 30 }, { id: 5, x: 3, y: 0, t: 31 }, { id: 5, x: 3, y: 0.1, t: 50 }, { id: 5, x: 6, y: 0, t: 51 },
    ];
    for (const [d, m] of [[0.5, 15], [0.5, 0], [0.15, 10], [100, 1000]] as const) await checkStops(rows, d, m, 'euclidean');
    await checkStops(rows, 20, 15, 'haversine'); // km: 0.1° is about 11 km
    await checkStops([], 1, 1, 'haversine');
  });

  it('1e4 random tracks match the reference (euclidean and haversine)', async () => {
    const rnd = mulberry32(8);
    const rows: Row[] = [];
    for (let id = 0; id < 10_000; id++) {
      let x = rnd() * 300 - 150, y = rnd() * 120 - 60, t = 0;
      const n = 1 + Math.floor(rnd() * 10);
      for (let k = 0; k < n; k++) {
        rows.push({ id, x, y, t });
        if (rnd() < 0.4) { x += (rnd() - 0.5) * 2; y += (rnd() - 0.5) * 2; }
        else { x += (rnd() - 0.5) * 0.01; y += (rnd() - 0.5) * 0.01; }
        t += Math.floor(rnd() * 20);
      }
    }
    await checkStops(rows, 0.05, 20, 'euclidean');
    await checkStops(rows, 3, 20, 'haversine');
  }, 120_000);

  it('rejects bad input by name', async () => {
    const traj = await gf.deriveTrajectories(frameOf([{ id: 1, x: 0, y: 0, t: 0 }]), { id: 'id', x: 'x', y: 'y', t: 't' });
    await expect(gf.detectStops(traj, { maxDiameter: 0, minDuration: 1 })).rejects.toThrow(/detectStops: expected maxDiameter a number > 0, got 0/);
    await expect(gf.detectStops(traj, { maxDiameter: 1, minDuration: NaN })).rejects.toThrow(/minDuration/);
    await expect(gf.detectStops(traj, { maxDiameter: 1, minDuration: 1, metric: 'manhattan' as never })).rejects.toThrow(/metric/);
    await expect(gf.detectStops(traj, { maxDiameter: 1, minDuration: 1, radius: 0 })).rejects.toThrow(/radius/);
    await expect(gf.detectStops(traj, { maxDiameter: 1 } as never)).rejects.toThrow(/minDuration/);
  });
});
