// Hostile geometry for point-in-polygon (issue 16): non-finite vertices are refused where a
// polygon column is built and contain no point where they reach the kernel another way; and
// results are right for ANY finite coordinates (1e155 squares, differences that overflow,
// subnormal rings), where Turf's own arithmetic overflows or underflows. The oracle here is
// Turf's rule computed exactly in BigInt (every double is an integer multiple of 2^-1074):
// differences rounded once as float64 rounds them, orientation with no rounding.
// Everything runs on the CPU twin and (when present) WebGPU, whose results must agree.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, rng } from '../helpers/parity.js';
import { pipFirst, pipCount } from '../../kernels/pip/pip.js';
import type { PolygonBuffers } from '../../src/column/geometry.js';
import { exactOrient, EXACT_ORIENT_WGSL } from '../../kernels/pip/exact-orient.js';
import { isTame, turfOrient } from '../../kernels/pip/turf-orient.js';
import { FLOAT_LIB } from '../../kernels/pip/wgsl-lib.js';
import { gpu } from '../../src/device/index.js';
import { readBack } from '../../src/memory/transfer.js';
import { groups, Recorder, WG } from '../../kernels/runner.js';
import { adversarial } from '../kernels/pip/pip-fixtures.js';
import type { Geom } from '../kernels/pip/turf-oracle.js';

type Ring = number[][];
const F = new Float64Array(1);
const U = new BigUint64Array(F.buffer);

/** x · 2^1074 as an exact integer. */
function big(x: number): bigint {
  F[0] = x;
  const bits = U[0]!;
  const e = Number((bits >> 52n) & 0x7ffn);
  const m = (bits & 0xfffffffffffffn) | (e === 0 ? 0n : 1n << 52n);
  const v = m << BigInt(Math.max(e, 1) - 1);
  return bits >> 63n ? -v : v;
}

/** An exact integer rounded to 53 significant bits, ties to even (a float64 difference, with no exponent limit). */
function round53(d: bigint): bigint {
  const neg = d < 0n;
  const a = neg ? -d : d;
  const shift = a.toString(2).length - 53;
  if (shift <= 0) return d;
  let q = a >> BigInt(shift);
  const rem = a - (q << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
  const r = q << BigInt(shift);
  return neg ? -r : r;
}

/**
 * Turf's rule (point-in-polygon-hao: boundary counts as inside) computed exactly: the
 * differences x - px rounded once as float64 does (no overflow), the orientation u2·v1 - u1·v2
 * with no rounding at all. Where nothing is near an edge this is exact geometry.
 */
function exactContains(g: Exclude<Geom, null>, x: number, y: number): boolean {
  const px = big(x);
  const py = big(y);
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const part of parts) {
    let k = 0;
    for (const ring of part as Ring[]) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const u1 = round53(big(ring[i]![0]!) - px);
        const v1 = round53(big(ring[i]![1]!) - py);
        const u2 = round53(big(ring[i + 1]![0]!) - px);
        const v2 = round53(big(ring[i + 1]![1]!) - py);
        if (v1 === 0n && v2 === 0n) {
          if ((u2 <= 0n && u1 >= 0n) || (u1 <= 0n && u2 >= 0n)) return true;
        } else if ((v2 >= 0n && v1 <= 0n) || (v2 <= 0n && v1 >= 0n)) {
          const f = u2 * v1 - u1 * v2;
          if (f === 0n) return true;
          if ((f > 0n && v2 > 0n && v1 <= 0n) || (f < 0n && v2 <= 0n && v1 > 0n)) k++;
        }
      }
    }
    if (k % 2 === 1) return true;
  }
  return false;
}

/** The smallest feature containing each finite point (-1 for none) and its validity bits. */
function exactOracle(geoms: readonly Geom[], xs: Float64Array, ys: Float64Array): [Int32Array, Uint8Array] {
  const index = new Int32Array(xs.length).fill(-1);
  const bits = new Uint8Array(Math.ceil(xs.length / 8));
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]!) || !Number.isFinite(ys[i]!)) continue;
    const f = geoms.findIndex((g) => g !== null && exactContains(g, xs[i]!, ys[i]!));
    if (f >= 0) {
      index[i] = f;
      bits[i >> 3]! |= 1 << (i & 7);
    }
  }
  return [index, bits];
}

/** Both index modes on both backends against the exact oracle; returns the indices. */
async function checkExact(geoms: Geom[], pts: number[][], what: string): Promise<Int32Array> {
  const col = gf.geo.fromGeoJSON(geoms);
  const xs = Float64Array.from(pts, (p) => p[0]!);
  const ys = Float64Array.from(pts, (p) => p[1]!);
  const oracle = exactOracle(geoms, xs, ys);
  for (const index of ['none', 'grid'] as const) {
    await parity(() => {
      const r = gf.pointInPolygon(gf.array(xs), gf.array(ys), col, { index });
      return [r.index, r.validity];
    }, { oracle, what: `${what} (${index})` });
  }
  return oracle[0];
}

const poly = (...rings: Ring[]): Geom => ({ type: 'Polygon', coordinates: rings });
const square = (lo: number, hi: number): Ring => [[lo, lo], [hi, lo], [hi, hi], [lo, hi], [lo, lo]];

/** Polygon buffers straight from arrays, bypassing the Column checks (as device-only columns do). */
function rawPolygons(xy: number[], ringOffsets: number[], partOffsets: number[], geomOffsets: number[]): PolygonBuffers {
  return {
    coords: gf.array(new Float64Array(xy)),
    ringOffsets: gf.array(Int32Array.from(ringOffsets)),
    partOffsets: gf.array(Int32Array.from(partOffsets)),
    geomOffsets: gf.array(Int32Array.from(geomOffsets)),
    validity: undefined,
    length: geomOffsets.length - 1,
    dispose: () => {},
  };
}

describe('pip hostile: non-finite vertices', () => {
  it('a NaN or infinite vertex is a GeometryError at construction, naming feature, part, ring and vertex', () => {
    const nanRing = [[0, 0], [4, 0], [NaN, 2], [4, 4], [0, 4], [0, 0]];
    expect(() => gf.geo.fromGeoJSON([poly(square(0, 1)), poly(nanRing)])).toThrow(/fromGeoJSON: expected finite coordinates, got \(NaN, 2\) \(feature 1, part 0, ring 0, vertex 2\)/);
    const hole = [[1, 1], [2, 1], [2, Infinity], [1, 1]];
    expect(() => gf.geo.fromGeoJSON([{ type: 'MultiPolygon', coordinates: [[square(10, 11)], [square(0, 4), hole]] }])).toThrow(/\(2, Infinity\) \(feature 0, part 1, ring 1, vertex 2\)/);
    // Points and lines keep them (GeoArrow stores them; point-in-polygon takes such a point as null).
    expect(gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [-Infinity, 1]] }]).length).toBe(1);
    expect(gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [NaN, NaN] }]).length).toBe(1);
  });

  it('new Column from raw polygon buffers with a NaN vertex is a GeometryError naming it', () => {
    const xy = new Float64Array([0, 0, 4, 0, 4, 4, 0, NaN, 0, 0]);
    const points = new gf.Column({ type: 'point', data: gf.array(xy) });
    const rings = new gf.Column({ type: 'list', data: gf.array(new Int32Array([0, 5])), children: [points] });
    expect(() => new gf.Column({ type: 'polygon', data: gf.array(new Int32Array([0, 1])), children: [rings] })).toThrow(/Column: expected finite coordinates, got \(0, NaN\) \(feature 0, part 0, ring 0, vertex 3\)/);
    // A null feature's vertices are not checked.
    const ok = new gf.Column({ type: 'polygon', data: gf.array(new Int32Array([0, 1])), children: [rings], validity: gf.array(new Uint8Array([0])) });
    expect(ok.length).toBe(1);
  });

  it('a polygon with a NaN vertex that reaches the kernel (no Column check) matches no point, outside or inside', async () => {
    // Feature 0: a square with a NaN vertex (the case matched points outside it);
    // feature 1: a clean square, which must still match.
    const xy = [0, 0, 4, 0, NaN, 2, 4, 4, 0, 4, 0, 0, /* f1 */ 10, 10, 11, 10, 11, 11, 10, 11, 10, 10];
    const pts = [[2, 2], [5, 2], [-1, 2], [100, 2], [3.9, 1], [10.5, 10.5], [20, 2]];
    const xs = Float64Array.from(pts, (p) => p[0]!);
    const ys = Float64Array.from(pts, (p) => p[1]!);
    const want = new Int32Array([-1, -1, -1, -1, -1, 1, -1]);
    for (const bad of [NaN, Infinity, -Infinity]) {
      xy[4] = bad;
      for (const mode of ['none', 'grid'] as const) {
        await parity(() => {
          const r = pipFirst(gf.array(xs), gf.array(ys), rawPolygons(xy, [0, 6, 11], [0, 1, 2], [0, 1, 2]), undefined, mode);
          return [r.index];
        }, { oracle: [want], what: `vertex ${bad} (${mode})` });
        await parity(() => [pipCount(gf.array(xs), gf.array(ys), rawPolygons(xy, [0, 6, 11], [0, 1, 2], [0, 1, 2]), undefined, mode)], {
          oracle: [Uint32Array.from(want, (f) => (f >= 0 ? 1 : 0))],
          what: `vertex ${bad} count (${mode})`,
        });
      }
    }
  });
});

describe('pip hostile: any finite magnitude', () => {
  it('the issue case: a point inside a ±1e155 square is inside (Turf: outside)', async () => {
    const geoms = [poly(square(-1e155, 1e155))];
    const idx = await checkExact(geoms, [[0, 0], [5e154, -5e154], [2e155, 0], [1e155, 0], [1e155, 1e155], [-1e155, 3e154]], '1e155 square');
    expect([...idx]).toEqual([0, 0, -1, 0, 0, 0]);
  });

  it('squares from subnormal to near MAX_VALUE (differences that overflow): inside, outside, edges, vertices', async () => {
    const scales = [5e-324, 1e-320, 2 ** -1022, 1e-300, 1e-200, 1e-140, 1e150, 1e155, 1e200, 1e300, 2 ** 1020, 8e307];
    for (const s of scales) {
      const geoms = [poly(square(-s, s), square(-s / 2, s / 2)), poly(square(-2 * s, 2 * s))];
      const pts = [[0, 0], [s / 4, 0], [0.75 * s, 0.1 * s], [s, 0], [s, s], [-s, -s / 2], [1.5 * s, 0], [2 * s, 2 * s], [3 * s, 0], [s / 2, s / 2], [-s / 2, s / 4], [0, -1.999 * s]];
      const idx = await checkExact(geoms, pts, `scale ${s}`);
      if (s >= 1e-300) expect([...idx]).toEqual([1, 1, 0, 0, 0, 0, 1, 1, -1, 0, 0, 1]);
    }
    // Coordinates of opposite signs near MAX_VALUE: x - px overflows to ±Infinity in float64.
    const M = Number.MAX_VALUE;
    const big = [poly([[-M, -M], [M, -M], [M, M], [-M, M], [-M, -M]]), poly([[M / 2, 0], [M, M / 4], [M / 2, M / 2], [M / 2, 0]])];
    const idx = await checkExact(big, [[0, 0], [M, 0], [-M, M], [M * 0.75, M * 0.2], [1e-300, -1e300]], 'MAX_VALUE');
    expect([...idx]).toEqual([0, 0, 0, 0, 0]);
  });

  it('thin slivers at extreme scales: points a relative 2^-50 off the sloped edge', async () => {
    for (const s of [1e-310, 1e-250, 1e170, 1e250, 1e305]) {
      const geoms = [poly([[0, 0], [3 * s, s], [3 * s, 2 * s], [0, 0]])];
      const pts: number[][] = [];
      for (const t of [0.25, 0.5, 0.75]) {
        const x = 3 * s * t;
        const y = s * t;
        pts.push([x, y], [x, y * (1 + 2 ** -50)], [x, y * (1 - 2 ** -50)], [x * (1 + 2 ** -50), y]);
      }
      await checkExact(geoms, pts, `sliver ${s}`);
    }
  });

  it('the cases where Turf underflows or overflows (1e-300, 1e200, subnormal rings)', async () => {
    for (const c of adversarial.exactCases()) {
      const pts = Array.from(c.xs, (x, i) => [x, c.ys[i]!]);
      await checkExact(c.geoms, pts, c.name);
    }
  });

  it('random rings with holes at random power-of-two scales from 2^-1070 to 2^1019, mixed in one call', async () => {
    const r = rng(1616);
    const geoms: Geom[] = [];
    const pts: number[][] = [];
    for (let k = 0; k < 24; k++) {
      const s = 2 ** Math.round(-1070 + r() * 2089);
      const rings = adversarial.randomPolygon(r, 4 + Math.floor(r() * 12), k % 2 === 0).map((ring) => ring.map(([x, y]) => [x! * s, y! * s]));
      geoms.push(poly(...rings));
      for (const ring of rings) for (const p of ring.slice(0, 4)) pts.push(p, [p[0]!, p[1]! + s / 8]);
      for (let i = 0; i < 12; i++) pts.push([(r() * 12 - 2) * s, (r() * 12 - 2) * s]);
    }
    const idx = await checkExact(geoms, pts, 'random scales');
    expect(idx.filter((f) => f >= 0).length).toBeGreaterThan(pts.length / 4);
  });

  it('sjoin at 1e155 joins the point inside', async () => {
    const polys = new gf.DataFrame({ name: ['big', 'small'], geometry: gf.geo.fromGeoJSON([poly(square(-1e155, 1e155)), poly(square(0, 1))]) });
    const points = new gf.DataFrame({ x: new Float64Array([1e154, 0.5, 3e155]), y: new Float64Array([-1e154, 0.5, 0]) });
    const out = await (await gf.sjoin(points, polys, { x: 'x', y: 'y', how: 'left' })).column('name').toValues();
    expect(out).toEqual(['big', 'big', null]);
  });
});

describe('pip hostile: exact orientation', () => {
  it('exactOrient has the sign of Turf\'s f wherever the data is tame (Turf is exact there)', () => {
    const r = rng(99);
    const pick = () => (r() < 0.2 ? [0, 1, -1, 180, -90][Math.floor(r() * 5)]! : (r() - 0.5) * 2 ** Math.floor(r() * 900 - 450));
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const v = [pick(), pick(), pick(), pick(), pick(), pick()] as const;
      if (!v.every(isTame)) continue;
      const f = turfOrient(v[0] - v[4], v[1] - v[4], v[2] - v[5], v[3] - v[5]);
      expect(exactOrient(...v)).toBe(Math.sign(f) + 0);
      checked++;
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  const SPEC = {
    label: 'test/exact-orient',
    code: /* wgsl */ `
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
${FLOAT_LIB}
${EXACT_ORIENT_WGSL}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  let b = 6u * i;
  O[i] = exact_orient(A[b], A[b + 1u], A[b + 2u], A[b + 3u], A[b + 4u], A[b + 5u]);
}`,
  };

  it.skipIf(!hasGpu())('exact_orient (WGSL, integer limbs) equals exactOrient (BigInt) on extreme, subnormal, overflowing and near-collinear inputs', async () => {
    const r = rng(7);
    const M = Number.MAX_VALUE;
    const SP = [0, -0, 1, -1, 5e-324, -5e-324, 1e-310, 2 ** -1022, 1e-300, 1e155, -1e155, 1e300, M, -M, M / 2, 2 ** 1023];
    const pick = () => (r() < 0.35 ? SP[Math.floor(r() * SP.length)]! : (r() - 0.5) * 2 ** Math.floor(r() * 2090 - 1070));
    const rows: number[] = [];
    for (let i = 0; i < 6000; i++) rows.push(pick(), pick(), pick(), pick(), pick(), pick());
    for (let i = 0; i < 6000; i++) {
      // On or next to the line through two points, at every scale from subnormal to 2^1020.
      const s = 2 ** Math.floor(r() * 2090 - 1070);
      const [x1, y1, x2, y2] = [r() * s, r() * s, r() * s, r() * s];
      const t = r();
      const nudge = i % 3 === 0 ? 0 : (r() - 0.5) * s * 2 ** -50;
      rows.push(x1, x2, y1, y2, x1 + (x2 - x1) * t + nudge, y1 + (y2 - y1) * t);
    }
    const data = new Float64Array(rows);
    const n = data.length / 6;
    const ctx = gpu();
    const a = gf.array(data);
    const rec = new Recorder(ctx);
    const out = rec.output(4 * n);
    rec.dispatch(SPEC, new Uint32Array([n, 0, 0, 0]), [a.deviceBuffer(ctx, 'test'), out], groups(n));
    rec.submit();
    const got = new Uint32Array(await readBack(ctx, out, 4 * n));
    ctx.pool.release(out);
    a.dispose();
    const bad: string[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const v = [...data.subarray(6 * i, 6 * i + 6)] as [number, number, number, number, number, number];
      const s = exactOrient(...v);
      const want = s === 0 ? 0 : s > 0 ? 1 : 2;
      seen.add(want);
      if (got[i] !== want && bad.length < 5) bad.push(`(${v.join(', ')}): expected ${want}, got ${got[i]}`);
    }
    expect(bad).toEqual([]);
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});
