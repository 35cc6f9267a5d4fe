/**
 * CPU twin of ./segmented-reduce.ts: the same sequential per-group loops in JS. float64
 * sums add in row order (IEEE, like the device's software add); integer sums are exact
 * (BigInt per group for 64-bit input); var/std take the same two float64 passes as the device;
 * NaN results are written as the canonical quiet NaN.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type DTypeName } from '../../src/dtypes.js';
import { keyF32, keyF64, keyI32, keyI64, keyU32, keyU64 } from '../wgsl/order-cpu.js';
import type { SegOp, SegmentedResult } from './segmented-reduce.js';
import { segResultType } from './segmented-reduce.js';

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n, UINT64_MAX = 2n ** 64n - 1n;

export function segmentedReduceCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, starts: DataBuffer<'uint32'>, op: SegOp): SegmentedResult {
  const d: DTypeName = values.dtype;
  const n = values.length;
  const S = starts.hostView('groupBy') as Uint32Array;
  const G = S.length;
  const bits = validity?.hostView('groupBy') as Uint8Array | undefined;
  const ok = (i: number) => !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
  const x = values.hostView('groupBy');
  const outType = segResultType(op, d);
  const out = new (dtypeInfo(outType).array)(G);
  const ov = new Uint8Array(Math.ceil(G / 8));
  let overflow = 0;
  const isF = d === 'float32' || d === 'float64';
  const wide = dtypeInfo(d).bytes === 8;
  const key = d === 'float32' ? keyF32 : d === 'float64' ? keyF64 : d === 'int32' ? keyI32 : d === 'uint32' ? keyU32 : d === 'int64' ? keyI64 : keyU64;
  for (let g = 0; g < G; g++) {
    const start = S[g]!;
    const end = g + 1 < G ? S[g + 1]! : n;
    let cnt = 0;
    let valid = false;
    if (op === 'count') {
      for (let i = start; i < end; i++) if (ok(i)) cnt++;
      (out as BigInt64Array)[g] = BigInt(cnt);
      valid = true;
    } else if (op === 'var' || op === 'std') {
      // Two passes, as the device does: the mean (from the exact integer sum for integers), then Σ (x - mean)².
      let mean: number;
      if (isF) {
        let acc = 0;
        for (let i = start; i < end; i++) if (ok(i)) { acc += x[i] as number; cnt++; }
        mean = acc / cnt;
      } else {
        let big = 0n;
        for (let i = start; i < end; i++) if (ok(i)) { big += BigInt(x[i]!); cnt++; }
        mean = Number(big) / cnt;
      }
      let ss = 0;
      for (let i = start; i < end; i++) {
        if (!ok(i)) continue;
        const dv = Number(x[i]!) - mean;
        ss += dv * dv;
      }
      valid = cnt > 1;
      if (valid) (out as Float64Array)[g] = op === 'std' ? Math.sqrt(ss / (cnt - 1)) : ss / (cnt - 1);
    } else if (op === 'sum' || op === 'mean') {
      if (isF) {
        let acc = 0;
        const f = x as Float64Array;
        for (let i = start; i < end; i++) if (ok(i)) { acc += f[i]!; cnt++; }
        const r = op === 'sum' ? acc : acc / cnt;
        (out as Float64Array)[g] = Number.isNaN(r) ? NaN : r;
        valid = op === 'sum' || cnt > 0;
      } else {
        let big = 0n;
        if (wide) {
          const b = x as BigInt64Array;
          for (let i = start; i < end; i++) if (ok(i)) { big += b[i]!; cnt++; }
        } else {
          const a = x as Int32Array;
          let part = 0;
          for (let i = start; i < end; i++) {
            if (!ok(i)) continue;
            part += a[i]!;
            cnt++;
            if ((cnt & 0xfffff) === 0) { big += BigInt(part); part = 0; }
          }
          big += BigInt(part);
        }
        if (op === 'mean') {
          (out as Float64Array)[g] = cnt > 0 ? Number(big) / cnt : NaN;
          valid = cnt > 0;
        } else {
          const signed = outType === 'int64';
          if (signed ? big < INT64_MIN || big > INT64_MAX : big > UINT64_MAX) overflow = 1;
          (out as BigInt64Array)[g] = signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big);
          valid = true;
        }
      }
    } else {
      let best: number | bigint | undefined;
      let bestKey: number | bigint = 0;
      let nan = false;
      for (let i = start; i < end; i++) {
        if (!ok(i)) continue;
        const v = x[i]!;
        if (isF && Number.isNaN(v as number)) { nan = true; continue; }
        const k = (key as (v: number | bigint) => number | bigint)(v);
        if (best === undefined || (op === 'min' ? k < bestKey : k > bestKey)) { best = v; bestKey = k; }
      }
      valid = best !== undefined || nan;
      if (best !== undefined) (out as Float64Array)[g] = best as number;
      else if (nan) (out as Float64Array)[g] = NaN;
    }
    if (valid) ov[g >> 3]! |= 1 << (g & 7);
  }
  // Canonical NaN bits, as the device writes them.
  if (outType === 'float64') {
    const w = new Uint32Array(out.buffer, out.byteOffset, 2 * G);
    const f = out as Float64Array;
    for (let g = 0; g < G; g++) if (Number.isNaN(f[g])) { w[2 * g] = 0; w[2 * g + 1] = 0x7ff80000; }
  } else if (outType === 'float32') {
    const w = new Uint32Array(out.buffer, out.byteOffset, G);
    const f = out as Float32Array;
    for (let g = 0; g < G; g++) if (Number.isNaN(f[g])) w[g] = 0x7fc00000;
  }
  return {
    values: DataBuffer.fromHost(out, outType),
    validity: DataBuffer.fromHost(ov, 'uint8'),
    overflow: op === 'sum' && (d === 'int64' || d === 'uint64') ? DataBuffer.fromHost(new Uint32Array([overflow]), 'uint32') : undefined,
  };
}
