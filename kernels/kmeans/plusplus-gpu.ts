/**
 * The WebGPU body of greedy k-means++ seeding (see ./plusplus-wgsl.ts for the steps). The
 * whole seeding is recorded into one Recorder: the host supplies only the PRNG draws, so
 * the device is never read.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { groups, Recorder, slice } from '../runner.js';
import { BLOCK, bindAt, blocksOf, f64Words, localTrials, MAX_TRIALS, type Window } from './layout.js';
import { matrixWindows, recordVsum } from './kmeans-gpu.js';
import { recordFold } from '../linalg/linalg-wgsl.js';
import { adoptShader, candminShader, gainShader, mindistShader, pickShader, prefixShader, searchShader, selectShader } from './plusplus-wgsl.js';
import type { Matrix, PlusPlusDraws } from './types.js';

export function plusplusGpu(ctx: GpuContext, x: Matrix, k: number, draws: PlusPlusDraws): DataBuffer<'float64'> {
  const { n, d } = x;
  const trials = localTrials(k);
  if (trials > MAX_TRIALS) throw new ValueError(`kmeans/plusplus: expected at most ${MAX_TRIALS} trials, got ${trials}`);
  const nb = blocksOf(n);
  if (nb * 8 > ctx.maxBindingBytes) throw new ValueError(`kmeans/plusplus: expected ${nb} block sums to fit one binding of ${ctx.maxBindingBytes} bytes, got too many points`);
  const rec = new Recorder(ctx);
  const m = x.data.deviceBuffer(ctx, 'kmeans/plusplus');
  const centers = rec.output(k * d * 8);
  const dist = rec.temp(n * 8);
  const psv = rec.temp(nb * 8);
  const qp = rec.temp(nb * 8);
  const cb = rec.temp(trials * 4);
  const u = rec.temp(trials * 2 * 8);
  const g = rec.temp(trials * d * 8);
  const gf = rec.temp((trials * d + trials) * 4);
  const psc = rec.temp(nb * trials * 8);
  const gain = rec.temp(trials * 8);
  const best = rec.temp(4);
  const dd = rec.temp(n * trials * 8);
  const wins = matrixWindows(ctx, 'kmeans/plusplus', n, Math.max(d, trials), trials);
  const pts = (w: Window, buf: GPUBuffer, width: number) => slice(buf, w.start * width, w.count * width, 8);
  rec.copy(m, draws.first * d * 8, centers, 0, d * 8);
  for (const w of wins) rec.dispatch(mindistShader(), new Uint32Array([w.count, d, 0, 0]), [pts(w, m, d), centers, pts(w, dist, 1)], groups(w.count));
  for (let c = 1; c < k; c++) {
    recordVsum(rec, dist, n, wins, psv);
    rec.dispatch(prefixShader(), new Uint32Array([nb, 0, 0, 0]), [psv, qp], 1);
    const su = new Uint32Array(4 + 4 * (MAX_TRIALS / 2));
    su.set([nb, trials, 0, 0]);
    for (let t = 0; t < trials; t++) su.set(f64Words(draws.rands[(c - 1) * trials + t]!), 4 + 2 * t);
    rec.dispatch(searchShader(), su, [qp, cb, u], 1);
    for (const w of wins) rec.dispatch(pickShader(), new Uint32Array([w.start, w.count, d, trials]), [cb, u, pts(w, dist, 1), pts(w, m, d), g, gf], 1);
    for (const w of wins) {
      rec.dispatch(candminShader(), new Uint32Array([w.count, d, trials, 0]), [pts(w, m, d), pts(w, dist, 1), g, gf, pts(w, dd, trials)], groups(w.count));
      const nbw = blocksOf(w.count);
      const p = bindAt(psc, (w.start / BLOCK) * trials, nbw * trials, 8);
      rec.dispatch(gainShader(), new Uint32Array([w.count, nbw, p.off, trials]), [pts(w, dist, 1), pts(w, dd, trials), p.binding], groups(nbw * trials));
    }
    recordFold(rec, psc, nb, trials, gain);
    rec.dispatch(selectShader(), new Uint32Array([d, trials, c, nb]), [qp, gain, g, centers, best], 1);
    for (const w of wins) rec.dispatch(adoptShader(), new Uint32Array([w.count, trials, 0, 0]), [pts(w, dd, trials), best, pts(w, dist, 1)], groups(w.count));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'float64', k * d, centers);
}
