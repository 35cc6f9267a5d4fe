/**
 * Acquiring a WebGPU device, in Node (Dawn through the `webgpu` package, loaded lazily)
 * or in a browser (navigator.gpu).
 *
 * Stability. dawn.node 0.6.2 crashes natively (a futex/mutex assertion in
 * `InstanceBase::ProcessEvents`) when the GPU instance returned by `create()` is
 * garbage-collected while a device it made is still alive. Every object the device
 * depends on (instance, adapter, device) is therefore kept in `held` for the life of
 * the process, and only `releaseDevice()` lets go of them, after destroying the device.
 */
import { DeviceError } from '../errors.js';

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

interface Route {
  name: string;
  /** Environment to set before `create()`, only where the user has not set it. */
  env: Record<string, string>;
  flags: string[];
  featureLevel?: 'core' | 'compatibility';
  available(exists: (path: string) => boolean): boolean;
}

const nodeRoutes: Route[] = [
  { name: 'vulkan', env: {}, flags: [], available: () => true },
  {
    name: 'vulkan-swiftshader',
    env: { VK_ICD_FILENAMES: SWIFTSHADER_ICD },
    flags: [],
    available: (exists) => process.env.VK_ICD_FILENAMES === undefined && exists(SWIFTSHADER_ICD),
  },
  {
    name: 'opengles-llvmpipe',
    env: { EGL_PLATFORM: 'surfaceless' },
    flags: ['backend=opengles'],
    featureLevel: 'compatibility',
    available: () => true,
  },
];

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node;
}

async function loadDawn(): Promise<{ create(flags: string[]): GPU; globals: Record<string, unknown> } | undefined> {
  try {
    const mod = (await import('webgpu')) as unknown as { create(flags: string[]): GPU; globals: Record<string, unknown> };
    return mod;
  } catch {
    return undefined;
  }
}

/** Why no adapter was found, route by route; shown in the error and in the CPU fallback note. */
export const acquisitionLog: string[] = [];

/**
 * Find an adapter and create a device, or return undefined when none exists.
 * Tries, in order: the platform's own Vulkan drivers, SwiftShader (if Debian's chromium is
 * installed), then Mesa llvmpipe through OpenGL ES at the compatibility feature level.
 */
export async function acquireDevice(limitMode: LimitMode = 'adapter'): Promise<GpuHandle | undefined> {
  if (held.length > 0) return held[held.length - 1];
  acquisitionLog.length = 0;
  if (!isNode()) {
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    if (!gpu) {
      acquisitionLog.push('navigator.gpu is undefined');
      return undefined;
    }
    return openOn(gpu, 'navigator.gpu', undefined, limitMode);
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
  const { existsSync } = await import('node:fs');
  for (const route of nodeRoutes) {
    if (!route.available(existsSync)) continue;
    const set: string[] = [];
    for (const [k, v] of Object.entries(route.env)) {
      if (process.env[k] === undefined) {
        process.env[k] = v;
        set.push(k);
      }
    }
    const instance = dawn.create(route.flags);
    const handle = await openOn(instance, route.name, route.featureLevel, limitMode);
    if (handle) return handle;
    for (const k of set) delete process.env[k];
  }
  return undefined;
}

async function openOn(instance: GPU, route: string, featureLevel: 'core' | 'compatibility' | undefined, limitMode: LimitMode): Promise<GpuHandle | undefined> {
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
  const info = adapter.info;
  const adapterName = [info.description, info.device].filter((s) => s && s.length > 0).join(' / ') || info.vendor || route;
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
  held.push(handle);
  return handle;
}

/** Destroy the device and only then drop the references that keep its instance alive. */
export function releaseDevice(): void {
  const h = held.pop();
  if (!h) return;
  h.device.destroy();
  // The instance must outlive every callback Dawn may still deliver; keep it one tick longer.
  setTimeout(() => void h.instance, 0);
}

export function throwIfNoDevice(h: GpuHandle | undefined): asserts h is GpuHandle {
  if (!h) throw new DeviceError(`init: expected a WebGPU adapter, got none (${acquisitionLog.join('; ') || 'no route tried'})`);
}
