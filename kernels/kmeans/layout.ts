/**
 * Shared layout of the k-means kernels: the fixed summation blocks that make every float
 * sum deterministic, and the binding windows that let each kernel run on arrays longer than
 * one storage binding.
 *
 * Data layout: the features are packed once into a row-major float64 matrix M (point i,
 * feature j at i * d + j), so a window of points is one contiguous byte range.
 *
 * Summation order (the CPU twins replicate it exactly): points are cut into blocks of BLOCK
 * consecutive points; a block's partial sum is accumulated sequentially in point order from
 * +0, and the block partials are then accumulated sequentially in block order from +0.
 * Point windows start at multiples of BLOCK, so no block straddles two windows and the
 * result does not depend on the binding limit.
 */
import { ValueError } from '../../src/errors.js';
import type { Binding } from '../runner.js';

/** Points per summation block. */
export const BLOCK = 256;
/** Clusters one update thread accumulates at once (a private array of this size). */
export const MAXK = 32;
/** Slack kept below the binding cap so a binding may start up to 255 bytes early. */
const SLACK = 256;

export interface Window {
  start: number;
  count: number;
}

/** Windows of points (starts are multiples of BLOCK) such that `bytesPerPoint * count + 256` fits `maxBytes`. */
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

/** Number of summation blocks for n points. */
export function blocksOf(n: number): number {
  return Math.ceil(n / BLOCK);
}

/** Trials per k-means++ step (scikit-learn's greedy k-means++): 2 + floor(ln k). */
export function localTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/** Most k-means++ trials the uniform block holds (k < e^30). */
export const MAX_TRIALS = 32;

const f64 = new Float64Array(1);
const w32 = new Uint32Array(f64.buffer);

/** The (low, high) words of a float64, for uniforms. */
export function f64Words(v: number): [number, number] {
  f64[0] = v;
  return [w32[0]!, w32[1]!];
}
