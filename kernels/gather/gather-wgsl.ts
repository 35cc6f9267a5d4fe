/**
 * WGSL for gather and scatter. Every shader works on one source window at a time: a
 * thread touches a value only when its index falls inside [srcStart, srcStart + srcCount)
 * (gather) or [tgtStart, tgtStart + tgtCount) (scatter), so arrays longer than one binding
 * are processed by looping over windows on the host. Values move as raw bits (u32 or
 * vec2<u32>), so NaN payloads and -0 survive unchanged. Bool values are one byte each,
 * packed 4 to a u32 word.
 *
 * Text comes only from the fixed fragments below, chosen by element width.
 */
import { WG } from '../runner.js';

const LINEAR = `gid.x + gid.y * nwg.x * ${WG}u`;
const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>)`;

/** Gather of 4- or 8-byte words: O[j] = V[I[j] - srcStart] for indices inside the window. */
export function gatherWordShader(wide: boolean) {
  const T = wide ? 'vec2<u32>' : 'u32';
  const zero = wide ? 'vec2<u32>(0u, 0u)' : '0u';
  const code = /* wgsl */ `
// gather/values: one thread per output j of the output window. If I[j] is inside the
// source window, O[j] = V[I[j] - srcStart]; otherwise the first source window writes 0
// (so out-of-range indices end as zero bits). Later windows overwrite only their hits.
// Bindings: 0 uniforms, 1 I (indices window), 2 V (source window), 3 O (output window).
struct Params { count: u32, srcStart: u32, srcCount: u32, first: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<${T}>;
@group(0) @binding(3) var<storage, read_write> O: array<${T}>;
${ENTRY} {
  let j = ${LINEAR};
  if (j >= P.count) { return; }
  let idx = I[j];
  if (idx >= P.srcStart && idx - P.srcStart < P.srcCount) {
    O[j] = V[idx - P.srcStart];
  } else if (P.first == 1u) {
    O[j] = ${zero};
  }
}`;
  return { label: `gather/values-${wide ? 'u64' : 'u32'}`, code };
}

/** Gather of bool bytes: one thread per output word (4 outputs), no atomics. */
export function gatherBoolShader() {
  const code = /* wgsl */ `
// gather/bool: one thread per output u32 word w (outputs 4w..4w+3, one byte each).
// Bytes whose index is inside the source window are replaced; the first window starts
// from 0, later windows from the word already written.
// Bindings: 0 uniforms, 1 I (indices window), 2 V (source bytes), 3 O (output bytes).
struct Params { count: u32, srcStart: u32, srcCount: u32, first: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<u32>;
${ENTRY} {
  let w = ${LINEAR};
  if (w * 4u >= P.count) { return; }
  var word = 0u;
  if (P.first == 0u) { word = O[w]; }
  for (var k = 0u; k < 4u; k++) {
    let j = w * 4u + k;
    if (j < P.count) {
      let idx = I[j];
      if (idx >= P.srcStart && idx - P.srcStart < P.srcCount) {
        let s = idx - P.srcStart;
        let b = (V[s >> 2u] >> ((s & 3u) * 8u)) & 0xffu;
        word = (word & ~(0xffu << (8u * k))) | (b << (8u * k));
      }
    }
  }
  O[w] = word;
}`;
  return { label: 'gather/bool', code };
}

/** Output validity of a gather: one thread per output word (32 outputs), no atomics. */
export function gatherValidityShader() {
  const code = /* wgsl */ `
// gather/validity: one thread per output validity word w (outputs 32w..32w+31). Bit k is
// set when I[j] is inside the source window and (without an input bitmap) or (the input
// bit at I[j] is set). Out-of-range indices never fall in a window, so they stay null.
// Bindings: 0 uniforms, 1 I (indices window), 2 V (input bitmap window, or a dummy when
// hasV = 0), 3 O (output bitmap window; oskip words in).
struct Params { count: u32, srcStart: u32, srcCount: u32, first: u32, hasV: u32, vskip: u32, oskip: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<u32>;
${ENTRY} {
  let w = ${LINEAR};
  if (w * 32u >= P.count) { return; }
  var word = 0u;
  if (P.first == 0u) { word = O[P.oskip + w]; }
  for (var k = 0u; k < 32u; k++) {
    let j = w * 32u + k;
    if (j >= P.count) { break; }
    let idx = I[j];
    if (idx >= P.srcStart && idx - P.srcStart < P.srcCount) {
      var ok = true;
      if (P.hasV == 1u) {
        let b = P.vskip + idx - P.srcStart;
        ok = ((V[b >> 5u] >> (b & 31u)) & 1u) == 1u;
      }
      if (ok) { word |= 1u << k; }
    }
  }
  O[P.oskip + w] = word;
}`;
  return { label: 'gather/validity', code };
}

/** Scatter of 4- or 8-byte words: O[I[i] - tgtStart] = V[i] for targets inside the window. */
export function scatterWordShader(wide: boolean) {
  const T = wide ? 'vec2<u32>' : 'u32';
  const code = /* wgsl */ `
// gather/scatter: one thread per source element i of the source window; writes
// O[I[i] - tgtStart] = V[i] when the target is inside the target window. Targets outside
// [0, length) are in no window and are skipped. Duplicate targets race (unspecified winner).
// Bindings: 0 uniforms, 1 I (indices window), 2 V (values window), 3 O (target window).
struct Params { count: u32, tgtStart: u32, tgtCount: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<${T}>;
@group(0) @binding(3) var<storage, read_write> O: array<${T}>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  let t = I[i];
  if (t >= P.tgtStart && t - P.tgtStart < P.tgtCount) { O[t - P.tgtStart] = V[i]; }
}`;
  return { label: `gather/scatter-${wide ? 'u64' : 'u32'}`, code };
}

/** Scatter of bool bytes into a zeroed target: atomicOr, since 4 targets share a word. */
export function scatterBoolShader() {
  const code = /* wgsl */ `
// gather/scatter-bool: one thread per source byte i; ORs V's byte i into byte
// (I[i] - tgtStart) of the zero-filled target window (4 bytes per word, hence atomics).
// Bindings: 0 uniforms, 1 I (indices window), 2 V (source bytes), 3 O (target bytes).
struct Params { count: u32, tgtStart: u32, tgtCount: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<atomic<u32>>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  let t = I[i];
  if (t >= P.tgtStart && t - P.tgtStart < P.tgtCount) {
    let b = (V[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu;
    let s = t - P.tgtStart;
    if (b != 0u) { atomicOr(&O[s >> 2u], b << ((s & 3u) * 8u)); }
  }
}`;
  return { label: 'gather/scatter-bool', code };
}

/** Scatter of validity bits into a zeroed target bitmap (atomicOr: 32 targets per word). */
export function scatterValidityShader() {
  const code = /* wgsl */ `
// gather/scatter-validity: one thread per source element i; when source bit i is set and
// the target I[i] is inside the target window, sets the target bit with atomicOr.
// Bindings: 0 uniforms, 1 I (indices window), 2 V (source bitmap; vskip bits in),
// 3 O (target bitmap; oskip bits in).
struct Params { count: u32, tgtStart: u32, tgtCount: u32, vskip: u32, oskip: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> O: array<atomic<u32>>;
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.count) { return; }
  let t = I[i];
  let vb = P.vskip + i;
  if (t >= P.tgtStart && t - P.tgtStart < P.tgtCount && ((V[vb >> 5u] >> (vb & 31u)) & 1u) == 1u) {
    let b = P.oskip + t - P.tgtStart;
    atomicOr(&O[b >> 5u], 1u << (b & 31u));
  }
}`;
  return { label: 'gather/scatter-validity', code };
}
