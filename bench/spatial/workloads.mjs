// Seeded inputs and the plain typed-array JS baselines of bench/spatial.mjs.
import { mulberry32 } from '../../dist/src/random.js';

/**
 * N synthetic trajectories of 85–95 points (the shape of the RAPIDS clustering notebook's
 * tracks): a start in the North Atlantic box, steps of 0.2–0.8 degrees along a heading that
 * turns by up to ±0.15 rad per step. Interleaved x,y float64 and int32 offsets (N + 1).
 */
export function makeTracks(N, seed) {
  const r = mulberry32(seed);
  const lens = Array.from({ length: N }, () => 85 + Math.floor(r() * 11));
  const offsets = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) offsets[i + 1] = offsets[i] + lens[i];
  const xy = new Float64Array(2 * offsets[N]);
  for (let i = 0; i < N; i++) {
    let x = -100 + r() * 80, y = 10 + r() * 35, h = r() * 2 * Math.PI;
    const step = 0.2 + r() * 0.6;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      xy[2 * k] = x;
      xy[2 * k + 1] = y;
      h += (r() - 0.5) * 0.3;
      x += step * Math.cos(h);
      y += step * Math.sin(h);
    }
  }
  return { N, xy, offsets };
}

/**
 * n 2-D points: 90 % in 20 Gaussian blobs (σ 1–3) in [0, 100]², 10 % uniform noise. eps keeps
 * the blobs' neighbourhood sizes about the same at every n (0.3 at 1e5, 0.1 at 1e6 after
 * rounding); minSamples 10.
 */
export function makeBlobs(n, seed) {
  const r = mulberry32(seed);
  const centers = Array.from({ length: 20 }, () => [5 + r() * 90, 5 + r() * 90, 1 + r() * 2]);
  const xs = new Float64Array(n), ys = new Float64Array(n), xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    if (r() < 0.1) { xs[i] = r() * 100; ys[i] = r() * 100; } else {
      const [cx, cy, s] = centers[Math.floor(r() * 20)];
      const u = 1 - r(), v = r();
      const m = Math.sqrt(-2 * Math.log(u)) * s;
      xs[i] = cx + m * Math.cos(2 * Math.PI * v);
      ys[i] = cy + m * Math.sin(2 * Math.PI * v);
    }
    xy[2 * i] = xs[i];
    xy[2 * i + 1] = ys[i];
  }
  const eps = Math.max(0.05, Math.round(3 * Math.sqrt(1e5 / n)) / 10);
  return { xs, ys, xy, eps, minSamples: 10 };
}

/** GeoJSON (Multi)Polygons → per feature: bbox and parts of rings as Float64Arrays. */
export function polygonsFlat(geoms) {
  const bboxOf = (g) => {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    if (g) for (const part of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) for (const [x, y] of part[0]) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    return [x0, y0, x1, y1];
  };
  const feats = geoms.map((g) => ({
    bbox: bboxOf(g),
    parts: g ? (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((p) => p.map((ring) => Float64Array.from(ring.flat()))) : [],
  }));
  return { feats, bboxOf };
}

/** Plain loop: first feature whose bbox holds the point and one of whose parts has it inside (even-odd over its rings). */
export function plainPip({ feats }, lon, lat, out) {
  for (let i = 0; i < lon.length; i++) {
    const px = lon[i], py = lat[i];
    let hit = -1;
    for (let f = 0; f < feats.length && hit < 0; f++) {
      const b = feats[f].bbox;
      if (px < b[0] || px > b[2] || py < b[1] || py > b[3]) continue;
      for (const rings of feats[f].parts) {
        let inside = false;
        for (const ring of rings) {
          for (let k = 0, m = ring.length - 2; k < ring.length; m = k, k += 2) {
            const xi = ring[k], yi = ring[k + 1], xj = ring[m], yj = ring[m + 1];
            if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
          }
        }
        if (inside) { hit = f; break; }
      }
    }
    out[i] = hit;
  }
  return out;
}

/** Plain loop: the haversine formula in float64. */
export function plainHaversine(lon1, lat1, lon2, lat2, out, R) {
  const rad = Math.PI / 180;
  for (let i = 0; i < lon1.length; i++) {
    const p1 = lat1[i] * rad, p2 = lat2[i] * rad;
    const s1 = Math.sin((p2 - p1) / 2), s2 = Math.sin(((lon2[i] - lon1[i]) * rad) / 2);
    const a = s1 * s1 + Math.cos(p1) * Math.cos(p2) * s2 * s2;
    out[i] = 2 * R * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }
  return out;
}

/**
 * Plain JS double loop over all (i, j): directed Hausdorff with the early break (stop scanning
 * B once a point closer than the running maximum is found). Row by row; after ≥ 10 s, when the
 * whole matrix would take longer than budgetMs, stops and extrapolates. { wall, cpu, rows,
 * estimated } (wall and CPU ms for the whole matrix).
 */
export function plainHausdorffRows({ N, xy, offsets }, budgetMs) {
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  let rows = 0, sink = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let cmax = 0;
      for (let a = offsets[i]; a < offsets[i + 1]; a++) {
        const ax = xy[2 * a], ay = xy[2 * a + 1];
        let cmin = Infinity;
        for (let b = offsets[j]; b < offsets[j + 1]; b++) {
          const dx = ax - xy[2 * b], dy = ay - xy[2 * b + 1];
          const d = dx * dx + dy * dy;
          if (d < cmin) { cmin = d; if (d < cmax) break; }
        }
        if (cmin > cmax) cmax = cmin;
      }
      sink += Math.sqrt(cmax);
    }
    rows++;
    const el = performance.now() - t0;
    if (el >= 10_000 && rows < N && (el / rows) * N > budgetMs) break;
  }
  const el = performance.now() - t0;
  const u = process.cpuUsage(u0);
  return { wall: (el / rows) * N, cpu: ((u.user + u.system) / 1000 / rows) * N, rows, estimated: rows < N, sink };
}
