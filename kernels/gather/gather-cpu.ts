/**
 * CPU twins of ./gather.ts and ./scatter.ts. Values are copied as raw words (Uint32Array
 * views, word pairs for 64-bit), never through float or BigInt reads, so NaN payloads
 * and -0 come out bit for bit as on the device.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type TypedArray } from '../../src/dtypes.js';

/** The host bytes of `a` as 1-byte values or as u32 words (2 per 64-bit value). */
export function raw(a: TypedArray, bytes: number): Uint8Array | Uint32Array {
  return bytes === 1 ? new Uint8Array(a.buffer, a.byteOffset, a.length) : new Uint32Array(a.buffer, a.byteOffset, (a.length * bytes) / 4);
}

function bit(bits: TypedArray, i: number): boolean {
  return ((bits[i >> 3]! as number) >> (i & 7)) & 1 ? true : false;
}

/** Indices as unsigned 32-bit values (an int32 -1 reads as 4294967295: out of range). */
function u32View(a: ArrayBufferView & { length: number }): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/** values[indices[j]] for every j; out-of-range indices give zero bits. */
export function gatherValuesCpu(values: DataBuffer, indices: DataBuffer<'uint32'>): DataBuffer {
  const info = dtypeInfo(values.dtype);
  const I = u32View(indices.hostView('gather'));
  const out = new info.array(indices.length);
  const src = raw(values.hostView('gather'), info.bytes);
  const dst = raw(out, info.bytes);
  // One small loop function per element width, so each is compiled whole for its own arrays.
  if (info.bytes === 8) gatherPairs(src as Uint32Array, dst as Uint32Array, I, values.length);
  else if (info.bytes === 4) gatherWords(src as Uint32Array, dst as Uint32Array, I, values.length);
  else gatherBytes(src as Uint8Array, dst as Uint8Array, I, values.length);
  return DataBuffer.fromHost(out, values.dtype);
}

export function gatherPairs(src: Uint32Array, dst: Uint32Array, I: Uint32Array, n: number): void {
  for (let j = 0; j < I.length; j++) {
    const idx = I[j]!;
    if (idx < n) {
      dst[2 * j] = src[2 * idx]!;
      dst[2 * j + 1] = src[2 * idx + 1]!;
    }
  }
}

export function gatherWords(src: Uint32Array, dst: Uint32Array, I: Uint32Array, n: number): void {
  for (let j = 0; j < I.length; j++) {
    const idx = I[j]!;
    if (idx < n) dst[j] = src[idx]!;
  }
}

export function gatherBytes(src: Uint8Array, dst: Uint8Array, I: Uint32Array, n: number): void {
  for (let j = 0; j < I.length; j++) {
    const idx = I[j]!;
    if (idx < n) dst[j] = src[idx]!;
  }
}

/** Output validity of a gather: bit j set when indices[j] < n and (no bitmap or its bit is set). */
export function gatherValidityCpu(n: number, indices: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined): DataBuffer<'uint8'> {
  const I = u32View(indices.hostView('gather'));
  const m = indices.length;
  const V = validity?.hostView('gather');
  const out = new Uint8Array(Math.ceil(m / 8));
  for (let j = 0; j < m; j++) {
    const idx = I[j]!;
    if (idx < n && (!V || bit(V, idx))) out[j >> 3]! |= 1 << (j & 7);
  }
  return DataBuffer.fromHost(out, 'uint8');
}

/** out[indices[i]] = values[i] into `length` zeroed slots; out-of-range targets are skipped. */
export function scatterCpu(values: DataBuffer, indices: DataBuffer<'uint32'>, length: number, validity: DataBuffer<'uint8'> | undefined) {
  const info = dtypeInfo(values.dtype);
  const m = values.length;
  const I = indices.hostView('scatter') as Uint32Array;
  const out = new info.array(length);
  const src = raw(values.hostView('scatter'), info.bytes);
  const dst = raw(out, info.bytes);
  if (info.bytes === 8) {
    for (let i = 0; i < m; i++) {
      const t = I[i]!;
      if (t < length) {
        dst[2 * t] = src[2 * i]!;
        dst[2 * t + 1] = src[2 * i + 1]!;
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      const t = I[i]!;
      if (t < length) dst[t] = src[i]!;
    }
  }
  let outV: DataBuffer<'uint8'> | undefined;
  if (validity) {
    const V = validity.hostView('scatter');
    const bits = new Uint8Array(Math.ceil(length / 8));
    for (let i = 0; i < m; i++) {
      const t = I[i]!;
      if (t < length && bit(V, i)) bits[t >> 3]! |= 1 << (t & 7);
    }
    outV = DataBuffer.fromHost(bits, 'uint8');
  }
  return { values: DataBuffer.fromHost(out, values.dtype), validity: outV };
}
