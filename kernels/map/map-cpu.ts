/**
 * CPU twins of ./map.ts, over typed arrays. 64-bit integers are processed as (low, high)
 * u32 word pairs with the same carries as the WGSL, so no BigInt is allocated per element.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type DTypeName, type TypedArray } from '../../src/dtypes.js';
import { keyF32, keyF64, keyI32, keyU32 } from '../wgsl/order-cpu.js';
import type { BinaryOp, CompareOp, Scalar, UnaryOp } from './map.js';

const wide = (d: DTypeName) => dtypeInfo(d).bytes === 8;

function words(a: TypedArray): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Unsigned order key as a number (32-bit) or as hi * 2^32 + lo compared pairwise (64-bit). */
function key32(d: DTypeName): (v: number) => number {
  return d === 'float32' ? keyF32 : d === 'int32' ? keyI32 : keyU32;
}

// 64-bit keys as [hi, lo] u32 pairs (see ../wgsl/order.ts).
function key64(d: DTypeName, lo: number, hi: number): [number, number] {
  if (d === 'uint64') return [hi, lo];
  if (d === 'int64') return [(hi ^ 0x80000000) >>> 0, lo];
  // float64
  const isNan = (hi & 0x7fffffff) > 0x7ff00000 || ((hi & 0x7fffffff) === 0x7ff00000 && lo !== 0);
  if (isNan) return [0xffffffff, 0xffffffff];
  if (hi & 0x80000000) return [~hi >>> 0, ~lo >>> 0];
  return [(hi | 0x80000000) >>> 0, lo];
}

function lt64(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

function scalarArray(d: DTypeName, s: Scalar, n: number): TypedArray {
  const info = dtypeInfo(d);
  const arr = new info.array(n);
  if (d === 'int64' || d === 'uint64') (arr as BigInt64Array).fill(BigInt(s));
  else (arr as Float64Array).fill(Number(s));
  return arr;
}

export function mapUnaryCpu(a: DataBuffer, op: UnaryOp): DataBuffer {
  const d = a.dtype;
  const x = a.hostView(`map/${op}`);
  const n = a.length;
  const out = new (dtypeInfo(d).array)(n);
  if (wide(d)) {
    const xw = words(x);
    const ow = words(out);
    for (let i = 0; i < n; i++) {
      const lo = xw[2 * i]!;
      const hi = xw[2 * i + 1]!;
      if (d === 'float64') {
        ow[2 * i] = lo;
        ow[2 * i + 1] = op === 'neg' ? (hi ^ 0x80000000) >>> 0 : hi & 0x7fffffff;
        continue;
      }
      const doNeg = op === 'neg' || (d === 'int64' && (hi & 0x80000000) !== 0);
      if (doNeg) {
        ow[2 * i] = (0 - lo) >>> 0;
        ow[2 * i + 1] = (0 - hi - (lo !== 0 ? 1 : 0)) >>> 0;
      } else {
        ow[2 * i] = lo;
        ow[2 * i + 1] = hi;
      }
    }
  } else if (d === 'float32') {
    const xf = x as Float32Array;
    const of = out as Float32Array;
    // Sign-bit operations, exactly as the kernel does (NaN payloads kept).
    const xb = new Uint32Array(xf.buffer, xf.byteOffset, n);
    const ob = new Uint32Array(of.buffer, of.byteOffset, n);
    for (let i = 0; i < n; i++) ob[i] = op === 'neg' ? (xb[i]! ^ 0x80000000) >>> 0 : xb[i]! & 0x7fffffff;
  } else {
    const xi = x as Int32Array;
    const oi = out as Int32Array;
    for (let i = 0; i < n; i++) {
      const v = xi[i]!;
      oi[i] = op === 'neg' || (d === 'int32' && v < 0) ? -v | 0 : v;
    }
  }
  return DataBuffer.fromHost(out, d);
}

export function mapBinaryCpu(a: DataBuffer, b: DataBuffer | Scalar, op: BinaryOp): DataBuffer {
  const d = a.dtype;
  const n = a.length;
  const x = a.hostView(`map/${op}`);
  const y = b instanceof DataBuffer ? b.hostView(`map/${op}`) : scalarArray(d, b, n);
  const out = new (dtypeInfo(d).array)(n);
  if (op === 'min' || op === 'max') {
    minMax(d, x, y, out, op === 'min');
  } else if (wide(d)) {
    const xw = words(x);
    const yw = words(y);
    const ow = words(out);
    for (let i = 0; i < n; i++) {
      const xl = xw[2 * i]!, xh = xw[2 * i + 1]!, yl = yw[2 * i]!, yh = yw[2 * i + 1]!;
      if (op === 'add') {
        const lo = (xl + yl) >>> 0;
        ow[2 * i] = lo;
        ow[2 * i + 1] = (xh + yh + (lo < xl ? 1 : 0)) >>> 0;
      } else {
        ow[2 * i] = (xl - yl) >>> 0;
        ow[2 * i + 1] = (xh - yh - (xl < yl ? 1 : 0)) >>> 0;
      }
    }
  } else if (d === 'float32') {
    const xf = x as Float32Array, yf = y as Float32Array, of = out as Float32Array;
    for (let i = 0; i < n; i++) {
      const p = xf[i]!, q = yf[i]!;
      of[i] = op === 'add' ? p + q : op === 'sub' ? p - q : op === 'mul' ? p * q : p / q;
    }
  } else {
    const xi = x as Int32Array, yi = y as Int32Array, oi = out as Int32Array;
    for (let i = 0; i < n; i++) {
      const p = xi[i]!, q = yi[i]!;
      oi[i] = op === 'add' ? (p + q) | 0 : op === 'sub' ? (p - q) | 0 : Math.imul(p, q);
    }
  }
  return DataBuffer.fromHost(out, d);
}

function minMax(d: DTypeName, x: TypedArray, y: TypedArray, out: TypedArray, isMin: boolean): void {
  const n = out.length;
  if (wide(d)) {
    const xw = words(x), yw = words(y), ow = words(out);
    for (let i = 0; i < n; i++) {
      const xl = xw[2 * i]!, xh = xw[2 * i + 1]!, yl = yw[2 * i]!, yh = yw[2 * i + 1]!;
      let takeX: boolean;
      if (d === 'float64' && Number.isNaN((x as Float64Array)[i])) takeX = true;
      else if (d === 'float64' && Number.isNaN((y as Float64Array)[i])) takeX = false;
      else {
        const less = lt64(key64(d, xl, xh), key64(d, yl, yh));
        takeX = isMin ? less : !less;
      }
      ow[2 * i] = takeX ? xl : yl;
      ow[2 * i + 1] = takeX ? xh : yh;
    }
    return;
  }
  const key = key32(d);
  const xb = new Uint32Array(x.buffer, x.byteOffset, n), yb = new Uint32Array(y.buffer, y.byteOffset, n), ob = new Uint32Array(out.buffer, out.byteOffset, n);
  const isF = d === 'float32';
  for (let i = 0; i < n; i++) {
    let takeX: boolean;
    if (isF && Number.isNaN((x as Float32Array)[i])) takeX = true;
    else if (isF && Number.isNaN((y as Float32Array)[i])) takeX = false;
    else {
      const less = key((x as Float32Array)[i]!) < key((y as Float32Array)[i]!);
      takeX = isMin ? less : !less;
    }
    ob[i] = takeX ? xb[i]! : yb[i]!;
  }
}

export function compareCpu(a: DataBuffer, b: DataBuffer | Scalar, op: CompareOp): DataBuffer<'bool'> {
  const d = a.dtype;
  const n = a.length;
  const x = a.hostView(`map/compare`);
  const y = b instanceof DataBuffer ? b.hostView(`map/compare`) : scalarArray(d, b, n);
  const out = new Uint8Array(n);
  const cmp = (c: number, p: boolean): boolean => (op === 'eq' ? c === 0 : op === 'ne' ? c !== 0 : op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0) && p;
  if (d === 'float32' || d === 'float64') {
    const xf = x as Float64Array, yf = y as Float64Array;
    for (let i = 0; i < n; i++) {
      const p = xf[i]!, q = yf[i]!;
      if (Number.isNaN(p) || Number.isNaN(q)) out[i] = op === 'ne' ? 1 : 0;
      else out[i] = cmp(p < q ? -1 : p > q ? 1 : 0, true) ? 1 : 0;
    }
  } else if (wide(d)) {
    const xb = x as BigInt64Array, yb = y as BigInt64Array;
    for (let i = 0; i < n; i++) {
      const p = xb[i]!, q = yb[i]!;
      out[i] = cmp(p < q ? -1 : p > q ? 1 : 0, true) ? 1 : 0;
    }
  } else {
    const xi = x as Int32Array, yi = y as Int32Array;
    for (let i = 0; i < n; i++) {
      const p = xi[i]!, q = yi[i]!;
      out[i] = cmp(p < q ? -1 : p > q ? 1 : 0, true) ? 1 : 0;
    }
  }
  return DataBuffer.fromHost(out, 'bool');
}
