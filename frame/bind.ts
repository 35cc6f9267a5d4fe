/**
 * Bind a pure predicate (comparisons of columns with literals or columns, Kleene logic, null
 * tests) to the predicate kernel (kernels/predicate): column names become input indices,
 * literals move into each column's domain (see kernels/predicate/literal.ts). General
 * expressions bind through ./bind-expr.ts to the fused expression kernel.
 */
import { DTypeError, ValueError } from '../src/errors.js';
import type { Column } from '../src/column/column.js';
import type { DTypeName } from '../src/dtypes.js';
import { normalizeLiteral, normalizeString } from '../kernels/predicate/literal.js';
import type { PNode, PredicateInput } from '../kernels/predicate/predicate.js';
import type { CompareOp, ExprNode } from './expr.js';

export interface Bound {
  tree: PNode;
  inputs: PredicateInput[];
}

const FLIP: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const NUMERIC: DTypeName[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'];

/** Resolve `expr` against columns looked up by `lookup` (which throws ColumnNotFoundError). */
export function bindPredicate(expr: ExprNode, lookup: (name: string) => Column): Bound {
  const inputs: PredicateInput[] = [];
  const index = new Map<string, number>();
  const columns: Column[] = [];
  const input = (name: string): number => {
    let i = index.get(name);
    if (i === undefined) {
      const c = lookup(name);
      i = inputs.push({ data: c.data, validity: c.validity }) - 1;
      columns.push(c);
      index.set(name, i);
    }
    return i;
  };
  const bind = (n: ExprNode): PNode => {
    switch (n.kind) {
      case 'col': {
        const i = input(n.name);
        if (columns[i]!.type !== 'bool') throw new DTypeError(`filter: expected a boolean expression, got column '${n.name}' of type ${columns[i]!.type}`);
        return { k: 'bool', input: i };
      }
      case 'lit':
        if (typeof n.value !== 'boolean') throw new DTypeError(`filter: expected a boolean expression, got the literal ${String(n.value)}`);
        return { k: 'const', value: n.value, inputs: [] };
      case 'and':
      case 'or':
        return { k: n.kind, l: bind(n.left), r: bind(n.right) };
      case 'not':
        return { k: 'not', a: bind(n.arg) };
      case 'isNull':
      case 'isNotNull': {
        if (n.arg.kind !== 'col') return { k: n.kind, a: bind(n.arg) };
        const i = input(n.arg.name);
        // A null test on a column reads only its validity.
        return { k: n.kind, a: { k: 'const', value: true, inputs: [i] } };
      }
      case 'cmp':
        return bindCompare(n.op, n.left, n.right);
      default:
        throw new ValueError(`filter: expected comparisons, boolean logic and null tests here, got ${n.kind} (use frame/bind-expr.ts)`);
    }
  };
  const bindCompare = (op: CompareOp, left: ExprNode, right: ExprNode): PNode => {
    if (left.kind === 'lit' && right.kind === 'col') return bindCompare(FLIP[op], right, left);
    if (left.kind !== 'col') throw new ValueError(`filter: expected a column on one side of a comparison, got ${left.kind} ${op} ${right.kind}`);
    const i = input(left.name);
    const c = columns[i]!;
    if (right.kind === 'col') {
      const j = input(right.name);
      const d = columns[j]!;
      if (c.kernelType !== d.kernelType || c.kernelType === 'utf8' || c.type === 'bool') {
        throw new DTypeError(`filter: expected two numeric columns of one dtype to compare, got '${left.name}' ${c.type} and '${right.name}' ${d.type}`);
      }
      return { k: 'cmpCol', a: i, b: j, op };
    }
    if (right.kind !== 'lit') throw new ValueError(`filter: expected a column or a literal to compare with, got ${right.kind}`);
    const v = right.value;
    let norm;
    if (c.kernelType === 'utf8') {
      if (typeof v !== 'string') throw new DTypeError(`filter: expected a string literal to compare with utf8 column '${left.name}', got ${typeof v}`);
      norm = normalizeString(c.dictionary!, op, v);
    } else if (c.type === 'bool') {
      if (typeof v !== 'boolean' || (op !== 'eq' && op !== 'ne')) throw new DTypeError(`filter: expected == or != with a boolean literal for bool column '${left.name}', got ${op} ${typeof v}`);
      const want = (op === 'eq') === v;
      return want ? { k: 'bool', input: i } : { k: 'not', a: { k: 'bool', input: i } };
    } else {
      const kt = c.kernelType as DTypeName;
      if (!NUMERIC.includes(kt)) throw new DTypeError(`filter: expected a numeric column, got '${left.name}' of type ${c.type}`);
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new DTypeError(`filter: expected a number literal to compare with ${c.type} column '${left.name}', got ${typeof v}`);
      norm = normalizeLiteral(kt, op, v);
    }
    if ('constant' in norm) return { k: 'const', value: norm.constant, inputs: [i] };
    return { k: 'cmpLit', input: i, op: norm.op, value: norm.value };
  };
  return { tree: bind(expr), inputs };
}
