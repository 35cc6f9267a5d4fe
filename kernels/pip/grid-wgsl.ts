/**
 * WGSL of the point-in-polygon grid, built on the device (see ./pip.ts for the sequence and
 * ./pip-wgsl.ts for the part table PB). Grid buffer G (u32 words): header [0..16): 0 valid,
 * 1 c0x, 2 c0y (i32 cell of the total box's min corner), 3 k (cells are 2^k wide), 4 nx,
 * 5 ny, 6 number of big parts; then cell starts (ncap + 1 words) at cellOff, the big list
 * (one word per part) at bigOff, and the cell entries (MAX_SPAN words per part) at entOff.
 * Offsets travel in uniforms.
 *
 * cell(x) = floor(x / 2^k) is computed exactly on the bits (`cell_coord`), so it is
 * monotone: a point inside a part's box falls in a cell of the part's cell range.
 */
import { WG } from '../runner.js';
import { MAX_SPAN } from './pip-cpu.js';
import { FLOAT_LIB, LINEAR, MAIN_ARGS } from './wgsl-lib.js';

export const gridParamsShader = {
  label: 'pip/grid-params',
  code: /* wgsl */ `
// pip/grid-params: one workgroup. Reduces the box of the live tame parts (keys, in workgroup
// memory), then thread 0 picks square cells of 2^k: about ncap cells over the box, k at least
// floor(log2 max|coord|) - 28 so cell numbers stay below 2^30, and k raised until nx*ny <= ncap.
// Writes the header of G (valid = 0 when no part is live and tame).
// Bindings: 0 uniforms, 1 PB, 2 G.
struct Params { nparts: u32, ncap: u32, log2cap: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> PB: array<u32>;
@group(0) @binding(2) var<storage, read_write> G: array<u32>;
${FLOAT_LIB}
var<workgroup> w_xmin: array<vec2<u32>, ${WG}>;
var<workgroup> w_xmax: array<vec2<u32>, ${WG}>;
var<workgroup> w_ymin: array<vec2<u32>, ${WG}>;
var<workgroup> w_ymax: array<vec2<u32>, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_id) l: vec3<u32>) {
  let lid = l.x;
  var xmin = vec2<u32>(0xffffffffu, 0xffffffffu);
  var ymin = xmin;
  var xmax = vec2<u32>(0u, 0u);
  var ymax = xmax;
  for (var p = lid; p < P.nparts; p = p + ${WG}u) {
    let b = 12u * p;
    if ((PB[b + 9u] & 3u) != 3u) { continue; }
    let a = vec2<u32>(PB[b], PB[b + 1u]);
    let c = vec2<u32>(PB[b + 2u], PB[b + 3u]);
    let d = vec2<u32>(PB[b + 4u], PB[b + 5u]);
    let e = vec2<u32>(PB[b + 6u], PB[b + 7u]);
    if (lt64(a, xmin)) { xmin = a; }
    if (lt64(xmax, c)) { xmax = c; }
    if (lt64(d, ymin)) { ymin = d; }
    if (lt64(ymax, e)) { ymax = e; }
  }
  w_xmin[lid] = xmin; w_xmax[lid] = xmax; w_ymin[lid] = ymin; w_ymax[lid] = ymax;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      if (lt64(w_xmin[lid + s], w_xmin[lid])) { w_xmin[lid] = w_xmin[lid + s]; }
      if (lt64(w_xmax[lid], w_xmax[lid + s])) { w_xmax[lid] = w_xmax[lid + s]; }
      if (lt64(w_ymin[lid + s], w_ymin[lid])) { w_ymin[lid] = w_ymin[lid + s]; }
      if (lt64(w_ymax[lid], w_ymax[lid + s])) { w_ymax[lid] = w_ymax[lid + s]; }
    }
    workgroupBarrier();
  }
  if (lid != 0u) { return; }
  G[6] = 0u;
  if (w_xmin[0].x == 0xffffffffu && w_xmin[0].y == 0xffffffffu) { G[0] = 0u; return; }
  let x0 = key_to_f64(w_xmin[0]);
  let x1 = key_to_f64(w_xmax[0]);
  let y0 = key_to_f64(w_ymin[0]);
  let y1 = key_to_f64(w_ymax[0]);
  // Spans' exponents (one f64_sub call site: each site costs compile time on some drivers).
  var lg = array<i32, 2>(0, 0);
  for (var d = 0u; d < 2u; d = d + 1u) { lg[d] = floor_log2(f64_sub(select(x1, y1, d == 1u), select(x0, y0, d == 1u))); }
  let ex = lg[0];
  let ey = lg[1];
  let em = max(max(floor_log2(x0), floor_log2(x1)), max(floor_log2(y0), floor_log2(y1)));
  let L = i32(P.log2cap);
  var k: i32;
  if (ex > -100000 && ey > -100000) { k = (ex + ey + 3 - L) >> 1u; }
  else if (ex > -100000 || ey > -100000) { k = max(ex, ey) + 1 - L; }
  else { k = em; }
  k = clamp(max(k, em - 28), -1200, 1200);
  var nx = 1u;
  var ny = 1u;
  for (var it = 0; it < 2500; it = it + 1) {
    nx = u32(cell_coord(x1, k) - cell_coord(x0, k)) + 1u;
    ny = u32(cell_coord(y1, k) - cell_coord(y0, k)) + 1u;
    if (nx <= P.ncap && ny <= P.ncap && nx <= P.ncap / ny) { break; }
    k = k + 1;
  }
  G[0] = 1u;
  G[1] = bitcast<u32>(cell_coord(x0, k));
  G[2] = bitcast<u32>(cell_coord(y0, k));
  G[3] = bitcast<u32>(k);
  G[4] = nx;
  G[5] = ny;
}`,
};

/** Shared by grid-count and grid-fill: the cell range of part p, or big (span or tameness). */
const PART_CELLS = /* wgsl */ `
struct Cells { lx: u32, ly: u32, hx: u32, hy: u32, big: bool }
fn part_cells(b: u32, k: i32, c0x: i32, c0y: i32, nx: u32, ny: u32, valid: bool) -> Cells {
  var c: Cells;
  c.big = true;
  if (!valid || (PB[b + 9u] & 2u) == 0u) { return c; }
  let lx = clamp(cell_coord(key_to_f64(vec2<u32>(PB[b], PB[b + 1u])), k) - c0x, 0, i32(nx) - 1);
  let hx = clamp(cell_coord(key_to_f64(vec2<u32>(PB[b + 2u], PB[b + 3u])), k) - c0x, 0, i32(nx) - 1);
  let ly = clamp(cell_coord(key_to_f64(vec2<u32>(PB[b + 4u], PB[b + 5u])), k) - c0y, 0, i32(ny) - 1);
  let hy = clamp(cell_coord(key_to_f64(vec2<u32>(PB[b + 6u], PB[b + 7u])), k) - c0y, 0, i32(ny) - 1);
  c.lx = u32(lx); c.hx = u32(hx); c.ly = u32(ly); c.hy = u32(hy);
  let w = c.hx - c.lx + 1u;
  let h = c.hy - c.ly + 1u;
  c.big = w > ${MAX_SPAN}u || h > ${MAX_SPAN}u || w * h > ${MAX_SPAN}u;
  return c;
}
`;

function gridPassShader(fill: boolean) {
  const label = fill ? 'pip/grid-fill' : 'pip/grid-count';
  const body = fill
    ? `let slot = atomicAdd(&A[cell], 1u);
        atomicStore(&G[P.entOff + atomicLoad(&G[P.cellOff + cell]) + slot], t);`
    : 'atomicAdd(&A[cell], 1u);';
  const big = fill ? '' : `let slot = atomicAdd(&G[6], 1u);\n    atomicStore(&G[P.bigOff + slot], t);`;
  const code = /* wgsl */ `
// ${label}: one thread per live part. ${fill ? 'For each cell of its range, takes a slot with an atomic cursor A[cell] and writes its index at G[entOff + start[cell] + slot] (the order within a cell does not matter: points keep the smallest feature).' : 'Counts it into A[cell] (atomics) for each cell of its range, or appends it to the big list when it is not tame or spans more than ' + MAX_SPAN + ' cells.'}
// Bindings: 0 uniforms, 1 PB, 2 G (grid buffer), 3 A (${fill ? 'cursors' : 'counts'}, zeroed).
struct Params { nparts: u32, cellOff: u32, bigOff: u32, entOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> PB: array<u32>;
@group(0) @binding(2) var<storage, read_write> G: array<atomic<u32>>;
@group(0) @binding(3) var<storage, read_write> A: array<atomic<u32>>;
${FLOAT_LIB}
${PART_CELLS}
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${LINEAR}
  if (t >= P.nparts) { return; }
  let b = 12u * t;
  if ((PB[b + 9u] & 1u) == 0u) { return; }
  let nx = atomicLoad(&G[4]);
  let c = part_cells(b, bitcast<i32>(atomicLoad(&G[3])), bitcast<i32>(atomicLoad(&G[1])), bitcast<i32>(atomicLoad(&G[2])), nx, atomicLoad(&G[5]), atomicLoad(&G[0]) == 1u);
  if (c.big) {
    ${big}
    return;
  }
  for (var cy = c.ly; cy <= c.hy; cy = cy + 1u) {
    for (var cx = c.lx; cx <= c.hx; cx = cx + 1u) {
      let cell = cy * nx + cx;
      ${body}
    }
  }
}`;
  return { label, code };
}

export const gridCountShader = gridPassShader(false);
export const gridFillShader = gridPassShader(true);

