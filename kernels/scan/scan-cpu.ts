/**
 * CPU twin of ./scan.ts: a running sum over the raw 32-bit words, wrapping mod 2^32, or
 * over (low, high) word pairs with an explicit carry for 64-bit values, so no BigInt is
 * allocated per element and the bits equal the device's.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type DTypeName } from '../../src/dtypes.js';

export function scanCpu(values: DataBuffer, inclusive: boolean): DataBuffer {
  const d: DTypeName = values.dtype;
  const x = values.hostView('scan/scan');
  const n = values.length;
  const out = new (dtypeInfo(d).array)(n);
  if (dtypeInfo(d).bytes === 8) {
    const xw = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
    const ow = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const a = xw[2 * i]!;
      const b = xw[2 * i + 1]!;
      if (!inclusive) {
        ow[2 * i] = lo;
        ow[2 * i + 1] = hi;
      }
      const s = lo + a;
      lo = s >>> 0;
      hi = (hi + b + (s > 0xffffffff ? 1 : 0)) >>> 0;
      if (inclusive) {
        ow[2 * i] = lo;
        ow[2 * i + 1] = hi;
      }
    }
  } else {
    const xw = new Uint32Array(x.buffer, x.byteOffset, n);
    const ow = new Uint32Array(out.buffer, out.byteOffset, n);
    let acc = 0;
    if (inclusive) {
      for (let i = 0; i < n; i++) ow[i] = acc = (acc + xw[i]!) >>> 0;
    } else {
      for (let i = 0; i < n; i++) {
        ow[i] = acc;
        acc = (acc + xw[i]!) >>> 0;
      }
    }
  }
  return DataBuffer.fromHost(out, d);
}

/** Exclusive running sum of a Uint32Array in place, wrapping; returns the total. For other twins. */
export function exclusiveScanU32InPlace(a: Uint32Array, n = a.length): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    a[i] = acc;
    acc = (acc + v) >>> 0;
  }
  return acc;
}
