/**
 * DataBuffer: the one array type. Its bytes live on the host, on the device, or on both,
 * and move only when an op or the user needs them where they are not. Every move is counted.
 */
import { dtypeInfo, dtypeOf, type DTypeName, type TypedArray } from '../dtypes.js';
import { ResidencyError, ShapeError } from '../errors.js';
import type { GpuContext } from '../device/index.js';
import { counters } from './stats.js';
import { STORAGE_USAGE } from './pool.js';
import { readBack } from './transfer.js';
import { describeGone, isGone } from '../device/loss.js';

export type Residency = 'host' | 'device' | 'both';

interface DeviceHold {
  ctx: GpuContext;
  buffer: GPUBuffer;
}

// Safety net only: a DataBuffer collected without dispose() returns its device buffer to the pool.
const collected = new FinalizationRegistry<DeviceHold>((h) => {
  const live = counters.liveDeviceBytes;
  h.ctx.pool.release(h.buffer);
  counters.finalizedBytes += live - counters.liveDeviceBytes;
});

/** Map a DTypeName to the typed array a user gets back. */
export interface ArrayTypes {
  bool: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  uint64: BigUint64Array;
  float32: Float32Array;
  float64: Float64Array;
}
export type ArrayOf<D extends DTypeName> = ArrayTypes[D];

/**
 * Internal: the size of the plain staging arrays that host bytes in shared memory go up to the
 * device through (16 MiB; the tests lower it to cross chunk boundaries on small data).
 */
export const UPLOAD_STAGING = { chunkBytes: 1 << 24 };

/**
 * A typed run of values whose bytes live on the host, the device or both, moved lazily (every
 * move counted in `stats()`). Only reads are async; `dispose()` returns device memory at once.
 *
 * @example
 * ```ts
 * const x = gf.DataBuffer.fromHost(new Int32Array([1, 2, 3])); // or gf.array(...)
 * console.log(x.dtype, x.length, await x.toArray()); // 'int32' 3 Int32Array [1, 2, 3]
 * x.dispose();
 * ```
 */
export class DataBuffer<D extends DTypeName = DTypeName> {
  readonly dtype: D;
  readonly length: number;
  private host: TypedArray | undefined;
  private dev: DeviceHold | undefined;
  private disposed = false;
  /** Readers that keep the bytes alive past the owner's dispose() (see `hold`). */
  private holds = 0;
  /** The owner called dispose() while the buffer was held: free it at the last release. */
  private dropped = false;
  /** The frame column it was last framed as (see `nameAs`), for errors about lost data. */
  private label: string | undefined;

  private constructor(dtype: D, length: number, host: TypedArray | undefined, dev: DeviceHold | undefined) {
    this.dtype = dtype;
    this.length = length;
    this.host = host;
    this.dev = dev;
    if (dev) collected.register(this, dev, this);
  }

  /** Wrap a host typed array without copying. The array must not be mutated afterwards. */
  static fromHost<D extends DTypeName>(data: TypedArray, dtype?: D): DataBuffer<D> {
    const dt = (dtype ?? dtypeOf(data)) as D;
    const info = dtypeInfo(dt);
    if (data.BYTES_PER_ELEMENT !== info.bytes) {
      throw new ShapeError(`array: expected ${info.bytes}-byte elements for ${dt}, got ${data.BYTES_PER_ELEMENT}-byte ${data.constructor.name}`);
    }
    return new DataBuffer(dt, data.length, data, undefined);
  }

  /** Adopt a device buffer that a kernel wrote. Internal: used by kernels. */
  static fromDevice<D extends DTypeName>(ctx: GpuContext, dtype: D, length: number, buffer: GPUBuffer): DataBuffer<D> {
    return new DataBuffer(dtype, length, undefined, { ctx, buffer });
  }

  /** Bytes of the elements (without padding). */
  get byteLength(): number {
    return this.length * dtypeInfo(this.dtype).bytes;
  }

  /**
   * Name the buffer after the frame column that holds it, for errors about its data (the last
   * name a frame gave it wins). Internal: the DataFrame constructor calls it.
   */
  nameAs(column: string): void {
    this.label = column;
  }

  /** Where the bytes are now (a copy on a lost or released device does not count). */
  get residency(): Residency {
    this.check('residency');
    const dev = this.dev !== undefined && (!this.host || !isGone(this.dev.ctx.device));
    if (this.host && dev) return 'both';
    return dev ? 'device' : 'host';
  }

  /** The host bytes, for CPU kernels. Throws ResidencyError if they are only on the device. */
  hostView(op: string): TypedArray {
    this.check(op);
    this.checkStranded(op);
    if (!this.host) throw new ResidencyError(`${op}: expected host-resident data, got a device-only buffer (await toArray() first)`);
    return this.host;
  }

  /**
   * The device buffer, uploading the host bytes once if they are not on the device yet. Bytes
   * over the device's maxBufferSize (256 MiB at the WebGPU minimum) are a ShapeError naming the
   * limit, not an invalid buffer.
   */
  deviceBuffer(ctx: GpuContext, op: string): GPUBuffer {
    this.check(op);
    if (this.dev && this.dev.ctx.device !== ctx.device && this.host && isGone(this.dev.ctx.device)) {
      // The copy on a lost or released device is gone; the host copy goes up to this one.
      collected.unregister(this);
      this.dev.ctx.pool.release(this.dev.buffer);
      this.dev = undefined;
    }
    if (this.dev) {
      this.checkStranded(op);
      if (this.dev.ctx.device !== ctx.device) throw new ResidencyError(`${op}: expected a buffer of the current device, got one from a released device`);
      return this.dev.buffer;
    }
    const host = this.host!;
    const bytes = host.byteLength;
    const max = ctx.handle.limits.maxBufferSize;
    if (bytes > max) throw new ShapeError(`${op}: expected at most ${max} bytes in one device buffer (the device's maxBufferSize), got ${bytes} bytes`);
    const buffer = ctx.pool.acquire(Math.max(bytes, 4), STORAGE_USAGE);
    if (bytes > 0) {
      const shared = typeof SharedArrayBuffer !== 'undefined' && host.buffer instanceof SharedArrayBuffer;
      if (bytes % 4 === 0 && !shared) {
        ctx.device.queue.writeBuffer(buffer, 0, host.buffer, host.byteOffset, bytes);
      } else {
        // Shared memory (the CPU thread pool's arrays: Dawn's writeBuffer takes no
        // SharedArrayBuffer) or a length that is not a multiple of 4: through plain staging
        // arrays of at most UPLOAD_STAGING.chunkBytes, the last one padded to 4 bytes.
        const src = new Uint8Array(host.buffer, host.byteOffset, bytes);
        const chunk = Math.max(4, UPLOAD_STAGING.chunkBytes - (UPLOAD_STAGING.chunkBytes % 4));
        for (let off = 0; off < bytes; off += chunk) {
          const n = Math.min(chunk, bytes - off);
          const staged = new Uint8Array(Math.ceil(n / 4) * 4);
          staged.set(src.subarray(off, off + n));
          ctx.device.queue.writeBuffer(buffer, off, staged);
        }
      }
    }
    counters.uploads++;
    counters.uploadBytes += bytes;
    this.dev = { ctx, buffer };
    collected.register(this, this.dev, this);
    return buffer;
  }

  /** Whether the bytes are on the device now. */
  get onDevice(): boolean {
    return this.dev !== undefined;
  }

  /**
   * The values as a typed array, downloading once if they are only on the device.
   * The result is a view the buffer keeps: do not mutate it.
   *
   * @example
   * ```ts
   * const a = gf.array(new Float64Array([3, 1, 2]));
   * const { keys } = gf.kernels.sortPairs(a);
   * console.log(await keys.toArray()); // Float64Array [1, 2, 3]
   * ```
   */
  async toArray(): Promise<ArrayOf<D>> {
    this.check('toArray');
    this.checkStranded('toArray');
    if (!this.host) {
      const { ctx, buffer } = this.dev!;
      const info = dtypeInfo(this.dtype);
      const bytes = this.length * info.bytes;
      const ab = bytes === 0 ? new ArrayBuffer(0) : await readBack(ctx, buffer, bytes);
      this.check('toArray');
      this.host = new info.array(ab, 0, this.length);
    }
    return this.host as ArrayOf<D>;
  }

  /**
   * Read a few bytes an op needs to continue (a count, a flag, a total), counted in
   * `stats().controlReads` rather than as a data download. Internal: used by ops.
   */
  async readControl(): Promise<ArrayOf<D>> {
    this.check('readControl');
    this.checkStranded('readControl');
    if (this.host) return this.host as ArrayOf<D>;
    const { ctx, buffer } = this.dev!;
    const info = dtypeInfo(this.dtype);
    const bytes = this.length * info.bytes;
    const ab = bytes === 0 ? new ArrayBuffer(0) : await readBack(ctx, buffer, bytes, { control: true });
    return new info.array(ab, 0, this.length) as ArrayOf<D>;
  }

  /**
   * The same bytes read as another dtype of the same width (int32 ↔ uint32, int64 ↔ uint64
   * ↔ float64 bits). Moves ownership: this buffer is spent afterwards and the result owns the
   * bytes, so nothing is copied and nothing is freed twice.
   *
   * @example
   * ```ts
   * const asU32 = gf.array(new Int32Array([-1, 2])).reinterpret('uint32');
   * console.log(await asU32.toArray()); // Uint32Array [4294967295, 2]
   * ```
   */
  reinterpret<E extends DTypeName>(dtype: E): DataBuffer<E> {
    this.check('reinterpret');
    const from = dtypeInfo(this.dtype);
    const to = dtypeInfo(dtype);
    if (from.bytes !== to.bytes) throw new ShapeError(`reinterpret: expected a dtype of ${from.bytes}-byte elements like ${this.dtype}, got ${dtype}`);
    if (this.holds > 0) throw new ResidencyError('reinterpret: expected a buffer no other frame reads later, got one that is held (a lazily gathered frame reads it)');
    const host = this.host ? new to.array(this.host.buffer, this.host.byteOffset, this.length) : undefined;
    const dev = this.dev;
    if (dev) collected.unregister(this);
    this.dev = undefined;
    this.host = undefined;
    this.disposed = true;
    return new DataBuffer(dtype, this.length, host, dev);
  }

  /**
   * Free the device buffer (back to the pool) and drop the host copy. Idempotent. A held
   * buffer (see `hold`) is freed at its last `release` instead.
   */
  dispose(): void {
    if (this.disposed || this.dropped) return;
    if (this.holds > 0) {
      this.dropped = true;
      return;
    }
    this.free();
  }

  /**
   * Keep the bytes alive until `release()`, even if the owner disposes the buffer meanwhile:
   * for a reader that runs later, such as a filtered frame's column gathered on first use.
   * Internal: used by ops.
   */
  hold(): void {
    this.check('hold');
    this.holds++;
  }

  /** End one `hold`; frees the buffer if its owner disposed it meanwhile. Internal. */
  release(): void {
    if (this.holds === 0) return;
    this.holds--;
    if (this.holds === 0 && this.dropped) this.free();
  }

  private free(): void {
    this.disposed = true;
    if (this.dev) {
      collected.unregister(this);
      this.dev.ctx.pool.release(this.dev.buffer);
      this.dev = undefined;
    }
    this.host = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Whether dispose() was called (the bytes may live on while held; see `hold`). */
  get isDisposed(): boolean {
    return this.disposed || this.dropped;
  }

  private check(op: string): void {
    if (this.disposed) throw new ResidencyError(`${op}: expected a live buffer, got one that was disposed`);
  }

  /** A ResidencyError naming the column when the only copy was on a device that is gone. */
  private checkStranded(op: string): void {
    if (this.host || !this.dev || !isGone(this.dev.ctx.device)) return;
    const what = this.label !== undefined ? `column '${this.label}'` : `this ${this.dtype} buffer (${this.length} values)`;
    throw new ResidencyError(
      `${op}: expected ${what} on the host or a live device, got its only copy on a device that is gone: ${describeGone(this.dev.ctx.device)}. Recompute it (read the source again) after await gf.init()`,
    );
  }
}

/**
 * Wrap a typed array as a DataBuffer (no copy). Pass `dtype` for 'bool' masks.
 *
 * @example
 * ```ts
 * const a = gf.array(new Float64Array([1, 2, 3]));
 * const m = gf.array(new Uint8Array([1, 0, 1]), 'bool');
 * console.log(a.dtype, m.dtype, m.length); // 'float64' 'bool' 3
 * ```
 */
export function array<D extends DTypeName>(data: TypedArray, dtype: D): DataBuffer<D>;
export function array(data: Float64Array): DataBuffer<'float64'>;
export function array(data: Float32Array): DataBuffer<'float32'>;
export function array(data: Int32Array): DataBuffer<'int32'>;
export function array(data: Uint32Array): DataBuffer<'uint32'>;
export function array(data: BigInt64Array): DataBuffer<'int64'>;
export function array(data: BigUint64Array): DataBuffer<'uint64'>;
export function array(data: Int16Array): DataBuffer<'int16'>;
export function array(data: Uint16Array): DataBuffer<'uint16'>;
export function array(data: Int8Array): DataBuffer<'int8'>;
export function array(data: Uint8Array): DataBuffer<'uint8'>;
export function array(data: TypedArray): DataBuffer;
export function array(data: TypedArray, dtype?: DTypeName): DataBuffer {
  return DataBuffer.fromHost(data, dtype);
}
