// deriveTrajectories and trajectoryStats on both backends against plain-JS references:
// unsorted rows, ties, null/NaN fixes, one-point tracks, duplicate timestamps, the
// antimeridian, an empty frame and 1e5 random tracks.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';
import { mulberry32 } from '../../src/random.js';

async function onBackends<T>(fn: () => Promise<T>): Promise<T[]> {
  const out = [await gf.withBackendAsync('cpu', fn)];
  if (hasGpu()) out.push(await gf.withBackendAsync('webgpu', fn));
  return out;
}

const R = 6371.0088;
const rad = Math.PI / 180;
/** Textbook haversine (an independent float64 reference). */
function hav(x0: number, y0: number, x1: number, y1: number): number {
  const f1 = y0 * rad, f2 = y1 * rad;
  const h = Math.sin((f2 - f1) / 2) ** 2 + Math.cos(f1) * Math.cos(f2) * Math.sin(((x1 - x0) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
const close = (a: number | null, b: number | null, rel = 1e-9) => (a === null || b === null ? a === b : Math.abs(a - b) <= rel * Math.max(1e-9, Math.abs(b)));

type Row = { id: number; x: number; y: number; t: number };
/** The reference: group by id (ascending), stable sort by t, then per-track stats. */
function reference(rows: Row[], metric: 'haversine' | 'euclidean') {
  const ok = rows.map((r, i) => ({ ...r, i })).filter((r) => !Number.isNaN(r.x) && !Number.isNaN(r.y));
  const byId = new Map<number, typeof ok>();
  for (const r of ok) {
    let l = byId.get(r.id);
    if (!l) byId.set(r.id, (l = []));
    l.push(r);
  }
  const ids = [...byId.keys()].sort((a, b) => a - b);
  return ids.map((id) => {
    const pts = byId.get(id)!.sort((a, b) => a.t - b.t || a.i - b.i);
    const segs = pts.slice(1).map((p, k) => {
      const q = pts[k]!;
      const l = metric === 'haversine' ? hav(q.x, q.y, p.x, p.y) : Math.sqrt((p.x - q.x) ** 2 + (p.y - q.y) ** 2);
      const dt = p.t - q.t;
      return { l, speed: dt === 0 ? null : l / dt };
    });
    const length = segs.reduce((s, g) => s + g.l, 0);
    const duration = pts[pts.length - 1]!.t - pts[0]!.t;
    return {
      id, count: pts.length, xs: pts.map((p) => p.x), ts: pts.map((p) => p.t), length, duration,
      speed: duration === 0 ? null : length / duration, segLen: segs.map((s) => s.l), segSpeed: segs.map((s) => s.speed),
      minx: Math.min(...pts.map((p) => p.x)), maxy: Math.max(...pts.map((p) => p.y)),
    };
  });
}

function frameOf(rows: Row[]): gf.DataFrame {
  return new gf.DataFrame({
    id: Int32Array.from(rows.map((r) => r.id)), x: Float64Array.from(rows.map((r) => r.x)),
    y: Float64Array.from(rows.map((r) => r.y)), t: Float64Array.from(rows.map((r) => r.t)),
  });
}

async function check(rows: Row[], metric: 'haversine' | 'euclidean', full: boolean) {
  const want = reference(rows, metric);
  const dropped = rows.length - rows.filter((r) => !Number.isNaN(r.x) && !Number.isNaN(r.y)).length;
  for (const got of await onBackends(async () => {
    const traj = await gf.deriveTrajectories(frameOf(rows), { id: 'id', x: 'x', y: 'y', t: 't' });
    const s = await gf.trajectoryStats(traj, { metric });
    const names = ['id', 'count', 'times', 'length', 'duration', 'speed', 'minx', 'maxy', ...(full ? ['geometry', 'segment_length', 'segment_speed'] : [])];
    const out: Record<string, unknown[]> = {};
    for (const k of names) out[k] = (await s.column(k).toValues()) as unknown[];
    return { dropped: traj.dropped, out };
  })) {
    expect(got.dropped).toBe(dropped);
    const o = got.out;
    expect(o.id).toEqual(want.map((w) => w.id));
    expect(o.count).toEqual(want.map((w) => w.count));
    expect(o.times).toEqual(want.map((w) => w.ts));
    want.forEach((w, i) => {
      for (const k of ['length', 'duration', 'speed', 'minx', 'maxy'] as const) {
        if (!close(o[k]![i] as number | null, w[k])) expect.fail(`${k}[${i}]: expected ${w[k]}, got ${o[k]![i]}`);
      }
      if (full) {
        expect(((o.geometry![i] as { coordinates: number[][] }).coordinates).map((c) => c[0])).toEqual(w.xs);
        (o.segment_length![i] as number[]).forEach((l, k) => expect(close(l, w.segLen[k]!)).toBe(true));
        (o.segment_speed![i] as Array<number | null>).forEach((v, k) => expect(close(v, w.segSpeed[k]!)).toBe(true));
      }
    });
  }
}

describe('deriveTrajectories + trajectoryStats', () => {
  it('runs the TSDoc examples', async () => {
    const df = new gf.DataFrame({
      name: ['Amy', 'Amy', 'Bob', 'Amy'],
      lon: new Float64Array([-70, -72, -50, -71]), lat: new Float64Array([30, 32, 20, 31]),
      hour: new Int32Array([0, 12, 0, 6]),
    });
    for (const r of await onBackends(async () => {
      const traj = await gf.deriveTrajectories(df, { id: 'name', x: 'lon', y: 'lat', t: 'hour', crs: 'OGC:CRS84' });
      expect(traj.column('geometry').crs).toBe('OGC:CRS84');
      return [traj.numRows, traj.dropped, await traj.column('count').toValues(), await traj.column('name').toValues(), await traj.column('times').toValues(), await traj.column('geometry').toValues()];
    })) {
      expect(r.slice(0, 5)).toEqual([2, 0, [3, 1], ['Amy', 'Bob'], [[0, 6, 12], [0]]]);
      expect((r[5] as Array<{ coordinates: unknown }>)[0]!.coordinates).toEqual([[-70, 30], [-71, 31], [-72, 32]]);
    }
    const d2 = new gf.DataFrame({ id: new Int32Array([1, 1, 1]), lon: new Float64Array([0, 0, 1]), lat: new Float64Array([0, 1, 1]), t: new Float64Array([0, 3600, 7200]) });
    for (const [len, brg] of await onBackends(async () => {
      const s = await gf.trajectoryStats(await gf.deriveTrajectories(d2, { id: 'id', x: 'lon', y: 'lat', t: 't' }));
      return [await s.column('length').toValues(), await s.column('segment_bearing').toValues()] as [number[], number[][]];
    })) {
      expect(close(len![0]!, hav(0, 0, 0, 1) + hav(0, 1, 1, 1))).toBe(true);
      expect(brg![0]![0]).toBeCloseTo(0, 9);
      expect(brg![0]![1]).toBeCloseTo(90 - 0.0087, 3);
    }
  });

  it('unsorted rows, ties in time keep input order, NaN fixes dropped, one-point and duplicate-time tracks', async () => {
    const rows: Row[] = [
      { id: 3, x: 5, y: 5, t: 10 }, // one point: length 0, speed null
      { id: 1, x: 2, y: 0, t: 20 }, { id: 1, x: 0, y: 0, t: 0 }, { id: 1, x: 1, y: 0, t: 10 },
      { id: 2, x: 0, y: 0, t: 5 }, { id: 2, x: 0, y: 1, t: 5 }, { id: 2, x: 0, y: 2, t: 5 }, // all at one time
      { id: 4, x: 0, y: 0, t: 0 }, { id: 4, x: NaN, y: 0, t: 1 }, { id: 4, x: 1, y: 1, t: 1 }, { id: 4, x: 2, y: 2, t: 1 }, // a tie after a dropped NaN
    ];
    await check(rows, 'euclidean', true);
    await check(rows, 'haversine', true);
  });

  it('null ids, coordinates and times are dropped and counted', async () => {
    const v = (bits: number) => new Uint8Array([bits]);
    const df = new gf.DataFrame({
      id: gf.Column.from(new Int32Array([1, 1, 1, 1, 1]), v(0b11110)),
      x: gf.Column.from(new Float64Array([0, 0, 0, 1, 2]), v(0b11011)),
      y: new Float64Array([0, 0, 0, 0, 0]),
      t: gf.Column.from(new Float64Array([0, 1, 2, 3, 4]), v(0b01111)),
    });
    for (const r of await onBackends(async () => {
      const traj = await gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y', t: 't' });
      return [traj.dropped, await traj.column('times').toValues()];
    })) expect(r).toEqual([3, [[1, 3]]]);
  });

  it('an antimeridian crossing is a short segment', async () => {
    const rows: Row[] = [{ id: 1, x: 179.5, y: 10, t: 0 }, { id: 1, x: -179.5, y: 10, t: 3600 }];
    await check(rows, 'haversine', true);
    const [len] = await onBackends(async () => (await gf.trajectoryStats(await gf.deriveTrajectories(frameOf(rows), { id: 'id', x: 'x', y: 'y', t: 't' }))).column('length').toValues());
    expect((len as number[])[0]).toBeLessThan(120);
  });

  it('an empty frame gives an empty trajectory frame', async () => {
    for (const r of await onBackends(async () => {
      const s = await gf.trajectoryStats(await gf.deriveTrajectories(frameOf([]), { id: 'id', x: 'x', y: 'y', t: 't' }));
      return [s.numRows, s.names];
    })) expect(r[0]).toBe(0);
  });

  it('timestamps: duration in seconds; multi-column ids', async () => {
    const df = new gf.DataFrame({ name: ['A', 'A', 'A'], year: new Int32Array([2000, 2001, 2000]), lon: new Float64Array([0, 0, 0]), lat: new Float64Array([0, 0, 1]), y: new Int32Array([2000, 2001, 2000]), m: new Int32Array([1, 1, 1]), d: new Int32Array([1, 1, 2]) });
    for (const r of await onBackends(async () => {
      const withT = df.withColumns({ ts: gf.datetime({ year: 'y', month: 'm', day: 'd' }) });
      const s = await gf.trajectoryStats(await gf.deriveTrajectories(withT, { id: ['name', 'year'], x: 'lon', y: 'lat', t: 'ts' }));
      return [await s.column('year').toValues(), await s.column('duration').toValues(), await s.column('speed').toValues(), s.column('times').child.type];
    })) {
      expect(r[0]).toEqual([2000, 2001]);
      expect(r[1]).toEqual([86400, 0]);
      expect(close((r[2] as number[])[0]!, hav(0, 0, 0, 1) / 86400)).toBe(true);
      expect((r[2] as unknown[])[1]).toBeNull();
      expect(r[3]).toBe('timestamp');
    }
  });

  it('1e5 random fixes in 3,000 tracks match the reference', async () => {
    const rnd = mulberry32(11);
    const rows: Row[] = Array.from({ length: 100_000 }, () => ({ id: Math.floor(rnd() * 3000), x: rnd() * 360 - 180, y: rnd() * 160 - 80, t: Math.floor(rnd() * 1e6) }));
    await check(rows, 'haversine', false);
  }, 120_000);

  it('rejects bad input by name', async () => {
    const df = frameOf([{ id: 1, x: 0, y: 0, t: 0 }]);
    await expect(gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y' } as never)).rejects.toThrow(/expected t as a column name, got none/);
    await expect(gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y', t: 'nope' })).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y', t: 't', when: 1 } as never)).rejects.toThrow(/got unknown option 'when'/);
    const s = new gf.DataFrame({ id: new Int32Array([1]), x: new Float64Array(1), y: new Float64Array(1), t: ['a'] });
    await expect(gf.deriveTrajectories(s, { id: 'id', x: 'x', y: 'y', t: 't' })).rejects.toThrow(/expected t 't' of a timestamp, date or numeric type, got utf8/);
    const traj = await gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y', t: 't' });
    await expect(gf.trajectoryStats(traj, { metric: 'manhattan' as never })).rejects.toThrow(/expected metric/);
    await expect(gf.trajectoryStats(traj, { radius: -1 })).rejects.toThrow(/radius/);
    await expect(gf.trajectoryStats(traj, { geometry: 'times' })).rejects.toThrow(/linestring/);
  });
});
