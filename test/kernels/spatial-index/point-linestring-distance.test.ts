// Parity + oracle tests for 'spatial-index/point-linestring-distance' (kernels/spatial-index/):
// the CPU twin and the WebGPU kernel against a plain-JS brute force of GEOS's formula, bit for
// bit, on linestring and multilinestring columns, with nulls, NaN, empty rows, one-vertex
// parts, points on vertices and segments, binding windows and the 2-D grid.
import { describe, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, parity, PAST_CAPPED_GRID, rng, SIZES, withGridCap } from '../../helpers/parity.js';
import { linesColumn, randomLines, randomPoints, refRowwise, type LineRow } from './reference.js';

function pointsColumn(xs: Float64Array, ys: Float64Array, valid: boolean[]): gf.Column {
  return gf.geo.fromGeoJSON(Array.from(xs, (x, i) => (valid[i] ? { type: 'Point', coordinates: [x, ys[i]!] } : null)) as never, { type: 'point' });
}

async function check(xs: Float64Array, ys: Float64Array, valid: boolean[], rows: LineRow[], what: string): Promise<void> {
  const want = refRowwise(xs, ys, valid, rows);
  for (const multi of [false, true]) {
    if (!multi && rows.some((r) => r !== null && r.length > 1)) continue;
    await parity(() => {
      const d = gf.pointLinestringDistance(pointsColumn(xs, ys, valid), linesColumn(rows, multi));
      return [d.data, d.validity!];
    }, { oracle: [want.d, want.bits], what: `${what} (${multi ? 'multi' : 'linestring'})` });
  }
}

function randomCase(n: number, seed: number, opts: { maxParts?: number; nullRate?: number } = {}) {
  const { xs, ys } = randomPoints(n, seed);
  const r = rng(seed + 1);
  const valid = Array.from({ length: n }, () => r() >= (opts.nullRate ?? 0));
  const rows = randomLines(n, seed + 2, { maxParts: opts.maxParts, nullRate: opts.nullRate });
  return { xs, ys, valid, rows };
}

describe("'spatial-index/point-linestring-distance'", () => {
  it('equals the brute-force GEOS distance at every size (linestrings and multilinestrings, null rates 0, 0.1, 1)', async () => {
    for (const n of SIZES) {
      for (const nullRate of [0, 0.1, 1]) {
        const c = randomCase(n, 100 + n, { nullRate });
        await check(c.xs, c.ys, c.valid, c.rows, `n=${n} nulls=${nullRate}`);
        const m = randomCase(n, 200 + n, { maxParts: 3, nullRate });
        await check(m.xs, m.ys, m.valid, m.rows, `multi n=${n} nulls=${nullRate}`);
      }
    }
  });

  it('edge rows: on a vertex, on a segment, degenerate segments, one-vertex parts, empty rows and parts, NaN points and vertices, ±0, infinities', async () => {
    const xs = new Float64Array([0, 1, 2, 5, 3, NaN, 1, -0, 4, Infinity, 1, 2, 7]);
    const ys = new Float64Array([0, 0, 2, 5, 4, 1, NaN, 0, 4, 0, 1, 2, 7]);
    const valid = Array.from(xs, () => true);
    valid[12] = false;
    const rows: LineRow[] = [
      [[[0, 0], [2, 0]]], // on the first vertex
      [[[0, 0], [2, 0]]], // on the segment
      [[[1, 1], [1, 1], [3, 3]]], // a degenerate segment, then one through the point
      [[[5, 5]]], // one vertex: the point itself
      [[[0, 0], [0, 0]]], // only a degenerate segment
      [[[0, 0], [1, 0]]], // NaN point → NaN
      [[[0, 0], [1, 0]]], // NaN point → NaN
      [[[-0, -0], [0, 1]]], // ±0
      [[[NaN, 0], [4, 5]], [[9, 9], [9, 8]]], // a NaN vertex skips its segment only
      [[[0, 0], [1, 1]]], // infinite point
      [[], [[2, 1], [3, 1]]], // an empty part, then a segment
      [], // no part: empty → null
      [[[0, 0], [1, 1]]], // null point → null
    ];
    await check(xs, ys, valid, rows, 'edges');
    const empties: LineRow[] = [[[]], null, [[[1, 2]]]];
    await check(new Float64Array([1, 1, 1]), new Float64Array([1, 1, 1]), [true, true, true], empties, 'empty linestrings');
  });

  it('runs in binding windows over rows and vertices (maxBindingBytes 65536), same bits', async () => {
    const c = randomCase(9000, 7, { nullRate: 0.05 });
    const m = randomCase(9000, 8, { maxParts: 2, nullRate: 0.05 }); // ~13,500 part offsets: under one binding, as the kernel needs
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      await check(c.xs, c.ys, c.valid, c.rows, 'windows');
      await check(m.xs, m.ys, m.valid, m.rows, 'windows multi');
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('runs on the 2-D grid past the per-dimension workgroup limit (grid cap 64)', async () => {
    const c = randomCase(PAST_CAPPED_GRID, 9, { nullRate: 0.05 });
    await withGridCap(() => check(c.xs, c.ys, c.valid, c.rows, 'past grid'));
  });
});
