/**
 * Run a test kernel over pairs of 64-bit values: binding 1 = A, 2 = B (as vec2<u32>),
 * 3 = O (n results of 8 bytes); the uniform block is `{ n, op, 0, 0 }`. Returns O's words.
 */
import type { TypedArray } from 'gpuframe';
import { gpu } from '../../src/device/index.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { readBack } from '../../src/memory/transfer.js';
import { Recorder, groups, type ShaderSpec } from '../../kernels/runner.js';

export async function runPairKernel(spec: ShaderSpec, a: TypedArray, b: TypedArray, n: number, op = 0): Promise<Uint32Array> {
  const ctx = gpu();
  const da = DataBuffer.fromHost(a);
  const db = DataBuffer.fromHost(b);
  const rec = new Recorder(ctx);
  // An output buffer, not a temporary: temporaries go back to the pool at submit (and are
  // destroyed there once the pool is at its idle cap), so they must not be read afterwards.
  const out = rec.output(n * 8);
  rec.dispatch(spec, new Uint32Array([n, op, 0, 0]), [da.deviceBuffer(ctx, 'test'), db.deviceBuffer(ctx, 'test'), out], groups(n));
  rec.submit();
  const r = new Uint32Array(await readBack(ctx, out, n * 8));
  ctx.pool.release(out);
  da.dispose();
  db.dispose();
  return r;
}
