/**
 * Backend selection: WebGPU (Dawn in Node, navigator.gpu in browsers) or the CPU.
 * The choice is made here and nowhere else; ops ask `activeBackend()`.
 */
import { DeviceError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { BufferPool } from '../memory/pool.js';
import { acquireDevice, acquisitionLog, adaptersSeen, releaseDevice, SWIFTSHADER_ICD, type AdapterSeen, type GpuHandle, type GpuLimits, type LimitMode } from './webgpu.js';

export type BackendName = 'webgpu' | 'cpu';

export interface InitOptions {
  /**
   * 'auto' (default) takes WebGPU on a hardware adapter, else the CPU; it never takes a software
   * adapter (SwiftShader, llvmpipe, lavapipe: slower than the CPU backend). 'webgpu' takes any
   * adapter, software included, and is a DeviceError when there is none. The `GPUFRAME_BACKEND`
   * variable sets it too; this option wins.
   */
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
  /**
   * Cap on storage buffers one kernel may bind (at least 8, the WebGPU spec's minimum), below
   * the device's `maxStorageBuffersPerShaderStage`, so that kernels whose bindings grow with
   * their inputs (the fused expression kernel) take their packed path on any device. For
   * testing that path cheaply; `limits: 'minimum'` lowers the device's own limit instead.
   */
  maxStorageBuffersPerStage?: number;
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
  /** Storage buffers one kernel may bind: the device's limit, or the `init` cap below it. */
  readonly maxStorageBuffersPerStage: number;
  readonly pipelines: Map<string, GPUComputePipeline>;
}

export interface Info {
  backend: BackendName;
  /** The adapter's name, e.g. 'SwiftShader driver 5.0.0 / swiftshader-device-subzero', or null on the CPU. */
  adapter: string | null;
  /** How the adapter was reached: 'vulkan', 'vulkan-swiftshader', 'opengles-llvmpipe', 'navigator.gpu'. */
  route: string | null;
  limits: (GpuLimits & { maxBindingBytes: number; maxWorkgroupsPerDim: number; maxStorageBuffersPerStage: number; mode: LimitMode }) | null;
  /** Why WebGPU is not in use, when it is not. */
  note: string | null;
  /** Every adapter the last device acquisition looked at: its name, route and whether it is software. */
  adapters: AdapterSeen[];
  /**
   * Why this backend: e.g. "auto: skipped software adapter 'SwiftShader driver 5.0.0 / …' (route
   * vulkan-swiftshader); pass backend: 'webgpu' to use it", or "backend 'webgpu' requested".
   */
  reason: string;
}

let gpuCtx: GpuContext | undefined;
let current: BackendName = 'cpu';
let initialized = false;
let note: string | null = null;
let reason = 'no backend chosen yet (init() not called)';
let warnedUninit = false;

function envBackend(): string | undefined {
  return typeof process !== 'undefined' ? process.env?.GPUFRAME_BACKEND : undefined;
}

function envLimits(): string | undefined {
  return typeof process !== 'undefined' ? process.env?.GPUFRAME_LIMITS || undefined : undefined;
}

const INIT_OPTIONS = ['backend', 'maxBindingBytes', 'maxWorkgroupsPerDim', 'maxStorageBuffersPerStage', 'quiet', 'poolBytes', 'limits'];

/**
 * Pick the backend and, for WebGPU, acquire the device once and keep it.
 *
 * - `'auto'` (the default) takes a hardware adapter, else the CPU backend. It never takes a
 *   software adapter (SwiftShader, llvmpipe, lavapipe, softpipe, Microsoft Basic Render, or one
 *   marked `isFallbackAdapter`): gpuframe runs 10–50× slower on those than on its CPU backend.
 *   `info().adapters` lists what was seen and `info().reason` says why the backend was chosen.
 *   A device already held (from an earlier `init({ backend: 'webgpu' })`) is kept until `shutdown()`.
 * - `'webgpu'` (or `GPUFRAME_BACKEND=webgpu`) takes any adapter, preferring hardware; software
 *   adapters are for tests and for users who ask. There is no separate flag for them.
 * - `'cpu'` (or `GPUFRAME_BACKEND=cpu`) never loads WebGPU.
 *
 * Without `init()`, the first async op (a reader, `filter`, `collect`, `toRecords`,
 * `groupBy().agg`, an estimator's `fit`, ...) calls it with the defaults and prints one line
 * on stderr saying what it chose. A synchronous op that runs before any backend is chosen runs
 * on the CPU and prints one line saying so, or, when `GPUFRAME_BACKEND=webgpu` is set, throws a
 * DeviceError asking for `await gf.init()`. Data made on the CPU before `init` is uploaded when
 * a WebGPU op first needs it.
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * const info = await gf.init();          // 'auto': a hardware GPU, else the CPU
 * console.log(info.backend, info.adapter, info.reason);
 * // gf.init({ backend: 'cpu' }) would force the CPU path; gf.init({ backend: 'webgpu' }) any adapter
 * ```
 */
export async function init(options: InitOptions = {}): Promise<Info> {
  checkOptions('init', options, INIT_OPTIONS);
  options ??= {};
  const fromEnv = options.backend === undefined && envBackend() !== undefined && envBackend() !== '';
  const choice = options.backend ?? ((fromEnv ? envBackend() : undefined) as InitOptions['backend']) ?? 'auto';
  if (!['auto', 'webgpu', 'cpu'].includes(choice)) {
    throw new ValueError(`init: expected backend 'auto' | 'webgpu' | 'cpu', got '${String(choice)}'${fromEnv ? ' (from GPUFRAME_BACKEND)' : ''}`);
  }
  const asked = fromEnv ? `GPUFRAME_BACKEND=${choice}` : `backend '${choice}' requested`;
  if (choice === 'cpu') {
    initialized = true;
    current = 'cpu';
    note = 'CPU backend chosen';
    reason = asked;
    return info();
  }
  const limits = options.limits ?? (envLimits() as LimitMode | undefined) ?? 'adapter';
  if (limits !== 'adapter' && limits !== 'minimum') throw new ValueError(`init: expected limits 'adapter' | 'minimum', got '${String(limits)}'`);
  const held = gpuCtx !== undefined;
  const ctx = await ensureGpu(limits, choice === 'webgpu', options.maxBindingBytes, options.poolBytes, options.maxWorkgroupsPerDim, options.maxStorageBuffersPerStage);
  initialized = true;
  if (ctx) {
    const h = ctx.handle;
    const kind = adaptersSeen.find((a) => a.route === h.route && a.name === h.adapterName)?.software ? 'software' : 'hardware';
    current = 'webgpu';
    note = null;
    reason = held && choice === 'auto'
      ? `auto: kept the WebGPU device acquired earlier ('${h.adapterName}', route ${h.route}); shutdown() releases it`
      : `${choice === 'auto' ? 'auto' : asked}: ${kind} adapter '${h.adapterName}' (route ${h.route})`;
    return info();
  }
  const why = acquisitionLog.join('; ');
  if (choice === 'webgpu') {
    throw new DeviceError(
      `init: expected a WebGPU adapter, got none (${why}). On Debian, 'apt-get install chromium' provides SwiftShader (${SWIFTSHADER_ICD}).`,
    );
  }
  current = 'cpu';
  const skipped = adaptersSeen.filter((a) => a.software);
  note = skipped.length > 0
    ? `skipped software ${skipped.map((a) => `adapter '${a.name}' (route ${a.route})`).join(', ')}; pass backend: 'webgpu' to use it; running on the CPU`
    : `no WebGPU adapter (${why}); running on the CPU`;
  reason = `auto: ${note}`;
  if (!options.quiet) console.warn(`gpuframe: ${note}`);
  return info();
}

let lazyInit: Promise<Info> | undefined;

/**
 * The hook async ops call first: when no backend has been chosen, choose it now as `init()`
 * would (honouring `GPUFRAME_BACKEND` and `GPUFRAME_LIMITS`), and say so in one line on stderr
 * when the choice was gpuframe's ('auto'). Concurrent first ops share one initialisation.
 */
export async function ensureBackend(op: string): Promise<void> {
  if (initialized) return;
  lazyInit ??= (async () => {
    const env = envBackend();
    const i = await init({ quiet: true });
    if (!env || env === 'auto') {
      console.warn(`gpuframe: ${op} chose the backend, as init() had not been awaited: ${i.backend} (${i.reason}). Call await gf.init() first to choose it yourself.`);
    }
    return i;
  })().finally(() => {
    lazyInit = undefined;
  });
  await lazyInit;
}

async function ensureGpu(limits: LimitMode, allowSoftware: boolean, maxBindingBytes?: number, poolBytes?: number, maxWorkgroupsPerDim?: number, maxStorageBuffers?: number): Promise<GpuContext | undefined> {
  if (!gpuCtx) {
    const handle = await acquireDevice(limits, allowSoftware);
    if (!handle) return undefined;
    gpuCtx = makeContext(handle, maxBindingBytes, poolBytes);
  } else {
    // Caps given now apply; caps not given return to the device's limits.
    gpuCtx = { ...gpuCtx, maxBindingBytes: bindingCap(gpuCtx.handle, maxBindingBytes) };
  }
  gpuCtx = { ...gpuCtx, maxWorkgroupsPerDim: gridCap(gpuCtx.handle, maxWorkgroupsPerDim), maxStorageBuffersPerStage: storageCap(gpuCtx.handle, maxStorageBuffers) };
  return gpuCtx;
}

function storageCap(handle: GpuHandle, requested?: number): number {
  const limit = handle.limits.maxStorageBuffersPerShaderStage;
  if (requested === undefined) return limit;
  if (!(requested >= 8)) throw new ValueError(`init: expected maxStorageBuffersPerStage >= 8 (the WebGPU minimum), got ${requested}`);
  return Math.min(limit, Math.floor(requested));
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
    maxStorageBuffersPerStage: handle.limits.maxStorageBuffersPerShaderStage,
    pipelines: new Map(),
  };
}

/**
 * What is running: the backend, the adapter's name and its limits.
 *
 * @example
 * ```ts
 * await gf.init();
 * const { backend, adapter } = gf.info();
 * console.log(backend, adapter); // e.g. 'webgpu' 'NVIDIA H100 …', or 'cpu' null
 * ```
 */
export function info(): Info {
  const h = gpuCtx?.handle;
  const on = current === 'webgpu' && h;
  return {
    backend: current,
    adapter: on ? h.adapterName : null,
    route: on ? h.route : null,
    limits: on ? { ...h.limits, maxBindingBytes: gpuCtx!.maxBindingBytes, maxWorkgroupsPerDim: gpuCtx!.maxWorkgroupsPerDim, maxStorageBuffersPerStage: gpuCtx!.maxStorageBuffersPerStage, mode: h.limitMode } : null,
    note,
    adapters: adaptersSeen.map((a) => ({ ...a })),
    reason,
  };
}

/**
 * The backend ops run on now. Before any backend is chosen: `GPUFRAME_BACKEND=cpu` chooses the
 * CPU; `GPUFRAME_BACKEND=webgpu` is a DeviceError (the device needs `await gf.init()`); otherwise
 * the op runs on the CPU and one line on stderr says so (the first async op still chooses).
 */
export function activeBackend(): BackendName {
  if (scoped) return scoped;
  if (!initialized) {
    const env = envBackend();
    if (env === 'cpu') {
      initialized = true;
      current = 'cpu';
      note = 'CPU backend chosen';
      reason = 'GPUFRAME_BACKEND=cpu';
    } else if (env === 'webgpu') {
      throw new DeviceError('gpuframe: expected await gf.init() before the first op, as GPUFRAME_BACKEND=webgpu asks for WebGPU, got an op before any backend was chosen');
    } else if (!warnedUninit) {
      warnedUninit = true;
      note = 'ops ran before a backend was chosen; they ran on the CPU';
      console.warn('gpuframe: an op ran on the CPU because no backend is chosen yet (await gf.init() first; until then the first async op chooses)');
    }
  }
  return current;
}

let scoped: BackendName | undefined;

/**
 * Run `fn` with ops on the given backend, then restore the previous one. Ops record work
 * synchronously, so the scope covers what `fn` does before its first `await`.
 *
 * @example
 * ```ts
 * const x = gf.array(new Float64Array([1, 2, 3]));
 * const sum = gf.withBackend('cpu', () => gf.kernels.reduce(x, 'sum')); // runs on the CPU
 * console.log(await sum.toArray()); // Float64Array [6]
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
 * const df = new gf.DataFrame({ x: new Float64Array([-1, 2, 3]) });
 * const onCpu = await gf.withBackendAsync('cpu', () => df.filter(gf.col('x').gt(0)));
 * console.log(onCpu.numRows); // 2
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
 * const x = gf.array(new Float32Array([1, 2, 3]));
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
 * await gf.init();
 * // ... work ...
 * // await gf.shutdown(); // at the end: frees the device; later ops run on the CPU until gf.init()
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
  note = 'shutdown() released the device; running on the CPU';
  reason = 'shutdown() was called; ops run on the CPU until init()';
}
