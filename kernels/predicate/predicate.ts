/**
 * Fused predicate: a tree of comparisons, Kleene AND/OR/NOT and null tests over several
 * columns, evaluated in ONE generated kernel into a 'bool' mask (null counts as false, as
 * in a Polars filter).
 *
 * Codegen: the shader text depends only on the tree's shape and the inputs' dtypes, and is
 * assembled from fixed fragments (the comparison bodies of ./total-compare.ts and the order
 * keys of ../wgsl/order.ts). Comparisons follow Polars' total order: NaN equals NaN and is
 * greater than every number (+Inf included); -0 equals +0. Inputs are bindings by index;
 * literal values are uniforms. No user string ever reaches the shader. Each thread evaluates 4 rows and writes one packed u32.
 *
 * Bindings: 0 = uniforms { n, lits[32] }, then per input its data and (if it has nulls) its
 * validity words, then the output mask.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, scalarWords, type DTypeName } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, type Binding } from '../runner.js';
import { ORDER_WGSL } from '../wgsl/order.js';
import { maskMain } from '../wgsl/mask.js';
import type { CompareOp } from '../map/map.js';
import { totalCompareBody } from './total-compare.js';
import { predicateCpu } from './predicate-cpu.js';
import { hasPacked, InputBinder, inputWgsl, packedRowBytes, packMode, type PackMode } from '../expr/pack.js';

export interface PredicateInput {
  /** Values: a word dtype, or 'bool' (one byte per row). utf8 columns pass their uint32 codes. */
  data: DataBuffer;
  validity?: DataBuffer<'uint8'>;
}

/** A bound predicate tree: inputs by index, literals already in each column's domain. */
export type PNode =
  | { k: 'cmpLit'; input: number; op: CompareOp; value: number | bigint }
  | { k: 'cmpCol'; a: number; b: number; op: CompareOp }
  | { k: 'bool'; input: number }
  | { k: 'const'; value: boolean; inputs: number[] }
  | { k: 'and' | 'or'; l: PNode; r: PNode }
  | { k: 'not'; a: PNode }
  | { k: 'isNull' | 'isNotNull'; a: PNode };

export const MAX_LITERALS = 32;

const WORD = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64', 'bool'] as const;


interface Gen {
  code: string[];
  fns: Set<string>;
  lits: Array<[number, number]>;
  next: number;
}

function genNode(n: PNode, inputs: readonly PredicateInput[], g: Gen): [string, string] {
  const id = g.next++;
  const v = `v${id}`;
  const m = `m${id}`;
  const valid = (i: number) => (inputs[i]!.validity ? `ok${i}` : 'true');
  switch (n.k) {
    case 'cmpLit': {
      const d = inputs[n.input]!.data.dtype;
      const fn = `cmp_${n.op}_${d}`;
      g.fns.add(`fn ${fn}(x: ${wgslT(d)}, y: ${wgslT(d)}) -> bool { ${totalCompareBody(n.op, d)} }`);
      if (g.lits.length >= MAX_LITERALS) throw new ValueError(`filter: expected at most ${MAX_LITERALS} literals in one predicate, got more`);
      const li = g.lits.push(scalarWords(d, n.value)) - 1;
      const lit = dtypeInfo(d).bytes === 8 ? `P.lits[${li}].xy` : `P.lits[${li}].x`;
      g.code.push(`let ${v} = ${fn}(x${n.input}, ${lit}); let ${m} = ${valid(n.input)};`);
      break;
    }
    case 'cmpCol': {
      const d = inputs[n.a]!.data.dtype;
      const fn = `cmp_${n.op}_${d}`;
      g.fns.add(`fn ${fn}(x: ${wgslT(d)}, y: ${wgslT(d)}) -> bool { ${totalCompareBody(n.op, d)} }`);
      g.code.push(`let ${v} = ${fn}(x${n.a}, x${n.b}); let ${m} = ${valid(n.a)} && ${valid(n.b)};`);
      break;
    }
    case 'bool':
      g.code.push(`let ${v} = x${n.input} != 0u; let ${m} = ${valid(n.input)};`);
      break;
    case 'const':
      g.code.push(`let ${v} = ${n.value}; let ${m} = ${n.inputs.map(valid).join(' && ') || 'true'};`);
      break;
    case 'and':
    case 'or': {
      const [lv, lm] = genNode(n.l, inputs, g);
      const [rv, rm] = genNode(n.r, inputs, g);
      // Kleene: a definite false (AND) or true (OR) on either side decides.
      const decide = n.k === 'and' ? `(${lm} && !${lv}) || (${rm} && !${rv})` : `(${lm} && ${lv}) || (${rm} && ${rv})`;
      g.code.push(`let ${m} = (${decide}) || (${lm} && ${rm}); let ${v} = ${n.k === 'and' ? `${lv} && ${rv}` : `${lv} || ${rv}`};`);
      break;
    }
    case 'not': {
      const [av, am] = genNode(n.a, inputs, g);
      g.code.push(`let ${v} = !${av}; let ${m} = ${am};`);
      break;
    }
    case 'isNull':
    case 'isNotNull': {
      const [, am] = genNode(n.a, inputs, g);
      g.code.push(`let ${v} = ${n.k === 'isNull' ? `!${am}` : am}; let ${m} = true;`);
      break;
    }
  }
  return [v, m];
}

function wgslT(d: DTypeName): string {
  return dtypeInfo(d).bytes === 8 ? 'vec2<u32>' : 'u32';
}

/** The generated shader for a tree over inputs (shape and dtypes only). Exported for tests. */
export function predicateShader(tree: PNode, inputs: readonly PredicateInput[], mode: PackMode = 'direct'): { code: string; lits: Array<[number, number]>; label: string } {
  const g: Gen = { code: [], fns: new Set(), lits: [], next: 0 };
  const [rv, rm] = genNode(tree, inputs, g);
  // Inputs bind one buffer each, or packed when that is more than the device allows (../expr/pack.ts).
  const { decl, loads, next } = inputWgsl(inputs, mode, 1);
  let b = next;
  decl.push(`@group(0) @binding(${b++}) var<storage, read_write> O: array<u32>;`);
  const code = /* wgsl */ `
// predicate/fused: mask[row] = tree(inputs[row]) with Kleene nulls, null -> false; 4 rows per thread.
struct Params { n: u32, p0: u32, p1: u32, p2: u32, lits: array<vec4<u32>, ${MAX_LITERALS}> }
@group(0) @binding(0) var<uniform> P: Params;
${decl.join('\n')}
${ORDER_WGSL}
${[...g.fns].join('\n')}
fn eval_row(row: u32) -> bool {
  ${loads.join('\n  ')}
  ${g.code.join('\n  ')}
  return ${rv} && ${rm};
}
${maskMain('eval_row')}`;
  return { code, lits: g.lits, label: mode === 'direct' ? 'predicate/fused' : `predicate/fused-packed-${mode}` };
}

function predicateGpu(ctx: GpuContext, tree: PNode, inputs: readonly PredicateInput[], n: number): DataBuffer<'bool'> {
  const mode = packMode(inputs, 1, ctx.maxStorageBuffersPerStage);
  const { code, lits, label } = predicateShader(tree, inputs, mode);
  const rec = new Recorder(ctx);
  const out = rec.output(n);
  // Windows of rows (multiples of 2048, so every byte offset is 256-aligned) whose every binding,
  // packed ones included (8 bytes per row at most per input), fits maxBindingBytes.
  const perRow = Math.max(8, hasPacked(inputs, mode) ? packedRowBytes(inputs, mode) : 0);
  const per = Math.max(2048, Math.floor(ctx.maxBindingBytes / perRow / 2048) * 2048);
  const binder = new InputBinder(rec, ctx, inputs, mode, Math.min(per, n), 'filter');
  const u = new Uint32Array(4 + MAX_LITERALS * 4);
  lits.forEach(([lo, hi], i) => {
    u[4 + 4 * i] = lo;
    u[5 + 4 * i] = hi;
  });
  for (let start = 0; start < n; start += per) {
    const count = Math.min(per, n - start);
    const binds: Binding[] = [...binder.bindings(start, count), slice(out, start, count, 1)];
    u[0] = count;
    rec.dispatch({ label, code }, u.slice(), binds, groups(Math.ceil(count / 4)));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'bool', n, out);
}

export const predicateKernel = defineKernel({
  name: 'predicate/fused',
  dtypes: [...WORD],
  tolerance: EXACT,
  nulls: 'Kleene logic: comparisons with a null operand are null; false AND null = false; true OR null = true; the output mask is true only where the predicate is true (null -> false).',
  cpu: (tree: PNode, inputs: readonly PredicateInput[], n: number) => predicateCpu(tree, inputs, n),
  gpu: (ctx, tree: PNode, inputs: readonly PredicateInput[], n: number) => predicateGpu(ctx, tree, inputs, n),
});

/**
 * Evaluate a bound predicate tree over `n` rows into a 'bool' mask. Frames call this through
 * `DataFrame.filter(expr)`, which binds column names and literals first. Internal: `x > 1` over
 * [0.5, 2, 3] gives [0, 1, 1].
 */
export function predicate(tree: PNode, inputs: readonly PredicateInput[], n: number): DataBuffer<'bool'> {
  for (const inp of inputs) {
    if (inp.data.length !== n) throw new ShapeError(`filter: expected inputs of ${n} rows, got ${inp.data.length}`);
  }
  return run(predicateKernel, tree, inputs, n) as DataBuffer<'bool'>;
}
