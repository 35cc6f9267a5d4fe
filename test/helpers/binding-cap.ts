/**
 * The storage-binding cap of the window tests: with `maxBindingBytes` at 64 KiB, inputs of a
 * few thousand rows already span many binding windows, so the windowed dispatch paths run on
 * small (fast on SwiftShader) data.
 */
import * as gf from 'gpuframe';

/** The cap the window tests use (bytes). */
export const BINDING_CAP = 65536;

/** Run `fn` with the device re-initialised under the binding cap, then restore its limits. */
export async function withBindingCap<T>(fn: () => Promise<T>, bytes = BINDING_CAP): Promise<T> {
  await gf.init({ maxBindingBytes: bytes });
  try {
    return await fn();
  } finally {
    await gf.init();
  }
}
