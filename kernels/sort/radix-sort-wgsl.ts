/**
 * WGSL for the stable LSD radix sort (./radix-sort.ts). Shader text is built only from the
 * fixed fragments below, chosen by key dtype; sizes, segment length, digit position and
 * direction are uniforms.
 *
 * One pass sorts by one DIGIT_BITS-bit digit of the order key (../wgsl/order.ts) XOR-ed with
 * `flip` (all ones for descending). Elements move with their ORIGINAL bits and each pass
 * recomputes the order key from them, so NaN payloads and -0 survive.
 *
 * The block of the radix sort is a SEGMENT: `seg` consecutive keys owned by one thread (seg
 * is a power of two chosen by the host). The kernels need no workgroup memory and no
 * barriers: on the software adapter these tests run on (SwiftShader), a kernel with one
 * workgroup barrier ran about 30x slower than the same kernel without, and private arrays
 * cost nothing, so ranking is done serially per thread in private memory. A pass is:
 *
 * 1. `count`: thread s counts the digits of segment s in a private array and writes
 *    C[d * nseg + s]: the counts laid out [digit][segment].
 * 2. `scan_seg` + `scan_add`: an exclusive scan of C. Each thread scans SCAN_SEG consecutive
 *    values serially and writes their total to S; S is scanned the same way (recursively),
 *    then added back by the same threads. C[d * nseg + s] is then where segment s's keys of digit d go.
 * 3. `scatter`: thread s loads its RADIX offsets into a private array and walks its segment
 *    in input order, writing each key (and payload) to offset[digit]++. Segments are
 *    contiguous and ranks follow input order, so the pass is stable. Only destinations in
 *    the bound output window [outStart, outStart + outCount) are written: the host runs the
 *    scatter once per output window when an array exceeds one binding.
 *
 * Bindings (binding 0 is always the uniform `P`):
 * - count: 1 K (keys window, read), 2 C (counts, read_write)
 * - scan_seg: 1 A (values, read_write), 2 S (segment totals, read_write); scan_add: 1 A, 2 S (read)
 * - scatter: 1 K (keys window), 2 V (payload window; unread when P.identity = 1, then the
 *   payload is the global index), 3 C (scanned counts), 4 KO (keys out window), 5 VO (payload out window)
 *
 * Threads are indexed `(wid.x + wid.y * nwg.x) * WG + lid` (2-D grids past 65,535 groups) and
 * every kernel bounds-checks.
 */
import type { DTypeName } from '../../src/dtypes.js';
import { WG } from '../runner.js';
import { ORDER_WGSL, keyFn } from '../wgsl/order.js';

/** Bits per digit. */
export const DIGIT_BITS = 8;
/** Buckets per pass. */
export const RADIX = 1 << DIGIT_BITS;
/** Values per thread in the scan. */
export const SCAN_SEG = 64;

const wide = (d: DTypeName): boolean => d === 'int64' || d === 'uint64' || d === 'float64';

/** Uniform of count and scatter: 12 u32 fields. */
const PARAMS = /* wgsl */ `
struct Params {
  n: u32,        // keys in the bound window
  nsegw: u32,    // segments in the bound window
  seg0: u32,     // global index of the window's first segment
  nseg: u32,     // segments in the whole array (row length of C)
  seg: u32,      // keys per segment
  shift: u32,    // bit position of the digit within its word
  word: u32,     // 64-bit keys: 0 = low word, 1 = high word
  flip: u32,     // 0 ascending, 0xffffffff descending
  identity: u32, // 1: the payload is the global index (argsort); 0: read V
  start: u32,    // global index of the window's first key
  outStart: u32, // output window: global index of its first slot
  outCount: u32, // output window: slots
}
@group(0) @binding(0) var<uniform> P: Params;
`;

const THREAD = 'let t = (wid.x + wid.y * nwg.x) * ' + WG + 'u + lid;';
const MAIN_ARGS = '@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>';

function digitFn(d: DTypeName, bits: number): string {
  const k = keyFn(d);
  const mask = `${(1 << bits) - 1}u`;
  return wide(d)
    ? `fn digit(v: vec2<u32>) -> u32 { let k = ${k}(v); let w = select(k.x, k.y, P.word == 1u); return ((w ^ P.flip) >> P.shift) & ${mask}; }`
    : `fn digit(v: u32) -> u32 { return ((${k}(v) ^ P.flip) >> P.shift) & ${mask}; }`;
}

export function countShader(d: DTypeName, bits = DIGIT_BITS): { label: string; code: string } {
  const T = wide(d) ? 'vec2<u32>' : 'u32';
  const radix = 1 << bits;
  const code = /* wgsl */ `
// sort/radix-count (${d}, ${bits}-bit digits): C[digit * nseg + segment] = count of the digit in the segment.
${PARAMS}
@group(0) @binding(1) var<storage, read> K: array<${T}>;
@group(0) @binding(2) var<storage, read_write> C: array<u32>;
${ORDER_WGSL}
${digitFn(d, bits)}
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${THREAD}
  if (t >= P.nsegw) { return; }
  var c: array<u32, ${radix}>;
  let first = t * P.seg;
  let end = min(first + P.seg, P.n);
  for (var i = first; i < end; i = i + 1u) {
    let dg = digit(K[i]);
    c[dg] = c[dg] + 1u;
  }
  let s = P.seg0 + t;
  for (var dg = 0u; dg < ${radix}u; dg = dg + 1u) { C[dg * P.nseg + s] = c[dg]; }
}`;
  return { label: `sort/radix-count-${bits}-${d}`, code };
}

const SCAN_PARAMS = /* wgsl */ `
struct ScanParams { m: u32, threads: u32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<uniform> P: ScanParams;
`;

export const SCAN_SEG_SHADER = {
  label: 'sort/scan-seg',
  code: /* wgsl */ `
// sort/scan-seg: thread t scans A[t * ${SCAN_SEG} ..) exclusively in place; S[t] = its total.
${SCAN_PARAMS}
@group(0) @binding(1) var<storage, read_write> A: array<u32>;
@group(0) @binding(2) var<storage, read_write> S: array<u32>;
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${THREAD}
  if (t >= P.threads) { return; }
  let first = t * ${SCAN_SEG}u;
  let end = min(first + ${SCAN_SEG}u, P.m);
  var run = 0u;
  for (var i = first; i < end; i = i + 1u) {
    let x = A[i];
    A[i] = run;
    run = run + x;
  }
  S[t] = run;
}`,
};

export const SCAN_ADD_SHADER = {
  label: 'sort/scan-add',
  code: /* wgsl */ `
// sort/scan-add: thread t adds S[t] to A[t * ${SCAN_SEG} ..), its segment of the scan.
${SCAN_PARAMS}
@group(0) @binding(1) var<storage, read_write> A: array<u32>;
@group(0) @binding(2) var<storage, read> S: array<u32>;
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${THREAD}
  if (t >= P.threads) { return; }
  let add = S[t];
  let end = min((t + 1u) * ${SCAN_SEG}u, P.m);
  for (var i = t * ${SCAN_SEG}u; i < end; i = i + 1u) { A[i] = A[i] + add; }
}`,
};

export function scatterShader(d: DTypeName, bits = DIGIT_BITS): { label: string; code: string } {
  const T = wide(d) ? 'vec2<u32>' : 'u32';
  const radix = 1 << bits;
  const code = /* wgsl */ `
// sort/radix-scatter (${d}, ${bits}-bit digits): stable scatter of a segment's keys and payload.
${PARAMS}
@group(0) @binding(1) var<storage, read> K: array<${T}>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read> C: array<u32>;
@group(0) @binding(4) var<storage, read_write> KO: array<${T}>;
@group(0) @binding(5) var<storage, read_write> VO: array<u32>;
${ORDER_WGSL}
${digitFn(d, bits)}
@compute @workgroup_size(${WG})
fn main(${MAIN_ARGS}) {
  ${THREAD}
  if (t >= P.nsegw) { return; }
  var off: array<u32, ${radix}>;
  let s = P.seg0 + t;
  for (var dg = 0u; dg < ${radix}u; dg = dg + 1u) { off[dg] = C[dg * P.nseg + s]; }
  let first = t * P.seg;
  let end = min(first + P.seg, P.n);
  for (var i = first; i < end; i = i + 1u) {
    let k = K[i];
    let dg = digit(k);
    let o = off[dg] - P.outStart; // wraps below the window, then fails the test
    off[dg] = off[dg] + 1u;
    if (o < P.outCount) {
      KO[o] = k;
      if (P.identity == 1u) { VO[o] = P.start + i; } else { VO[o] = V[i]; }
    }
  }
}`;
  return { label: `sort/radix-scatter-${bits}-${d}`, code };
}
