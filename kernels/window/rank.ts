/**
 * Ranks from a sorted column (Polars `rank`): given the column's values in sorted order
 * (stable sort, nulls last), the permutation that sorted it, and the sorted validity, write
 * each valid row's rank at its original position. Ties are runs of equal values (for
 * floats, -0 equals +0 and NaN equals NaN). Methods, with 1-based positions s..e of the tie run:
 * 'average' → (s + e) / 2 as float64; 'min' → s; 'max' → e; 'dense' → the run's number;
 * 'ordinal' → the row's own position (ties in input order). Null rows get rank 0 bits
 * (the caller marks them null).
 *
 * GPU, three passes plus a scan:
 * 1. `window/rank-flags`: S[i] = 1 where a valid sorted row starts a tie run; D = S.
 * 2. D is scanned inclusively (D[i] = the run's 1-based number).
 * 3. `window/rank-bounds`: each run's first and last position go to GS and GE.
 * 4. `window/rank-write`: each valid sorted row writes its rank at O[perm[i]].
 * Limit: the column must fit one storage binding (the scan is chunked, the rest is not).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, WG } from '../runner.js';
import { expectValidity } from '../gather/gather.js';
import { recordScanU32 } from '../scan/scan.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { WINDOW_DTYPES } from './cumulative.js';

export type RankMethod = 'average' | 'min' | 'max' | 'dense' | 'ordinal';
export const RANK_METHODS: readonly RankMethod[] = ['average', 'min', 'max', 'dense', 'ordinal'];

function eqFragment(d: DTypeName): string {
  const wide = dtypeInfo(d).bytes === 8;
  const load = wide ? 'fn load(i: u32) -> vec2<u32> { return vec2<u32>(X[2u * i], X[2u * i + 1u]); }' : 'fn load(i: u32) -> vec2<u32> { return vec2<u32>(X[i], 0u); }';
  let norm = 'fn norm(v: vec2<u32>) -> vec2<u32> { return v; }';
  if (d === 'float64') norm = `fn norm(v: vec2<u32>) -> vec2<u32> {
  let hi = v.y & 0x7fffffffu;
  if (hi > 0x7ff00000u || (hi == 0x7ff00000u && v.x != 0u)) { return vec2<u32>(0u, 0x7ff80000u); }
  if (hi == 0u && v.x == 0u) { return vec2<u32>(0u, 0u); }
  return v;
}`;
  if (d === 'float32') norm = `fn norm(v: vec2<u32>) -> vec2<u32> {
  let a = v.x & 0x7fffffffu;
  if (a > 0x7f800000u) { return vec2<u32>(0x7fc00000u, 0u); }
  if (a == 0u) { return vec2<u32>(0u, 0u); }
  return v;
}`;
  return `${load}\n${norm}\nfn same(i: u32, j: u32) -> bool { return all(norm(load(i)) == norm(load(j))); }`;
}

const PARAMS = 'struct Params { n: u32, hasV: u32, method: u32, p: u32 }\n@group(0) @binding(0) var<uniform> P: Params;';
const VALID = 'fn ok(i: u32) -> bool { return P.hasV == 0u || ((V[i >> 5u] >> (i & 31u)) & 1u) == 1u; }';
const HEAD = `let i = gid.x + gid.y * nwg.x * ${WG}u;\n  if (i >= P.n || !ok(i)) { return; }`;
const MAIN = `@compute @workgroup_size(${WG})\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {`;

function flagsShader(d: DTypeName) {
  return {
    label: `window/rank-flags-${d}`,
    code: /* wgsl */ `
// window/rank-flags: S[i] = D[i] = 1 where valid sorted row i starts a run of equal values.
// Bindings: 1 X (sorted values), 2 V (sorted validity), 3 S, 4 D.
${PARAMS}
@group(0) @binding(1) var<storage, read> X: array<u32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> S: array<u32>;
@group(0) @binding(4) var<storage, read_write> D: array<u32>;
${eqFragment(d)}
${VALID}
${MAIN}
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P.n) { return; }
  var f = 0u;
  if (ok(i) && (i == 0u || !same(i, i - 1u))) { f = 1u; }
  S[i] = f;
  D[i] = f;
}`,
  };
}

const BOUNDS = {
  label: 'window/rank-bounds',
  code: /* wgsl */ `
// window/rank-bounds: run g = D[i] - 1 starts at GS[g] and ends at GE[g] (sorted positions).
// Bindings: 1 V (sorted validity), 2 S (run starts), 3 D (run numbers), 4 GS, 5 GE.
${PARAMS}
@group(0) @binding(1) var<storage, read> V: array<u32>;
@group(0) @binding(2) var<storage, read> S: array<u32>;
@group(0) @binding(3) var<storage, read> D: array<u32>;
@group(0) @binding(4) var<storage, read_write> GS: array<u32>;
@group(0) @binding(5) var<storage, read_write> GE: array<u32>;
${VALID}
${MAIN}
  ${HEAD}
  let g = D[i] - 1u;
  if (S[i] == 1u) { GS[g] = i; }
  if (i + 1u == P.n || !ok(i + 1u) || S[i + 1u] == 1u) { GE[g] = i; }
}`,
};

const WRITE = {
  label: 'window/rank-write',
  code: /* wgsl */ `
// window/rank-write: O[perm[i]] = the rank of valid sorted row i by method
// (0 average as float64 bits, 1 min, 2 max, 3 dense, 4 ordinal as u32).
// Bindings: 1 V, 2 D, 3 GS, 4 GE, 5 PERM, 6 O.
${PARAMS}
@group(0) @binding(1) var<storage, read> V: array<u32>;
@group(0) @binding(2) var<storage, read> D: array<u32>;
@group(0) @binding(3) var<storage, read> GS: array<u32>;
@group(0) @binding(4) var<storage, read> GE: array<u32>;
@group(0) @binding(5) var<storage, read> PERM: array<u32>;
@group(0) @binding(6) var<storage, read_write> O: array<u32>;
${SOFT_F64_WGSL}
${VALID}
${MAIN}
  ${HEAD}
  let g = D[i] - 1u;
  let s = GS[g];
  let e = GE[g];
  let row = PERM[i];
  switch (P.method) {
    case 0u: {
      // (s + 1 + e + 1) / 2, exact: an integer below 2^33 over 2.
      let twice = f64_from_i128(vec4<u32>(s + e + 2u, select(0u, 1u, s + e + 2u < s), 0u, 0u));
      let r = f64_div(twice, vec2<u32>(0u, 0x40000000u));
      O[2u * row] = r.x;
      O[2u * row + 1u] = r.y;
    }
    case 1u: { O[row] = s + 1u; }
    case 2u: { O[row] = e + 1u; }
    case 3u: { O[row] = g + 1u; }
    default: { O[row] = i + 1u; }
  }
}`,
};

function rankGpu(ctx: GpuContext, sorted: DataBuffer, perm: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, method: RankMethod): DataBuffer {
  const n = sorted.length;
  const outType: DTypeName = method === 'average' ? 'float64' : 'uint32';
  const rec = new Recorder(ctx);
  const outBytes = n * dtypeInfo(outType).bytes;
  const out = rec.output(outBytes);
  rec.clear(out, 0, Math.ceil(outBytes / 4) * 4);
  if (n > 0) {
    const S = rec.temp(n * 4);
    const D = rec.temp(n * 4);
    const GS = rec.temp(n * 4);
    const GE = rec.temp(n * 4);
    const V = validity ? validity.deviceBuffer(ctx, 'rank') : rec.temp(4);
    const u = new Uint32Array([n, validity ? 1 : 0, RANK_METHODS.indexOf(method), 0]);
    rec.dispatch(flagsShader(sorted.dtype), u, [sorted.deviceBuffer(ctx, 'rank'), V, S, D], groups(n));
    recordScanU32(rec, D, n, true);
    rec.dispatch(BOUNDS, u, [V, S, D, GS, GE], groups(n));
    rec.dispatch(WRITE, u, [V, D, GS, GE, perm.deviceBuffer(ctx, 'rank'), out], groups(n));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, outType, n, out);
}

function rankCpu(sorted: DataBuffer, perm: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, method: RankMethod): DataBuffer {
  const n = sorted.length;
  const x = sorted.hostView('rank') as ArrayLike<number | bigint>;
  const p = perm.hostView('rank') as Uint32Array;
  const bits = validity?.hostView('rank') as Uint8Array | undefined;
  const ok = (i: number) => !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
  const isF = sorted.dtype === 'float32' || sorted.dtype === 'float64';
  const same = (a: number | bigint, b: number | bigint) => a === b || (isF && Number.isNaN(a) && Number.isNaN(b));
  const out = method === 'average' ? new Float64Array(n) : new Uint32Array(n);
  let g = 0;
  for (let s = 0; s < n && ok(s); ) {
    let e = s;
    while (e + 1 < n && ok(e + 1) && same(x[e + 1]!, x[s]!)) e++;
    g++;
    for (let i = s; i <= e; i++) {
      out[p[i]!] = method === 'average' ? (s + e + 2) / 2 : method === 'min' ? s + 1 : method === 'max' ? e + 1 : method === 'dense' ? g : i + 1;
    }
    s = e + 1;
  }
  return DataBuffer.fromHost(out, method === 'average' ? 'float64' : 'uint32');
}

export const rankKernel = defineKernel({
  name: 'window/rank',
  dtypes: WINDOW_DTYPES,
  tolerance: EXACT,
  nulls: 'Nulls sort last and take no rank (0 bits here; the caller keeps the input bitmap, so their rank is null, as Polars).',
  cpu: (sorted: DataBuffer, perm: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, method: RankMethod) => rankCpu(sorted, perm, validity, method),
  gpu: (ctx, sorted: DataBuffer, perm: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, method: RankMethod) => rankGpu(ctx, sorted, perm, validity, method),
});

/**
 * Ranks, at the original positions, from a column's values in stable sorted order (nulls
 * last), the permutation that sorted them, and the sorted validity (see the module header).
 * float64 for 'average', uint32 otherwise.
 *
 * @example
 * ```ts
 * // values [30, 10, 30] sorted: [10, 30, 30] by perm [1, 0, 2]
 * const r = gf.kernels.rankSorted(gf.array(new Float64Array([10, 30, 30])), gf.array(new Uint32Array([1, 0, 2])), 'average');
 * await r.toArray(); // Float64Array [2.5, 1, 2.5]
 * ```
 */
export function rankSorted(sorted: DataBuffer, perm: DataBuffer<'uint32'>, method: RankMethod, options: { validity?: DataBuffer<'uint8'> } = {}): DataBuffer {
  expectBuffer('rankSorted', sorted, 'sorted');
  expectDType('rank', sorted.dtype, WINDOW_DTYPES);
  expectDType('rank permutation', perm.dtype, ['uint32']);
  if (perm.length !== sorted.length) throw new ShapeError(`rank: expected a permutation of ${sorted.length} rows, got ${perm.length}`);
  if (!RANK_METHODS.includes(method)) throw new ValueError(`rank: expected method ${RANK_METHODS.join(' | ')}, got '${String(method)}'`);
  expectValidity('rank', options.validity, sorted.length);
  return run(rankKernel, sorted, perm, options.validity, method);
}
