// Plain-JS float64 references for the point–linestring kernels: GEOS's point-to-segment
// distance (the definition both backends must reproduce), a brute-force row-wise minimum and
// a brute-force nearest line over every segment, plus seeded test data and its Column.
import * as gf from 'gpuframe';
import { rng } from '../../helpers/parity.js';

/** A line row: null, or its parts (each a list of [x, y]); a linestring is one part. */
export type LineRow = number[][][] | null;

function ptDist(px: number, py: number, ax: number, ay: number): number {
  const dx = px - ax;
  const dy = py - ay;
  return Math.sqrt(dx * dx + dy * dy);
}

/** GEOS Distance::pointToSegment. */
export function geosSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  if (ax === bx && ay === by) return ptDist(px, py, ax, ay);
  const len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay);
  const r = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2;
  if (r <= 0) return ptDist(px, py, ax, ay);
  if (r >= 1) return ptDist(px, py, bx, by);
  const s = ((ay - py) * (bx - ax) - (ax - px) * (by - ay)) / len2;
  return Math.abs(s) * Math.sqrt(len2);
}

/** Every segment distance of a row (a one-vertex part is the point), NaN included. */
function rowDistances(px: number, py: number, row: number[][][]): number[] {
  const out: number[] = [];
  for (const part of row) {
    if (part.length === 1) out.push(geosSegment(px, py, part[0]![0]!, part[0]![1]!, part[0]![0]!, part[0]![1]!));
    for (let i = 0; i + 1 < part.length; i++) out.push(geosSegment(px, py, part[i]![0]!, part[i]![1]!, part[i + 1]![0]!, part[i + 1]![1]!));
  }
  return out;
}

/** Row-wise: null for a null point or line or an empty line; NaN when every segment is NaN. */
export function refRowwise(xs: Float64Array, ys: Float64Array, pointValid: boolean[], rows: LineRow[]): { d: Float64Array; bits: Uint8Array } {
  const n = xs.length;
  const d = new Float64Array(n);
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!pointValid[i] || !row || row.every((p) => p.length === 0)) continue;
    bits[i >> 3]! |= 1 << (i & 7);
    const ds = rowDistances(xs[i]!, ys[i]!, row).filter((v) => !Number.isNaN(v));
    d[i] = ds.length ? Math.min(...ds) : NaN;
  }
  return { d, bits };
}

/** Nearest: the smallest (distance, row) over every non-NaN segment of every non-null row. */
export function refNearest(xs: Float64Array, ys: Float64Array, pointValid: boolean[], rows: LineRow[], maxDistance = Infinity, only?: (i: number) => boolean): { index: Int32Array; d: Float64Array; bits: Uint8Array } {
  const n = xs.length;
  const index = new Int32Array(n).fill(-1);
  const d = new Float64Array(n);
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    if (only && !only(i)) continue;
    const px = xs[i]!;
    const py = ys[i]!;
    if (!pointValid[i] || !Number.isFinite(px) || !Number.isFinite(py)) continue;
    let best = Infinity;
    let bl = -1;
    rows.forEach((row, j) => {
      if (!row) return;
      for (const v of rowDistances(px, py, row)) if (v < best || (v === best && bl < 0)) { best = v; bl = j; }
    });
    if (bl < 0 || best > maxDistance) continue;
    index[i] = bl;
    d[i] = best;
    bits[i >> 3]! |= 1 << (i & 7);
  }
  return { index, d, bits };
}

/** A linestring (all rows one part) or multilinestring Column of the rows. */
export function linesColumn(rows: LineRow[], multi: boolean): gf.Column {
  return gf.geo.fromGeoJSON(rows.map((r) => (r === null ? null : multi ? { type: 'MultiLineString', coordinates: r } : { type: 'LineString', coordinates: r[0] ?? [] })) as never, { type: multi ? 'multilinestring' : 'linestring' });
}

/** Seeded lines: `count` rows of 1..maxParts parts of 1..6 vertices on a half-unit lattice in [0, span). */
export function randomLines(count: number, seed: number, opts: { maxParts?: number; span?: number; nullRate?: number; step?: number } = {}): LineRow[] {
  const r = rng(seed);
  const span = opts.span ?? 100;
  const step = opts.step ?? 4;
  const q = (v: number): number => Math.round(v * 2) / 2;
  return Array.from({ length: count }, () => {
    if (r() < (opts.nullRate ?? 0)) return null;
    const parts = 1 + Math.floor(r() * (opts.maxParts ?? 1));
    return Array.from({ length: parts }, () => {
      const k = 1 + Math.floor(r() * 6);
      let x = q(r() * span), y = q(r() * span);
      return Array.from({ length: k }, () => {
        const p = [x, y];
        x = q(x + (r() - 0.5) * 2 * step);
        y = q(y + (r() - 0.5) * 2 * step);
        return p;
      });
    });
  });
}

/** Seeded points on the same lattice (ties and on-vertex hits are common), some off-lattice. */
export function randomPoints(n: number, seed: number, span = 100): { xs: Float64Array; ys: Float64Array } {
  const r = rng(seed);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lattice = r() < 0.5;
    xs[i] = lattice ? Math.round(r() * span * 2) / 2 : r() * (span + 20) - 10;
    ys[i] = lattice ? Math.round(r() * span * 2) / 2 : r() * (span + 20) - 10;
  }
  return { xs, ys };
}
