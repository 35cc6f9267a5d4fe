/**
 * CPU twin of ./compact.ts: the stable list of indices i where mask[i] != 0 and (with a
 * validity bitmap) the mask slot is non-null, in one pass.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gatherValuesCpu } from '../gather/gather-cpu.js';

export function compactIndicesCpu(mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined): DataBuffer<'uint32'> {
  const M = mask.hostView('compact') as Uint8Array;
  const V = validity?.hostView('compact') as Uint8Array | undefined;
  const n = mask.length;
  // One branch-free pass into a full-length scratch (a random mask defeats branch
  // prediction), then one copy of the kept prefix.
  const all = new Uint32Array(n);
  const k = V ? keptWithValidity(M, V, all, n) : kept(M, all, n);
  const out = all.slice(0, k);
  return DataBuffer.fromHost(out, 'uint32');
}

export async function compactCpu(mask: DataBuffer<'bool'>, validity: DataBuffer<'uint8'> | undefined, values: DataBuffer | undefined): Promise<DataBuffer> {
  const idx = compactIndicesCpu(mask, validity);
  if (!values) return idx;
  const out = gatherValuesCpu(values, idx);
  idx.dispose();
  return out;
}

// The loops in functions of their own, so V8 optimizes each whole.
function kept(M: Uint8Array, all: Uint32Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    all[k] = i;
    k += Number(M[i] !== 0); // no branch (see expr-cpu's CMP_LOOPS)
  }
  return k;
}

function keptWithValidity(M: Uint8Array, V: Uint8Array, all: Uint32Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    all[k] = i;
    k += Number(M[i] !== 0) & (V[i >> 3]! >> (i & 7));
  }
  return k;
}
