/**
 * Checks of `init`'s options: types and ranges on every call (whether or not a device is held),
 * and the caps (`maxBindingBytes`, `maxWorkgroupsPerDim`, `maxStorageBuffersPerStage`) clamped to
 * the device's limits.
 */
import { ValueError } from '../errors.js';
import { showValue } from '../options.js';
import { checkThreads, threadCount } from '../threads/pool.js';
import type { InitOptions } from './index.js';
import type { GpuHandle } from './webgpu.js';

/** Numeric init options: each a number at least this (checked before any device work). */
const INIT_MINIMUMS: ReadonlyArray<readonly [keyof InitOptions, number, string]> = [
  ['maxBindingBytes', 4096, ''],
  ['maxWorkgroupsPerDim', 2, ''],
  ['maxStorageBuffersPerStage', 8, ' (the WebGPU minimum)'],
  ['poolBytes', 0, ''],
];

/** Types and ranges of the init options, checked on every call (a device held or not). */
export function checkInitValues(options: InitOptions): void {
  for (const [key, min, why] of INIT_MINIMUMS) {
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'number') throw new ValueError(`init: expected ${key} to be a number >= ${min}, got ${typeof v} ${showValue(v)}`);
    if (!(v >= min)) throw new ValueError(`init: expected ${key} >= ${min}${why}, got ${showValue(v)}`);
  }
  if (options.quiet !== undefined && typeof options.quiet !== 'boolean') throw new ValueError(`init: expected quiet to be a boolean, got ${showValue(options.quiet)}`);
  if (options.threads !== undefined) checkThreads(options.threads, 'threads');
  else threadCount(); // a bad GPUFRAME_THREADS is a ValueError here too
  for (const key of ['backend', 'limits'] as const) {
    const v = options[key];
    if (v !== undefined && typeof v !== 'string') throw new ValueError(`init: expected ${key} to be a string, got ${showValue(v)}`);
  }
}

export function storageCap(handle: GpuHandle, requested?: number): number {
  const limit = handle.limits.maxStorageBuffersPerShaderStage;
  if (requested === undefined) return limit;
  if (!(requested >= 8)) throw new ValueError(`init: expected maxStorageBuffersPerStage >= 8 (the WebGPU minimum), got ${requested}`);
  return Math.min(limit, Math.floor(requested));
}

export function gridCap(handle: GpuHandle, requested?: number): number {
  const limit = handle.limits.maxComputeWorkgroupsPerDimension;
  if (requested === undefined) return limit;
  if (!(requested >= 2)) throw new ValueError(`init: expected maxWorkgroupsPerDim >= 2, got ${requested}`);
  return Math.min(limit, Math.floor(requested));
}

export function bindingCap(handle: GpuHandle, requested?: number): number {
  const limit = Math.min(handle.limits.maxStorageBufferBindingSize, handle.limits.maxBufferSize);
  const cap = requested === undefined ? limit : Math.min(limit, requested);
  if (cap < 4096) throw new ValueError(`init: expected maxBindingBytes >= 4096, got ${cap}`);
  return Math.floor(cap / 256) * 256;
}
