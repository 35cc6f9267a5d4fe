/** CPU twin of ./predicate.ts: the same Kleene evaluation, vectorised node by node. */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { compareTotalCpu } from './total-compare.js';
import type { PNode, PredicateInput } from './predicate.js';

interface Val {
  v: Uint8Array;
  m: Uint8Array;
}

function validBytes(inp: PredicateInput, n: number): Uint8Array {
  const m = new Uint8Array(n);
  if (!inp.validity) return m.fill(1);
  const bits = inp.validity.hostView('filter') as Uint8Array;
  for (let i = 0; i < n; i++) m[i] = (bits[i >> 3]! >> (i & 7)) & 1;
  return m;
}

function evalNode(node: PNode, inputs: readonly PredicateInput[], n: number, valid: (i: number) => Uint8Array): Val {
  switch (node.k) {
    case 'cmpLit': {
      const r = compareTotalCpu(inputs[node.input]!.data, node.value, node.op);
      return { v: r.hostView('filter') as Uint8Array, m: valid(node.input) };
    }
    case 'cmpCol': {
      const r = compareTotalCpu(inputs[node.a]!.data, inputs[node.b]!.data, node.op);
      const ma = valid(node.a), mb = valid(node.b);
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) m[i] = ma[i]! & mb[i]!;
      return { v: r.hostView('filter') as Uint8Array, m };
    }
    case 'bool': {
      const d = inputs[node.input]!.data.hostView('filter') as Uint8Array;
      const v = new Uint8Array(n);
      for (let i = 0; i < n; i++) v[i] = d[i] !== 0 ? 1 : 0;
      return { v, m: valid(node.input) };
    }
    case 'const': {
      const m = new Uint8Array(n).fill(1);
      for (const i of node.inputs) {
        const mi = valid(i);
        for (let r = 0; r < n; r++) m[r]! &= mi[r]!;
      }
      return { v: new Uint8Array(n).fill(node.value ? 1 : 0), m };
    }
    case 'and':
    case 'or': {
      const l = evalNode(node.l, inputs, n, valid);
      const r = evalNode(node.r, inputs, n, valid);
      const v = new Uint8Array(n);
      const m = new Uint8Array(n);
      const isAnd = node.k === 'and';
      for (let i = 0; i < n; i++) {
        const lv = l.v[i]!, lm = l.m[i]!, rv = r.v[i]!, rm = r.m[i]!;
        const decided = isAnd ? (lm && !lv) || (rm && !rv) : (lm && lv) || (rm && rv);
        m[i] = decided || (lm && rm) ? 1 : 0;
        v[i] = isAnd ? lv & rv : lv | rv;
      }
      return { v, m };
    }
    case 'not': {
      const a = evalNode(node.a, inputs, n, valid);
      const v = new Uint8Array(n);
      for (let i = 0; i < n; i++) v[i] = a.v[i] ? 0 : 1;
      return { v, m: a.m };
    }
    case 'isNull':
    case 'isNotNull': {
      const a = evalNode(node.a, inputs, n, valid);
      const v = new Uint8Array(n);
      for (let i = 0; i < n; i++) v[i] = node.k === 'isNull' ? 1 - a.m[i]! : a.m[i]!;
      return { v, m: new Uint8Array(n).fill(1) };
    }
  }
}

export function predicateCpu(tree: PNode, inputs: readonly PredicateInput[], n: number): DataBuffer<'bool'> {
  const cache = new Map<number, Uint8Array>();
  const valid = (i: number): Uint8Array => {
    let m = cache.get(i);
    if (!m) cache.set(i, (m = validBytes(inputs[i]!, n)));
    return m;
  };
  const r = evalNode(tree, inputs, n, valid);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = r.v[i]! & r.m[i]!;
  return DataBuffer.fromHost(out, 'bool');
}
