// The public pointInPolygon API: its @example, empty inputs, nulls, residency and typed errors.
// (Parity against Turf on real and adversarial data: test/kernels/pip/pip.test.ts.)
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, onBoth } from '../helpers/parity.js';

const example = () =>
  gf.geo.fromGeoJSON([
    { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]] },
    { type: 'Polygon', coordinates: [[[10, 10], [11, 10], [11, 11], [10, 10]]] },
  ]);

const run = (x: number[], y: number[], polys: gf.Column, options: gf.PointInPolygonOptions = {}) =>
  onBoth(() => {
    const r = gf.pointInPolygon(gf.array(new Float64Array(x)), gf.array(new Float64Array(y)), polys, options);
    return [r.index, r.validity];
  });

describe('pointInPolygon', () => {
  it('runs its @example: hole → null, edge → inside, same answer on both backends and both indexes', async () => {
    for (const index of ['auto', 'grid', 'none'] as const) {
      const { cpu, gpu } = await run([3, 1.5, 4, 10.5, 50], [3, 1.5, 2, 10.2, 50], example(), { index });
      expect([...cpu[0]!]).toEqual([0, -1, 0, 1, -1]);
      expect([...cpu[1]!]).toEqual([0b01101]);
      if (gpu) expect(gpu).toEqual(cpu);
    }
  });

  it('handles zero points, an empty polygon column and a column of null features', async () => {
    const zero = await run([], [], example());
    expect(zero.cpu[0]!.length).toBe(0);
    expect(zero.cpu[1]!.length).toBe(0);
    if (zero.gpu) expect(zero.gpu).toEqual(zero.cpu);
    for (const polys of [gf.geo.fromGeoJSON([], { type: 'multipolygon' }), gf.geo.fromGeoJSON([null, null], { type: 'polygon' })]) {
      for (const index of ['grid', 'none'] as const) {
        const r = await run([0, 1, 2], [0, 1, 2], polys, { index });
        expect([...r.cpu[0]!]).toEqual([-1, -1, -1]);
        expect([...r.cpu[1]!]).toEqual([0]);
        if (r.gpu) expect(r.gpu).toEqual(r.cpu);
      }
    }
  });

  it('gives null for null points and NaN / infinite coordinates', async () => {
    const validity = gf.array(new Uint8Array([0b11110]));
    const r = await run([3, 3, NaN, Infinity, 3], [3, 3, 3, 3, -Infinity], example(), { validity });
    expect([...r.cpu[0]!]).toEqual([-1, 0, -1, -1, -1]);
    if (r.gpu) expect(r.gpu).toEqual(r.cpu);
  });

  it.skipIf(!hasGpu())('keeps the result on the device and uploads the polygons once', async () => {
    const polys = example();
    const x = gf.array(new Float64Array([3, 10.5]));
    const y = gf.array(new Float64Array([3, 10.2]));
    gf.withBackend('webgpu', () => gf.pointInPolygon(x, y, polys)).index.dispose();
    const before = gf.stats();
    // Inputs that only live on the device (the output of another kernel) work too.
    const xd = gf.withBackend('webgpu', () => gf.kernels.mapUnary(gf.kernels.mapUnary(x, 'neg'), 'neg'));
    const r = gf.withBackend('webgpu', () => gf.pointInPolygon(xd, y, polys));
    expect(r.index.residency).toBe('device');
    const after = gf.stats();
    expect(after.uploads - before.uploads).toBe(0);
    expect(after.downloads - before.downloads).toBe(0);
    expect(after.controlReads - before.controlReads).toBe(0);
    expect([...(await r.index.toArray())]).toEqual([0, 1]);
  });

  it.skipIf(!hasGpu())('on WebGPU, throws a ValueError when the polygons do not fit one binding', async () => {
    const ring: number[][] = [];
    for (let i = 0; i < 5000; i++) ring.push([Math.cos((2 * Math.PI * i) / 5000), Math.sin((2 * Math.PI * i) / 5000)]);
    ring.push(ring[0]!);
    const polys = gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [ring] }]);
    const x = gf.array(new Float64Array([0]));
    try {
      await gf.init({ maxBindingBytes: 65536 });
      expect(() => gf.withBackend('webgpu', () => gf.pointInPolygon(x, x, polys))).toThrow(/pointInPolygon: expected the polygon coordinates and their keys to fit one binding \(65536 bytes\), got 85024 bytes/);
    } finally {
      await gf.init();
    }
    expect([...(await gf.withBackend('webgpu', () => gf.pointInPolygon(x, x, polys)).index.toArray())]).toEqual([0]);
  });

  it('throws typed errors for bad inputs', () => {
    const polys = example();
    const x = gf.array(new Float64Array([1, 2]));
    const y = gf.array(new Float64Array([1, 2]));
    expect(() => gf.pointInPolygon(x, gf.array(new Float64Array(3)), polys)).toThrow(gf.ShapeError);
    expect(() => gf.pointInPolygon(x, gf.array(new Float64Array(3)), polys)).toThrow(/pointInPolygon: expected x and y of equal length, got 2 and 3/);
    expect(() => gf.pointInPolygon(gf.array(new Float32Array(2)) as never, y, polys)).toThrow(gf.DTypeError);
    expect(() => gf.pointInPolygon(x, gf.array(new Int32Array(2)) as never, polys)).toThrow(gf.DTypeError);
    expect(() => gf.pointInPolygon(x, y, {} as never)).toThrow(gf.DTypeError);
    expect(() => gf.pointInPolygon(x, y, polys, { validity: gf.array(new Int32Array(1)) as never })).toThrow(gf.DTypeError);
    expect(() => gf.pointInPolygon(gf.array(new Float64Array(9)), gf.array(new Float64Array(9)), polys, { validity: gf.array(new Uint8Array(1)) })).toThrow(gf.ShapeError);
    expect(() => gf.pointInPolygon(x, y, polys, { index: 'quadtree' as never })).toThrow(gf.ValueError);
    expect(() => gf.pointInPolygon(x, y, polys, { quick: true } as never)).toThrow(/expected options among 'validity', 'index', got unknown option 'quick'/);
  });
});

describe('pointInPolygon on columns and frames', () => {
  // Points: in feature 0, in the hole, on an edge, in feature 1, outside; row 1 null in lon, row 3 null in lat.
  const lon = new Float64Array([3, 1.5, 4, 10.5, 50]);
  const lat = new Float64Array([3, 1.5, 2, 10.2, 50]);
  const frame = () =>
    new gf.DataFrame({
      lon: gf.Column.from(lon, new Uint8Array([0b11101])),
      lat: gf.Column.from(lat, new Uint8Array([0b10111])),
      geometry: gf.geo.fromGeoJSON([...lon].map((x, i) => (i === 2 ? null : { type: 'Point' as const, coordinates: [x, lat[i]!] }))),
    });
  const cols = (make: () => gf.Column) =>
    onBoth(() => {
      const c = make();
      expect(c).toBeInstanceOf(gf.Column);
      expect(c.type).toBe('int32');
      return [c.data, c.validity!];
    });

  it('x/y Columns, a point Column and the frame forms: an int32 Column, null for no feature or a null input', async () => {
    const forms: Array<[string, () => gf.Column, number[]]> = [
      ['x/y columns', () => { const df = frame(); return gf.pointInPolygon(df.column('lon'), df.column('lat'), example()); }, [0, -1, 0, -1, -1]],
      ['frame names', () => gf.pointInPolygon(frame(), 'lon', 'lat', example(), { index: 'grid' }), [0, -1, 0, -1, -1]],
      ['point column', () => gf.pointInPolygon(frame().column('geometry'), example()), [0, -1, -1, 1, -1]],
      ['frame point name', () => gf.pointInPolygon(frame(), 'geometry', example(), { index: 'none' }), [0, -1, -1, 1, -1]],
    ];
    for (const [what, make, want] of forms) {
      const { cpu, gpu } = await cols(make);
      expect([...cpu[0]!], what).toEqual(want);
      expect([...cpu[1]!], what).toEqual([want.reduce((b, f, i) => (f >= 0 ? b | (1 << i) : b), 0)]);
      if (gpu) expect(gpu, what).toEqual(cpu);
    }
    // Without nulls in the inputs, the feature in the hole is still null (no feature), row 1 only.
    const { cpu } = await cols(() => gf.pointInPolygon(gf.Column.from(lon), gf.Column.from(lat), example()));
    expect([...cpu[0]!]).toEqual([0, -1, 0, 1, -1]);
  });

  it('rejects bad column input with typed errors', () => {
    const df = frame();
    expect(() => gf.pointInPolygon(df, 'lon', 'nope', example())).toThrow(gf.ColumnNotFoundError);
    expect(() => gf.pointInPolygon(df, 'lon', example())).toThrow(/expected points as a point column, got float64/);
    expect(() => gf.pointInPolygon(df, 'lon', 'lat', df.column('geometry'))).toThrow(gf.DTypeError);
    expect(() => gf.pointInPolygon(gf.Column.from(new Int32Array(5)), df.column('lat'), example())).toThrow(gf.DTypeError);
    expect(() => gf.pointInPolygon(df.column('lon'), gf.Column.from(new Float64Array(2)), example())).toThrow(/expected x and y of equal length, got 5 and 2/);
    expect(() => gf.pointInPolygon(df, 'geometry', example(), { validity: gf.array(new Uint8Array(1)) } as never)).toThrow(/expected options among 'index', got unknown option 'validity'/);
    expect(() => gf.pointInPolygon('geometry' as never, example())).toThrow(/a column name needs a frame/);
  });
});
