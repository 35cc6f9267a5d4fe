/**
 * Device loss: what happened to a GPUDevice that stopped working, kept per device so that every
 * later error can say it (the driver's reason and message, when, and the op that last used it).
 *
 * WebGPU reports a loss once, through the `device.lost` promise (reason 'destroyed' or
 * 'unknown', and a driver message). After that every call on the device is a no-op or an error
 * with no message: a failed `mapAsync`, for one, rejects with an empty `AbortError`. So gpuframe
 * records the loss here when the promise resolves, and the device layer and the memory layer
 * (src/memory/data-buffer.ts, transfer.ts) look it up by device object.
 */

/** What `device.lost` said, when, and which gpuframe op last recorded work on the device. */
export interface DeviceLoss {
  /** The `GPUDeviceLostInfo.reason`: 'destroyed' (device.destroy() was called) or 'unknown'. */
  readonly reason: string;
  /** The driver's message, e.g. 'device was destroyed'; '' when it gave none. */
  readonly message: string;
  /** When gpuframe saw the loss. */
  readonly at: Date;
  /** The op that last used the device before the loss (a kernel, 'toArray', ...), or null. */
  readonly op: string | null;
  /** The adapter the device was on. */
  readonly adapter: string;
}

const losses = new WeakMap<GPUDevice, DeviceLoss>();
/** Devices gpuframe itself released (`shutdown()`): their `lost` promise is not a loss. */
const released = new WeakSet<GPUDevice>();
let lastOp: string | null = null;

/** Note the op about to record work on the device (for the loss message). */
export function noteOp(op: string): void {
  lastOp = op;
}

/** Record that `device` was lost; returns the record. */
export function recordLoss(device: GPUDevice, info: { reason?: string; message?: string }, adapter: string): DeviceLoss {
  const loss: DeviceLoss = { reason: info.reason ?? 'unknown', message: info.message ?? '', at: new Date(), op: lastOp, adapter };
  losses.set(device, loss);
  return loss;
}

/** The loss recorded for `device`, or undefined while it is live (or was released by gpuframe). */
export function lossOf(device: GPUDevice): DeviceLoss | undefined {
  return losses.get(device);
}

/** Mark a device gpuframe is about to destroy itself (shutdown), so its `lost` is not a loss. */
export function markReleased(device: GPUDevice): void {
  released.add(device);
}

/** Whether gpuframe released `device` (shutdown()). */
export function wasReleased(device: GPUDevice): boolean {
  return released.has(device);
}

/** Whether `device` can no longer run work: lost, or released by `shutdown()`. */
export function isGone(device: GPUDevice): boolean {
  return losses.has(device) || released.has(device);
}

/**
 * One phrase for messages: "the WebGPU device on 'SwiftShader …' was lost at 2025-…Z (reason
 * 'destroyed': device was destroyed; the last op on it was 'map/add')".
 */
export function describeLoss(loss: DeviceLoss): string {
  const said = loss.message.trim() === '' ? 'the driver gave no message' : loss.message.trim();
  const op = loss.op ? `; the last op on it was '${loss.op}'` : '; no gpuframe op had used it';
  return `the WebGPU device on '${loss.adapter}' was lost at ${loss.at.toISOString()} (reason '${loss.reason}': ${said}${op})`;
}

/** Why a device is gone, for a message about data or work on it. */
export function describeGone(device: GPUDevice): string {
  const loss = losses.get(device);
  if (loss) return describeLoss(loss);
  return 'the WebGPU device was released by shutdown()';
}
