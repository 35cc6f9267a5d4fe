/** Device→host reads: the one helper that waits on the device. */
import type { GpuContext } from '../device/index.js';
import { DeviceError } from '../errors.js';
import { describeGone, describeLoss, isGone, lossOf, noteOp, type DeviceLoss } from '../device/loss.js';
import { READBACK_USAGE } from './pool.js';
import { counters } from './stats.js';

/**
 * Copy `bytes` from `src` into a fresh ArrayBuffer. Counts one download, or, with
 * `control: true`, one control read: a few bytes an op needs to go on (an output count, a
 * total, a convergence test), kept apart so tests can assert that column data never moves.
 * Throws DeviceError if the device reported a validation or out-of-memory error meanwhile, or
 * is lost (the message says what `device.lost` said; `op` names the read, default 'toArray' or
 * 'readControl').
 */
export async function readBack(ctx: GpuContext, src: GPUBuffer, bytes: number, opts: { offset?: number; control?: boolean; op?: string } = {}): Promise<ArrayBuffer> {
  const op = opts.op ?? (opts.control ? 'readControl' : 'toArray');
  if (isGone(ctx.device)) throw new DeviceError(`${op}: expected a live WebGPU device, got ${describeGone(ctx.device)}; await gf.init() acquires a new one`);
  noteOp(op);
  // A released buffer may already be destroyed or reused: fail every time, not only when
  // the pool happens to be full (a Recorder's temporaries are released at submit).
  if (ctx.pool.isReleased(src)) throw new DeviceError('readBack: expected a live buffer, got one already released to the pool');
  const srcOffset = opts.offset ?? 0;
  const size = Math.ceil(bytes / 4) * 4;
  const staging = ctx.pool.acquire(size, READBACK_USAGE);
  const enc = ctx.device.createCommandEncoder();
  enc.copyBufferToBuffer(src, srcOffset, staging, 0, size);
  ctx.device.queue.submit([enc.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ, 0, size);
  } catch (e) {
    // A lost device fails the map with an empty AbortError; its `lost` promise says why.
    const loss = lossOf(ctx.device) ?? (await lostSoon(ctx.device));
    if (loss) throw new DeviceError(`${op}: expected the device to map a read buffer, got ${describeLoss(loss)}; await gf.init() acquires a new device`);
    const err = e as Error;
    throw new DeviceError(`${op}: expected the device to map a read buffer, got ${err.name}: ${err.message || '(no message)'}`);
  }
  const out = staging.getMappedRange(0, size).slice(0, bytes);
  staging.unmap();
  ctx.pool.release(staging);
  if (opts.control) {
    counters.controlReads++;
    counters.controlReadBytes += bytes;
  } else {
    counters.downloads++;
    counters.downloadBytes += bytes;
  }
  const errs = ctx.handle.errors.splice(0);
  if (errs.length > 0) throw new DeviceError(`device: expected no validation errors, got ${errs.join(' | ')}`);
  return out;
}

/** The device's loss if `device.lost` resolves within a moment, else undefined. */
async function lostSoon(device: GPUDevice): Promise<DeviceLoss | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 250);
  });
  try {
    return await Promise.race([device.lost.then(() => lossOf(device)), late]);
  } finally {
    clearTimeout(timer);
  }
}
