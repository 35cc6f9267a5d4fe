/**
 * Acquiring a WebGPU device, in Node (Dawn through the `webgpu` package, loaded lazily)
 * or in a browser (navigator.gpu).
 *
 * Stability. dawn.node 0.6.2 crashes natively (a futex/mutex assertion in
 * `InstanceBase::ProcessEvents`) when the GPU instance returned by `create()` is
 * garbage-collected while a device it made is still alive. Every object the device
 * depends on (instance, adapter, device) is therefore kept in `held` for the life of
 * the process, and only `releaseDevice()` lets go of them, after destroying the device.
 * Instances made only to look at an adapter (one not taken) are kept too (`probed`).
 * A device that is lost (`device.lost` resolves: a driver reset, `device.destroy()` called from
 * outside) leaves `held` for `retired`, which is never emptied: stranded buffers still reference
 * the dead device, so its instance must live on, while the next `init()` acquires a new device.
 *
 * Software adapters. SwiftShader, llvmpipe, lavapipe, softpipe and Microsoft's Basic Render
 * driver are CPUs emulating a GPU: gpuframe's WebGPU path runs 10–50× slower on them than its
 * CPU backend. `acquireDevice` therefore takes one only when asked (`allowSoftware`, i.e.
 * `init({ backend: 'webgpu' })`); every adapter it looked at is listed in `adaptersSeen`.
 */
import { DeviceError } from '../errors.js';
import { platform } from '#platform';
import type { Dawn } from '../platform/types.js';
import { markReleased, recordLoss, wasReleased, type DeviceLoss } from './loss.js';

/** What we keep alive for as long as the device lives. */
export interface GpuHandle {
  readonly instance: GPU;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** Human-readable name of the adapter, such as 'SwiftShader driver 5.0.0'. */
  readonly adapterName: string;
  readonly route: string;
  readonly limits: GpuLimits;
  readonly errors: string[];
  /** 'adapter': the adapter's own limits were requested; 'minimum': the WebGPU spec's defaults. */
  readonly limitMode: LimitMode;
}

/**
 * Which limits the device is created with: the adapter's maxima (the default: a GPU's real
 * binding sizes and buffer counts), or the WebGPU spec's minimum defaults (8 storage buffers
 * per stage, 128 MiB bindings, 256 MiB buffers), which every adapter supports: for testing
 * that every kernel runs on the smallest conforming device.
 */
export type LimitMode = 'adapter' | 'minimum';

export interface GpuLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupsPerDimension: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxStorageBuffersPerShaderStage: number;
  minStorageBufferOffsetAlignment: number;
  maxComputeWorkgroupStorageSize: number;
}

/** The CPU Vulkan driver in Debian's chromium package: SwiftShader, core feature level. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// Strong references for the life of the process (see the header).
const held: GpuHandle[] = [];
const probed: GPU[] = [];
// Handles of lost devices, kept for the life of the process (see the header).
const retired: GpuHandle[] = [];

/** Devices created so far in this process (`requestDevice` calls that succeeded); for tests. */
export let devicesCreated = 0;

let lostListener: ((h: GpuHandle, loss: DeviceLoss) => void) | undefined;

/** Set the one callback told when a held device is lost (src/device/index.ts drops its context). */
export function onDeviceLost(cb: (h: GpuHandle, loss: DeviceLoss) => void): void {
  lostListener = cb;
}

function deviceLost(handle: GpuHandle, info: GPUDeviceLostInfo): void {
  if (wasReleased(handle.device)) return; // shutdown() destroyed it: not a loss
  const loss = recordLoss(handle.device, info, handle.adapterName);
  const i = held.indexOf(handle);
  if (i >= 0) held.splice(i, 1);
  retired.push(handle);
  lostListener?.(handle, loss);
}

/** One adapter `acquireDevice` looked at, taken or not. */
export interface AdapterSeen {
  /** The adapter's name, e.g. 'SwiftShader driver 5.0.0 / swiftshader-device-subzero-'. */
  name: string;
  /** The route that reached it (see `Info.route`). */
  route: string;
  /** A CPU emulating a GPU (SwiftShader, llvmpipe, lavapipe, ...): never taken by 'auto'. */
  software: boolean;
}

/** The adapters the last acquisition looked at, in the order it tried them. */
export const adaptersSeen: AdapterSeen[] = [];

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render/i;

/**
 * True for an adapter that is a CPU emulating a GPU: the spec's `isFallbackAdapter` (on
 * `adapter.info`, or on the adapter in older implementations), an adapter type 'cpu' where one is
 * exposed, or a known software driver's name in vendor, architecture, device or description.
 */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean; adapterType?: string; type?: string };
  if (info.isFallbackAdapter === true || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true) return true;
  if (info.adapterType === 'cpu' || info.type === 'cpu') return true;
  return SOFTWARE_NAMES.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}

function adapterNameOf(adapter: GPUAdapter, route: string): string {
  const info = adapter.info;
  // Chromium leaves description and device empty ('google' / 'swiftshader' in vendor and architecture).
  const named = [info.description, info.device].filter((s) => s && s.length > 0).join(' / ');
  return named || [info.vendor, info.architecture].filter((s) => s && s.length > 0).join(' ') || route;
}

interface Fs {
  existsSync(path: string): boolean;
  readdirSync(path: string): string[];
}

interface Route {
  name: string;
  /** Environment to set before `create()`, only where the user has not set it. */
  env: Record<string, string>;
  flags: string[];
  featureLevel?: 'core' | 'compatibility';
  /** Why the route is not worth trying now, or undefined to try it. */
  skip(fs: Fs, ctx: { allowSoftware: boolean; haveSoftware: boolean }): string | undefined;
}

/**
 * Whether the Vulkan loader can find a driver: a manifest in its search paths (Linux), or one
 * named by the user's variables. Without one, Dawn's plain Vulkan route only prints
 * "vkCreateInstance: Found no drivers!" on stderr, so it is not tried.
 */
function vulkanDriverListed(fs: Fs): boolean {
  const e = process.env;
  if (process.platform !== 'linux' || e.VK_ICD_FILENAMES || e.VK_DRIVER_FILES || e.VK_ADD_DRIVER_FILES) return true;
  const home = e.HOME ?? '';
  const dirs = [
    e.XDG_CONFIG_HOME || `${home}/.config`,
    ...(e.XDG_CONFIG_DIRS || '/etc/xdg').split(':'),
    '/etc',
    '/usr/local/etc',
    e.XDG_DATA_HOME || `${home}/.local/share`,
    ...(e.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':'),
  ];
  return dirs.some((d) => {
    try {
      return d !== '' && fs.readdirSync(`${d}/vulkan/icd.d`).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  });
}

/** A device node a hardware OpenGL ES driver would open (Mesa's render nodes, NVIDIA's, WSL's). */
function gpuDeviceNode(fs: Fs): boolean {
  if (process.platform !== 'linux') return true;
  try {
    if (fs.readdirSync('/dev/dri').some((f) => f.startsWith('renderD'))) return true;
  } catch {
    // no /dev/dri
  }
  return fs.existsSync('/dev/nvidiactl') || fs.existsSync('/dev/dxg');
}

const nodeRoutes: Route[] = [
  {
    name: 'vulkan',
    env: {},
    flags: [],
    skip: (fs) => (vulkanDriverListed(fs) ? undefined : 'no Vulkan driver manifest in the loader\'s search paths (vulkan/icd.d) and VK_ICD_FILENAMES/VK_DRIVER_FILES unset'),
  },
  {
    name: 'vulkan-swiftshader',
    env: { VK_ICD_FILENAMES: SWIFTSHADER_ICD },
    flags: [],
    skip: (fs) =>
      process.env.VK_ICD_FILENAMES !== undefined ? 'VK_ICD_FILENAMES is set (the vulkan route uses it)' : fs.existsSync(SWIFTSHADER_ICD) ? undefined : `${SWIFTSHADER_ICD} not found`,
  },
  {
    name: 'opengles-llvmpipe',
    env: { EGL_PLATFORM: 'surfaceless' },
    flags: ['backend=opengles'],
    featureLevel: 'compatibility',
    // With no GPU device node only a software GL driver can answer: skip it where software is
    // not wanted, or where a software adapter is already in hand (the probe costs ~0.6 s).
    skip: (fs, ctx) =>
      gpuDeviceNode(fs) || (ctx.allowSoftware && !ctx.haveSoftware) ? undefined : 'no GPU device node (/dev/dri/renderD*, /dev/nvidiactl, /dev/dxg), so only a software OpenGL ES driver could answer',
  },
];

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node;
}

/** Dawn (the optional `webgpu` package) through the platform seam: never in a browser bundle. */
function loadDawn(): Promise<Dawn | undefined> {
  return platform.loadDawn();
}

/** Why no adapter was taken, route by route; shown in the error and in the CPU fallback note. */
export const acquisitionLog: string[] = [];

interface Candidate {
  instance: GPU;
  adapter: GPUAdapter;
  route: Route | undefined;
  name: string;
}

let pending: Promise<GpuHandle | undefined> | undefined;

/**
 * Find an adapter and create a device, or return undefined when none is taken.
 * Tries, in order: the platform's own Vulkan drivers, SwiftShader (if Debian's chromium is
 * installed), then OpenGL ES at the compatibility feature level (Mesa llvmpipe, or a GPU's GL
 * driver). The first hardware adapter is taken. A software adapter is taken only with
 * `allowSoftware`, and only when no hardware adapter was found. Concurrent calls share one
 * acquisition; while a device is held it is returned as it is.
 */
export async function acquireDevice(limitMode: LimitMode = 'adapter', allowSoftware = true): Promise<GpuHandle | undefined> {
  if (held.length > 0) return held[held.length - 1];
  pending ??= acquire(limitMode, allowSoftware).finally(() => {
    pending = undefined;
  });
  return pending;
}

async function acquire(limitMode: LimitMode, allowSoftware: boolean): Promise<GpuHandle | undefined> {
  acquisitionLog.length = 0;
  adaptersSeen.length = 0;
  const software: Candidate[] = [];
  const choose = (c: Candidate) => openOn(c.instance, c.adapter, c.route?.name ?? 'navigator.gpu', c.name, limitMode);
  const skipSoftware = () => {
    for (const c of software) acquisitionLog.push(`${c.route?.name ?? 'navigator.gpu'}: skipped software adapter '${c.name}'`);
    return undefined;
  };
  if (!isNode()) {
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    if (!gpu) {
      acquisitionLog.push('navigator.gpu is undefined');
      return undefined;
    }
    const c = await probe(gpu, 'navigator.gpu', undefined);
    if (!c) return undefined;
    if (!isSoftwareAdapter(c.adapter) || allowSoftware) return choose(c);
    software.push(c);
    return skipSoftware();
  }
  const dawn = await loadDawn();
  if (!dawn) {
    acquisitionLog.push("the optional package 'webgpu' is not installed");
    return undefined;
  }
  // Dawn's enums (GPUBufferUsage, ...) are globals in browsers; provide them in Node.
  for (const [k, v] of Object.entries(dawn.globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  const fs = await platform.syncFs();
  if (!fs) {
    acquisitionLog.push('no file system to probe drivers with');
    return undefined;
  }
  for (const route of nodeRoutes) {
    const why = route.skip(fs, { allowSoftware, haveSoftware: software.length > 0 });
    if (why) {
      acquisitionLog.push(`${route.name}: not tried (${why})`);
      continue;
    }
    const set = setEnv(route);
    const instance = dawn.create(route.flags);
    probed.push(instance);
    const c = await probe(instance, route.name, route.featureLevel);
    unsetEnv(set);
    if (!c) continue;
    c.route = route;
    if (!isSoftwareAdapter(c.adapter)) return chooseOnRoute(c, choose);
    software.push(c);
  }
  if (allowSoftware && software.length > 0) return chooseOnRoute(software[0]!, choose);
  return skipSoftware();
}

/**
 * Open the device with the route's environment set again (as when its adapter was found), then
 * unset it: the driver has read it by then, and child processes of the user's program should not
 * inherit a driver choice they did not make.
 */
async function chooseOnRoute(c: Candidate, choose: (c: Candidate) => Promise<GpuHandle | undefined>): Promise<GpuHandle | undefined> {
  const set = c.route ? setEnv(c.route) : [];
  try {
    return await choose(c);
  } finally {
    unsetEnv(set);
  }
}

function setEnv(route: Route): string[] {
  const set: string[] = [];
  for (const [k, v] of Object.entries(route.env)) {
    if (process.env[k] === undefined) {
      process.env[k] = v;
      set.push(k);
    }
  }
  return set;
}

function unsetEnv(keys: readonly string[]): void {
  for (const k of keys) delete process.env[k];
}

async function probe(instance: GPU, route: string, featureLevel: 'core' | 'compatibility' | undefined): Promise<Candidate | undefined> {
  const opts = featureLevel ? ({ featureLevel } as GPURequestAdapterOptions) : undefined;
  let adapter: GPUAdapter | null;
  try {
    adapter = await instance.requestAdapter(opts);
  } catch (e) {
    acquisitionLog.push(`${route}: requestAdapter threw ${(e as Error).message}`);
    return undefined;
  }
  if (!adapter) {
    acquisitionLog.push(`${route}: no adapter`);
    return undefined;
  }
  const name = adapterNameOf(adapter, route);
  adaptersSeen.push({ name, route, software: isSoftwareAdapter(adapter) });
  return { instance, adapter, route: undefined, name };
}

async function openOn(instance: GPU, adapter: GPUAdapter, route: string, adapterName: string, limitMode: LimitMode): Promise<GpuHandle | undefined> {
  const a = adapter.limits;
  // Ask for the adapter's full compute limits: the defaults (128 MiB bindings) are far below them.
  const requiredLimits: Record<string, number> = limitMode === 'minimum' ? {} : {
    maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
    maxBufferSize: a.maxBufferSize,
    maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: a.maxComputeWorkgroupSizeX,
    maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
    maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
  };
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits });
  } catch (e) {
    acquisitionLog.push(`${route}: requestDevice threw ${(e as Error).message}`);
    return undefined;
  }
  devicesCreated++;
  const l = device.limits;
  const errors: string[] = [];
  const handle: GpuHandle = {
    instance,
    adapter,
    device,
    adapterName,
    route,
    errors,
    limitMode,
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      minStorageBufferOffsetAlignment: l.minStorageBufferOffsetAlignment,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    },
  };
  device.addEventListener('uncapturederror', (ev) => {
    errors.push((ev as GPUUncapturedErrorEvent).error.message);
  });
  void device.lost.then((info) => deviceLost(handle, info));
  held.push(handle);
  return handle;
}

/** Destroy the device and only then drop the references that keep its instance alive. */
export function releaseDevice(): void {
  const h = held.pop();
  if (!h) return;
  markReleased(h.device);
  h.device.destroy();
  // The instance must outlive every callback Dawn may still deliver; keep it one tick longer.
  setTimeout(() => void h.instance, 0);
}

export function throwIfNoDevice(h: GpuHandle | undefined): asserts h is GpuHandle {
  if (!h) throw new DeviceError(`init: expected a WebGPU adapter, got none (${acquisitionLog.join('; ') || 'no route tried'})`);
}
