/**
 * Backend selection: WebGPU (Dawn in Node, navigator.gpu in browsers) or the CPU.
 * The choice is made here and nowhere else; ops ask `activeBackend()`.
 */
import { DeviceError, ValueError } from '../errors.js';
import { BufferPool } from '../memory/pool.js';
import { acquireDevice, acquisitionLog, releaseDevice, SWIFTSHADER_ICD, type GpuHandle, type GpuLimits, type LimitMode } from './webgpu.js';

export type BackendName = 'webgpu' | 'cpu';

export interface InitOptions {
  /** 'auto' (default) takes WebGPU when an adapter exists, else the CPU. The `GPUFRAME_BACKEND` variable sets it too; this option wins. */
  backend?: 'auto' | BackendName;
  /**
   * Cap on the bytes one binding may cover, below the device's `maxStorageBufferBindingSize`.
   * Kernels then process longer arrays in chunks. Mainly for testing the chunked paths.
   */
  maxBindingBytes?: number;
  /**
   * Cap on workgroups per grid dimension, below the device's limit (65,535), so that kernels
   * switch to their 2-D grid on small inputs. For testing the 2-D paths cheaply.
   */
  maxWorkgroupsPerDim?: number;
  /** Suppress the one-line note printed when 'auto' falls back to the CPU. */
  quiet?: boolean;
  /** Idle device bytes the buffer pool keeps for reuse (default 256 MiB); more are freed. */
  poolBytes?: number;
  /**
   * 'adapter' (default) creates the device with the adapter's maximum limits; 'minimum' with the
   * WebGPU spec's defaults (8 storage buffers per shader stage, 128 MiB bindings), which every
   * adapter supports. The `GPUFRAME_LIMITS` variable sets it too. Takes effect when the device is
   * created (the first WebGPU `init`, or the first after `shutdown()`).
   */
  limits?: LimitMode;
}

/** Everything a kernel needs to record work on the device. */
export interface GpuContext {
  readonly handle: GpuHandle;
  readonly device: GPUDevice;
  readonly pool: BufferPool;
  /** Bytes one storage binding may cover (a multiple of 256). */
  readonly maxBindingBytes: number;
  readonly maxWorkgroupsPerDim: number;
  readonly pipelines: Map<string, GPUComputePipeline>;
}

export interface Info {
  backend: BackendName;
  /** The adapter's name, e.g. 'SwiftShader driver 5.0.0 / swiftshader-device-subzero', or null on the CPU. */
  adapter: string | null;
  /** How the adapter was reached: 'vulkan', 'vulkan-swiftshader', 'opengles-llvmpipe', 'navigator.gpu'. */
  route: string | null;
  limits: (GpuLimits & { maxBindingBytes: number; maxWorkgroupsPerDim: number; mode: LimitMode }) | null;
  /** Why WebGPU is not in use, when it is not. */
  note: string | null;
}

let gpuCtx: GpuContext | undefined;
let current: BackendName = 'cpu';
let initialized = false;
let note: string | null = null;
let warnedUninit = false;

function envBackend(): string | undefined {
  return typeof process !== 'undefined' ? process.env?.GPUFRAME_BACKEND : undefined;
}

function envLimits(): string | undefined {
  return typeof process !== 'undefined' ? process.env?.GPUFRAME_LIMITS || undefined : undefined;
}

/**
 * Pick the backend and, for WebGPU, acquire the device once and keep it.
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * const info = await gf.init();          // 'auto': WebGPU if an adapter exists
 * console.log(info.backend, info.adapter);
 * await gf.init({ backend: 'cpu' });     // force the CPU path
 * ```
 */
export async function init(options: InitOptions = {}): Promise<Info> {
  const choice = options.backend ?? (envBackend() as InitOptions['backend']) ?? 'auto';
  if (!['auto', 'webgpu', 'cpu'].includes(choice)) {
    throw new ValueError(`init: expected backend 'auto' | 'webgpu' | 'cpu', got '${String(choice)}'`);
  }
  initialized = true;
  if (choice === 'cpu') {
    current = 'cpu';
    note = 'CPU backend chosen';
    return info();
  }
  const limits = options.limits ?? (envLimits() as LimitMode | undefined) ?? 'adapter';
  if (limits !== 'adapter' && limits !== 'minimum') throw new ValueError(`init: expected limits 'adapter' | 'minimum', got '${String(limits)}'`);
  const ctx = await ensureGpu(limits, options.maxBindingBytes, options.poolBytes, options.maxWorkgroupsPerDim);
  if (ctx) {
    current = 'webgpu';
    note = null;
    return info();
  }
  const why = acquisitionLog.join('; ');
  if (choice === 'webgpu') {
    throw new DeviceError(
      `init: expected a WebGPU adapter, got none (${why}). On Debian, 'apt-get install chromium' provides SwiftShader (${SWIFTSHADER_ICD}).`,
    );
  }
  current = 'cpu';
  note = `no WebGPU adapter (${why}); running on the CPU`;
  if (!options.quiet) console.warn(`gpuframe: ${note}`);
  return info();
}

async function ensureGpu(limits: LimitMode, maxBindingBytes?: number, poolBytes?: number, maxWorkgroupsPerDim?: number): Promise<GpuContext | undefined> {
  if (!gpuCtx) {
    const handle = await acquireDevice(limits);
    if (!handle) return undefined;
    gpuCtx = makeContext(handle, maxBindingBytes, poolBytes);
  } else {
    // Caps given now apply; caps not given return to the device's limits.
    gpuCtx = { ...gpuCtx, maxBindingBytes: bindingCap(gpuCtx.handle, maxBindingBytes) };
  }
  gpuCtx = { ...gpuCtx, maxWorkgroupsPerDim: gridCap(gpuCtx.handle, maxWorkgroupsPerDim) };
  return gpuCtx;
}

function gridCap(handle: GpuHandle, requested?: number): number {
  const limit = handle.limits.maxComputeWorkgroupsPerDimension;
  if (requested === undefined) return limit;
  if (!(requested >= 2)) throw new ValueError(`init: expected maxWorkgroupsPerDim >= 2, got ${requested}`);
  return Math.min(limit, Math.floor(requested));
}

function bindingCap(handle: GpuHandle, requested?: number): number {
  const limit = Math.min(handle.limits.maxStorageBufferBindingSize, handle.limits.maxBufferSize);
  const cap = requested === undefined ? limit : Math.min(limit, requested);
  if (cap < 4096) throw new ValueError(`init: expected maxBindingBytes >= 4096, got ${cap}`);
  return Math.floor(cap / 256) * 256;
}

function makeContext(handle: GpuHandle, maxBindingBytes?: number, poolBytes?: number): GpuContext {
  if (poolBytes !== undefined && !(poolBytes >= 0)) throw new ValueError(`init: expected poolBytes >= 0, got ${poolBytes}`);
  return {
    handle,
    device: handle.device,
    pool: new BufferPool(handle.device, poolBytes),
    maxBindingBytes: bindingCap(handle, maxBindingBytes),
    maxWorkgroupsPerDim: handle.limits.maxComputeWorkgroupsPerDimension,
    pipelines: new Map(),
  };
}

/**
 * What is running: the backend, the adapter's name and its limits.
 *
 * @example
 * ```ts
 * await gf.init();
 * const { backend, adapter, limits } = gf.info();
 * ```
 */
export function info(): Info {
  const h = gpuCtx?.handle;
  const on = current === 'webgpu' && h;
  return {
    backend: current,
    adapter: on ? h.adapterName : null,
    route: on ? h.route : null,
    limits: on ? { ...h.limits, maxBindingBytes: gpuCtx!.maxBindingBytes, maxWorkgroupsPerDim: gpuCtx!.maxWorkgroupsPerDim, mode: h.limitMode } : null,
    note,
  };
}

/** The backend ops run on now. Before `init()`, the CPU (with a one-time note). */
export function activeBackend(): BackendName {
  if (!initialized && !warnedUninit) {
    warnedUninit = true;
    note = 'init() was not awaited; running on the CPU';
  }
  return scoped ?? current;
}

let scoped: BackendName | undefined;

/**
 * Run `fn` with ops on the given backend, then restore the previous one. Ops record work
 * synchronously, so the scope covers what `fn` does before its first `await`.
 *
 * @example
 * ```ts
 * const onCpu = gf.withBackend('cpu', () => gf.kernels.reduce(arr, 'sum'));
 * ```
 */
export function withBackend<T>(backend: BackendName, fn: () => T): T {
  if (backend === 'webgpu' && !gpuCtx) throw new DeviceError("withBackend: expected an initialised WebGPU device, got none (await init() first)");
  const prev = scoped;
  scoped = backend;
  try {
    return fn();
  } finally {
    scoped = prev;
  }
}

/**
 * Like `withBackend`, for async work (ops such as `filter` that await a control read): the
 * backend stays switched until `fn` settles. Do not run other gpuframe work concurrently
 * meanwhile: it would see the same switch.
 *
 * @example
 * ```ts
 * const onCpu = await gf.withBackendAsync('cpu', () => df.filter(gf.col('x').gt(0)));
 * ```
 */
export async function withBackendAsync<T>(backend: BackendName, fn: () => Promise<T>): Promise<T> {
  if (backend === 'webgpu' && !gpuCtx) throw new DeviceError('withBackendAsync: expected an initialised WebGPU device, got none (await init() first)');
  const prev = scoped;
  scoped = backend;
  try {
    return await fn();
  } finally {
    scoped = prev;
  }
}

/**
 * True once a WebGPU device has been acquired.
 *
 * @example
 * ```ts
 * await gf.init();
 * console.log(gf.hasWebGPU() ? 'on the GPU' : 'on the CPU');
 * ```
 */
export function hasWebGPU(): boolean {
  return gpuCtx !== undefined;
}

/** The device context; throws DeviceError when WebGPU is not initialised. */
export function gpu(): GpuContext {
  if (!gpuCtx) throw new DeviceError('gpu: expected an initialised WebGPU device, got none (await init() first)');
  return gpuCtx;
}

/**
 * Wait until the device has finished all submitted work (like cudaDeviceSynchronize).
 * Not needed for correctness: reads wait by themselves. Useful for timing.
 *
 * @example
 * ```ts
 * const t0 = performance.now();
 * const r = gf.kernels.mapBinary(x, 2, 'mul');
 * await gf.sync();
 * console.log(performance.now() - t0, 'ms');
 * ```
 */
export async function sync(): Promise<void> {
  if (gpuCtx) await gpuCtx.device.queue.onSubmittedWorkDone();
}

/**
 * Release the device: idle pooled buffers are destroyed and the device with them.
 * Later ops run on the CPU until `init()` is called again.
 *
 * @example
 * ```ts
 * await gf.shutdown();
 * ```
 */
export async function shutdown(): Promise<void> {
  if (gpuCtx) {
    await gpuCtx.device.queue.onSubmittedWorkDone();
    gpuCtx.pool.trim();
    gpuCtx = undefined;
    releaseDevice();
  }
  current = 'cpu';
  initialized = false;
}
