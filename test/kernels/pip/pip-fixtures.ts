// Polygons and points for the point-in-polygon tests: adversarial cases (vertices, edges,
// holes, multipolygons, the antimeridian, overlaps, nulls, NaN, extreme scales) and
// generators (star polygons, lattices of squares, random rings with holes).
import { randomValidity, rng } from '../../helpers/parity.js';
import type { Geom } from './turf-oracle.js';

type Ring = number[][];

export interface Case {
  name: string;
  geoms: Geom[];
  xs: Float64Array;
  ys: Float64Array;
  validity?: Uint8Array;
  /** Hand-checked expectations (feature or -1), where the case states them. */
  expect?: number[];
}

const poly = (...rings: Ring[]): Geom => ({ type: 'Polygon', coordinates: rings });
const multi = (...parts: Ring[][]): Geom => ({ type: 'MultiPolygon', coordinates: parts });
const box = (x0: number, y0: number, x1: number, y1: number, cw = true): Ring => (cw ? [[x0, y0], [x0, y1], [x1, y1], [x1, y0], [x0, y0]] : [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]);

function makeCase(name: string, geoms: Geom[], pts: number[][], extra: Partial<Case> = {}): Case {
  return { name, geoms, xs: Float64Array.from(pts, (p) => p[0]!), ys: Float64Array.from(pts, (p) => p[1]!), ...extra };
}

/** A star-shaped ring of n vertices around (0, 0), radii in [4, 10], coordinates on a 1/64 lattice. */
export function starPolygon(n: number, seed: number): Geom {
  const r = rng(seed);
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const rad = 4 + 6 * r();
    ring.push([Math.round(rad * Math.cos(a) * 64) / 64, Math.round(rad * Math.sin(a) * 64) / 64]);
  }
  ring.push(ring[0]!);
  return poly(ring);
}

/** nx × ny axis-aligned squares of side `size` on a lattice of pitch `pitch`, row by row. */
export function squares(nx: number, ny: number, size: number, pitch = size): Geom[] {
  const out: Geom[] = [];
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out.push(poly(box(i * pitch, j * pitch, i * pitch + size, j * pitch + size, (i + j) % 2 === 0)));
  return out;
}

function randomPolygon(r: () => number, n: number, withHole: boolean): Ring[] {
  const cx = Math.round(r() * 16) / 4, cy = Math.round(r() * 16) / 4;
  const star = (k: number, r0: number, r1: number, reverse: boolean): Ring => {
    const ring: Ring = [];
    for (let i = 0; i < k; i++) {
      const a = (2 * Math.PI * (reverse ? k - i : i)) / k;
      const rad = r0 + (r1 - r0) * r();
      ring.push([cx + Math.round(rad * Math.cos(a) * 8) / 8, cy + Math.round(rad * Math.sin(a) * 8) / 8]);
    }
    ring.push(ring[0]!);
    return ring;
  };
  const rings = [star(Math.max(3, n), 2, 5, false)];
  if (withHole) rings.push(star(3 + (n % 5), 0.5, 1.5, true));
  return rings;
}

function holeAndMulti(): Geom[] {
  return [
    poly(box(7, 0, 12, 5), box(8, 1, 10, 3, false), box(10.5, 3.5, 11.5, 4.5)),
    multi([box(7, 6, 8, 7)], [box(10, 6, 12, 8), box(10.5, 6.5, 11, 7)]),
    poly([[7.5, 0.5], [11.5, 2], [7.5, 4.5], [7.5, 0.5]]),
  ];
}

function cases(): Case[] {
  const out: Case[] = [];
  // Square with a hole.
  out.push(makeCase('square with a hole: vertices, edges, hole interior and hole boundary', [poly(box(0, 0, 8, 8), box(2, 2, 4, 4, false))],
    [[0, 0], [8, 8], [0, 8], [3, 0], [3, 8], [0, 5], [8, 5], [2, 2], [4, 4], [3, 2], [2, 3], [4, 3.5], [3, 3], [2.5, 3.9], [9, 9], [-1, 4], [8.000000000000002, 4], [6, 6], [1, 1], [-0, 4], [4, -0]],
    { expect: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, 0, 0, 0, 0] }));
  // Sloped edges with exactly representable points on them, and points 1 ulp off.
  const tri = [[0, 0], [8, 4], [0, 8], [0, 0]];
  const onEdge = [[2, 1], [4, 2], [6, 3], [1, 0.5], [0.5, 0.25], [0.8, 0.4], [0.1, 0.05], [4, 6], [6, 5], [2, 7], [3, 6.5]];
  const off = onEdge.flatMap(([x, y]) => [[x!, y! + 2 ** -50], [x!, y! - 2 ** -50], [x! + 2 ** -49, y!], [x! - 2 ** -49, y!]]);
  out.push(makeCase('sloped edges: points exactly on them and 1 ulp away', [poly(tri)], [...onEdge, ...off], {}));
  // Near-collinear points on a non-representable edge: the robust predicate's adaptive stage.
  const r = rng(77);
  const edge = [[0.1, 0.2], [0.7, 1.3]];
  const near: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const t = r();
    const x = 0.1 + 0.6 * t;
    near.push([x, 0.2 + (x - 0.1) * (1.1 / 0.6) + (i % 4 === 0 ? 0 : (r() - 0.5) * 1e-15)]);
  }
  out.push(makeCase('near-collinear points on a non-representable sloped edge', [poly([edge[0]!, edge[1]!, [-1, 2], [-1, 0], edge[0]!])], near));
  // Multipolygon parts, holes in parts, overlap with a later feature.
  out.push(makeCase('multipolygon: the second part, a hole in a part, and a later overlapping feature', holeAndMulti(),
    [[7.5, 6.5], [11, 7.5], [10.75, 6.75], [10.5, 6.5], [9, 2], [11, 4], [7.6, 2.5], [8, 1], [12, 5], [13, 3], [9.5, 7]],
    { expect: [1, 1, -1, 1, 2, -1, 0, 0, 0, -1, -1] }));
  // Antimeridian: parts touching ±180, points exactly on it.
  const fiji = multi([box(178, -18, 180, -16)], [box(-180, -18, -178, -16)]);
  const chukotka = poly([[180, 64], [180, 70], [170, 70], [170, 64], [180, 64]]);
  const east = poly([[-180, 64], [-170, 64], [-170, 70], [-180, 70], [-180, 64]]);
  out.push(makeCase('antimeridian: parts touching +180 and -180, points on the line', [fiji, chukotka, east],
    [[180, -17], [-180, -17], [179.99999999999997, -17], [-179.99999999999997, -17], [180, 67], [-180, 67], [180, 70], [-180, 63.99999999999999], [0, -17], [180, -18.000000000000004]],
    { expect: [0, 0, 0, 0, 1, 2, 1, -1, -1, -1] }));
  // Overlaps: the smallest index wins whatever the order of sizes.
  out.push(makeCase('overlapping polygons: the smallest feature index wins', [poly(box(2, 2, 3, 3)), poly(box(0, 0, 10, 10)), poly(box(1, 1, 5, 5)), poly(box(2, 2, 3, 3))],
    [[2.5, 2.5], [4, 4], [9, 9], [3, 3], [5, 5], [11, 11]], { expect: [0, 1, 1, 0, 1, -1] }));
  // Nulls: null points, null features, NaN and infinite coordinates.
  const nanPts = [[1, 1], [NaN, 1], [1, NaN], [Infinity, 1], [-Infinity, 1], [1, Infinity], [NaN, NaN], [5, 5], [1, 1], [6, 6]];
  const v = new Uint8Array([0b01111111, 0b11]); // point 7 is null
  out.push(makeCase('null points, null features, NaN and infinite coordinates', [poly(box(0, 0, 4, 4)), null, poly(box(4, 4, 8, 8)), poly(box(0, 0, 10, 10))], nanPts,
    { validity: v, expect: [0, -1, -1, -1, -1, -1, -1, -1, 0, 2] }));
  // Ray through vertices: points at the height of vertices (the classic parity trap).
  out.push(makeCase('points level with vertices (a horizontal ray through them)', [poly([[0, 0], [4, 2], [8, 0], [8, 4], [4, 2.5], [0, 4], [0, 0]]), poly([[10, 0], [12, 2], [14, 0], [12, -2], [10, 0]])],
    [[2, 2], [6, 2], [4, 1], [4, 2], [4, 2.5], [9, 2], [-1, 2], [11, 0], [12, 0], [15, 0], [9, 0], [12, 2], [13, 2]], { expect: [0, 0, -1, 0, 0, -1, -1, 1, 1, -1, -1, 1, -1] }));
  // Random rings with holes, points at vertices and near them.
  const rr = rng(31);
  const geoms: Geom[] = [];
  const pts: number[][] = [];
  for (let k = 0; k < 60; k++) {
    const rings = randomPolygon(rr, 3 + Math.floor(rr() * 25), k % 2 === 0);
    geoms.push(k % 5 === 4 ? multi(rings, randomPolygon(rr, 5, false)) : poly(...rings));
    for (const ring of rings) for (const p of ring) pts.push(p, [p[0]! + (rr() - 0.5) / 4, p[1]! + (rr() - 0.5) / 4], [p[0]!, p[1]! + 0.125]);
  }
  out.push(makeCase('60 random polygons with holes and parts: vertices and nearby points', geoms, pts, { validity: randomValidity(pts.length, 0.05, 4) }));
  return out;
}


/**
 * Extreme scales, where Turf's own arithmetic underflows or overflows and gives wrong answers:
 * the oracle for these is exact geometry (test/spatial/pip-hostile.test.ts), not Turf.
 */
function exactCases(): Case[] {
  const r = rng(30);
  const out: Case[] = [];
  // Products that underflow or overflow (the non-tame paths).
  const scaled = (s: number, dx = 0): Geom => poly(box(dx, dx, dx + 4 * s, dx + 4 * s), [[dx + s, dx + s], [dx + 2 * s, dx + s], [dx + 1.5 * s, dx + 3 * s], [dx + s, dx + s]]);
  const ext: number[][] = [];
  for (const s of [1e-300, 1e-170, 1e200, 1e150]) for (const [a, b] of [[0, 0], [1, 1], [2, 1], [1.5, 2], [3, 3], [5, 2], [1.25, 1.5], [1.75, 2.5], [-1e-3, 2], [4, 4.5]]) ext.push([a! * s, b! * s]);
  for (let i = 0; i < 200; i++) ext.push([(r() - 0.25) * 5e-300, (r() - 0.25) * 5e-300]);
  for (let i = 0; i < 50; i++) ext.push([(r() * 5 - 0.5) * 1e200, r() * 5e200]);
  out.push(makeCase('extreme scales: coordinates near 1e-300 and 1e200', [scaled(1e-300), scaled(1e-170), scaled(1e200), scaled(1e150, 1e150)], ext));
  out.push(makeCase('-0 and subnormal coordinates', [poly([[-0, -0], [5e-324, 0], [5e-324, 5e-324], [0, 5e-324], [-0, -0]])],
    [[2, 2], [5, 2], [-1, 2], [3.9, 1], [0, 0], [-0, 0], [5e-324, 0], [1e-320, 1e-320], [4, 2], [2, -0]]));
  return out;
}

export const adversarial = { cases, exactCases, randomPolygon, holeAndMulti };
