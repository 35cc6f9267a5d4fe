/**
 * WGSL for ./reduce.ts, assembled only from the fixed fragments below, chosen by
 * (stage kind, dtype, validity present). No size and no user string enters the text.
 *
 * Level kernel (one dispatch per binding window, one per level): thread i folds elements
 *   16i .. 16i+15 of its window, in order, into an accumulator that starts at the identity,
 *   skipping nulls and indices past n, and writes it to O[out_off + i]. Level 0 reads the
 *   input dtype (and the validity bitmap); each further level reads the previous level's
 *   states, until one state is left: a 16-ary tree of sequential sums. The CPU twin's
 *   `pairwiseSum` does the same adds in the same order. No workgroup memory and no
 *   barriers: SwiftShader ran a 256-thread shared-memory tree about 10x slower (16.7M
 *   uint32: ~12 s against ~0.4 s). On a GPU each level is one streaming pass; each thread
 *   reads a 16-element run, so neighbouring threads' reads meet in the cache.
 *   Bindings: 0 uniform {n, out_off}; 1 O (states, read_write); 2 X (values or states,
 *   absent for count); 3 V (validity words, level 0 only, when given).
 *
 * States (all-zero bits are the identity of every kind):
 *   fsum  vec2<u32>  a float64 (soft f64_add; float32 inputs are widened exactly first)
 *   isum  vec4<u32>  a 128-bit two's complement integer (exact: no overflow below 2^64 values)
 *   count vec4<u32>  as isum, adding 1 per non-null element
 *   min/max vec4<u32>  (lo bits, hi bits, has, 0): has 0 = none, 1 = only NaN, 2 = a value;
 *                    values compare by the order keys of ../wgsl/order.ts
 *
 * Final kernel (one thread): turns the last state(s) into the 1-element result and a
 * validity word. Bindings: 0 uniform {n_lo, n_hi}; 1 R (result words); 2 F (validity word);
 * 3 S (main state, absent for count without validity); 4 C (count state, mean with validity).
 */
import type { DTypeName } from '../../src/dtypes.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { WG, type ShaderSpec } from '../runner.js';
import { ORDER_WGSL, keyFn } from '../wgsl/order.js';
import { FAN_IN, type ReduceOp } from './reduce-cpu.js';

export type StageKind = 'fsum' | 'isum' | 'count' | 'min' | 'max';

const wide = (d: DTypeName) => d === 'int64' || d === 'uint64' || d === 'float64';

/** Bytes of one state of a stage kind. */
export function stateBytes(kind: StageKind): number {
  return kind === 'fsum' ? 8 : 16;
}

const ADD128 = /* wgsl */ `
fn add128(a: vec4<u32>, b: vec4<u32>) -> vec4<u32> {
  let x = a.x + b.x;
  var c = select(0u, 1u, x < a.x);
  let y1 = a.y + b.y;
  let y = y1 + c;
  c = select(0u, 1u, y1 < a.y) + select(0u, 1u, y < y1);
  let z1 = a.z + b.z;
  let z = z1 + c;
  c = select(0u, 1u, z1 < a.z) + select(0u, 1u, z < z1);
  return vec4<u32>(x, y, z, a.w + b.w + c);
}
`;

function stateType(kind: StageKind): string {
  return kind === 'fsum' ? 'vec2<u32>' : 'vec4<u32>';
}

/** The input element type at level 0 (or 'state' for later levels). */
function inputType(kind: StageKind, input: DTypeName | 'state'): string | undefined {
  if (kind === 'count' && input !== 'state') return undefined;
  if (input === 'state') return stateType(kind);
  return wide(input) ? 'vec2<u32>' : 'u32';
}

function loadBody(kind: StageKind, input: DTypeName | 'state'): string {
  if (input === 'state') return 'return X[i];';
  if (kind === 'count') return 'return vec4<u32>(1u, 0u, 0u, 0u);';
  if (kind === 'fsum') return input === 'float32' ? 'return f64_from_f32(X[i]);' : 'return X[i];';
  if (kind === 'isum') {
    switch (input) {
      case 'int32': return 'let v = X[i]; let s = select(0u, 0xffffffffu, (v >> 31u) == 1u); return vec4<u32>(v, s, s, s);';
      case 'uint32': return 'return vec4<u32>(X[i], 0u, 0u, 0u);';
      case 'int64': return 'let v = X[i]; let s = select(0u, 0xffffffffu, (v.y >> 31u) == 1u); return vec4<u32>(v.x, v.y, s, s);';
      default: return 'let v = X[i]; return vec4<u32>(v.x, v.y, 0u, 0u);';
    }
  }
  // min / max
  if (input === 'float32') return 'let v = X[i]; return vec4<u32>(v, 0u, select(2u, 1u, is_nan_f32(v)), 0u);';
  if (input === 'float64') return 'let v = X[i]; return vec4<u32>(v.x, v.y, select(2u, 1u, is_nan_f64(v)), 0u);';
  return wide(input) ? 'let v = X[i]; return vec4<u32>(v.x, v.y, 2u, 0u);' : 'return vec4<u32>(X[i], 0u, 2u, 0u);';
}

function combineBody(kind: StageKind, dtype: DTypeName): string {
  if (kind === 'fsum') return 'return f64_add(a, b);';
  if (kind === 'isum' || kind === 'count') return 'return add128(a, b);';
  const k = keyFn(dtype);
  // "b beats a": for min b < a, for max a < b, in key order (keys are unique per non-NaN value).
  const [p, q] = kind === 'min' ? ['b', 'a'] : ['a', 'b'];
  const less = wide(dtype) ? `lt64(${k}(${p}.xy), ${k}(${q}.xy))` : `${k}(${p}.x) < ${k}(${q}.x)`;
  return `if (a.z != b.z) { return select(a, b, b.z > a.z); }
  if (a.z < 2u) { return a; }
  if (${less}) { return b; }
  return a;`;
}

function helpers(kind: StageKind): string {
  if (kind === 'fsum') return SOFT_F64_WGSL;
  if (kind === 'isum' || kind === 'count') return ADD128;
  return ORDER_WGSL;
}

/**
 * The level kernel for `kind`. `dtype` is the column's dtype (it picks the order key for
 * min/max); `input` is that dtype at level 0 and 'state' afterwards.
 */
export function levelShader(kind: StageKind, dtype: DTypeName, input: DTypeName | 'state', withValidity: boolean): ShaderSpec {
  const S = stateType(kind);
  const T = inputType(kind, input);
  let b = 2;
  const xDecl = T ? `@group(0) @binding(${b++}) var<storage, read> X: array<${T}>;` : '';
  const vDecl = withValidity ? `@group(0) @binding(${b++}) var<storage, read> V: array<u32>;` : '';
  const validTest = withValidity ? ' && ((V[e >> 5u] >> (e & 31u)) & 1u) == 1u' : '';
  const code = /* wgsl */ `
// reduce level (${kind}, ${input}${withValidity ? ', validity' : ''}): thread i folds elements
// ${FAN_IN}i .. ${FAN_IN}i+${FAN_IN - 1} in order into one state; see kernels/reduce/reduce-wgsl.ts.
struct Params { n: u32, out_off: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> O: array<${S}>;
${xDecl}
${vDecl}
${helpers(kind)}
fn load(i: u32) -> ${S} { ${loadBody(kind, input)} }
fn combine(a: ${S}, b: ${S}) -> ${S} { ${combineBody(kind, dtype)} }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i * ${FAN_IN}u >= P.n) { return; }
  var acc = ${S}();
  for (var j = 0u; j < ${FAN_IN}u; j = j + 1u) {
    let e = i * ${FAN_IN}u + j;
    if (e < P.n${validTest}) { acc = combine(acc, load(e)); }
  }
  O[P.out_off + i] = acc;
}`;
  return { label: `reduce/${kind}-${input}${withValidity ? '-v' : ''}`, code };
}

const NAN_WORDS = (d: DTypeName) => (d === 'float32' ? 'R[0] = 0x7fc00000u;' : 'R[0] = 0u; R[1] = 0x7ff80000u;');

function finalBody(op: ReduceOp, dtype: DTypeName, withCount: boolean): string {
  const w = wide(dtype);
  switch (op) {
    case 'count':
      return withCount ? 'let c = C[0]; R[0] = c.x; R[1] = c.y; F[0] = 1u;' : 'R[0] = P.n_lo; R[1] = P.n_hi; F[0] = 1u;';
    case 'sum': {
      if (dtype === 'float32' || dtype === 'float64') return 'let v = S[0]; R[0] = v.x; R[1] = v.y; F[0] = 1u;';
      const signed = dtype === 'int32' || dtype === 'int64';
      const fits = signed ? 'let e = select(0u, 0xffffffffu, (v.y >> 31u) == 1u); let fits = v.z == e && v.w == e;' : 'let fits = v.z == 0u && v.w == 0u;';
      return `let v = S[0]; ${fits} R[0] = v.x; R[1] = v.y; F[0] = select(0u, 1u, fits);`;
    }
    case 'mean': {
      const sum = dtype === 'float32' || dtype === 'float64' ? 'S[0]' : 'f64_from_i128(S[0])';
      const cnt = withCount ? 'C[0]' : 'vec4<u32>(P.n_lo, P.n_hi, 0u, 0u)';
      return `let c = ${cnt};
  if ((c.x | c.y | c.z | c.w) == 0u) { R[0] = 0u; R[1] = 0x7ff80000u; F[0] = 0u; return; }
  let m = f64_div(${sum}, f64_from_i128(c)); R[0] = m.x; R[1] = m.y; F[0] = 1u;`;
    }
    default: {
      const isF = dtype === 'float32' || dtype === 'float64';
      const write = w ? 'R[0] = v.x; R[1] = v.y;' : 'R[0] = v.x;';
      const none = isF ? NAN_WORDS(dtype) : w ? 'R[0] = 0u; R[1] = 0u;' : 'R[0] = 0u;';
      return `let v = S[0];
  if (v.z == 2u) { ${write} F[0] = 1u; return; }
  if (v.z == 1u) { ${NAN_WORDS(dtype)} F[0] = 1u; return; }
  ${none} F[0] = 0u;`;
    }
  }
}

/** The main reduction kind an op needs (undefined for count, which needs only the count). */
export function mainKind(op: ReduceOp, dtype: DTypeName): StageKind | undefined {
  if (op === 'count') return undefined;
  if (op === 'min' || op === 'max') return op;
  return dtype === 'float32' || dtype === 'float64' ? 'fsum' : 'isum';
}

/** The final one-thread kernel. `withMain`: binds S; `withCount`: binds C (a count state). */
export function finalShader(op: ReduceOp, dtype: DTypeName, withMain: boolean, withCount: boolean): ShaderSpec {
  const kind = mainKind(op, dtype);
  let b = 3;
  const sDecl = withMain && kind ? `@group(0) @binding(${b++}) var<storage, read> S: array<${stateType(kind)}>;` : '';
  const cDecl = withCount ? `@group(0) @binding(${b++}) var<storage, read> C: array<vec4<u32>>;` : '';
  const code = /* wgsl */ `
// reduce final (${op}, ${dtype}): one thread turns the last state into the result words and
// a validity word (1 valid; 0 null, or for an integer sum: the exact sum does not fit).
struct Params { n_lo: u32, n_hi: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> R: array<u32>;
@group(0) @binding(2) var<storage, read_write> F: array<u32>;
${sDecl}
${cDecl}
${op === 'mean' ? SOFT_F64_WGSL : ''}
@compute @workgroup_size(1)
fn main() {
  _ = P.n_lo; // keeps binding 0 in the layout for ops that do not read it
  ${finalBody(op, dtype, withCount)}
}`;
  return { label: `reduce/final-${op}-${dtype}${withCount ? '-c' : ''}`, code };
}
