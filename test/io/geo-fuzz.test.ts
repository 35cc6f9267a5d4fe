// Issue 9, acceptance 6: hostile geometry input never crashes, hangs or returns a non-typed
// error. Seeded byte mutations of valid GeoJSON text, WKB and WKT: every result is either a
// column/frame or a GpuframeError.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { mulberry32 } from '../../src/random.js';

const geoms: gf.geo.GeoJSONGeometry[] = [
  { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] },
  { type: 'MultiPolygon', coordinates: [[[[10, 10], [11, 10], [11, 11], [10, 10]]], [[[20, 20], [21, 20], [21, 21], [20, 20]]]] },
  { type: 'Polygon', coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, -90]]] },
];

/** One mutation: flip a byte, delete a run, duplicate a run, or truncate. */
function mutate(bytes: Uint8Array, r: () => number): Uint8Array {
  const i = Math.floor(r() * bytes.length);
  switch (Math.floor(r() * 4)) {
    case 0: {
      const out = bytes.slice();
      out[i] = Math.floor(r() * 256);
      return out;
    }
    case 1:
      return new Uint8Array([...bytes.subarray(0, i), ...bytes.subarray(Math.min(bytes.length, i + 1 + Math.floor(r() * 8)))]);
    case 2: {
      const run = bytes.subarray(i, i + 1 + Math.floor(r() * 8));
      return new Uint8Array([...bytes.subarray(0, i), ...run, ...run, ...bytes.subarray(i + run.length)]);
    }
    default:
      return bytes.subarray(0, i);
  }
}

async function outcome(fn: () => unknown): Promise<'ok' | 'typed'> {
  try {
    await fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof gf.GpuframeError)) throw new Error(`untyped error: ${String(e)}`);
    return 'typed';
  }
}

describe('hostile geometry input', () => {
  it('600 mutants of a GeoJSON FeatureCollection: a frame or a typed error naming the file or feature', async () => {
    const fc = { type: 'FeatureCollection', features: geoms.map((g, i) => ({ type: 'Feature', properties: { id: i, name: `f${i}` }, geometry: g })) };
    const text = new TextEncoder().encode(JSON.stringify(fc));
    const r = mulberry32(9);
    const seen = { ok: 0, typed: 0 };
    for (let k = 0; k < 600; k++) {
      const m = new TextDecoder().decode(mutate(text, r));
      seen[await outcome(async () => (await gf.readGeoJSON(m)).dispose())]++;
    }
    expect(seen.ok + seen.typed).toBe(600);
    expect(seen.typed).toBeGreaterThan(100); // most mutants break the JSON or a geometry
    expect(seen.ok).toBeGreaterThan(10); // some only change a number or a name
  });

  it('600 mutants of WKB: a geometry column or a typed error naming the row', async () => {
    const wkb = gf.geo.toWKB(gf.geo.fromGeoJSON(geoms, { type: 'multipolygon' }));
    const offsets = (await wkb.data.toArray()) as Int32Array;
    const bytes = (await wkb.child.data.toArray()) as Uint8Array;
    const r = mulberry32(10);
    const seen = { ok: 0, typed: 0 };
    for (let k = 0; k < 600; k++) {
      const row = Math.floor(r() * geoms.length);
      const m = mutate(bytes.subarray(offsets[row]!, offsets[row + 1]!), r);
      const parts = geoms.map((_, i) => (i === row ? m : bytes.subarray(offsets[i]!, offsets[i + 1]!)));
      const off = new Int32Array(parts.length + 1);
      parts.forEach((p, i) => (off[i + 1] = off[i]! + p.length));
      const col = new gf.Column({ type: 'binary', data: gf.array(off), children: [gf.Column.from(new Uint8Array(parts.flatMap((p) => [...p])))] });
      const res = await outcome(() => gf.geo.fromWKB(col).dispose());
      if (res === 'typed') {
        await expect(Promise.resolve().then(() => gf.geo.fromWKB(col))).rejects.toThrow(new RegExp(`(row|feature) ${row}\\b`));
      }
      seen[res]++;
    }
    expect(seen.typed).toBeGreaterThan(100);
  });

  it('600 mutants of WKT: a geometry column or a typed error', async () => {
    const wkt = (await gf.geo.toWKT(gf.geo.fromGeoJSON(geoms, { type: 'multipolygon' })).toValues()) as string[];
    const r = mulberry32(11);
    const seen = { ok: 0, typed: 0 };
    for (let k = 0; k < 600; k++) {
      const text = wkt.map((w) => new TextDecoder().decode(mutate(new TextEncoder().encode(w), r)));
      seen[await outcome(() => gf.geo.fromWKT(gf.Column.from(text)).dispose())]++;
    }
    expect(seen.typed).toBeGreaterThan(100);
  });
});
