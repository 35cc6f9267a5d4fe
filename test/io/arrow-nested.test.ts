import { describe, expect, test } from 'vitest';
import * as arrow from 'apache-arrow';
import * as gf from 'gpuframe';
import { CRS84_PROJJSON, WKT_CRS, exact, floatColumn, listColumn, randomGeometries, randomListOfLists, randomStruct } from '../helpers/nested-columns.js';

const TYPES: gf.GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];

/** A frame of the given columns. */
function frame(cols: Record<string, gf.Column>): gf.DataFrame {
  return gf.DataFrame.fromTable({ names: Object.keys(cols), columns: Object.values(cols), numRows: Object.values(cols)[0]!.length });
}

/** Values as apache-arrow's own getters see them (the independent reference): lists as arrays, structs as objects. */
function arrowValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return v;
  if (v instanceof arrow.Vector) return Array.from({ length: v.length }, (_, i) => arrowValue(v.isValid(i) ? v.get(i) : null));
  if (typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return Object.fromEntries(Object.entries((v as { toJSON(): object }).toJSON()).map(([k, x]) => [k, arrowValue(x)]));
  return v;
}

function arrowValues(v: arrow.Vector): unknown[] {
  return Array.from({ length: v.length }, (_, i) => (v.isValid(i) ? arrowValue(v.get(i)) : null));
}

/** GeoJSON coordinates as nested arrays of [x, y] (what apache-arrow gives for GeoArrow storage). */
function coords(g: unknown): unknown {
  return g === null ? null : (g as { coordinates: unknown }).coordinates;
}

async function roundTrip(df: gf.DataFrame, format: 'file' | 'stream'): Promise<gf.DataFrame> {
  return gf.readArrow(await gf.writeArrow(df, undefined, { format }));
}

describe('nested columns through Arrow', () => {
  test('list<list<float64>> keeps every value bit, empty list and null at every level (IPC file and stream; vs apache-arrow getters)', async () => {
    const l = randomListOfLists(1, 300);
    const want = await l.toValues();
    expect(want.some((v) => v === null)).toBe(true);
    const df = frame({ l });
    const t = await df.toArrow();
    expect(String(t.schema.fields[0]!.type)).toBe('List<List<Float64>>');
    expect(exact(arrowValues(t.getChild('l')!))).toEqual(exact(want));
    for (const format of ['file', 'stream'] as const) {
      const back = await roundTrip(df, format);
      expect(back.schema).toEqual({ l: 'list' });
      expect(back.column('l').child.type).toBe('list');
      expect(exact(await back.column('l').toValues())).toEqual(exact(want));
    }
  });

  test('struct<int32, list<utf8>, binary, struct<float64>> with nulls at every level round-trips', async () => {
    const s = randomStruct(2, 257);
    const want = await s.toValues();
    const t = await frame({ s }).toArrow();
    expect(String(t.schema.fields[0]!.type)).toBe('Struct<{a:Int32, b:List<Utf8>, c:Binary, d:Struct<{e:Float64}>}>');
    expect(exact(arrowValues(t.getChild('s')!))).toEqual(exact(want));
    const back = await roundTrip(frame({ s }), 'file');
    expect(back.column('s').fields).toEqual(['a', 'b', 'c', 'd']);
    expect(exact(await back.column('s').toValues())).toEqual(exact(want));
  });

  test('empty frames and all-null nested columns', async () => {
    const empty = listColumn([], [], floatColumn([], []));
    const nulls = listColumn([0, 2, 0], [false, false, false], floatColumn([1, 2], [true, true]));
    const back = await roundTrip(frame({ empty }), 'file');
    expect(back.numRows).toBe(0);
    expect(back.schema).toEqual({ empty: 'list' });
    expect(await (await roundTrip(frame({ nulls }), 'stream')).column('nulls').toValues()).toEqual([null, null, null]);
  });

  test.each(TYPES)('%s: GeoArrow extension type with every coordinate bit, part, ring, null and CRS', async (type) => {
    const geoms = randomGeometries(10 + TYPES.indexOf(type), type, 120);
    for (const crs of [undefined, CRS84_PROJJSON, WKT_CRS, 'EPSG:3857']) {
      const g = gf.geo.fromGeoJSON(geoms, { type, crs });
      const want = await g.toValues();
      const t = await frame({ g }).toArrow();
      const field = t.schema.fields[0]!;
      expect(field.metadata.get('ARROW:extension:name')).toBe(`geoarrow.${type}`);
      const meta = JSON.parse(field.metadata.get('ARROW:extension:metadata')!);
      if (crs === undefined) expect(meta).toEqual({});
      else if (crs === CRS84_PROJJSON) expect(meta).toEqual({ crs: JSON.parse(crs), crs_type: 'projjson' });
      else if (crs === WKT_CRS) expect(meta).toEqual({ crs });
      else expect(meta).toEqual({ crs, crs_type: 'authority_code' });
      // Storage as the GeoArrow spec names it; coordinates as apache-arrow reads them.
      let st: arrow.DataType = field.type;
      const names: string[] = [];
      while (arrow.DataType.isList(st)) {
        names.push(st.children[0]!.name);
        st = st.children[0]!.type;
      }
      expect(arrow.DataType.isFixedSizeList(st) && st.listSize === 2 && st.children[0]!.name === 'xy').toBe(true);
      expect(names).toEqual({ point: [], linestring: ['vertices'], multipoint: ['points'], polygon: ['rings', 'vertices'], multilinestring: ['linestrings', 'vertices'], multipolygon: ['polygons', 'rings', 'vertices'] }[type]);
      expect(exact(arrowValues(t.getChild('g')!))).toEqual(exact(want.map(coords)));
      const back = (await roundTrip(frame({ g }), 'file')).column('g');
      expect(back.type).toBe(type);
      expect(back.crs).toBe(crs);
      expect(exact(await back.toValues())).toEqual(exact(want));
    }
  });

  test('fromArrow shares offsets and coordinates (zero-copy) for one chunk', async () => {
    const g = gf.geo.fromGeoJSON(randomGeometries(3, 'multipolygon', 50), { type: 'multipolygon' });
    const t = await frame({ g, l: randomListOfLists(4, 50) }).toArrow();
    const df = gf.DataFrame.fromArrow(t);
    const gd = t.getChild('g')!.data[0]!;
    expect(df.column('g').data.hostView('t').buffer).toBe(gd.valueOffsets.buffer);
    const xy = gd.children[0]!.children[0]!.children[0]!.children[0]!.values as Float64Array;
    expect(df.column('g').child.child.child.data.hostView('t').buffer).toBe(xy.buffer);
    const ld = t.getChild('l')!.data[0]!;
    expect(df.column('l').data.hostView('t').buffer).toBe(ld.valueOffsets.buffer);
    expect(df.column('l').child.child.data.hostView('t').buffer).toBe(ld.children[0]!.children[0]!.values.buffer);
  });

  test('reads separated coordinates (Struct<x, y>) by interleaving them', async () => {
    const f64 = new arrow.Float64();
    const x = new Float64Array([1, -0, 3, NaN]);
    const y = new Float64Array([5, 6, 7, 8]);
    const xyType = new arrow.Struct([new arrow.Field('x', f64, false), new arrow.Field('y', f64, false)]);
    const pts = arrow.makeData({ type: xyType, length: 4, children: [arrow.makeData({ type: f64, length: 4, data: x }), arrow.makeData({ type: f64, length: 4, data: y })] });
    const type = new arrow.List(new arrow.Field('vertices', xyType, false));
    const lines = arrow.makeData({ type, length: 3, nullCount: 1, nullBitmap: new Uint8Array([0b101]), valueOffsets: new Int32Array([0, 3, 3, 4]), child: pts });
    const md = new Map([['ARROW:extension:name', 'geoarrow.linestring'], ['ARROW:extension:metadata', '{"crs":"EPSG:32631"}']]);
    const field = new arrow.Field('g', type, true, md);
    const t = new arrow.Table(new arrow.Schema([field]), [new arrow.RecordBatch(new arrow.Schema([field]), arrow.makeData({ type: new arrow.Struct([field]), length: 3, children: [lines] }))]);
    const c = gf.DataFrame.fromArrow(t).column('g');
    expect(c.type).toBe('linestring');
    expect(c.crs).toBe('EPSG:32631');
    expect(exact(await c.toValues())).toEqual(exact([{ type: 'LineString', coordinates: [[1, 5], [-0, 6], [3, 7]] }, null, { type: 'LineString', coordinates: [[NaN, 8]] }]));
  });

  test('LargeList with offsets that fit int32 reads as a list; past int32 is a ValueError naming the column', () => {
    const child = arrow.makeData({ type: new arrow.Float64(), length: 3, data: new Float64Array([1, 2, 3]) });
    const type = new arrow.LargeList(new arrow.Field('item', new arrow.Float64(), true));
    const ok = arrow.makeData({ type, length: 2, valueOffsets: new BigInt64Array([0n, 1n, 3n]), child });
    const df = gf.DataFrame.fromArrow(new arrow.Table({ big: arrow.makeVector(ok) }));
    expect(df.column('big').hostValues()).toEqual([[1], [2, 3]]);
    const bad = arrow.makeData({ type, length: 1, valueOffsets: new BigInt64Array([0n, 2n ** 31n]), child });
    expect(() => gf.DataFrame.fromArrow(new arrow.Table({ big: arrow.makeVector(bad) }))).toThrow(gf.ValueError);
    expect(() => gf.DataFrame.fromArrow(new arrow.Table({ big: arrow.makeVector(bad) }))).toThrow(/'big'/);
  });

  test('several chunks and sliced chunks concatenate to the same rows', async () => {
    const cols = {
      l: randomListOfLists(5, 90),
      s: randomStruct(6, 90),
      g: gf.geo.fromGeoJSON(randomGeometries(7, 'polygon', 90), { type: 'polygon', crs: 'EPSG:3857' }),
    };
    const t = await frame(cols).toArrow();
    const sliced = [t.slice(0, 13), t.slice(13, 14), t.slice(14, 61), t.slice(61)];
    const chunked = new arrow.Table(sliced.flatMap((s) => s.batches));
    expect(chunked.getChild('l')!.data.length).toBe(4);
    const df = gf.DataFrame.fromArrow(chunked);
    for (const [name, c] of Object.entries(cols)) {
      expect(exact(await df.column(name).toValues())).toEqual(exact(await c.toValues()));
    }
    expect(df.column('g').crs).toBe('EPSG:3857');
    const part = gf.DataFrame.fromArrow(t.slice(14, 61));
    for (const [name, c] of Object.entries(cols)) {
      expect(exact(await part.column(name).toValues())).toEqual(exact((await c.toValues()).slice(14, 61)));
    }
  });
});

describe('device-resident nested columns', () => {
  test('writeArrow and writeParquet download offsets and coordinates kept on the device', async () => {
    const g = gf.geo.fromGeoJSON(randomGeometries(90, 'multilinestring', 300), { type: 'multilinestring', crs: 'EPSG:3857' });
    // Rebuild every level over buffers a kernel wrote (device-only on WebGPU, host on the CPU backend).
    const onDevice = (c: gf.Column): gf.Column => {
      const copy = (b: gf.DataBuffer) => gf.kernels.gather(b, gf.kernels.sequence(b.length)).values;
      return c.derive(copy(c.data), c.validity, { children: c.children.map(onDevice) });
    };
    const d = onDevice(g);
    if (gf.info().backend === 'webgpu') expect([d.data.residency, d.child.data.residency, d.child.child.data.residency]).toEqual(['device', 'device', 'device']);
    const want = exact(await g.toValues());
    const viaArrow = (await gf.readArrow(await gf.writeArrow(frame({ d })))).column('d');
    expect(exact(await viaArrow.toValues())).toEqual(want);
    const viaParquet = (await gf.readParquet(await gf.writeParquet(frame({ d: onDevice(g) }), undefined, { geometryEncoding: 'geoarrow' }))).column('d');
    expect(viaParquet.crs).toBe('EPSG:3857');
    expect(exact(await viaParquet.toValues())).toEqual(want);
  });
});
