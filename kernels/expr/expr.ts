/**
 * The fused expression kernel: a bound expression tree (./ir.ts) over several columns,
 * evaluated in ONE generated kernel into one output column (values + validity), or into a
 * 'bool' filter mask (true where the value is true and not null).
 *
 * Codegen (./codegen.ts): the shader text depends only on the tree's shape, its node types
 * and which inputs have nulls. Inputs are bindings by index and literals live in a small
 * storage buffer read by slot, so no user string (a column name, a literal, an isIn list)
 * ever reaches the shader, and new literals reuse the compiled pipeline.
 *
 * Each thread evaluates 32 consecutive rows and writes their values, one validity word (when
 * the result can be null) and, for 'bool' results, 8 words of 4 packed bytes, so no two
 * threads write the same word.
 *
 * Exactness: integer arithmetic is exact and wraps (int64/uint64 on vec2<u32> words, exact
 * 64-bit floor division); float64 + − × ÷, floor/ceil/round, sqrt and every cast are bit for
 * bit the CPU's (software binary64, ../f64); float32 ops are computed in binary64 and rounded
 * once, so they match Math.fround too. exp/log/pow and the trigonometric functions use
 * double-float (../df64) with exact argument reduction: see ./math-wgsl.ts and the registry
 * tolerance. Strict casts that meet a value that does not fit, and sin/cos/tan of
 * |x| ≥ 2^20·π/2 (beyond the reduction), raise a status bit that the verbs turn into an error.
 *
 * Every NaN a float result holds is written as the canonical quiet NaN (both backends).
 *
 * Bindings: 0 = uniforms { n, df64 key }, 1 = literal table (vec2<u32> per slot), then per
 * input its data and (if it has nulls) its validity words, then the output values, the
 * output validity (if nullable), and the status word (if anything can fail). When that is
 * more storage buffers than the device allows per stage (8 at the WebGPU minimum), the
 * inputs are packed (./pack.ts): first every null bitmap into one buffer, and if that is not
 * enough, every input into one buffer, copied window by window; at most 5 storage buffers
 * then, for any number of columns. The shader reads the same bits either way, so results
 * are identical.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { scalarWords } from '../../src/dtypes.js';
import { ShapeError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run } from '../registry.js';
import { groups, Recorder, slice, type Binding, WG } from '../runner.js';
import { ORDER_WGSL } from '../wgsl/order.js';
import { SOFT_F64_WGSL } from '../f64/soft-f64.js';
import { SOFT_F64_MUL_WGSL } from '../f64/soft-f64-mul.js';
import { SOFT_F64_SQRT_WGSL } from '../groupby/soft-f64-sqrt.js';
import { DF64_KEY, DF64_WGSL } from '../df64/df64.js';
import { INT64_WGSL } from './int64-wgsl.js';
import { MUL32_WGSL } from '../wgsl/mul32.js';
import { F64_EXTRA_WGSL } from './f64-extra-wgsl.js';
import { MATH_WGSL } from './math-wgsl.js';
import { hasPacked, InputBinder, inputWgsl, packedRowBytes, packMode, type PackMode } from './pack.js';
import { genNode, wgslType, zeroOf, type Gen } from './codegen.js';
import { canFail, nullable, typeOf, type ExprProgram, type LitValue } from './ir.js';
import { exprCpu, type ExprResult } from './expr-cpu.js';

export type { ExprResult };

const ROWS = 32;

/** The literal table as u32 words, two per slot (at least one slot). */
export function literalWords(literals: readonly LitValue[]): Uint32Array {
  const u = new Uint32Array(Math.max(2, literals.length * 2));
  literals.forEach((l, i) => {
    const [lo, hi] = l.t === 'bool' ? [l.value ? 1 : 0, 0] : scalarWords(l.t, l.value as number | bigint);
    u[2 * i] = lo;
    u[2 * i + 1] = hi;
  });
  return u;
}

/** The generated shader for a program (shape, types and null-ness only). Exported for tests. */
export function exprShader(prog: ExprProgram, mask: boolean, mode: PackMode = 'direct'): { code: string; label: string } {
  const g: Gen = { code: [], fns: new Set(), next: 0, needs: new Set(), inputs: prog.inputs };
  const [rv, rm] = genNode(prog.tree, g);
  const t = typeOf(prog.tree);
  const withValidity = !mask && nullable(prog.tree, prog.inputs);
  const withStatus = canFail(prog.tree);
  const ins = inputWgsl(prog.inputs, mode, 2);
  const decl = ['@group(0) @binding(1) var<storage, read> L: array<vec2<u32>>;', ...ins.decl];
  const loads = ins.loads;
  let b = ins.next;
  const boolOut = mask || t === 'bool';
  decl.push(`@group(0) @binding(${b++}) var<storage, read_write> O: array<${boolOut ? 'u32' : wgslType(t)}>;`);
  if (withValidity) decl.push(`@group(0) @binding(${b++}) var<storage, read_write> OV: array<u32>;`);
  if (withStatus) decl.push(`@group(0) @binding(${b++}) var<storage, read_write> S: array<atomic<u32>>;`);
  const f64 = g.needs.has('f64') || g.needs.has('math');
  const libs = [ORDER_WGSL, INT64_WGSL];
  // SOFT_F64_MUL_WGSL brings mul32_wide, which INT64_WGSL needs; without it, bring it alone.
  if (f64) libs.push(SOFT_F64_WGSL, SOFT_F64_MUL_WGSL, SOFT_F64_SQRT_WGSL, F64_EXTRA_WGSL);
  else libs.push(MUL32_WGSL);
  if (g.needs.has('math')) libs.push(DF64_WGSL, MATH_WGSL);
  const T = wgslType(t);
  const store = boolOut
    ? `if (r.v && r.m) { word = word | (1u << (8u * (k & 3u))); }
    if ((k & 3u) == 3u || row + 1u == P.n) { O[row >> 2u] = word; word = 0u; }`
    : t === 'float64'
      ? `O[row] = select(select(r.v, vec2<u32>(0u, 0x7ff80000u), is_nan_f64(r.v)), ${zeroOf(t)}, !r.m);`
      : t === 'float32'
        ? `O[row] = select(select(r.v, 0x7fc00000u, is_nan_f32(r.v)), 0u, !r.m);`
        : `O[row] = select(${zeroOf(t)}, r.v, r.m);`;
  const code = /* wgsl */ `
// expr/fused: out[row] = tree(inputs[row]) with null propagation; 32 rows per thread.
struct Params { n: u32, key: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<uniform> P: Params;
${decl.join('\n')}
${libs.join('\n')}
${[...g.fns].join('\n')}
struct Out { v: ${T}, m: bool }
fn eval_row(row: u32) -> Out {
  ${loads.join('\n  ')}
  ${g.code.join('\n  ')}
  return Out(${rv}, ${rm});
}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  ${g.needs.has('math') ? 'df64_init(P.key);' : ''}
  _ = L[0];
  let w = gid.x + gid.y * nwg.x * ${WG}u;
  let base = w * ${ROWS}u;
  if (base >= P.n) { return; }
  var bits = 0u;
  var word = 0u;
  for (var k = 0u; k < ${ROWS}u; k = k + 1u) {
    let row = base + k;
    if (row >= P.n) { break; }
    let r = eval_row(row);
    if (r.m) { bits = bits | (1u << k); }
    ${store}
  }
  ${withValidity ? 'OV[w] = bits;' : ''}
}`;
  const packed = mode === 'direct' ? '' : `-packed-${mode}`;
  return { code, label: `${mask ? 'expr/fused-mask' : 'expr/fused'}${packed}` };
}

/**
 * Rows per dispatch: every binding of a window (8 bytes per row at most) fits one storage
 * binding, and windows start at multiples of 2048 rows, so each byte offset (a row's bool, an
 * 8-byte value, a validity byte, an output validity word of 32 rows) is 256-byte aligned.
 */
function windowRows(ctx: GpuContext): number {
  return Math.max(2048, Math.floor(ctx.maxBindingBytes / 8 / 2048) * 2048);
}

/** Storage buffers besides the inputs: literal table, output, output validity, status. */
function fixedBindings(prog: ExprProgram, mask: boolean): number {
  return 2 + (!mask && nullable(prog.tree, prog.inputs) ? 1 : 0) + (canFail(prog.tree) ? 1 : 0);
}

/** How a program's inputs bind on this device (exported for tests). */
export function exprPackMode(ctx: GpuContext, prog: ExprProgram, mask: boolean): PackMode {
  return packMode(prog.inputs, fixedBindings(prog, mask), ctx.maxStorageBuffersPerStage);
}

function exprGpu(ctx: GpuContext, prog: ExprProgram, n: number, mask: boolean): ExprResult {
  const mode = exprPackMode(ctx, prog, mask);
  const { code, label } = exprShader(prog, mask, mode);
  const t = typeOf(prog.tree);
  const withValidity = !mask && nullable(prog.tree, prog.inputs);
  const withStatus = canFail(prog.tree);
  const rec = new Recorder(ctx);
  const lits = literalWords(prog.literals);
  const litBuf = rec.temp(lits.byteLength);
  ctx.device.queue.writeBuffer(litBuf, 0, lits.buffer as ArrayBuffer, lits.byteOffset, lits.byteLength);
  const outDtype = mask ? 'bool' : t;
  const outElem = mask || t === 'bool' ? 1 : t.endsWith('64') ? 8 : 4;
  const out = rec.output(Math.max(4, Math.ceil((n * outElem) / 4) * 4));
  const words = Math.ceil(n / ROWS);
  const vbuf = withValidity ? rec.output(words * 4) : undefined;
  const sbuf = withStatus ? rec.output(4) : undefined;
  if (sbuf) rec.clear(sbuf, 0, 4);
  // One dispatch per window of rows (one in all unless a column outgrows a binding); rows are
  // independent, so each window binds the same rows of every buffer and counts from 0.
  // A packed buffer holds a window of every packed input, so it narrows the window.
  const packedBytes = hasPacked(prog.inputs, mode) ? packedRowBytes(prog.inputs, mode) : 0;
  const per = packedBytes > 0 ? Math.min(windowRows(ctx), Math.max(2048, Math.floor(ctx.maxBindingBytes / packedBytes / 2048) * 2048)) : windowRows(ctx);
  const inputs = new InputBinder(rec, ctx, prog.inputs, mode, Math.min(per, n), 'expr');
  for (let start = 0; start === 0 || start < n; start += per) {
    const count = Math.min(per, n - start);
    const binds: Binding[] = [litBuf, ...inputs.bindings(start, count)];
    binds.push(slice(out, start, count, outElem));
    if (vbuf) binds.push(slice(vbuf, start / ROWS, Math.ceil(count / ROWS), 4));
    if (sbuf) binds.push(sbuf);
    rec.dispatch({ label, code }, new Uint32Array([count, DF64_KEY, 0, 0]), binds, groups(Math.ceil(count / ROWS)));
  }
  rec.submit();
  return {
    values: DataBuffer.fromDevice(ctx, outDtype, n, out),
    validity: vbuf ? DataBuffer.fromDevice(ctx, 'uint8', Math.ceil(n / 8), vbuf) : undefined,
    status: sbuf ? DataBuffer.fromDevice(ctx, 'uint32', 1, sbuf) : undefined,
  };
}

export const exprKernel = defineKernel({
  name: 'expr/fused',
  dtypes: ['bool', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64'],
  tolerance: {
    kind: 'float',
    rel: 1e-12,
    abs: 1e-300,
    note:
      'bit-identical for integers, bools, masks, casts and float64/float32 + − × ÷ floor ceil round sqrt; ' +
      'exp, log, pow, sin, cos, tan, asin, acos, atan, atan2 (double-float with exact argument reduction) within 1e-12 relative of JS Math.* ' +
      '(pow: 1e-12 × max(1, |y·ln x|)); float32 results of those functions within one float32 ulp',
  },
  nulls: 'Nulls propagate through arithmetic, functions, casts and comparisons; Kleene AND/OR; integer floor division and modulo by zero are null; fillNull and when/otherwise pick the other operand (a null condition takes otherwise); a mask is true only where the value is true and not null.',
  cpu: (prog: ExprProgram, n: number, mask: boolean) => exprCpu(prog, n, mask, !mask && nullable(prog.tree, prog.inputs), canFail(prog.tree)),
  gpu: (ctx, prog: ExprProgram, n: number, mask: boolean) => exprGpu(ctx, prog, n, mask),
});

/**
 * Evaluate a bound expression program over `n` rows into one column (values, validity when
 * the result can be null, and a status word when something can fail), or with `mask: true`
 * into a 'bool' mask for filters. Frames call this through `df.withColumns`, `df.eval` and
 * `df.filter`, which bind column names and literals first (frame/bind-expr.ts). Internal.
 */
export function evalExprProgram(prog: ExprProgram, n: number, options: { mask?: boolean } = {}): ExprResult {
  for (const inp of prog.inputs) {
    if (inp.data.length !== n) throw new ShapeError(`expr: expected inputs of ${n} rows, got ${inp.data.length}`);
  }
  return run(exprKernel, prog, n, options.mask ?? false);
}
