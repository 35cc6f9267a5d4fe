/**
 * Group boundaries over key columns sorted so that equal keys are adjacent:
 * flag[i] = 1 when row i starts a new group (row 0 always does), i.e. when its key differs
 * from row i-1's in this column or the mask `prev` (the flags of the other key columns) is set.
 *
 * Key equality: bits equal, except that every NaN equals every NaN and -0 equals +0
 * (adjacent after a total-order sort), and a null equals a null (one null group, as Polars).
 * Output: 'bool' (one byte per row); each thread writes 4 rows packed into one u32.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectBuffer } from '../../src/memory/expect-buffer.js';
import { dtypeInfo, expectDType, type DTypeName } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder } from '../runner.js';
import { maskMain } from '../wgsl/mask.js';

const KEY_DTYPES: DTypeName[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'];

function eqFragment(d: DTypeName): string {
  const wide = dtypeInfo(d).bytes === 8;
  if (d === 'float32') return 'fn same(a: u32, b: u32) -> bool { let an = (a & 0x7fffffffu) > 0x7f800000u; let bn = (b & 0x7fffffffu) > 0x7f800000u; if (an || bn) { return an && bn; } return a == b || ((a | b) & 0x7fffffffu) == 0u; }';
  if (d === 'float64') return 'fn isnan(v: vec2<u32>) -> bool { let h = v.y & 0x7fffffffu; return h > 0x7ff00000u || (h == 0x7ff00000u && v.x != 0u); }\nfn same(a: vec2<u32>, b: vec2<u32>) -> bool { if (isnan(a) || isnan(b)) { return isnan(a) && isnan(b); } return all(a == b) || (((a.y | b.y) & 0x7fffffffu) == 0u && (a.x | b.x) == 0u); }';
  return wide ? 'fn same(a: vec2<u32>, b: vec2<u32>) -> bool { return all(a == b); }' : 'fn same(a: u32, b: u32) -> bool { return a == b; }';
}

function shader(d: DTypeName, withValidity: boolean, withPrev: boolean) {
  const T = dtypeInfo(d).bytes === 8 ? 'vec2<u32>' : 'u32';
  const code = /* wgsl */ `
// groupby/boundaries: flag[i] = i == 0 || prev[i] || key[i] != key[i-1] (NaN == NaN, -0 == +0, null == null).
struct Params { n: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> K: array<${T}>;
@group(0) @binding(2) var<storage, read_write> O: array<u32>;
${withValidity ? '@group(0) @binding(3) var<storage, read> V: array<u32>;' : ''}
${withPrev ? `@group(0) @binding(${withValidity ? 4 : 3}) var<storage, read> M: array<u32>;` : ''}
${eqFragment(d)}
fn ok(i: u32) -> bool { ${withValidity ? 'return ((V[i >> 5u] >> (i & 31u)) & 1u) == 1u;' : 'return true;'} }
fn starts(i: u32) -> bool {
  if (i == 0u) { return true; }
  ${withPrev ? 'if (((M[i >> 2u] >> (8u * (i & 3u))) & 0xffu) != 0u) { return true; }' : ''}
  let a = ok(i);
  let b = ok(i - 1u);
  if (a != b) { return true; }
  if (!a) { return false; }
  return !same(K[i], K[i - 1u]);
}
${maskMain('starts')}`;
  return { label: `groupby/boundaries-${d}`, code };
}

function boundariesGpu(ctx: GpuContext, keys: DataBuffer, validity: DataBuffer<'uint8'> | undefined, prev: DataBuffer<'bool'> | undefined): DataBuffer<'bool'> {
  const n = keys.length;
  const rec = new Recorder(ctx);
  const out = rec.output(n);
  const binds = [keys.deviceBuffer(ctx, 'groupBy'), out];
  if (validity) binds.push(validity.deviceBuffer(ctx, 'groupBy'));
  if (prev) binds.push(prev.deviceBuffer(ctx, 'groupBy'));
  rec.dispatch(shader(keys.dtype, !!validity, !!prev), new Uint32Array([n, 0, 0, 0]), binds, groups(Math.ceil(n / 4)));
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'bool', n, out);
}

function boundariesCpu(keys: DataBuffer, validity: DataBuffer<'uint8'> | undefined, prev: DataBuffer<'bool'> | undefined): DataBuffer<'bool'> {
  const n = keys.length;
  const d = keys.dtype;
  const out = new Uint8Array(n);
  const bits = validity?.hostView('groupBy') as Uint8Array | undefined;
  const pm = prev?.hostView('groupBy') as Uint8Array | undefined;
  const ok = (i: number) => !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
  const x = keys.hostView('groupBy');
  const wide = dtypeInfo(d).bytes === 8;
  const w = new Uint32Array(x.buffer, x.byteOffset, n * (wide ? 2 : 1));
  const isF = d === 'float32' || d === 'float64';
  const f = x as Float64Array;
  const same = (i: number, j: number): boolean => {
    if (isF) {
      const a = f[i]!, b = f[j]!;
      if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
      return a === b; // -0 === +0
    }
    return wide ? w[2 * i] === w[2 * j] && w[2 * i + 1] === w[2 * j + 1] : w[i] === w[j];
  };
  for (let i = 0; i < n; i++) {
    if (i === 0 || (pm && pm[i] !== 0)) {
      out[i] = 1;
      continue;
    }
    const a = ok(i), b = ok(i - 1);
    out[i] = a !== b ? 1 : !a ? 0 : same(i, i - 1) ? 0 : 1;
  }
  return DataBuffer.fromHost(out, 'bool');
}

export const boundariesKernel = defineKernel({
  name: 'groupby/boundaries',
  dtypes: KEY_DTYPES,
  tolerance: EXACT,
  nulls: 'A null key equals another null key (one null group, as Polars) and differs from every value.',
  cpu: boundariesCpu,
  gpu: boundariesGpu,
});

/**
 * Flags of rows that start a new group, for keys sorted so equal keys are adjacent. Chain
 * calls over several key columns by passing the previous flags as `prev`.
 *
 * @example
 * ```ts
 * const f = gf.kernels.groupBoundaries(gf.array(new Int32Array([1, 1, 2, 2, 2, 5]))); // bool [1, 0, 1, 0, 0, 1]
 * ```
 */
export function groupBoundaries(keys: DataBuffer, options: { validity?: DataBuffer<'uint8'>; prev?: DataBuffer<'bool'> } = {}): DataBuffer<'bool'> {
  expectBuffer('groupBoundaries', keys, 'keys');
  expectDType('groupBoundaries', keys.dtype, KEY_DTYPES);
  if (options.prev && options.prev.length !== keys.length) throw new ShapeError(`groupBoundaries: expected prev of ${keys.length} rows, got ${options.prev.length}`);
  if (keys.byteLength > 0 && options.validity && options.validity.length < Math.ceil(keys.length / 8)) {
    throw new ShapeError(`groupBoundaries: expected a validity bitmap of ${Math.ceil(keys.length / 8)} bytes, got ${options.validity.length}`);
  }
  return run(boundariesKernel, keys, options.validity, options.prev) as DataBuffer<'bool'>;
}
