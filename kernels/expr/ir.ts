/**
 * The bound expression IR that the fused expression kernel (./expr.ts) and its CPU twin
 * (./expr-cpu.ts) evaluate. The frame binder (frame/bind-expr.ts) produces it from a user
 * expression: column names are already input indices, every literal is a slot in one
 * literal table (uploaded as a small storage buffer, never written into shader text), and
 * every operand already has the type its op works in (the binder inserts the casts).
 *
 * Value types on the device: 'bool' is a WGSL bool; 32-bit types are u32 bits; 64-bit
 * types are vec2<u32> (low word first), exactly as their host bytes upload.
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import type { CompareOp } from '../map/map.js';

export type { CompareOp };

/** The types an expression node can have. */
export type VType = 'bool' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

/** Binary arithmetic, operands and result of one type (except the float-only ops). */
export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'floorDiv' | 'mod' | 'pow' | 'atan2';

/** Elementwise functions of one operand, result of the operand's type. */
export type MathOp = 'neg' | 'abs' | 'floor' | 'ceil' | 'round' | 'sqrt' | 'exp' | 'log' | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan';

/** How a cast treats values that do not fit: fail (status bit), become null, or wrap (internal, known to fit). */
export type CastMode = 'strict' | 'null' | 'wrap';

export type ENode =
  /** A column's values (utf8 columns: their uint32 codes; bool: one byte per row). */
  | { k: 'col'; input: number; t: VType }
  /** A valid literal: slot `slot` of the literal table, in type t. */
  | { k: 'lit'; slot: number; t: VType }
  /** A null of type t. */
  | { k: 'null'; t: VType }
  | { k: 'arith'; op: ArithOp; a: ENode; b: ENode; t: VType }
  | { k: 'math'; op: MathOp; a: ENode; t: VType }
  | { k: 'cmp'; op: CompareOp; a: ENode; b: ENode }
  | { k: 'and' | 'or'; a: ENode; b: ENode }
  | { k: 'not'; a: ENode }
  | { k: 'isNull' | 'isNotNull'; a: ENode }
  | { k: 'cast'; a: ENode; t: VType; mode: CastMode }
  /** a where a is valid, else b. */
  | { k: 'fillNull'; a: ENode; b: ENode; t: VType }
  /** a where c is true, else b (a null condition takes b, as Polars). */
  | { k: 'when'; c: ENode; a: ENode; b: ENode; t: VType }
  /** a ∈ literal slots [start, start + count), count itself held in slot `countSlot`. */
  | { k: 'isIn'; a: ENode; start: number; countSlot: number }
  /** Dictionary recoding: the uint32 code a read through the table in literal slots [start, ...). */
  | { k: 'remap'; a: ENode; start: number }
  /**
   * Civil date part of int64 days since 1970-01-01 (proleptic Gregorian), as int32.
   * `checked`: the days may give a year beyond int32 (timestamps in seconds), so the year is
   * range-checked (status bit STATUS_DOMAIN).
   */
  | { k: 'civil'; part: 'year' | 'month' | 'day'; a: ENode; checked: boolean };

/** A literal table entry: a value in its slot type. */
export type LitValue = { t: VType; value: number | bigint | boolean };

export interface ExprInput {
  /** Values: a word dtype, or 'bool' (one byte per row). */
  data: DataBuffer;
  validity?: DataBuffer<'uint8'>;
}

/** A bound expression ready to run. */
export interface ExprProgram {
  tree: ENode;
  inputs: readonly ExprInput[];
  literals: readonly LitValue[];
}

/** Status bits a run can raise (read by the verbs that check them). */
export const STATUS_CAST = 1;
export const STATUS_DOMAIN = 2;

/** The node's type. */
export function typeOf(n: ENode): VType {
  switch (n.k) {
    case 'cmp':
    case 'and':
    case 'or':
    case 'not':
    case 'isNull':
    case 'isNotNull':
    case 'isIn':
      return 'bool';
    case 'civil':
      return 'int32';
    case 'remap':
      return 'uint32';
    default:
      return n.t;
  }
}

/** The children of a node, in evaluation order. */
export function children(n: ENode): ENode[] {
  switch (n.k) {
    case 'col':
    case 'lit':
    case 'null':
      return [];
    case 'arith':
    case 'cmp':
    case 'and':
    case 'or':
    case 'fillNull':
      return [n.a, n.b];
    case 'when':
      return [n.c, n.a, n.b];
    default:
      return [n.a];
  }
}

const INT_RANGE: Partial<Record<VType, [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** Whether a cast from `from` to `to` can meet a value that does not fit. */
export function castCanFail(from: VType, to: VType): boolean {
  const r = INT_RANGE[to];
  if (!r) return false;
  if (from === 'bool') return false;
  const s = INT_RANGE[from];
  if (!s) return true; // float → int
  return s[0] < r[0] || s[1] > r[1];
}

/** The integer range of an integer type (undefined for others). */
export function intRange(t: VType): [bigint, bigint] | undefined {
  return INT_RANGE[t];
}

/** Whether any node of the tree can raise a status bit (strict casts, domain checks). */
export function canFail(n: ENode): boolean {
  if (n.k === 'cast' && n.mode === 'strict' && castCanFail(typeOf(n.a), n.t)) return true;
  if (n.k === 'math' && (n.op === 'sin' || n.op === 'cos' || n.op === 'tan')) return true;
  if (n.k === 'civil' && n.checked) return true;
  return children(n).some(canFail);
}

/** Whether the node can be null on some row (conservative): decides if a validity bitmap is written. */
export function nullable(n: ENode, inputs: readonly ExprInput[]): boolean {
  switch (n.k) {
    case 'col': return inputs[n.input]!.validity !== undefined;
    case 'lit': return false;
    case 'null': return true;
    case 'isNull':
    case 'isNotNull': return false;
    case 'arith': return nullable(n.a, inputs) || nullable(n.b, inputs) || ((n.op === 'floorDiv' || n.op === 'mod') && n.t !== 'float32' && n.t !== 'float64');
    case 'cast': return nullable(n.a, inputs) || (n.mode === 'null' && castCanFail(typeOf(n.a), n.t));
    case 'fillNull': return nullable(n.a, inputs) && nullable(n.b, inputs);
    case 'when': return nullable(n.a, inputs) || nullable(n.b, inputs);
    default: return children(n).some((c) => nullable(c, inputs));
  }
}
