/**
 * Backend selection: WebGPU (Dawn in Node, navigator.gpu in browsers) or the CPU.
 * The choice is made here and nowhere else; ops ask `activeBackend()`.
 */
import { DeviceError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { BufferPool, DEFAULT_POOL_BYTES } from '../memory/pool.js';
import { acquireDevice, acquisitionLog, adaptersSeen, onDeviceLost, releaseDevice, SWIFTSHADER_ICD, type AdapterSeen, type GpuHandle, type GpuLimits, type LimitMode } from './webgpu.js';
import { describeLoss, noteOp, type DeviceLoss } from './loss.js';
import { bindingCap, checkInitValues, gridCap, storageCap } from './init-options.js';
import { setThreads } from '../threads/pool.js';

export type { DeviceLoss } from './loss.js';

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
  /**
   * Threads the CPU backend's hot twins use (filter, compaction, reductions, expressions, hash
   * groupBy, sort, join, ...): an integer >= 1, the calling thread included; 1 runs everything
   * on the calling thread. Default: the `GPUFRAME_THREADS` variable, else all cores. Results are
   * the same bits on any count. A later `init` that omits it goes back to the default. In a
   * browser the CPU twins run on the calling thread (it may not block on workers).
   */
  threads?: number;
  /**
   * Idle device bytes the buffer pool keeps for reuse (default 256 MiB); more are freed. A later
   * `init` applies it to the device already held (and one that omits it restores the default).
   */
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
   * The device loss ops are failing on, or null. Set when the WebGPU device is lost (`device.lost`:
   * a driver reset, a crash, `destroy()`); then `limits` is null, `hasWebGPU()` is false and every
   * WebGPU op throws a DeviceError that says what happened, until `init()` acquires a new device.
   */
  lost: DeviceLoss | null;
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
/** The loss of the device ops were running on, until init() or shutdown(). */
let lost: DeviceLoss | undefined;

onDeviceLost((h, loss) => {
  if (gpuCtx?.handle !== h) return;
  gpuCtx.pool.retire();
  gpuCtx = undefined;
  lost = loss;
  note = `${describeLoss(loss)}; await gf.init() acquires a new device`;
  reason = `device lost: ${note}`;
});

function envBackend(): string | undefined {
  return typeof process !== 'undefined' ? process.env?.GPUFRAME_BACKEND : undefined;
}

function envLimits(): string | undefined {
  return typeof process !== 'undefined' ? process.env?.GPUFRAME_LIMITS || undefined : undefined;
}

const INIT_OPTIONS = ['backend', 'maxBindingBytes', 'maxWorkgroupsPerDim', 'maxStorageBuffersPerStage', 'quiet', 'poolBytes', 'limits', 'threads'];

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
 * Device loss. When the WebGPU device is lost (a driver reset or crash, or `destroy()` on it),
 * gpuframe does not switch to the CPU or to a new device behind your back, as a WebGPU app
 * re-creates its device itself and cuDF's CUDA errors are sticky: every WebGPU op then throws a
 * DeviceError saying what happened (the driver's reason and message, when, the last op on the
 * device) and asking for `await gf.init()`, `info().lost` holds the same, and `hasWebGPU()` is
 * false. The next `init()` acquires a new device (or, with `backend: 'cpu'`, moves to the CPU).
 * Data with a host copy (everything read from a file or made from arrays) carries over and is
 * uploaded again when used; data whose only copy was on the lost device (results not yet read
 * back) is gone, and using it is a ResidencyError naming the column: recompute it.
 *
 * Concurrent `init()` calls share one device acquisition. Options are checked on every call,
 * whether or not a device is already held: a wrong type or range is a ValueError naming it.
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
  checkInitValues(options);
  const fromEnv = options.backend === undefined && envBackend() !== undefined && envBackend() !== '';
  const choice = options.backend ?? ((fromEnv ? envBackend() : undefined) as InitOptions['backend']) ?? 'auto';
  if (!['auto', 'webgpu', 'cpu'].includes(choice)) {
    throw new ValueError(`init: expected backend 'auto' | 'webgpu' | 'cpu', got '${String(choice)}'${fromEnv ? ' (from GPUFRAME_BACKEND)' : ''}`);
  }
  const asked = fromEnv ? `GPUFRAME_BACKEND=${choice}` : `backend '${choice}' requested`;
  const limits = options.limits ?? (envLimits() as LimitMode | undefined) ?? 'adapter';
  if (limits !== 'adapter' && limits !== 'minimum') throw new ValueError(`init: expected limits 'adapter' | 'minimum', got '${String(limits)}'`);
  await setThreads(options.threads); // (checks GPUFRAME_THREADS too when the option is omitted)
  if (choice === 'cpu') {
    initialized = true;
    lost = undefined;
    current = 'cpu';
    note = 'CPU backend chosen';
    reason = asked;
    return info();
  }
  const held = gpuCtx !== undefined;
  const wasLost = lost;
  const ctx = await ensureGpu(limits, choice === 'webgpu', options.maxBindingBytes, options.poolBytes, options.maxWorkgroupsPerDim, options.maxStorageBuffersPerStage);
  initialized = true;
  const replaced = wasLost ? `; replaces the device lost at ${wasLost.at.toISOString()}` : '';
  if (ctx) {
    if (wasLost === lost) lost = undefined; // (else the new device was lost already)
    const h = ctx.handle;
    const kind = adaptersSeen.find((a) => a.route === h.route && a.name === h.adapterName)?.software ? 'software' : 'hardware';
    current = 'webgpu';
    note = null;
    reason = held && choice === 'auto'
      ? `auto: kept the WebGPU device acquired earlier ('${h.adapterName}', route ${h.route}); shutdown() releases it`
      : `${choice === 'auto' ? 'auto' : asked}: ${kind} adapter '${h.adapterName}' (route ${h.route})${replaced}`;
    return info();
  }
  const why = acquisitionLog.join('; ');
  if (choice === 'webgpu') {
    throw new DeviceError(
      `init: expected a WebGPU adapter, got none (${why}). On Debian, 'apt-get install chromium' provides SwiftShader (${SWIFTSHADER_ICD}).`,
    );
  }
  current = 'cpu';
  lost = undefined;
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

/** The acquisition in flight, shared by concurrent `init()` calls (one device, not one each). */
let acquiring: { promise: Promise<GpuHandle | undefined>; allowSoftware: boolean } | undefined;

async function acquireShared(limits: LimitMode, allowSoftware: boolean): Promise<GpuHandle | undefined> {
  let mine = acquiring;
  if (!mine) {
    const promise = acquireDevice(limits, allowSoftware).finally(() => {
      if (acquiring?.promise === promise) acquiring = undefined;
    });
    acquiring = mine = { promise, allowSoftware };
  }
  const handle = await mine.promise;
  // A concurrent 'auto' call skipped the software adapter this 'webgpu' call accepts: look again.
  if (!handle && allowSoftware && !mine.allowSoftware) return acquireShared(limits, allowSoftware);
  return handle;
}

async function ensureGpu(limits: LimitMode, allowSoftware: boolean, maxBindingBytes?: number, poolBytes?: number, maxWorkgroupsPerDim?: number, maxStorageBuffers?: number): Promise<GpuContext | undefined> {
  if (!gpuCtx) {
    const handle = await acquireShared(limits, allowSoftware);
    if (!handle) return undefined;
    // Concurrent callers get the same handle: the first makes the context, the others keep it.
    const made = gpuCtx as GpuContext | undefined; // (set meanwhile by a concurrent init)
    gpuCtx = made?.handle === handle ? made : makeContext(handle, maxBindingBytes, poolBytes);
  } else {
    // Caps given now apply; caps not given return to the device's limits (the pool to its default).
    gpuCtx.pool.resize(poolBytes ?? DEFAULT_POOL_BYTES);
  }
  gpuCtx = { ...gpuCtx, maxBindingBytes: bindingCap(gpuCtx.handle, maxBindingBytes) };
  gpuCtx = { ...gpuCtx, maxWorkgroupsPerDim: gridCap(gpuCtx.handle, maxWorkgroupsPerDim), maxStorageBuffersPerStage: storageCap(gpuCtx.handle, maxStorageBuffers) };
  return gpuCtx;
}

function makeContext(handle: GpuHandle, maxBindingBytes?: number, poolBytes?: number): GpuContext {
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
 * What is running: the backend, the adapter's name and its limits. After a device loss,
 * `lost` says what happened (and `adapter` and `limits` are null) until `init()`.
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
    lost: lost ?? null,
  };
}

/** The DeviceError every WebGPU op throws after a loss, until init(). */
function lostError(op: string, loss: DeviceLoss): DeviceError {
  return new DeviceError(
    `${op}: expected a live WebGPU device, got none: ${describeLoss(loss)}. await gf.init() acquires a new device; data whose only copy was on the lost device is gone`,
  );
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
  if (backend === 'webgpu' && !gpuCtx && lost) throw lostError('withBackend', lost);
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
  if (backend === 'webgpu' && !gpuCtx && lost) throw lostError('withBackendAsync', lost);
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
 * True once a WebGPU device has been acquired, and false again after `shutdown()` or a device
 * loss (see `init`).
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

/**
 * The device context for `op` (named in errors, and in a later loss's message as the last op
 * on the device); throws DeviceError when WebGPU is not initialised or the device was lost.
 */
export function gpu(op?: string): GpuContext {
  if (!gpuCtx) {
    if (lost) throw lostError(op ?? 'gpu', lost);
    throw new DeviceError(`${op ?? 'gpu'}: expected an initialised WebGPU device, got none (await init() first)`);
  }
  if (op) noteOp(op);
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
    gpuCtx.pool.retire();
    gpuCtx = undefined;
    releaseDevice();
  }
  lost = undefined;
  current = 'cpu';
  note = 'shutdown() released the device; running on the CPU';
  reason = 'shutdown() was called; ops run on the CPU until init()';
}
