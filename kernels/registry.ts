/**
 * The kernel registry. One op = a WGSL body + a CPU twin + an entry here, with one
 * signature. frame/, spatial/ and ml/ call ops through `run`, which picks the body for the
 * active backend; nothing else in the library touches WebGPU directly.
 *
 * A meta-test walks this registry and fails when an entry lacks a twin or a parity test.
 */
import { activeBackend, gpu, type GpuContext } from '../src/device/index.js';
import type { DTypeName } from '../src/dtypes.js';
import { counters } from '../src/memory/stats.js';

/** How results of the two bodies must agree. */
export type Tolerance =
  | { kind: 'exact' }
  /** Floats: |gpu - cpu| <= abs + rel * |cpu|, NaN equal to NaN, infinities equal. */
  | { kind: 'float'; rel: number; abs: number; note: string };

export interface KernelEntry<A extends unknown[], R> {
  /** 'family/op', e.g. 'sort/radix-sort'. The parity test lives at test/kernels/<family>/<op>.test.ts. */
  readonly name: string;
  readonly dtypes: readonly DTypeName[];
  readonly tolerance: Tolerance;
  /** How nulls are treated, in one sentence (pandas/Polars semantics). */
  readonly nulls: string;
  readonly cpu: (...args: A) => R;
  readonly gpu: (ctx: GpuContext, ...args: A) => R;
}

const entries = new Map<string, KernelEntry<never[], unknown>>();

/** Register a kernel; names are unique. */
export function defineKernel<A extends unknown[], R>(entry: KernelEntry<A, R>): KernelEntry<A, R> {
  if (entries.has(entry.name)) throw new Error(`defineKernel: duplicate kernel name '${entry.name}'`);
  entries.set(entry.name, entry as unknown as KernelEntry<never[], unknown>);
  return entry;
}

/** Run a kernel on the active backend. */
export function run<A extends unknown[], R>(k: KernelEntry<A, R>, ...args: A): R {
  if (activeBackend() === 'webgpu') return k.gpu(gpu(k.name), ...args);
  counters.cpuKernels++;
  return k.cpu(...args);
}

/** Every registered kernel, for the meta-test and the benchmark harness. */
export function registeredKernels(): ReadonlyArray<KernelEntry<never[], unknown>> {
  return [...entries.values()];
}

export const EXACT: Tolerance = { kind: 'exact' };
