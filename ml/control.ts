/** Control reads for the estimators: the few bytes an op must see on the host to go on. */
import { gpu } from '../src/device/index.js';
import { dtypeInfo, type DTypeName } from '../src/dtypes.js';
import type { ArrayOf, DataBuffer } from '../src/memory/data-buffer.js';
import { readBack } from '../src/memory/transfer.js';

/**
 * The values of a small buffer: its host view if it has one (the CPU backend), else one read
 * from the device counted as a control read (`stats().controlReads`), never as a download.
 * The buffer's residency is unchanged.
 */
export async function readControl<D extends DTypeName>(buf: DataBuffer<D>, op: string): Promise<ArrayOf<D>> {
  if (buf.residency !== 'device') return buf.hostView(op) as ArrayOf<D>;
  const ctx = gpu();
  const info = dtypeInfo(buf.dtype);
  const bytes = await readBack(ctx, buf.deviceBuffer(ctx, op), buf.byteLength, { control: true });
  return new info.array(bytes, 0, buf.length) as ArrayOf<D>;
}
