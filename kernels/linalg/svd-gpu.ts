/**
 * WebGPU body of 'linalg/svd-small': one dispatch of one workgroup (./svd-wgsl.ts) that
 * runs Jacobi to convergence and writes s, Vt and U on the device. Nothing is read back.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { Recorder } from '../runner.js';
import { jacobiTol, MAX_SWEEPS, type SignRule, type SvdResult } from './svd-cpu.js';
import { svdJacobiShader } from './svd-wgsl.js';
import type { Matrix } from './types.js';

/** Most columns on the device: one thread per pair of a round (256 threads). */
export const SVD_MAX_D = 512;

const f64 = new Float64Array(1);
const w32 = new Uint32Array(f64.buffer);

export function svdGpu(ctx: GpuContext, a: Matrix, withU = false, sign: SignRule = 'u'): SvdResult {
  const { n: m, d } = a;
  if (d > SVD_MAX_D) throw new ValueError(`linalg/svd-small: expected at most ${SVD_MAX_D} columns on the device, got ${d}`);
  const bytes = Math.max(m * d, d * d, d) * 8;
  if (bytes > ctx.maxBindingBytes) throw new ValueError(`linalg/svd-small: expected an m × d matrix within one binding of ${ctx.maxBindingBytes} bytes, got ${m} × ${d}`);
  const rec = new Recorder(ctx);
  const w = rec.temp(Math.max(m * d, d) * 8);
  const v = rec.temp(d * d * 8);
  const s = rec.output(d * 8);
  const vt = rec.output(d * d * 8);
  const u = withU ? rec.output(m * d * 8) : rec.temp(m * d * 8);
  f64[0] = jacobiTol(m);
  const uni = new Uint32Array([m, d, d + (d & 1), sign === 'u' ? 0 : 1, MAX_SWEEPS, w32[0]!, w32[1]!, 0]);
  if (d > 0) rec.dispatch(svdJacobiShader(), uni, [a.data.deviceBuffer(ctx, 'linalg/svd-small'), w, v, s, vt, u], 1);
  rec.submit();
  return {
    s: DataBuffer.fromDevice(ctx, 'float64', d, s),
    vt: DataBuffer.fromDevice(ctx, 'float64', d * d, vt),
    u: withU ? DataBuffer.fromDevice(ctx, 'float64', m * d, u) : undefined,
  };
}
