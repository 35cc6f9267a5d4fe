// The public gf.haversine: scalars, options, errors and a few hand-checked distances, on
// both backends (parity) and against values worked out by hand.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { parity } from '../helpers/parity.js';
import { registeredKernels, type Tolerance } from '../../kernels/registry.js';

const tol = () => registeredKernels().find((k) => k.name === 'spatial/haversine')!.tolerance;
const MM = 1e-6;

describe('gf.haversine', () => {
  it('runs the TSDoc example: JFK and Paris to Heathrow', async () => {
    const lon = gf.array(new Float64Array([-73.7781, 2.3522]));
    const lat = gf.array(new Float64Array([40.6413, 48.8566]));
    const [km] = (await parity(() => gf.haversine(lon, lat, -0.4543, 51.47), { tol: tol() })) as Float64Array[];
    // Sanity only (no Turf here): JFK-LHR is about 5,540 km, Paris-LHR about 353 km.
    expect(km![0]).toBeGreaterThan(5530);
    expect(km![0]).toBeLessThan(5550);
    expect(km![1]).toBeGreaterThan(345);
    expect(km![1]).toBeLessThan(360);
    const [m] = (await parity(() => gf.haversine(lon, lat, -0.4543, 51.47, { radius: 6371008.8 }), { tol: { ...tol(), abs: 1e-3 } as Tolerance })) as Float64Array[];
    expect(Math.abs(m![0]! - km![0]! * 1000)).toBeLessThan(1e-3);
  });

  it('gives exact-by-hand distances: a quarter meridian, half the equator, pole to pole', async () => {
    const R = gf.EARTH_RADIUS_KM;
    expect(R).toBe(6371.0088);
    const lon1 = gf.array(new Float64Array([0, 0, 10, 33]));
    const lat1 = gf.array(new Float64Array([0, 0, 90, 12.5]));
    const lon2 = gf.array(new Float64Array([0, 180, -170, 33]));
    const lat2 = gf.array(new Float64Array([90, 0, -90, 12.5]));
    for (const radius of [undefined, 6371]) {
      const r = radius ?? R;
      const [d] = (await parity(() => gf.haversine(lon1, lat1, lon2, lat2, radius === undefined ? undefined : { radius }), { tol: tol() })) as Float64Array[];
      const want = [(r * Math.PI) / 2, r * Math.PI, r * Math.PI, 0];
      want.forEach((w, i) => expect(Math.abs(d![i]! - w), `row ${i} radius ${r}`).toBeLessThanOrEqual(MM));
      expect(d![3]).toBe(0);
    }
  });

  it('takes numbers for any coordinate; only numbers give one row', async () => {
    const [one] = (await parity(() => gf.haversine(0, 0, 90, 0), { tol: tol() })) as Float64Array[];
    expect(one!.length).toBe(1);
    expect(Math.abs(one![0]! - (gf.EARTH_RADIUS_KM * Math.PI) / 2)).toBeLessThanOrEqual(MM);
    const lat = gf.array(new Float64Array([0, 45, -90]));
    const [d] = (await parity(() => gf.haversine(0, lat, 0, 90), { tol: tol() })) as Float64Array[];
    expect(d!.length).toBe(3);
    expect(Math.abs(d![2]! - gf.EARTH_RADIUS_KM * Math.PI)).toBeLessThanOrEqual(MM);
  });

  it('returns NaN for NaN, infinite and out-of-range coordinates without throwing', async () => {
    const lon = gf.array(new Float64Array([NaN, 0, 0, 361, -Infinity, 360, 0]));
    const lat = gf.array(new Float64Array([0, 91, -90.0000001, 0, 0, 0, 90]));
    const [d] = (await parity(() => gf.haversine(lon, lat, 1, 1), { tol: tol() })) as Float64Array[];
    expect([...d!].map(Number.isNaN)).toEqual([true, true, true, true, true, false, false]);
    const empty = gf.haversine(gf.array(new Float64Array(0)), 0, 0, 0);
    expect(empty.length).toBe(0);
  });

  it('accepts float32 arrays, widening them exactly', async () => {
    const lon32 = new Float32Array([0.1, -179.9, 45.123456]);
    const lat32 = new Float32Array([51.5, -33.3, 0.000001]);
    const [a] = (await parity(() => gf.haversine(gf.array(lon32), gf.array(lat32), 1, 2), { tol: tol() })) as Float64Array[];
    const [b] = (await parity(() => gf.haversine(gf.array(Float64Array.from(lon32)), gf.array(Float64Array.from(lat32)), 1, 2), { tol: tol() })) as Float64Array[];
    expect([...a!]).toEqual([...b!]);
  });

  it('rejects bad input with typed errors', () => {
    const f = gf.array(new Float64Array(3));
    expect(() => gf.haversine(f, f, gf.array(new Float64Array(2)), 0)).toThrow(gf.ShapeError);
    expect(() => gf.haversine(f, f, gf.array(new Float64Array(2)), 0)).toThrow(/haversine: expected lon2 of length 3/);
    expect(() => gf.haversine(f, gf.array(new Int32Array(3)) as never, 0, 0)).toThrow(gf.DTypeError);
    expect(() => gf.haversine(f, gf.array(new Int32Array(3)) as never, 0, 0)).toThrow(/haversine: expected lat1 of dtype float64 \| float32, got int32/);
    for (const radius of [0, -1, NaN, Infinity]) expect(() => gf.haversine(f, f, 0, 0, { radius })).toThrow(gf.ValueError);
    expect(() => gf.haversine(f, f, '0' as never, 0)).toThrow(gf.ValueError);
  });
});

describe('gf.haversine on columns and frames', () => {
  // Rows: JFK, Paris, a null longitude, a null latitude, both valid again.
  const lonV = new Float64Array([-73.7781, 2.3522, 0, 10, 151.177]);
  const latV = new Float64Array([40.6413, 48.8566, 45, 0, -33.9461]);
  const frame = () =>
    new gf.DataFrame({
      lon: gf.Column.from(lonV, new Uint8Array([0b11011])),
      lat: gf.Column.from(latV, new Uint8Array([0b10111])),
      geometry: gf.geo.fromGeoJSON([...lonV].map((x, i) => (i === 3 ? null : { type: 'Point' as const, coordinates: [x, latV[i]!] }))),
    });

  it('the Column, frame and point-column forms give one float64 Column, null where any input is null', async () => {
    const plain = gf.withBackend('cpu', () => gf.haversine(gf.array(lonV), gf.array(latV), 2.35, 48.85));
    const want = await plain.toArray();
    const forms = {
      columns: () => { const df = frame(); return gf.haversine(df.column('lon'), df.column('lat'), 2.35, 48.85); },
      frame: () => gf.haversine(frame(), 'lon', 'lat', 2.35, 48.85),
      mixed: () => { const df = frame(); return gf.haversine(df, df.column('lon'), 'lat', 2.35, 48.85); },
    };
    for (const [what, make] of Object.entries(forms)) {
      const [values, validity] = (await parity(() => { const c = make(); expect(c).toBeInstanceOf(gf.Column); expect(c.type).toBe('float64'); return [c.data, c.validity!]; }, { tol: tol(), what })) as [Float64Array, Uint8Array];
      expect([...validity!], what).toEqual([0b10011]);
      for (const i of [0, 1, 4]) expect(Math.abs(values![i]! - want[i]!), `${what} row ${i}`).toBeLessThanOrEqual(MM);
    }
    // Point columns: to a fixed [lon, lat], to another point column (null where either is), by name.
    const [p, pv] = (await parity(() => { const c = gf.haversine(frame().column('geometry'), [2.35, 48.85]); return [c.data, c.validity!]; }, { tol: tol() })) as [Float64Array, Uint8Array];
    expect([...pv!]).toEqual([0b10111]);
    for (const i of [0, 1, 2, 4]) expect(Math.abs(p![i]! - want[i]!)).toBeLessThanOrEqual(MM);
    const other = () => gf.geo.fromGeoJSON([null, ...[1, 2, 3, 4].map(() => ({ type: 'Point' as const, coordinates: [2.35, 48.85] }))]);
    const [q, qv] = (await parity(() => { const c = gf.haversine(frame(), 'geometry', other()); return [c.data, c.validity!]; }, { tol: tol() })) as [Float64Array, Uint8Array];
    expect([...qv!]).toEqual([0b10110]);
    for (const i of [1, 2, 4]) expect(Math.abs(q![i]! - want[i]!)).toBeLessThanOrEqual(MM);
  });

  it('a Column without nulls gives a Column without a bitmap; the DataBuffer form is unchanged', async () => {
    const c = gf.haversine(gf.Column.from(lonV), gf.Column.from(latV), 0, 0);
    expect(c).toBeInstanceOf(gf.Column);
    expect(c.validity).toBeUndefined();
    expect(c.length).toBe(5);
    expect(gf.haversine(gf.array(lonV), gf.array(latV), 0, 0)).toBeInstanceOf(gf.DataBuffer);
  });

  it('rejects bad column input with typed errors', () => {
    const df = frame();
    expect(() => gf.haversine(df, 'nope', 'lat', 0, 0)).toThrow(gf.ColumnNotFoundError);
    expect(() => gf.haversine(df.column('lon') as never, 'lat' as never, 0, 0)).toThrow(/a column name needs a frame/);
    expect(() => gf.haversine(gf.Column.from(new Int32Array(5)), df.column('lat'), 0, 0)).toThrow(/expected lon1 of type float64 \| float32, got int32/);
    expect(() => gf.haversine(df, 'lon', [0, 0])).toThrow(/expected points as a point column, got float64/);
    expect(() => gf.haversine(df, 'geometry', [0] as never)).toThrow(gf.ValueError);
    expect(() => gf.haversine(df, 'lon', 'lat', 0, 0, { radius: 1, unit: 'm' } as never)).toThrow(/expected options among 'radius', got unknown option 'unit'/);
    expect(() => gf.haversine(df, 'lon', 'lat', 0 as never)).toThrow(/expected 4 coordinates/);
  });
});
