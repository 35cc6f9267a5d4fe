/**
 * Binding windows that start anywhere. A storage binding's offset must be a multiple of
 * 256 bytes (the largest `minStorageBufferOffsetAlignment` WebGPU allows), but secondary
 * arrays of a windowed kernel (block sums, validity bitmaps, compacted outputs) often
 * start mid-way. These helpers bind from the 256-byte boundary below and tell the kernel
 * how far to skip, in elements or bits, through a uniform.
 */
import type { Binding } from '../runner.js';

/** Bytes of the alignment every binding offset here is rounded down to. */
export const BIND_ALIGN = 256;

/**
 * A binding covering `count` elements of `bytesPerElem` from element `start`, bound from
 * the aligned boundary below; `skip` is the number of elements to skip inside it.
 * Elements from 1000 of 4 bytes bind from byte 3840 with `skip` 40.
 */
export function alignedSlice(buffer: GPUBuffer, start: number, count: number, bytesPerElem: number): { binding: Binding; skip: number } {
  const first = start * bytesPerElem;
  const base = Math.floor(first / BIND_ALIGN) * BIND_ALIGN;
  const size = Math.max(4, first - base + count * bytesPerElem);
  return { binding: { buffer, offset: base, size }, skip: (first - base) / bytesPerElem };
}

/**
 * A binding covering bits [start, start + count) of a bitmap read as array<u32>; `skip`
 * is the bit index of `start` inside the bound words. Bits from 1280 bind from byte 0 with
 * `skip` 1280.
 */
export function bitSlice(buffer: GPUBuffer, start: number, count: number): { binding: Binding; skip: number } {
  const firstWord = Math.floor(start / 32);
  const endWord = Math.ceil((start + count) / 32);
  const { binding, skip } = alignedSlice(buffer, firstWord, Math.max(1, endWord - firstWord), 4);
  return { binding, skip: skip * 32 + (start - firstWord * 32) };
}
