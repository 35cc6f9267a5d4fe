/**
 * A pool of device buffers bucketed by size class. A request is rounded up to its class
 * (at most 25% over), so buffers of similar sizes are reused instead of never matching.
 *
 * Reuse is safe without fences: a buffer goes back to the pool only after the command
 * buffers that use it have been submitted, and the queue runs later work in order.
 */
import { counters } from './stats.js';

export const STORAGE_USAGE = 0x80 /* STORAGE */ | 0x4 /* COPY_SRC */ | 0x8; /* COPY_DST */
export const READBACK_USAGE = 0x1 /* MAP_READ */ | 0x8; /* COPY_DST */
export const UNIFORM_USAGE = 0x40 /* UNIFORM */ | 0x8; /* COPY_DST */

/** Round a byte size up to its class: 256 B minimum, then 4 classes per power of two. */
export function sizeClass(bytes: number): number {
  const b = Math.max(256, Math.ceil(bytes / 4) * 4);
  const p = 2 ** Math.floor(Math.log2(b));
  if (p <= 1024) return p === b ? b : p * 2;
  const step = p / 4;
  return Math.ceil(b / step) * step;
}

/** Idle bytes the pool keeps by default; buffers released beyond it are destroyed. */
export const DEFAULT_POOL_BYTES = 256 * 1024 * 1024;

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly sizes = new WeakMap<GPUBuffer, number>();
  /** Buffers given back and not handed out again: reading one is a use after release. */
  private readonly released = new WeakSet<GPUBuffer>();
  private idleBytes = 0;
  /** The device was lost: nothing is kept for reuse any more (see `retire`). */
  private retired = false;
  constructor(
    private readonly device: GPUDevice,
    /** At most this many idle bytes are kept for reuse; the rest go back to the driver (see `resize`). */
    public maxIdleBytes: number = DEFAULT_POOL_BYTES,
  ) {}

  /** Keep at most `maxIdleBytes` idle from now on; idle buffers are freed if more are kept now. */
  resize(maxIdleBytes: number): void {
    this.maxIdleBytes = maxIdleBytes;
    if (this.idleBytes > maxIdleBytes) this.trim();
  }

  /**
   * The pool's device was lost: free the idle buffers, and free every buffer released later
   * (stranded data being disposed) instead of keeping it.
   */
  retire(): void {
    this.retired = true;
    this.trim();
  }

  /** A buffer of at least `bytes`. Storage buffers count toward liveDeviceBytes. */
  acquire(bytes: number, usage: number = STORAGE_USAGE): GPUBuffer {
    const size = sizeClass(bytes);
    const key = `${usage}:${size}`;
    const list = this.free.get(key);
    const hit = list?.pop();
    if (hit) {
      this.released.delete(hit);
      counters.poolHits++;
      counters.pooledBytes -= size;
      this.idleBytes -= size;
      if (usage === STORAGE_USAGE) counters.liveDeviceBytes += size;
      return hit;
    }
    const buf = this.device.createBuffer({ size, usage });
    this.sizes.set(buf, size);
    counters.buffersCreated++;
    if (usage === STORAGE_USAGE) counters.liveDeviceBytes += size;
    return buf;
  }

  /** Give a buffer back for reuse. */
  release(buf: GPUBuffer): void {
    const size = this.sizes.get(buf) ?? buf.size;
    const usage = buf.usage;
    if (usage === STORAGE_USAGE) counters.liveDeviceBytes -= size;
    this.released.add(buf);
    if (this.retired || this.idleBytes + size > this.maxIdleBytes) {
      buf.destroy();
      return;
    }
    const key = `${usage}:${size}`;
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(buf);
    counters.pooledBytes += size;
    this.idleBytes += size;
  }

  /** Whether `buf` was given back (pooled or destroyed) and not handed out since. */
  isReleased(buf: GPUBuffer): boolean {
    return this.released.has(buf);
  }

  /** Destroy every idle buffer. */
  trim(): void {
    for (const list of this.free.values()) {
      for (const b of list) {
        counters.pooledBytes -= this.sizes.get(b) ?? b.size;
        b.destroy();
      }
    }
    this.free.clear();
    this.idleBytes = 0;
  }
}
