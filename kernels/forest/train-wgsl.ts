/**
 * WGSL of the tree learners' kernels (layouts: ./train-layout.ts), from fixed fragments only (no
 * user text). Every kernel runs one thread per (tree, row) pair of a window: `tg` trees × `cnt`
 * rows starting at row i0 (a multiple of BLOCK_ROWS), the pair (tt, ii) at node/weight word
 * `nOff + tt * n + ii` and at code row ii of the code window (whole row blocks from i0).
 * - histogram ('class' | 'value'): the row's candidate features whose (slot, k) block lies in the
 *   output window [j0, j1) add to their bin with atomicAdd: the row (channel 0), its weight (the
 *   class channel, or channel 1), and for 'value' the exact int64 weight·q in two words: the
 *   16-bit-limb product u32 × |q| negated in two's complement, the low word added first, and a
 *   carry into the high word when the returned old value plus the addend wraps. The number of
 *   carries is the floor of the low words' total over 2^32 in any order, so the words equal the
 *   CPU twin's;
 * - extent: atomicMin / atomicMax of q per slot of the window [e0, e1) (initialised by the host);
 * - partition: a row whose slot lies in the action window [s0, s1) writes its child to OUT (a
 *   copy of the node slots, so no row moves twice across action windows).
 */
import { WG } from '../runner.js';
import { MUL32_WGSL } from '../wgsl/mul32.js';

const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32)`;
const PAIR = /* wgsl */ `
  let g = (wid.x + wid.y * nwg.x) * ${WG}u + lid;
  if (g >= P.tg * P.cnt) { return; }
  let tt = g / P.cnt;
  let ii = g % P.cnt;
  let r = P.nOff + tt * P.n + ii;`;
/** The code word of (feature f, row ii of the window), and the byte's shift. */
const CODE = `CODES[(ii >> 10u) * P.d * 256u + u32(f) * 256u + ((ii & 1023u) >> 2u)] >> ((ii & 3u) * 8u)`;

export type TrainTarget = 'class' | 'value';

export function histogramShader(kind: TrainTarget) {
  const value = kind === 'value';
  const code = /* wgsl */ `
// forest/histogram (${kind}): one thread per (tree, row) of the window. Bindings: 1 CODES (row
// window), 2 W and 3 ND (tree × row window), 4 Y (targets of the row window), 5 F (features of
// the output window's blocks), 6 H (output window).
struct Params { cnt: u32, n: u32, tg: u32, nOff: u32, d: u32, mf: u32, nBins: u32, ch: u32,
  slot0: u32, slots: u32, j0: u32, j1: u32, fOff: u32, hOff: u32, yOff: u32, C: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> CODES: array<u32>;
@group(0) @binding(2) var<storage, read> W: array<u32>;
@group(0) @binding(3) var<storage, read> ND: array<i32>;
@group(0) @binding(4) var<storage, read> Y: array<i32>;
@group(0) @binding(5) var<storage, read> F: array<i32>;
@group(0) @binding(6) var<storage, read_write> H: array<atomic<u32>>;
${value ? MUL32_WGSL : ''}
${ENTRY} {
${PAIR}
  let nd = ND[r];
  if (nd < i32(P.slot0)) { return; }
  let s = u32(nd) - P.slot0;
  if (s >= P.slots) { return; }
  let jb = s * P.mf;
  if (jb + P.mf <= P.j0 || jb >= P.j1) { return; }
  let w = W[r];
  let y = Y[P.yOff + ii];
${
  value
    ? `  // w · |y| as (lo, hi) from 16-bit limbs, then negated when y < 0.
  let b = select(u32(y), 0u - u32(y), y < 0);
  let prod = mul32_wide(w, b);
  var lo = prod.x;
  var hi = prod.y;
  if (y < 0) {
    hi = ~hi + select(0u, 1u, lo == 0u);
    lo = ~lo + 1u;
  }`
    : `  if (y < 0 || u32(y) >= P.C) { return; }`
}
  let k0 = select(0u, P.j0 - jb, P.j0 > jb);
  let k1 = min(P.mf, P.j1 - jb);
  for (var k = k0; k < k1; k = k + 1u) {
    let f = F[P.fOff + jb + k - P.j0];
    if (f < 0 || u32(f) >= P.d) { continue; }
    let bin = (${CODE}) & 255u;
    if (bin >= P.nBins) { continue; }
    let h = P.hOff + ((jb + k - P.j0) * P.nBins + bin) * P.ch;
    atomicAdd(&H[h], 1u);
${
  value
    ? `    if (w != 0u) { atomicAdd(&H[h + 1u], w); }
    var carry = 0u;
    if (lo != 0u) {
      let old = atomicAdd(&H[h + 2u], lo);
      carry = select(0u, 1u, old + lo < old);
    }
    // hi + carry may wrap to 0: adding 2^32 to the high word is adding 0.
    let up = hi + carry;
    if (up != 0u) { atomicAdd(&H[h + 3u], up); }`
    : `    if (w != 0u) { atomicAdd(&H[h + 1u + u32(y)], w); }`
}
  }
}`;
  return { label: `forest/histogram-${kind}`, code };
}

export function extentShader() {
  const code = /* wgsl */ `
// forest/histogram extent: least and greatest q per slot of the window [e0, e1). Bindings:
// 1 ND (tree × row window), 2 Y (targets of the row window), 3 E (2 i32 per slot of the window).
struct Params { cnt: u32, n: u32, tg: u32, nOff: u32, e0: u32, e1: u32, eOff: u32, yOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> ND: array<i32>;
@group(0) @binding(2) var<storage, read> Y: array<i32>;
@group(0) @binding(3) var<storage, read_write> E: array<atomic<i32>>;
${ENTRY} {
${PAIR}
  let nd = ND[r];
  if (nd < i32(P.e0) || nd >= i32(P.e1)) { return; }
  let e = P.eOff + 2u * (u32(nd) - P.e0);
  let y = Y[P.yOff + ii];
  atomicMin(&E[e], y);
  atomicMax(&E[e + 1u], y);
}`;
  return { label: 'forest/histogram-extent', code };
}

export function partitionShader() {
  const code = /* wgsl */ `
// forest/partition: rows whose slot lies in the action window [s0, s1) move to their child.
// Bindings: 1 CODES (row window), 2 ND (tree × row window), 3 OUT (the same window of the copy),
// 4 A (4 i32 per slot of the action window).
struct Params { cnt: u32, n: u32, tg: u32, nOff: u32, d: u32, s0: u32, s1: u32, aOff: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> CODES: array<u32>;
@group(0) @binding(2) var<storage, read> ND: array<i32>;
@group(0) @binding(3) var<storage, read_write> OUT: array<i32>;
@group(0) @binding(4) var<storage, read> A: array<i32>;
${ENTRY} {
${PAIR}
  let nd = ND[r];
  if (nd < i32(P.s0) || nd >= i32(P.s1)) { return; }
  let a = P.aOff + 4u * (u32(nd) - P.s0);
  let f = A[a];
  if (f >= i32(P.d)) { return; }
  if (f < 0) { OUT[r] = A[a + 2u]; return; }
  let bin = i32((${CODE}) & 255u);
  OUT[r] = select(A[a + 3u], A[a + 2u], bin <= A[a + 1u]);
}`;
  return { label: 'forest/partition', code };
}
