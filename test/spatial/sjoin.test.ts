import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';

// Two features: a 10×10 square with a 2×2 hole, and a square beside it sharing an edge.
function polygons(): gf.DataFrame {
  const geometry = gf.PolygonColumn.fromGeoJSON([
    { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] },
    { type: 'Polygon', coordinates: [[[10, 0], [20, 0], [20, 10], [10, 10], [10, 0]]] },
  ]);
  return new gf.DataFrame({ name: ['west', 'east'], pop: new Int32Array([7, 9]) }, geometry);
}

function points(): gf.DataFrame {
  // inside west, in the hole, on the shared edge (smallest feature wins), inside east, outside, on the hole's edge
  return new gf.DataFrame({
    name: ['a', 'b', 'c', 'd', 'e', 'f'],
    longitude: new Float64Array([1, 5, 10, 15, 25, 4]),
    latitude: new Float64Array([1, 5, 5, 5, 5, 5]),
  });
}

describe('sjoin', () => {
  it("how: 'left' keeps every point, with nulls where no polygon contains it; clashing names get the suffix", async () => {
    const rows = await frameParity(() => gf.sjoin(points(), polygons(), { how: 'left' }));
    expect(rows.map((r) => [r.name, r.index_right, r.name_right, r.pop])).toEqual([
      ['a', 0, 'west', 7],
      ['b', null, null, null],
      ['c', 0, 'west', 7],
      ['d', 1, 'east', 9],
      ['e', null, null, null],
      ['f', 0, 'west', 7],
    ]);
  });

  it("how: 'inner' (default) keeps matched points only", async () => {
    const rows = await frameParity(() => gf.sjoin(points(), polygons()));
    expect(rows.map((r) => r.name)).toEqual(['a', 'c', 'd', 'f']);
  });

  it('rejects frames without geometry, non-float coordinates and bad options with typed errors', async () => {
    await expect(gf.sjoin(points(), points())).rejects.toThrow(/expected a polygons frame with a geometry column/);
    await expect(gf.sjoin(points(), polygons(), { x: 'name' })).rejects.toThrow(gf.DTypeError);
    await expect(gf.sjoin(points(), polygons(), { how: 'outer' as never })).rejects.toThrow(gf.ValueError);
    await expect(gf.sjoin(points(), polygons(), { x: 'lon' })).rejects.toThrow(gf.ColumnNotFoundError);
  });
});
