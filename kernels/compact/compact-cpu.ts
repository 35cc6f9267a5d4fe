/**
 * CPU twin of ./compact.ts: the stable list of indices i where mask[i] != 0 and (with a
 * validity bitmap) the mask slot is non-null. Two plain passes: count, then fill.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gatherValuesCpu } from '../gather/gather-cpu.js';

export function compactIndicesCpu(mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined): DataBuffer<'uint32'> {
  const M = mask.hostView('compact') as Uint8Array;
  const V = validity?.hostView('compact') as Uint8Array | undefined;
  const n = mask.length;
  let count = 0;
  if (V) for (let i = 0; i < n; i++) count += M[i] !== 0 && (V[i >> 3]! >> (i & 7)) & 1 ? 1 : 0;
  else for (let i = 0; i < n; i++) count += M[i] !== 0 ? 1 : 0;
  const out = new Uint32Array(count);
  let k = 0;
  if (V) {
    for (let i = 0; i < n; i++) if (M[i] !== 0 && (V[i >> 3]! >> (i & 7)) & 1) out[k++] = i;
  } else {
    for (let i = 0; i < n; i++) if (M[i] !== 0) out[k++] = i;
  }
  return DataBuffer.fromHost(out, 'uint32');
}

export async function compactCpu(mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined, values: DataBuffer | undefined): Promise<DataBuffer> {
  const idx = compactIndicesCpu(mask, validity);
  if (!values) return idx;
  const out = gatherValuesCpu(values, idx);
  idx.dispose();
  return out;
}
