/**
 * CPU twin of ./histogram.ts: one pass over the keys, counting keys < bins whose
 * validity bit is set (or all keys, without a bitmap).
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';

export function histogramCpu(keys: DataBuffer<'uint32'>, bins: number, validity: DataBuffer<'uint8'> | undefined): DataBuffer<'uint32'> {
  const K = keys.hostView('histogram') as Uint32Array;
  const n = keys.length;
  const out = new Uint32Array(bins);
  if (validity) {
    const V = validity.hostView('histogram') as Uint8Array;
    for (let i = 0; i < n; i++) {
      const k = K[i]!;
      if (k < bins && (V[i >> 3]! >> (i & 7)) & 1) out[k]!++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = K[i]!;
      if (k < bins) out[k]!++;
    }
  }
  return DataBuffer.fromHost(out, 'uint32');
}
