/**
 * CPU twin of ./nearest-linestring.ts: the same segment table, uniform grid (point-in-
 * polygon's cell rule: square cells of 2^k, about `gridCells(S)` of them over the box of the
 * live tame segments; segments spanning more than MAX_SPAN cells, or not tame, go to a big
 * list) and ring-by-ring search with the same stopping test, in native float64, which is what
 * the WGSL computes in soft float64. The answer equals the brute-force minimum of
 * (distance, line) over every live segment: see ./nearest-linestring-wgsl.ts.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gridCells, MAX_SPAN, type PipIndex } from '../pip/pip-cpu.js';
import { pointSegmentDistance } from './segment-distance.js';
import { linestringHostViews, type LinestringBuffers } from './linestring-buffers.js';

const OP = 'nearestLinestring';
const SAT = 2 ** 30;
const NONE = 0xffffffff;

/** The nearest line of each point (int32, -1 for none), its distance (+0 for none) and validity. */
export interface NearestResult {
  index: DataBuffer<'int32'>;
  distance: DataBuffer<'float64'>;
  validity: DataBuffer<'uint8'>;
}

/** Use the grid: always for 'grid', never for 'none'; 'auto' from 64 segments and 256 points. */
export function useSegmentGrid(mode: PipIndex, points: number, segments: number): boolean {
  if (mode === 'grid') return true;
  if (mode === 'none') return false;
  return segments >= 64 && points >= 256;
}

/** 0, or a magnitude in [2^-200, 2^201) (the WGSL `tame_seg`). */
export function tameSeg(v: number): boolean {
  const a = Math.abs(v);
  return a === 0 || (a >= 2 ** -200 && a < 2 ** 201);
}

interface Table {
  live: Uint8Array; tame: Uint8Array; line: Uint32Array; b: Uint32Array;
  xmin: Float64Array; xmax: Float64Array; ymin: Float64Array; ymax: Float64Array;
}

function segmentTable(xy: Float64Array, po: Int32Array, ro: Int32Array | undefined, lv: Uint8Array | undefined): Table {
  const V = xy.length / 2;
  const t: Table = {
    live: new Uint8Array(V), tame: new Uint8Array(V), line: new Uint32Array(V), b: new Uint32Array(V),
    xmin: new Float64Array(V), xmax: new Float64Array(V), ymin: new Float64Array(V), ymax: new Float64Array(V),
  };
  const rows = ro ? ro.length - 1 : po.length - 1;
  for (let r = 0; r < rows; r++) {
    if (lv && ((lv[r >> 3]! >> (r & 7)) & 1) === 0) continue;
    const p0 = ro ? ro[r]! : r;
    const p1 = ro ? ro[r + 1]! : r + 1;
    for (let p = p0; p < p1; p++) {
      const s = po[p]!;
      const e = po[p + 1]!;
      for (let v = s; v < e; v++) {
        const b = e - s === 1 ? v : v + 1;
        if (b >= e) continue;
        const ax = xy[2 * v]!, ay = xy[2 * v + 1]!, bx = xy[2 * b]!, by = xy[2 * b + 1]!;
        if (ax !== ax || ay !== ay || bx !== bx || by !== by) continue;
        t.live[v] = 1;
        t.tame[v] = tameSeg(ax) && tameSeg(ay) && tameSeg(bx) && tameSeg(by) ? 1 : 0;
        t.line[v] = r;
        t.b[v] = b;
        t.xmin[v] = Math.min(ax, bx); t.xmax[v] = Math.max(ax, bx);
        t.ymin[v] = Math.min(ay, by); t.ymax[v] = Math.max(ay, by);
      }
    }
  }
  return t;
}

interface Grid { k: number; c0x: number; c0y: number; nx: number; ny: number; start: Int32Array; entries: Int32Array; big: Int32Array }

const cellOf = (v: number, s: number): number => Math.max(-SAT, Math.min(SAT, Math.floor(v * s)));
const ilog2 = (v: number): number => (v === 0 ? -Infinity : Math.floor(Math.log2(Math.abs(v))));

function buildGrid(t: Table): Grid | undefined {
  const V = t.live.length;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let v = 0; v < V; v++) {
    if (!t.live[v] || !t.tame[v]) continue;
    x0 = Math.min(x0, t.xmin[v]!); x1 = Math.max(x1, t.xmax[v]!);
    y0 = Math.min(y0, t.ymin[v]!); y1 = Math.max(y1, t.ymax[v]!);
  }
  if (!(x0 <= x1)) return undefined;
  const cap = gridCells(V);
  const L = Math.log2(cap);
  const ex = ilog2(x1 - x0), ey = ilog2(y1 - y0);
  const em = Math.max(ilog2(x0), ilog2(x1), ilog2(y0), ilog2(y1));
  if (em === -Infinity) return undefined; // every coordinate 0: points scan every segment
  let k: number;
  if (ex > -Infinity && ey > -Infinity) k = Math.ceil((ex + ey + 2 - L) / 2);
  else if (ex > -Infinity || ey > -Infinity) k = Math.max(ex, ey) + 1 - L;
  else k = em;
  k = Math.max(k, em - 28);
  k = Math.max(-1200, Math.min(1200, k));
  let nx = 1, ny = 1, c0x = 0, c0y = 0;
  for (let it = 0; it < 2500; it++) {
    const s = 2 ** -k;
    c0x = cellOf(x0, s); c0y = cellOf(y0, s);
    nx = cellOf(x1, s) - c0x + 1;
    ny = cellOf(y1, s) - c0y + 1;
    if (nx * ny <= cap) break;
    k++;
  }
  const s = 2 ** -k;
  const count = new Int32Array(nx * ny);
  const big: number[] = [];
  const inCells = (v: number): number[] | undefined => {
    if (!t.tame[v]) return undefined;
    const lx = cellOf(t.xmin[v]!, s) - c0x, hx = cellOf(t.xmax[v]!, s) - c0x;
    const ly = cellOf(t.ymin[v]!, s) - c0y, hy = cellOf(t.ymax[v]!, s) - c0y;
    const w = hx - lx + 1, h = hy - ly + 1;
    return w > MAX_SPAN || h > MAX_SPAN || w * h > MAX_SPAN ? undefined : [lx, ly, hx, hy];
  };
  for (let v = 0; v < V; v++) {
    if (!t.live[v]) continue;
    const c = inCells(v);
    if (!c) { big.push(v); continue; }
    for (let cy = c[1]!; cy <= c[3]!; cy++) for (let cx = c[0]!; cx <= c[2]!; cx++) count[cy * nx + cx]!++;
  }
  const start = new Int32Array(nx * ny + 1);
  for (let c = 0; c < nx * ny; c++) start[c + 1] = start[c]! + count[c]!;
  const entries = new Int32Array(start[nx * ny]!);
  const cursor = start.slice(0, nx * ny);
  for (let v = 0; v < V; v++) {
    if (!t.live[v]) continue;
    const c = inCells(v);
    if (c) for (let cy = c[1]!; cy <= c[3]!; cy++) for (let cx = c[0]!; cx <= c[2]!; cx++) entries[cursor[cy * nx + cx]!++] = v;
  }
  return { k, c0x, c0y, nx, ny, start, entries, big: Int32Array.from(big) };
}

export function nearestCpu(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, pointValidity: DataBuffer<'uint8'> | undefined, lineValidity: DataBuffer<'uint8'> | undefined, mode: PipIndex, maxDistance: number): NearestResult {
  const n = x.length;
  const { px, py, xy, po, ro } = linestringHostViews(x, y, lines, OP);
  const pv = pointValidity?.hostView(OP) as Uint8Array | undefined;
  const lv = lineValidity?.hostView(OP) as Uint8Array | undefined;
  const t = segmentTable(xy, po, ro, lv);
  const V = t.live.length;
  const grid = n > 0 && V > 0 && useSegmentGrid(mode, n, V) ? buildGrid(t) : undefined;
  const index = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const bits = new Uint8Array(Math.ceil(n / 8));
  let best = Infinity;
  let bl = NONE;
  let X = 0;
  let Y = 0;
  let tp = false;
  const visit = (v: number): void => {
    const lim = Math.min(best, maxDistance);
    if (tp && t.tame[v] && lim < Infinity) {
      // The box test of the WGSL: skip a box farther than min(best, maxDistance) plus the error margin.
      const x0 = t.xmin[v]!, x1 = t.xmax[v]!, y0 = t.ymin[v]!, y1 = t.ymax[v]!;
      const g = Math.max(x0 - X, y0 - Y, X - x1, Y - y1);
      const span = 0 + (x1 - x0) + (y1 - y0);
      if (g > lim + (lim + span) * 2 ** -40) return;
    }
    const b = t.b[v]!;
    const d = pointSegmentDistance(X, Y, xy[2 * v]!, xy[2 * v + 1]!, xy[2 * b]!, xy[2 * b + 1]!);
    const line = t.line[v]!;
    if (d < best || (d === best && line < bl)) { best = d; bl = line; }
  };
  const visitCell = (g: Grid, gx: number, gy: number): void => {
    const c = gy * g.nx + gx;
    for (let j = g.start[c]!; j < g.start[c + 1]!; j++) visit(g.entries[j]!);
  };
  for (let i = 0; i < n; i++) {
    if (pv && ((pv[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    X = px[i]!;
    Y = py[i]!;
    if (!Number.isFinite(X) || !Number.isFinite(Y)) continue;
    best = Infinity;
    bl = NONE;
    tp = tameSeg(X) && tameSeg(Y);
    let useGrid = grid !== undefined && tp && grid.k >= -1000 && grid.k <= 1000;
    let pcx = 0, pcy = 0, cx = 0, cy = 0;
    if (useGrid) {
      const s = 2 ** -grid!.k;
      pcx = cellOf(X, s); pcy = cellOf(Y, s);
      cx = pcx - grid!.c0x; cy = pcy - grid!.c0y;
      useGrid = Math.abs(cx) <= 2 ** 28 && Math.abs(cy) <= 2 ** 28;
    }
    if (!useGrid) {
      for (let v = 0; v < V; v++) if (t.live[v]) visit(v);
    } else {
      const g = grid!;
      for (let j = 0; j < g.big.length; j++) visit(g.big[j]!);
      const { nx, ny } = g;
      const s = 2 ** g.k;
      const r0 = Math.max(0, -cx, cx - (nx - 1), -cy, cy - (ny - 1));
      const rmax = Math.max(cx, nx - 1 - cx, cy, ny - 1 - cy);
      for (let r = r0; r <= rmax; r++) {
        if (r >= 1) {
          const m = Math.min(X - (pcx - r + 1) * s, (pcx + r) * s - X, Y - (pcy - r + 1) * s, (pcy + r) * s - Y);
          const thr = m - (m + 64 * s) * 2 ** -40;
          if (Math.min(best, maxDistance) < thr) break;
        }
        for (const gy of r === 0 ? [cy] : [cy - r, cy + r]) {
          if (gy < 0 || gy >= ny) continue;
          for (let gx = Math.max(cx - r, 0); gx <= Math.min(cx + r, nx - 1); gx++) visitCell(g, gx, gy);
        }
        if (r === 0) continue;
        for (const gx of [cx - r, cx + r]) {
          if (gx < 0 || gx >= nx) continue;
          for (let gy = Math.max(cy - r + 1, 0); gy <= Math.min(cy + r - 1, ny - 1); gy++) visitCell(g, gx, gy);
        }
      }
    }
    if (bl === NONE || best > maxDistance) continue;
    index[i] = bl;
    dist[i] = best;
    bits[i >> 3]! |= 1 << (i & 7);
  }
  return { index: DataBuffer.fromHost(index, 'int32'), distance: DataBuffer.fromHost(dist, 'float64'), validity: DataBuffer.fromHost(bits, 'uint8') };
}
