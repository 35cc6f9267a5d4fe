/**
 * Shared layout of the dense float64 ops (linalg/*, kmeans/*): the fixed summation blocks
 * that make every float sum deterministic, and the binding windows that let a kernel run on
 * arrays longer than one storage binding.
 *
 * Data layout: a matrix is row-major float64 (row i, column j at i * d + j), so a window of
 * rows is one contiguous byte range.
 *
 * Summation order (every CPU twin replicates it exactly): rows are cut into blocks of BLOCK
 * consecutive rows; a block's partial sum is accumulated sequentially in row order from +0,
 * and the block partials are then accumulated sequentially in block order from +0. Row
 * windows start at multiples of BLOCK, so no block straddles two windows and no result
 * depends on the binding limit.
 */
import { ValueError } from '../../src/errors.js';
import type { Binding } from '../runner.js';

/** Rows per summation block. */
export const BLOCK = 256;
/** Slack kept below the binding cap so a binding may start up to 255 bytes early. */
const SLACK = 256;

export interface Window {
  start: number;
  count: number;
}

/** Windows of rows (starts are multiples of BLOCK) such that `bytesPerPoint * count + 256` fits `maxBytes`. */
export function pointWindows(op: string, n: number, bytesPerPoint: number, maxBytes: number): Window[] {
  const per = Math.floor((maxBytes - SLACK) / bytesPerPoint / BLOCK) * BLOCK;
  if (per < BLOCK) throw new ValueError(`${op}: expected ${BLOCK} points (${BLOCK * bytesPerPoint} bytes) to fit one binding of ${maxBytes} bytes, got too many features or clusters`);
  const out: Window[] = [];
  for (let start = 0; start < n; start += per) out.push({ start, count: Math.min(per, n - start) });
  return out;
}

/** Windows of rows of `rowBytes` each (for per-block partials), fitting `maxBytes` with slack. */
export function rowWindows(op: string, rows: number, rowBytes: number, maxBytes: number): Window[] {
  const per = Math.floor((maxBytes - SLACK) / rowBytes);
  if (per < 1) throw new ValueError(`${op}: expected a row of ${rowBytes} bytes to fit one binding of ${maxBytes} bytes, got too many features or clusters`);
  const out: Window[] = [];
  for (let start = 0; start < rows; start += per) out.push({ start, count: Math.min(per, rows - start) });
  return out;
}

/**
 * A binding of `count` elements of `bytesPer` (4 or 8) from element `start`, starting at the
 * 256-aligned byte offset at or below it; `off` is the element offset of `start` inside it.
 */
export function bindAt(buffer: GPUBuffer, start: number, count: number, bytesPer: number): { binding: Binding; off: number } {
  const byteStart = start * bytesPer;
  const offset = Math.floor(byteStart / 256) * 256;
  const size = Math.max(4, byteStart + count * bytesPer - offset);
  return { binding: { buffer, offset, size }, off: (byteStart - offset) / bytesPer };
}

/** Number of summation blocks for n rows. */
export function blocksOf(n: number): number {
  return Math.ceil(n / BLOCK);
}

const f64 = new Float64Array(1);
const w32 = new Uint32Array(f64.buffer);

/** The (low, high) words of a float64, for uniforms. */
export function f64Words(v: number): [number, number] {
  f64[0] = v;
  return [w32[0]!, w32[1]!];
}
