/**
 * The kernel runner: pipelines cached by shader text plus constants, uniforms packed per
 * dispatch, 2-D grids past 65,535 workgroups, binding windows for chunked processing, and
 * temporaries that go back to the pool once the work is submitted.
 *
 * Conventions every kernel follows:
 * - `@group(0) @binding(0)` is a uniform struct of 32-bit fields (sizes and scalars live
 *   here, never in shader text, so one pipeline serves every length).
 * - Bindings 1..k are storage buffers, in the order passed to `dispatch`.
 * - The workgroup size is `WG` (256). A kernel derives its linear workgroup index as
 *   `wid.x + wid.y * nwg.x` from `@builtin(workgroup_id)` and `@builtin(num_workgroups)`,
 *   and bounds-checks against its element count, since the 2-D grid may overshoot.
 */
import type { GpuContext } from '../src/device/index.js';
import { DeviceError } from '../src/errors.js';
import { STORAGE_USAGE, UNIFORM_USAGE } from '../src/memory/pool.js';
import { counters } from '../src/memory/stats.js';

/** Threads per workgroup in every kernel. */
export const WG = 256;

export interface ShaderSpec {
  /** A label for errors and debugging. */
  readonly label: string;
  /** Complete WGSL text. Generated only from fixed fragments: never from user strings. */
  readonly code: string;
  readonly entryPoint?: string;
  readonly constants?: Record<string, number>;
}

/** A storage binding: a whole buffer, or a window of it (offset a multiple of 256). */
export type Binding = GPUBuffer | { buffer: GPUBuffer; offset: number; size: number };

/** The compiled pipeline for a shader, compiled once per device and cached. */
export function pipelineFor(ctx: GpuContext, spec: ShaderSpec): GPUComputePipeline {
  const entryPoint = spec.entryPoint ?? 'main';
  const key = `${entryPoint}\u0000${spec.constants ? JSON.stringify(spec.constants) : ''}\u0000${spec.code}`;
  let p = ctx.pipelines.get(key);
  if (!p) {
    if (ctx.handle.limits.maxComputeInvocationsPerWorkgroup < WG) {
      throw new DeviceError(`${spec.label}: expected maxComputeInvocationsPerWorkgroup >= ${WG}, got ${ctx.handle.limits.maxComputeInvocationsPerWorkgroup}`);
    }
    const module = ctx.device.createShaderModule({ label: spec.label, code: spec.code });
    p = ctx.device.createComputePipeline({
      label: spec.label,
      layout: 'auto',
      compute: { module, entryPoint, constants: spec.constants },
    });
    ctx.pipelines.set(key, p);
    counters.pipelinesCompiled++;
  }
  return p;
}

/** The 2-D grid that covers `workgroups` groups within the per-dimension limit. */
export function grid(ctx: GpuContext, workgroups: number): [number, number] {
  const max = ctx.maxWorkgroupsPerDim;
  if (workgroups <= max) return [workgroups, 1];
  const y = Math.ceil(workgroups / max);
  if (y > max) throw new DeviceError(`dispatch: expected at most ${max * max} workgroups, got ${workgroups}`);
  return [Math.ceil(workgroups / y), y];
}

/**
 * Records dispatches into one command encoder and submits them together. Temporaries and
 * uniform buffers return to the pool after `submit()`: the queue orders later reuse.
 */
export class Recorder {
  private readonly encoder: GPUCommandEncoder;
  private readonly temps: GPUBuffer[] = [];
  private submitted = false;

  constructor(readonly ctx: GpuContext) {
    this.encoder = ctx.device.createCommandEncoder();
  }

  /** A temporary storage buffer of at least `bytes`, released after submit. */
  temp(bytes: number): GPUBuffer {
    const b = this.ctx.pool.acquire(Math.max(4, bytes), STORAGE_USAGE);
    this.temps.push(b);
    return b;
  }

  /** A storage buffer of at least `bytes` that outlives the submit (for a DataBuffer). */
  output(bytes: number): GPUBuffer {
    return this.ctx.pool.acquire(Math.max(4, bytes), STORAGE_USAGE);
  }

  /**
   * Record one dispatch of `workgroups` groups. `uniforms` become binding 0; `bindings`
   * become 1..k. Zero workgroups records nothing.
   */
  dispatch(spec: ShaderSpec, uniforms: ArrayBufferView | ArrayBuffer, bindings: readonly Binding[], workgroups: number): void {
    if (workgroups <= 0) return;
    checkStorageCount(this.ctx, spec.label, bindings.length);
    const pipeline = pipelineFor(this.ctx, spec);
    const src = uniforms instanceof ArrayBuffer ? new Uint8Array(uniforms) : new Uint8Array(uniforms.buffer, uniforms.byteOffset, uniforms.byteLength);
    const size = Math.max(16, Math.ceil(src.byteLength / 16) * 16);
    const ubuf = this.ctx.pool.acquire(size, UNIFORM_USAGE);
    const padded = new Uint8Array(size);
    padded.set(src);
    this.ctx.device.queue.writeBuffer(ubuf, 0, padded);
    this.temps.push(ubuf);
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: ubuf, offset: 0, size } }];
    bindings.forEach((b, i) => {
      const resource = 'buffer' in b ? { buffer: b.buffer, offset: b.offset, size: Math.max(4, Math.ceil(b.size / 4) * 4) } : { buffer: b };
      entries.push({ binding: i + 1, resource });
    });
    const group = this.ctx.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const pass = this.encoder.beginComputePass({ label: spec.label });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    const [x, y] = grid(this.ctx, workgroups);
    pass.dispatchWorkgroups(x, y);
    pass.end();
    counters.dispatches++;
  }

  /** Record a buffer-to-buffer copy. */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    if (bytes > 0) this.encoder.copyBufferToBuffer(src, srcOffset, dst, dstOffset, Math.ceil(bytes / 4) * 4);
  }

  /** Record zeroing `bytes` of `dst` (a multiple of 4). */
  clear(dst: GPUBuffer, offset = 0, bytes?: number): void {
    this.encoder.clearBuffer(dst, offset, bytes === undefined ? undefined : Math.ceil(bytes / 4) * 4);
  }

  /** Submit everything recorded and return the temporaries to the pool. */
  submit(): void {
    if (this.submitted) throw new DeviceError('Recorder.submit: expected one submit, got a second');
    this.submitted = true;
    this.ctx.device.queue.submit([this.encoder.finish()]);
    for (const t of this.temps) this.ctx.pool.release(t);
    this.temps.length = 0;
  }
}

/**
 * Every binding past the uniforms is a storage buffer; a kernel that binds more than the device
 * (or the `init` cap) allows per shader stage fails here, by name, instead of in validation.
 * Kernels whose bindings grow with their inputs pack them (kernels/expr/pack.ts).
 */
export function checkStorageCount(ctx: GpuContext, label: string, count: number): void {
  const max = ctx.maxStorageBuffersPerStage;
  if (count > max) throw new DeviceError(`${label}: expected at most ${max} storage buffers per shader stage (maxStorageBuffersPerStage), got ${count}`);
}

/** Workgroups needed for `n` threads. */
export function groups(n: number, perGroup = WG): number {
  return Math.ceil(n / perGroup);
}

/**
 * Split `n` elements of `bytesPerElem` into windows that each fit one binding of at most
 * `maxBytes`. Window starts are multiples of 256 elements, so byte offsets meet any
 * storage-offset alignment up to 256.
 */
export function windows(n: number, bytesPerElem: number, maxBytes: number): Array<{ start: number; count: number }> {
  const per = Math.max(256, Math.floor(maxBytes / bytesPerElem / 256) * 256);
  const out: Array<{ start: number; count: number }> = [];
  for (let start = 0; start < n; start += per) out.push({ start, count: Math.min(per, n - start) });
  return out;
}

/**
 * A window of a buffer as a binding, for `count` elements of `bytesPerElem` from `start`. The
 * size is rounded up to whole 4-byte words (a storage binding's size must be), which pool
 * buffers always have room for (their sizes are word multiples).
 */
export function slice(buffer: GPUBuffer, start: number, count: number, bytesPerElem: number): Binding {
  return { buffer, offset: start * bytesPerElem, size: Math.max(4, Math.ceil((count * bytesPerElem) / 4) * 4) };
}
