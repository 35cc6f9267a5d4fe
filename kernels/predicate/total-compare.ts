/**
 * The comparison rule of frame expressions and predicates (Polars'): a total order on
 * numbers in which every NaN equals every NaN and is greater than every number, +Inf
 * included, and -0 equals +0. Sort, join, unique, groupBy and isIn already treat NaN this
 * way, so `filter(a == b)` and a join on a = b select the same pairs.
 *
 * (The raw elementwise kernel ../map/map.ts `compare` keeps numpy's IEEE rule, where a
 * comparison with NaN is false; frames never use it for user comparisons.)
 *
 * - `totalCompareBody(op, d)`: a WGSL function body `(x, y) -> bool` over raw bits, built on
 *   the order keys of ../wgsl/order.ts (every NaN maps to the largest key); -0 is read as +0
 *   first, so equal keys are exactly the equal values.
 * - `totalCompare(op, x, y)`: the same rule on JS numbers or bigints (the CPU twins).
 * - `compareTotalCpu(a, b, op)`: a column against a column or a scalar, as a bool mask.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type DTypeName } from '../../src/dtypes.js';
import { keyFn } from '../wgsl/order.js';
import type { CompareOp } from '../map/map.js';

/** WGSL body of `fn(x, y) -> bool` for `x op y` under the total order (needs ORDER_WGSL). */
export function totalCompareBody(op: CompareOp, d: DTypeName): string {
  const k = keyFn(d);
  const w = dtypeInfo(d).bytes === 8;
  let pre: string;
  if (d === 'float32') pre = 'let a = select(x, 0u, x == 0x80000000u); let b = select(y, 0u, y == 0x80000000u);';
  else if (d === 'float64') pre = 'let a = select(x, vec2<u32>(0u, 0u), (x.x == 0u) & (x.y == 0x80000000u)); let b = select(y, vec2<u32>(0u, 0u), (y.x == 0u) & (y.y == 0x80000000u));';
  else pre = 'let a = x; let b = y;';
  const ka = `${k}(a)`;
  const kb = `${k}(b)`;
  const lt = (p: string, q: string) => (w ? `lt64(${p}, ${q})` : `${p} < ${q}`);
  const eq = w ? `all(${ka} == ${kb})` : `${ka} == ${kb}`;
  const expr = { eq, ne: `!(${eq})`, lt: lt(ka, kb), gt: lt(kb, ka), le: `!(${lt(kb, ka)})`, ge: `!(${lt(ka, kb)})` }[op];
  return `${pre} return ${expr};`;
}

/** -1, 0 or 1: x against y in the total order (NaN equal to NaN and above every number; -0 == +0). */
export function totalOrder(x: number | bigint, y: number | bigint): number {
  // eslint-disable-next-line no-self-compare
  const xn = x !== x, yn = y !== y;
  if (xn || yn) return xn && yn ? 0 : xn ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `x op y` under the total order. */
export function totalCompare(op: CompareOp | string, x: number | bigint, y: number | bigint): boolean {
  const c = totalOrder(x, y);
  switch (op) {
    case 'eq': return c === 0;
    case 'ne': return c !== 0;
    case 'lt': return c < 0;
    case 'le': return c <= 0;
    case 'gt': return c > 0;
    default: return c >= 0;
  }
}

/** CPU: `a[i] op b[i]` (or `a[i] op b` for a scalar b in a's domain) as a bool mask. */
export function compareTotalCpu(a: DataBuffer, b: DataBuffer | number | bigint, op: CompareOp): DataBuffer<'bool'> {
  const n = a.length;
  const x = a.hostView('filter') as ArrayLike<number | bigint>;
  const out = new Uint8Array(n);
  if (b instanceof DataBuffer) {
    const y = b.hostView('filter') as ArrayLike<number | bigint>;
    for (let i = 0; i < n; i++) out[i] = totalCompare(op, x[i]!, y[i]!) ? 1 : 0;
  } else {
    const wide = dtypeInfo(a.dtype).bytes === 8 && a.dtype !== 'float64';
    const y = wide ? BigInt(b) : Number(b);
    for (let i = 0; i < n; i++) out[i] = totalCompare(op, x[i]!, y) ? 1 : 0;
  }
  return DataBuffer.fromHost(out, 'bool');
}
